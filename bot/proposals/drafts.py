"""Housekeeping: stale proposal drafts (reminded, then archived) and missing holiday data."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot import texts
from bot.clock import to_iso
from bot.models.drafts import DraftStatus
from bot.proposals import forms as proposal_flow

if TYPE_CHECKING:
    from bot.runtime import Services

REMIND_AFTER = timedelta(days=14)
ARCHIVE_AFTER = timedelta(days=21)


async def warn_missing_holidays(services: Services) -> int:
    """From October, tell admins once a year when next year's holiday file is missing."""
    now = services.clock.now()
    today = now.astimezone(services.settings.tz).date()
    if not services.proposals.calendar.missing_next_year(today):
        return 0
    key = f"holidays:{today.year + 1}"
    async with services.db.transaction() as conn:
        if not await services.proposals.repo.claim_reminder(conn, key, 0, now):
            return 0
        for admin_id in await services.proposals.admin_ids():
            await services.outbox.enqueue(
                conn,
                chat_id=admin_id,
                kind="holidays_missing",
                text=texts.holidays_missing(today.year + 1),
                now=now,
            )
    return 1


async def sweep_drafts(services: Services) -> int:
    """Remind once, then archive (never delete); returns how many notices were queued."""
    now = services.clock.now()
    queued = 0
    stale = await services.drafts.untouched(proposal_flow.NAME, to_iso(now - REMIND_AFTER))
    for draft in stale:
        key = f"draft:{draft.id}:{draft.updated_at.isoformat()}"
        async with services.db.transaction() as conn:
            if now - draft.updated_at >= ARCHIVE_AFTER:
                await services.drafts.set_status(conn, draft.id, DraftStatus.ARCHIVED, to_iso(now))
                continue
            if not await services.proposals.repo.claim_reminder(conn, key, 0, now):
                continue
            await services.outbox.enqueue(
                conn,
                chat_id=draft.telegram_id,
                kind="draft_reminder",
                text=texts.DRAFT_REMINDER,
                now=now,
            )
            queued += 1
    return queued
