"""The log of updates the bot acted on."""

from __future__ import annotations

from datetime import datetime

from bot.clock import to_iso
from storage.db import Database


class UpdateLog:
    """Repository over `processed_updates`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def seen(self, update_id: int) -> bool:
        """Tell whether an update was already acted on."""
        row = await self._db.fetchone(
            "SELECT 1 FROM processed_updates WHERE update_id = ?", (update_id,)
        )
        return row is not None

    async def record(self, update_id: int) -> None:
        """Record an update that had no other effect (read-only handlers)."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT OR IGNORE INTO processed_updates (update_id, handled_at) VALUES (?, ?)",
                (update_id, to_iso(self._db.clock.now())),
            )

    async def prune(self, before: datetime) -> int:
        """Forget updates handled before a moment (Telegram redelivers for at most a day)."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM processed_updates WHERE handled_at < ?", (to_iso(before),)
            )
            return cursor.rowcount
