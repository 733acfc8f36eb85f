"""Counts for /thongke, read straight from the tables."""

from __future__ import annotations

from storage.db import Database

Pairs = list[tuple[str, int]]


class StatsRepository:
    """Aggregate queries over users, questions, proposals and drafts."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def _pairs(self, sql: str, params: tuple[object, ...] = ()) -> Pairs:
        return [(str(r[0]), int(r[1])) for r in await self._db.fetchall(sql, params)]

    async def approved_by_role(self) -> Pairs:
        """Approved users per role."""
        return await self._pairs(
            "SELECT role, COUNT(*) FROM users WHERE status = 'approved' GROUP BY role"
        )

    async def approved_by_unit(self, limit: int) -> Pairs:
        """Approved users per unit, largest first."""
        return await self._pairs(
            "SELECT u.name, COUNT(*) FROM users p JOIN units u ON u.id = p.unit_id "
            "WHERE p.status = 'approved' GROUP BY u.id ORDER BY COUNT(*) DESC LIMIT ?",
            (limit,),
        )

    async def active_since(self, since: str) -> int:
        """People who asked, filled in a form, acted on a proposal or confirmed a report."""
        return int(
            await self._db.fetchval(
                "SELECT COUNT(*) FROM (SELECT telegram_id FROM questions WHERE created_at >= ? "
                "UNION SELECT telegram_id FROM drafts WHERE updated_at >= ? "
                "UNION SELECT actor_id FROM proposal_events WHERE created_at >= ? "
                "UNION SELECT submitted_by FROM deadline_submissions WHERE submitted_at >= ?)",
                (since, since, since, since),
            )
            or 0
        )

    async def questions_since(self, since: str) -> tuple[int, int]:
        """Questions asked and answered since a moment."""
        row = await self._db.fetchone(
            "SELECT COUNT(*), COALESCE(SUM(answered), 0) FROM questions WHERE created_at >= ?",
            (since,),
        )
        return (int(row[0]), int(row[1])) if row else (0, 0)

    async def top_questions(self, since: str, limit: int) -> Pairs:
        """The most asked questions (as first typed) since a moment."""
        return await self._pairs(
            "SELECT MIN(text), COUNT(*) FROM questions WHERE created_at >= ? GROUP BY normalized "
            "ORDER BY COUNT(*) DESC LIMIT ?",
            (since, limit),
        )

    async def proposals_by_status(self) -> Pairs:
        """Proposals per state."""
        return await self._pairs("SELECT status, COUNT(*) FROM proposals GROUP BY status")

    async def proposals_by_unit(self, limit: int) -> Pairs:
        """Proposals per unit, largest first."""
        return await self._pairs(
            "SELECT COALESCE(u.name, '—'), COUNT(*) FROM proposals p LEFT JOIN units u "
            "ON u.id = p.unit_id GROUP BY p.unit_id ORDER BY COUNT(*) DESC LIMIT ?",
            (limit,),
        )
