"""Proposals, their history and their files."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import aiosqlite

from bot.clock import from_iso, to_iso
from bot.models.proposals import Attachment, Event, Proposal, Route, Status
from storage.db import Database

_COLUMNS = (
    "id, number, proposer_id, unit_id, title, field, plan, status, route, reviewer_id, "
    "due_kind, due_at, received_at, decision, result, evaluation, created_at, updated_at"
)
# Columns a status change may set; names are never taken from user input.
UPDATABLE = frozenset(
    {
        "status",
        "route",
        "reviewer_id",
        "due_kind",
        "due_at",
        "received_at",
        "decision",
        "result",
        "evaluation",
        "plan",
        "title",
        "field",
    }
)


def _time(text: str | None) -> datetime | None:
    return from_iso(text) if text else None


def _json(text: str | None) -> Any:
    return json.loads(text) if text else None


def _proposal(row: aiosqlite.Row, files: tuple[Attachment, ...] = ()) -> Proposal:
    return Proposal(
        id=row["id"],
        number=row["number"],
        proposer_id=row["proposer_id"],
        unit_id=row["unit_id"],
        title=row["title"],
        field=row["field"],
        plan=json.loads(row["plan"]),
        status=Status(row["status"]),
        route=Route(row["route"]),
        reviewer_id=row["reviewer_id"],
        due_kind=row["due_kind"],
        due_at=_time(row["due_at"]),
        received_at=_time(row["received_at"]),
        decision=_json(row["decision"]),
        result=row["result"],
        evaluation=_json(row["evaluation"]),
        created_at=from_iso(row["created_at"]),
        updated_at=from_iso(row["updated_at"]),
        attachments=files,
    )


class ProposalRepository:
    """Repository over `proposals`, `proposal_events` and `proposal_files`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def next_number(self, conn: aiosqlite.Connection, year: int) -> tuple[int, str]:
        """The next sequence number of a year and its display form ("ĐX-2026-0042")."""
        cursor = await conn.execute(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM proposals WHERE year = ?", (year,)
        )
        row = await cursor.fetchone()
        seq = int(row[0]) if row else 1
        return seq, f"ĐX-{year}-{seq:04d}"

    async def add(
        self,
        conn: aiosqlite.Connection,
        *,
        year: int,
        proposer_id: int,
        unit_id: int | None,
        title: str,
        field: str,
        plan: dict[str, Any],
        status: Status,
        route: Route,
        reviewer_id: int | None,
        due_kind: str | None,
        due_at: datetime | None,
        received_at: datetime,
        attachments: list[Attachment],
        now: datetime,
    ) -> int:
        """Store a new proposal with a fresh number (in the caller's transaction)."""
        seq, number = await self.next_number(conn, year)
        cursor = await conn.execute(
            "INSERT INTO proposals (number, year, seq, proposer_id, unit_id, title, field, plan, "
            "status, route, reviewer_id, due_kind, due_at, received_at, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                number,
                year,
                seq,
                proposer_id,
                unit_id,
                title,
                field,
                json.dumps(plan, ensure_ascii=False),
                status.value,
                route.value,
                reviewer_id,
                due_kind,
                to_iso(due_at) if due_at else None,
                to_iso(received_at),
                to_iso(now),
                to_iso(now),
            ),
        )
        assert cursor.lastrowid is not None
        for item in attachments:
            await conn.execute(
                "INSERT INTO proposal_files (proposal_id, kind, file_id, file_name, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (cursor.lastrowid, item.kind, item.file_id, item.file_name, to_iso(now)),
            )
        return cursor.lastrowid

    async def update(
        self, conn: aiosqlite.Connection, proposal_id: int, now: datetime, **fields: Any
    ) -> None:
        """Change some columns (JSON-encoding dicts, ISO-encoding datetimes)."""
        unknown = set(fields) - UPDATABLE
        if unknown:
            raise ValueError(f"not updatable: {sorted(unknown)}")
        values = []
        for value in fields.values():
            if isinstance(value, dict):
                value = json.dumps(value, ensure_ascii=False)
            elif isinstance(value, datetime):
                value = to_iso(value)
            elif isinstance(value, Status | Route):
                value = value.value
            values.append(value)
        assignments = ", ".join(f"{name} = ?" for name in fields)
        await conn.execute(
            f"UPDATE proposals SET {assignments}, updated_at = ? WHERE id = ?",
            (*values, to_iso(now), proposal_id),
        )

    async def set_files(
        self,
        conn: aiosqlite.Connection,
        proposal_id: int,
        files: list[Attachment],
        now: datetime,
    ) -> None:
        """Make a proposal's file records exactly `files`, in order (in the caller's
        transaction); a file kept from before keeps its original time."""
        cursor = await conn.execute(
            "SELECT file_id, created_at FROM proposal_files WHERE proposal_id = ?", (proposal_id,)
        )
        added_at = {row[0]: row[1] for row in await cursor.fetchall()}
        await conn.execute("DELETE FROM proposal_files WHERE proposal_id = ?", (proposal_id,))
        for item in files:
            await conn.execute(
                "INSERT INTO proposal_files (proposal_id, kind, file_id, file_name, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    proposal_id,
                    item.kind,
                    item.file_id,
                    item.file_name,
                    added_at.get(item.file_id, to_iso(now)),
                ),
            )

    async def add_event(
        self,
        conn: aiosqlite.Connection,
        *,
        proposal_id: int,
        actor_id: int | None,
        action: str,
        from_status: Status | None,
        to_status: Status | None,
        note: str | None,
        data: dict[str, Any] | None,
        now: datetime,
    ) -> None:
        """Append to a proposal's history."""
        await conn.execute(
            "INSERT INTO proposal_events (proposal_id, actor_id, action, from_status, to_status, "
            "note, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                proposal_id,
                actor_id,
                action,
                from_status.value if from_status else None,
                to_status.value if to_status else None,
                note,
                json.dumps(data, ensure_ascii=False) if data else None,
                to_iso(now),
            ),
        )

    async def get(self, proposal_id: int) -> Proposal | None:
        """One proposal with its attachments."""
        row = await self._db.fetchone(
            f"SELECT {_COLUMNS} FROM proposals WHERE id = ?", (proposal_id,)
        )
        if row is None:
            return None
        files = await self._db.fetchall(
            "SELECT kind, file_id, file_name FROM proposal_files WHERE proposal_id = ? "
            "ORDER BY id",
            (proposal_id,),
        )
        return _proposal(row, tuple(Attachment(f[0], f[1], f[2]) for f in files))

    async def by_proposer(
        self, proposer_id: int, limit: int = 20, offset: int = 0
    ) -> list[Proposal]:
        """A proposer's proposals, newest first."""
        return await self._select(
            "WHERE proposer_id = ? ORDER BY id DESC LIMIT ? OFFSET ?",
            (proposer_id, limit, offset),
        )

    async def count_by_proposer(self, proposer_id: int) -> int:
        """How many proposals a person has made."""
        return int(
            await self._db.fetchval(
                "SELECT COUNT(*) FROM proposals WHERE proposer_id = ?", (proposer_id,)
            )
        )

    async def awaiting(self, reviewer_id: int | None, *, admins: bool) -> list[Proposal]:
        """What awaits a reviewer (and, for admins, what is routed to admins), oldest first."""
        statuses = ("submitted", "reported")
        if admins:
            return await self._select(
                "WHERE status IN (?, ?) AND (reviewer_id = ? OR route = 'admins') "
                "ORDER BY COALESCE(due_at, created_at)",
                (*statuses, reviewer_id),
            )
        return await self._select(
            "WHERE status IN (?, ?) AND reviewer_id = ? ORDER BY COALESCE(due_at, created_at)",
            (*statuses, reviewer_id),
        )

    async def reviewed_by(self, reviewer_id: int, statuses: frozenset[Status]) -> list[Proposal]:
        """Proposals routed to a person in some states."""
        marks = ", ".join("?" for _ in statuses)
        return await self._select(
            f"WHERE reviewer_id = ? AND status IN ({marks}) ORDER BY id",
            (reviewer_id, *(s.value for s in statuses)),
        )

    async def routed_to_city(self, statuses: frozenset[Status]) -> list[Proposal]:
        """Proposals waiting at the superior level (heads' own plans)."""
        marks = ", ".join("?" for _ in statuses)
        return await self._select(
            f"WHERE route = 'city' AND status IN ({marks}) ORDER BY id",
            tuple(s.value for s in statuses),
        )

    async def routed_to_admins(self, statuses: frozenset[Status]) -> list[Proposal]:
        """Proposals waiting with the admins because nobody held the reviewer role."""
        marks = ", ".join("?" for _ in statuses)
        return await self._select(
            f"WHERE route = 'admins' AND status IN ({marks}) ORDER BY id",
            tuple(s.value for s in statuses),
        )

    async def due_before(self, moment: datetime) -> list[Proposal]:
        """Proposals with a time limit at or before a moment."""
        return await self._select(
            "WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at", (to_iso(moment),)
        )

    async def all(
        self, *, unit_id: int | None = None, status: Status | None = None
    ) -> list[Proposal]:
        """Every proposal (optionally of one unit or status), oldest first."""
        clauses: list[str] = []
        params: list[Any] = []
        if unit_id is not None:
            clauses.append("unit_id = ?")
            params.append(unit_id)
        if status is not None:
            clauses.append("status = ?")
            params.append(status.value)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return await self._select(f"{where} ORDER BY id", tuple(params))

    async def events(self, proposal_id: int) -> list[Event]:
        """A proposal's history, oldest first."""
        rows = await self._db.fetchall(
            "SELECT id, proposal_id, actor_id, action, from_status, to_status, note, created_at "
            "FROM proposal_events WHERE proposal_id = ? ORDER BY id",
            (proposal_id,),
        )
        return [Event(r[0], r[1], r[2], r[3], r[4], r[5], r[6], from_iso(r[7])) for r in rows]

    async def count(self) -> int:
        """How many proposals exist."""
        return int(await self._db.fetchval("SELECT COUNT(*) FROM proposals"))

    async def claim_reminder(
        self, conn: aiosqlite.Connection, key: str, proposal_id: int, now: datetime
    ) -> bool:
        """Record that a reminder was queued; False if it already was (never twice)."""
        cursor = await conn.execute(
            "INSERT OR IGNORE INTO due_reminders (key, proposal_id, created_at) VALUES (?, ?, ?)",
            (key, proposal_id, to_iso(now)),
        )
        return cursor.rowcount == 1

    async def _select(self, tail: str, params: tuple[Any, ...]) -> list[Proposal]:
        rows = await self._db.fetchall(f"SELECT {_COLUMNS} FROM proposals {tail}", params)
        return [_proposal(row) for row in rows]
