"""Drafts: the saved state of guided conversations."""

from __future__ import annotations

import json
from typing import Any

import aiosqlite

from bot.clock import from_iso
from bot.models.drafts import Draft, DraftStatus
from storage.db import Database

_COLUMNS = "id, telegram_id, flow, step, answers, messages, status, updated_at"


def _draft(row: aiosqlite.Row) -> Draft:
    return Draft(
        id=row["id"],
        telegram_id=row["telegram_id"],
        flow=row["flow"],
        step=row["step"],
        answers=json.loads(row["answers"]),
        messages=json.loads(row["messages"]),
        status=DraftStatus(row["status"]),
        updated_at=from_iso(row["updated_at"]),
    )


class DraftRepository:
    """Repository over `drafts`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def active(self, telegram_id: int) -> Draft | None:
        """The user's active draft, if any."""
        row = await self._db.fetchone(
            f"SELECT {_COLUMNS} FROM drafts WHERE telegram_id = ? AND status = 'active'",
            (telegram_id,),
        )
        return _draft(row) if row else None

    async def get(self, draft_id: int) -> Draft | None:
        """One draft by id."""
        row = await self._db.fetchone(f"SELECT {_COLUMNS} FROM drafts WHERE id = ?", (draft_id,))
        return _draft(row) if row else None

    async def latest_parked(self, telegram_id: int, flow: str | None = None) -> Draft | None:
        """The user's most recently parked draft (of one flow, if given)."""
        sql = f"SELECT {_COLUMNS} FROM drafts WHERE telegram_id = ? AND status = 'parked'"
        params: list[Any] = [telegram_id]
        if flow is not None:
            sql += " AND flow = ?"
            params.append(flow)
        row = await self._db.fetchone(sql + " ORDER BY updated_at DESC LIMIT 1", params)
        return _draft(row) if row else None

    async def of_user(self, telegram_id: int, flow: str) -> list[Draft]:
        """A user's unfinished drafts of a flow (active, parked, archived), newest first."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM drafts WHERE telegram_id = ? AND flow = ? "
            "AND status IN ('active', 'parked', 'archived') ORDER BY updated_at DESC LIMIT 10",
            (telegram_id, flow),
        )
        return [_draft(row) for row in rows]

    async def untouched(self, flow: str, before: str) -> list[Draft]:
        """Unfinished (active or parked) drafts of a flow not updated since a moment."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM drafts WHERE flow = ? AND status IN ('active', 'parked') "
            "AND updated_at < ? ORDER BY id",
            (flow, before),
        )
        return [_draft(row) for row in rows]

    async def archive_untouched(self, conn: aiosqlite.Connection, before: str, now: str) -> int:
        """Archive every unfinished draft of any form not updated since a moment."""
        cursor = await conn.execute(
            "UPDATE drafts SET status = 'archived', updated_at = ? "
            "WHERE status IN ('active', 'parked') AND updated_at < ?",
            (now, before),
        )
        return cursor.rowcount

    async def all_active(self) -> list[Draft]:
        """Every active draft (re-prompted at start-up)."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM drafts WHERE status = 'active' ORDER BY id"
        )
        return [_draft(row) for row in rows]

    async def create(
        self,
        conn: aiosqlite.Connection,
        *,
        telegram_id: int,
        flow: str,
        answers: dict[str, Any],
        now: str,
    ) -> int:
        """Start a new active draft."""
        cursor = await conn.execute(
            "INSERT INTO drafts (telegram_id, flow, answers, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (telegram_id, flow, json.dumps(answers, ensure_ascii=False), now, now),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def save(
        self,
        conn: aiosqlite.Connection,
        draft_id: int,
        *,
        step: int,
        answers: dict[str, Any],
        messages: dict[str, int],
        now: str,
    ) -> None:
        """Store a draft's step and answers."""
        await conn.execute(
            "UPDATE drafts SET step = ?, answers = ?, messages = ?, updated_at = ? WHERE id = ?",
            (
                step,
                json.dumps(answers, ensure_ascii=False),
                json.dumps(messages),
                now,
                draft_id,
            ),
        )

    async def delete(self, conn: aiosqlite.Connection, draft_id: int, now: str) -> None:
        """Throw a draft away: its answers and messages are erased and it ends as 'done'.

        The emptied row stays so that its id is never given to another draft (SQLite reuses
        the highest id once its row is deleted): the old draft's buttons must stay stale.
        """
        await conn.execute(
            "UPDATE drafts SET answers = '{}', messages = '{}', status = 'done', updated_at = ? "
            "WHERE id = ?",
            (now, draft_id),
        )

    async def set_status(
        self, conn: aiosqlite.Connection, draft_id: int, status: DraftStatus, now: str
    ) -> None:
        """Park, resume, finish or archive a draft."""
        await conn.execute(
            "UPDATE drafts SET status = ?, updated_at = ? WHERE id = ?",
            (status.value, now, draft_id),
        )
