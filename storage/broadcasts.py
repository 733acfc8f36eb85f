"""Broadcasts and who receives them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.clock import from_iso, to_iso
from storage.db import Database

ROLES = ("staff", "leader", "admin")


@dataclass(frozen=True, slots=True)
class Broadcast:
    """One broadcast as stored."""

    id: int
    created_at: datetime
    recipients: int


class BroadcastRepository:
    """Repository over `broadcasts` (the messages themselves are outbox rows)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def recipients(self, audience: str) -> list[int]:
        """Approved people who have not blocked the bot: all, one role, or unit ids "3,7"."""
        base = "SELECT telegram_id FROM users WHERE status = 'approved' AND blocked = 0"
        if audience in ROLES:
            rows = await self._db.fetchall(base + " AND role = ?", (audience,))
        elif audience == "all":
            rows = await self._db.fetchall(base)
        else:
            ids = [int(x) for x in audience.split(",") if x]
            marks = ", ".join("?" for _ in ids)
            rows = await self._db.fetchall(base + f" AND unit_id IN ({marks})", ids)
        return [int(r[0]) for r in rows]

    async def add(
        self,
        conn: aiosqlite.Connection,
        *,
        created_by: int,
        text: str,
        audience: str,
        recipients: int,
        now: datetime,
    ) -> int:
        """Store a broadcast in the caller's transaction."""
        cursor = await conn.execute(
            "INSERT INTO broadcasts (created_by, text, audience, recipients, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (created_by, text, audience, recipients, to_iso(now)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def recent(self, limit: int) -> list[Broadcast]:
        """The latest broadcasts, newest first."""
        rows = await self._db.fetchall(
            "SELECT id, created_at, recipients FROM broadcasts ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [Broadcast(int(r[0]), from_iso(r[1]), int(r[2])) for r in rows]
