"""/thongke: figures for admins, read straight from the database."""

from __future__ import annotations

from datetime import timedelta
from html import escape

from bot import texts
from bot.clock import Clock, to_iso
from bot.deadlines.service import DeadlineService
from storage.db import Database


class StatsService:
    """Counts over users, questions, proposals, deadlines and the outbox."""

    def __init__(self, db: Database, deadlines: DeadlineService, clock: Clock) -> None:
        self._db = db
        self._deadlines = deadlines
        self._clock = clock

    async def tables(self) -> dict[str, list[tuple[str, int]]]:
        """The figures as named tables of (label, count), for the .xlsx export."""
        db = self._db
        month = to_iso(self._clock.now() - timedelta(days=30))

        async def pairs(sql: str, params: tuple[str, ...] = ()) -> list[tuple[str, int]]:
            return [(str(r[0]), int(r[1])) for r in await db.fetchall(sql, params)]

        deadlines = []
        for deadline in await self._deadlines.repo.list_all():
            n, _ = self._deadlines.current(deadline)
            done = len(await self._deadlines.repo.submitted_units(deadline.id, n))
            deadlines.append((deadline.title, done))
        return {
            texts.STATS_SHEETS["roles"]: [
                (texts.ROLE_NAMES.get(role, role), n)
                for role, n in await pairs(
                    "SELECT role, COUNT(*) FROM users WHERE status = 'approved' GROUP BY role"
                )
            ],
            texts.STATS_SHEETS["units"]: await pairs(
                "SELECT u.name, COUNT(*) FROM users p JOIN units u ON u.id = p.unit_id "
                "WHERE p.status = 'approved' GROUP BY u.id ORDER BY COUNT(*) DESC"
            ),
            texts.STATS_SHEETS["questions"]: await pairs(
                "SELECT MIN(text), COUNT(*) FROM questions WHERE created_at >= ? "
                "GROUP BY normalized ORDER BY COUNT(*) DESC LIMIT 50",
                (month,),
            ),
            texts.STATS_SHEETS["proposals"]: [
                (texts.STATUS_LABELS.get(status, status), n)
                for status, n in await pairs(
                    "SELECT status, COUNT(*) FROM proposals GROUP BY status"
                )
            ],
            texts.STATS_SHEETS["deadlines"]: deadlines,
            texts.STATS_SHEETS["outbox"]: await pairs(
                "SELECT status, COUNT(*) FROM outbox GROUP BY status"
            ),
        }

    async def report(self) -> str:
        """The whole /thongke message (HTML)."""
        now = self._clock.now()
        week, month = to_iso(now - timedelta(days=7)), to_iso(now - timedelta(days=30))
        db = self._db
        roles = await db.fetchall(
            "SELECT role, COUNT(*) FROM users WHERE status = 'approved' GROUP BY role"
        )
        by_unit = await db.fetchall(
            "SELECT u.name, COUNT(*) FROM users p JOIN units u ON u.id = p.unit_id "
            "WHERE p.status = 'approved' GROUP BY u.id ORDER BY COUNT(*) DESC LIMIT 10"
        )
        active = {}
        for label, since in (("7", week), ("30", month)):
            active[label] = await db.fetchval(
                "SELECT COUNT(*) FROM (SELECT telegram_id FROM questions WHERE created_at >= ? "
                "UNION SELECT telegram_id FROM drafts WHERE updated_at >= ? "
                "UNION SELECT actor_id FROM proposal_events WHERE created_at >= ? "
                "UNION SELECT submitted_by FROM deadline_submissions WHERE submitted_at >= ?)",
                (since, since, since, since),
            )
        asked = await db.fetchone(
            "SELECT COUNT(*), COALESCE(SUM(answered), 0) FROM questions WHERE created_at >= ?",
            (month,),
        )
        top = await db.fetchall(
            "SELECT MIN(text), COUNT(*) FROM questions WHERE created_at >= ? GROUP BY normalized "
            "ORDER BY COUNT(*) DESC LIMIT 5",
            (month,),
        )
        statuses = await db.fetchall("SELECT status, COUNT(*) FROM proposals GROUP BY status")
        per_unit = await db.fetchall(
            "SELECT COALESCE(u.name, '—'), COUNT(*) FROM proposals p LEFT JOIN units u "
            "ON u.id = p.unit_id GROUP BY p.unit_id ORDER BY COUNT(*) DESC LIMIT 10"
        )
        outbox = await db.fetchall("SELECT status, COUNT(*) FROM outbox GROUP BY status")
        deadlines = []
        for deadline in await self._deadlines.repo.list_all():
            n, _ = self._deadlines.current(deadline)
            done = len(await self._deadlines.repo.submitted_units(deadline.id, n))
            total = len(await self._deadlines.target_units(deadline))
            deadlines.append(f"{escape(deadline.title[:60])}: {done}/{total}")
        assert asked is not None
        return texts.stats_report(
            roles={str(r[0]): int(r[1]) for r in roles},
            by_unit=[(escape(str(r[0])), int(r[1])) for r in by_unit],
            active_7=int(active["7"] or 0),
            active_30=int(active["30"] or 0),
            asked=int(asked[0]),
            answered=int(asked[1]),
            top=[(escape(str(r[0])[:80]), int(r[1])) for r in top],
            proposals={str(r[0]): int(r[1]) for r in statuses},
            proposals_by_unit=[(escape(str(r[0])), int(r[1])) for r in per_unit],
            deadlines=deadlines,
            outbox={str(r[0]): int(r[1]) for r in outbox},
        )
