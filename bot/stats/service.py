"""/thongke: usage figures for admins, as a message and as .xlsx tables."""

from __future__ import annotations

from datetime import timedelta
from html import escape

from bot import texts
from bot.clock import Clock, to_iso
from bot.deadlines.service import DeadlineService
from storage.outbox import OutboxRepository
from storage.stats import StatsRepository


class StatsService:
    """Counts over users, questions, proposals, deadlines and the outbox."""

    def __init__(
        self,
        repo: StatsRepository,
        outbox: OutboxRepository,
        deadlines: DeadlineService,
        clock: Clock,
    ) -> None:
        self._repo = repo
        self._outbox = outbox
        self._deadlines = deadlines
        self._clock = clock

    async def _deadline_progress(self) -> list[tuple[str, int, int]]:
        return [
            (p.deadline.title, len(p.submitted), len(p.targets))
            for p in await self._deadlines.progress()
        ]

    async def tables(self) -> dict[str, list[tuple[str, int]]]:
        """The figures as named tables of (label, count), for the .xlsx export."""
        repo = self._repo
        month = to_iso(self._clock.now() - timedelta(days=30))
        sheets = texts.STATS_SHEETS
        return {
            sheets["roles"]: [
                (texts.ROLE_NAMES.get(role, role), n) for role, n in await repo.approved_by_role()
            ],
            sheets["units"]: await repo.approved_by_unit(1000),
            sheets["questions"]: await repo.top_questions(month, 50),
            sheets["proposals"]: [
                (texts.STATUS_LABELS.get(status, status), n)
                for status, n in await repo.proposals_by_status()
            ],
            sheets["deadlines"]: [
                (title, done) for title, done, _ in await self._deadline_progress()
            ],
            sheets["outbox"]: [(s, n) for s, n in (await self._outbox.counts()).items() if n],
        }

    async def report(self) -> str:
        """The whole /thongke message (HTML)."""
        repo = self._repo
        now = self._clock.now()
        week, month = to_iso(now - timedelta(days=7)), to_iso(now - timedelta(days=30))
        asked, answered = await repo.questions_since(month)
        return texts.stats_report(
            roles=dict(await repo.approved_by_role()),
            by_unit=[(escape(u), n) for u, n in await repo.approved_by_unit(10)],
            active_7=await repo.active_since(week),
            active_30=await repo.active_since(month),
            asked=asked,
            answered=answered,
            top=[(escape(q[:80]), n) for q, n in await repo.top_questions(month, 5)],
            proposals=dict(await repo.proposals_by_status()),
            proposals_by_unit=[(escape(u), n) for u, n in await repo.proposals_by_unit(10)],
            deadlines=[
                f"{escape(title[:60])}: {done}/{total}"
                for title, done, total in await self._deadline_progress()
            ],
            outbox=await self._outbox.counts(),
        )
