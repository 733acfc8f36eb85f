"""Deadlines, submissions, the reminder ledger, snoozes and digest subscriptions."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import aiosqlite

from bot.clock import from_iso, to_iso
from bot.models.deadlines import Deadline
from storage.db import Database

_COLUMNS = (
    "id, title, description, first_due, recurrence, targets, offsets, overdue_daily, status, "
    "created_by"
)


def _deadline(row: aiosqlite.Row) -> Deadline:
    targets = json.loads(row["targets"])
    return Deadline(
        id=row["id"],
        title=row["title"],
        description=row["description"],
        first_due=from_iso(row["first_due"]),
        recurrence=json.loads(row["recurrence"]),
        targets=None if targets == "all" else tuple(int(t) for t in targets),
        offsets=tuple(timedelta(seconds=s) for s in json.loads(row["offsets"])),
        overdue_daily=bool(row["overdue_daily"]),
        status=row["status"],
        created_by=row["created_by"],
    )


class DeadlineRepository:
    """Repository over the deadline tables."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self,
        conn: aiosqlite.Connection,
        *,
        title: str,
        description: str,
        first_due: datetime,
        recurrence: dict[str, Any],
        targets: list[int] | None,
        offsets: tuple[timedelta, ...],
        overdue_daily: bool,
        created_by: int,
        now: datetime,
    ) -> int:
        """Store a new deadline."""
        cursor = await conn.execute(
            "INSERT INTO deadlines (title, description, first_due, recurrence, targets, offsets, "
            "overdue_daily, created_by, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                title,
                description,
                to_iso(first_due),
                json.dumps(recurrence),
                json.dumps("all" if targets is None else targets),
                json.dumps([int(o.total_seconds()) for o in offsets]),
                int(overdue_daily),
                created_by,
                to_iso(now),
                to_iso(now),
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def set_status(
        self, conn: aiosqlite.Connection, deadline_id: int, status: str, now: datetime
    ) -> None:
        """Pause, resume or cancel a deadline."""
        await conn.execute(
            "UPDATE deadlines SET status = ?, updated_at = ? WHERE id = ?",
            (status, to_iso(now), deadline_id),
        )

    async def reschedule(
        self,
        conn: aiosqlite.Connection,
        deadline_id: int,
        *,
        first_due: datetime,
        offsets: tuple[timedelta, ...],
        now: datetime,
    ) -> None:
        """Change the due time and offsets (future reminders follow; sent ones stay)."""
        await conn.execute(
            "UPDATE deadlines SET first_due = ?, offsets = ?, updated_at = ? WHERE id = ?",
            (
                to_iso(first_due),
                json.dumps([int(o.total_seconds()) for o in offsets]),
                to_iso(now),
                deadline_id,
            ),
        )

    async def get(self, deadline_id: int) -> Deadline | None:
        """One deadline."""
        row = await self._db.fetchone(
            f"SELECT {_COLUMNS} FROM deadlines WHERE id = ?", (deadline_id,)
        )
        return _deadline(row) if row else None

    async def list_all(self, *, include_cancelled: bool = False) -> list[Deadline]:
        """Deadlines, oldest first."""
        where = "" if include_cancelled else "WHERE status != 'cancelled'"
        rows = await self._db.fetchall(f"SELECT {_COLUMNS} FROM deadlines {where} ORDER BY id")
        return [_deadline(row) for row in rows]

    # -- submissions ---------------------------------------------------------------------

    async def submitted_units(self, deadline_id: int, occurrence: int) -> dict[int, int]:
        """Units that submitted for an occurrence, with who marked it."""
        rows = await self._db.fetchall(
            "SELECT unit_id, submitted_by FROM deadline_submissions "
            "WHERE deadline_id = ? AND occurrence = ?",
            (deadline_id, occurrence),
        )
        return {int(r[0]): int(r[1]) for r in rows}

    async def submissions(
        self, deadline_id: int, occurrence: int
    ) -> dict[int, tuple[int, datetime]]:
        """Units that submitted for an occurrence, with who marked it and when."""
        rows = await self._db.fetchall(
            "SELECT unit_id, submitted_by, submitted_at FROM deadline_submissions "
            "WHERE deadline_id = ? AND occurrence = ?",
            (deadline_id, occurrence),
        )
        return {int(r[0]): (int(r[1]), from_iso(r[2])) for r in rows}

    async def submit(
        self,
        conn: aiosqlite.Connection,
        deadline_id: int,
        occurrence: int,
        unit_id: int,
        by: int,
        now: datetime,
    ) -> bool:
        """Mark a unit as submitted; False if it already was."""
        cursor = await conn.execute(
            "INSERT OR IGNORE INTO deadline_submissions (deadline_id, occurrence, unit_id, "
            "submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?)",
            (deadline_id, occurrence, unit_id, by, to_iso(now)),
        )
        return cursor.rowcount == 1

    async def unsubmit(
        self, conn: aiosqlite.Connection, deadline_id: int, occurrence: int, unit_id: int
    ) -> bool:
        """Undo a submission."""
        cursor = await conn.execute(
            "DELETE FROM deadline_submissions WHERE deadline_id = ? AND occurrence = ? "
            "AND unit_id = ?",
            (deadline_id, occurrence, unit_id),
        )
        return cursor.rowcount == 1

    # -- reminder ledger -----------------------------------------------------------------

    async def ledger_slots(self, deadline_id: int, occurrence: int, unit_id: int) -> set[str]:
        """Slots already handled (sent, skipped or unrouted) for a unit's occurrence."""
        rows = await self._db.fetchall(
            "SELECT slot FROM reminder_ledger WHERE deadline_id = ? AND occurrence = ? "
            "AND unit_id = ?",
            (deadline_id, occurrence, unit_id),
        )
        return {r[0] for r in rows}

    async def record(
        self,
        conn: aiosqlite.Connection,
        *,
        deadline_id: int,
        occurrence: int,
        unit_id: int,
        slot: str,
        due_at: datetime,
        status: str,
        recipients: int,
        now: datetime,
    ) -> bool:
        """Claim a reminder slot; False when it was already handled (never twice)."""
        cursor = await conn.execute(
            "INSERT OR IGNORE INTO reminder_ledger (deadline_id, occurrence, unit_id, slot, "
            "due_at, status, recipients, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                deadline_id,
                occurrence,
                unit_id,
                slot,
                to_iso(due_at),
                status,
                recipients,
                to_iso(now),
            ),
        )
        return cursor.rowcount == 1

    async def ledger_counts(self, since: datetime) -> dict[str, int]:
        """Ledger rows by status since a moment (for digests and stats)."""
        rows = await self._db.fetchall(
            "SELECT status, COUNT(*) FROM reminder_ledger WHERE created_at >= ? GROUP BY status",
            (to_iso(since),),
        )
        return {r[0]: int(r[1]) for r in rows}

    # -- snoozes ---------------------------------------------------------------------------

    async def snooze(
        self,
        conn: aiosqlite.Connection,
        deadline_id: int,
        occurrence: int,
        unit_id: int,
        telegram_id: int,
        until: datetime,
    ) -> None:
        """Remind one person again later."""
        await conn.execute(
            "INSERT INTO snoozes (deadline_id, occurrence, unit_id, telegram_id, until) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (deadline_id, occurrence, unit_id, telegram_id) "
            "DO UPDATE SET until = excluded.until",
            (deadline_id, occurrence, unit_id, telegram_id, to_iso(until)),
        )

    async def snoozes(
        self, deadline_id: int, occurrence: int, unit_id: int
    ) -> list[tuple[int, datetime]]:
        """Snoozes of a unit's occurrence: (person, until)."""
        rows = await self._db.fetchall(
            "SELECT telegram_id, until FROM snoozes WHERE deadline_id = ? AND occurrence = ? "
            "AND unit_id = ?",
            (deadline_id, occurrence, unit_id),
        )
        return [(int(r[0]), from_iso(r[1])) for r in rows]

    # -- digests ---------------------------------------------------------------------------

    async def subscription(self, telegram_id: int) -> tuple[str, str, int, datetime | None]:
        """A leader's digest settings (mode, time, weekday, last sent); weekly Monday default."""
        row = await self._db.fetchone(
            "SELECT mode, at_time, weekday, last_sent_at FROM digest_subscriptions "
            "WHERE telegram_id = ?",
            (telegram_id,),
        )
        if row is None:
            return ("weekly", "07:30", 0, None)
        return (row[0], row[1], int(row[2]), from_iso(row[3]) if row[3] else None)

    async def subscribe(
        self, conn: aiosqlite.Connection, telegram_id: int, mode: str, at_time: str, weekday: int
    ) -> None:
        """Set a leader's digest."""
        await conn.execute(
            "INSERT INTO digest_subscriptions (telegram_id, mode, at_time, weekday) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (telegram_id) DO UPDATE SET mode = excluded.mode, "
            "at_time = excluded.at_time, weekday = excluded.weekday",
            (telegram_id, mode, at_time, weekday),
        )

    async def mark_digest_sent(
        self, conn: aiosqlite.Connection, telegram_id: int, now: datetime
    ) -> None:
        """Remember when a leader's digest last went out."""
        await conn.execute(
            "INSERT INTO digest_subscriptions (telegram_id, mode, last_sent_at) "
            "VALUES (?, 'weekly', ?) ON CONFLICT (telegram_id) DO UPDATE SET "
            "last_sent_at = excluded.last_sent_at",
            (telegram_id, to_iso(now)),
        )
