"""The audit log: every admin action with who, what, when, before and after."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import aiosqlite

from storage.db import Database


class AuditLog:
    """Append-only repository over `audit_log`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self,
        conn: aiosqlite.Connection,
        *,
        actor_id: int,
        action: str,
        target: str,
        before: Any = None,
        after: Any = None,
        now: str,
    ) -> None:
        """Record one action inside the caller's transaction."""
        await conn.execute(
            "INSERT INTO audit_log (actor_id, action, target, before, after, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (actor_id, action, target, _json(before), _json(after), now),
        )

    async def latest(self, target: str, actions: Iterable[str]) -> tuple[str, Any] | None:
        """The newest of some actions on a target: (action, after), or None."""
        wanted = list(actions)
        marks = ", ".join("?" for _ in wanted)
        row = await self._db.fetchone(
            f"SELECT action, after FROM audit_log WHERE target = ? AND action IN ({marks}) "
            "ORDER BY id DESC LIMIT 1",
            (target, *wanted),
        )
        if row is None:
            return None
        return str(row["action"]), json.loads(row["after"]) if row["after"] else None

    async def recent(self, limit: int = 20) -> list[dict[str, Any]]:
        """The latest entries, newest first."""
        rows = await self._db.fetchall(
            "SELECT actor_id, action, target, before, after, created_at FROM audit_log "
            "ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [dict(row) for row in rows]


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
