"""Housekeeping: stale proposal drafts (reminded, then archived) and missing holiday data."""

from __future__ import annotations

from datetime import timedelta

from bot import texts
from bot.clock import Clock, to_iso
from bot.config import Settings
from bot.models.drafts import DraftStatus
from bot.people.service import PeopleService
from bot.proposals.actions import PROPOSAL_FORM
from bot.proposals.notices import Notice
from bot.proposals.post import ProposalPost
from bot.workdays import Calendar
from storage.db import Database
from storage.drafts import DraftRepository
from storage.proposals import ProposalRepository

REMIND_AFTER = timedelta(days=14)
ARCHIVE_AFTER = timedelta(days=21)


class ProposalHousekeeping:
    """The sweep's proposal chores; each notice is claimed once, so a re-run queues nothing."""

    def __init__(
        self,
        *,
        db: Database,
        repo: ProposalRepository,
        drafts: DraftRepository,
        post: ProposalPost,
        people: PeopleService,
        calendar: Calendar,
        settings: Settings,
        clock: Clock,
    ) -> None:
        self._db = db
        self._repo = repo
        self._drafts = drafts
        self._post = post
        self._people = people
        self._calendar = calendar
        self._settings = settings
        self._clock = clock

    async def warn_missing_holidays(self) -> int:
        """From October, tell admins once a year when next year's holiday file is missing."""
        now = self._clock.now()
        today = now.astimezone(self._settings.tz).date()
        if not self._calendar.missing_next_year(today):
            return 0
        key = f"holidays:{today.year + 1}"
        async with self._db.transaction() as conn:
            if not await self._repo.claim_reminder(conn, key, 0, now):
                return 0
            notice = Notice(texts.holidays_missing(today.year + 1))
            await self._post.send(
                conn, await self._people.admin_chat_ids(), "holidays_missing", notice
            )
        return 1

    async def sweep_drafts(self) -> int:
        """Remind once, then archive (never delete); returns how many notices were queued."""
        now = self._clock.now()
        queued = 0
        stale = await self._drafts.untouched(PROPOSAL_FORM, to_iso(now - REMIND_AFTER))
        for draft in stale:
            key = f"draft:{draft.id}:{draft.updated_at.isoformat()}"
            async with self._db.transaction() as conn:
                if now - draft.updated_at >= ARCHIVE_AFTER:
                    await self._drafts.set_status(
                        conn, draft.id, DraftStatus.ARCHIVED, to_iso(now)
                    )
                    continue
                if not await self._repo.claim_reminder(conn, key, 0, now):
                    continue
                notice = Notice(texts.DRAFT_REMINDER)
                await self._post.send(conn, [draft.telegram_id], "draft_reminder", notice)
                queued += 1
        return queued
