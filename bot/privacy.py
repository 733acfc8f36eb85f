"""Personal data (Nghị định 13/2023/NĐ-CP): how long it is kept, and who took a copy of it.

The daily maintenance job calls `apply_retention`; every handler that hands out a copy of the
data (/saoluu, every /xuat) records it through `record_copy` first, which re-checks that the
person may still take it.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.authority import Authority
from bot.clock import Clock, to_iso
from bot.config import Settings
from bot.models.outcomes import Ok, Reason, Refused
from bot.models.people import ADMIN_ONLY
from storage.audit import AuditLog
from storage.db import Database
from storage.drafts import DraftRepository
from storage.outbox import OutboxRepository
from storage.questions import QuestionLog
from storage.updates import UpdateLog

logger = logging.getLogger(__name__)

# Messages the bot sent (and gave up on) are kept this long, then deleted.
OUTBOX_DAYS = 30
# Telegram keeps unconfirmed updates for 24 hours; remember handled ids a little longer.
UPDATE_MEMORY = timedelta(days=2)
# Unfinished forms untouched this long are archived: the proposal rule (a reminder after 14
# days, archived a week later) applied to every form.
DRAFT_ARCHIVE_AFTER = timedelta(days=21)

BACKUP = "privacy.backup"
EXPORT = "privacy.export"


@dataclass(frozen=True, slots=True)
class RetentionReport:
    """What one retention pass removed or anonymised."""

    askers_forgotten: int
    votes_anonymised: int
    messages_deleted: int
    updates_pruned: int
    drafts_archived: int


class PrivacyService:
    """Retention of personal data and the record of every copy handed out."""

    def __init__(
        self,
        *,
        db: Database,
        audit: AuditLog,
        questions: QuestionLog,
        outbox: OutboxRepository,
        updates: UpdateLog,
        drafts: DraftRepository,
        authority: Authority,
        settings: Settings,
        clock: Clock,
    ) -> None:
        self._db = db
        self._audit = audit
        self._questions = questions
        self._outbox = outbox
        self._updates = updates
        self._drafts = drafts
        self._authority = authority
        self._settings = settings
        self._clock = clock

    async def record_backup(self, actor_id: int, file_name: str) -> Ok[None] | Refused:
        """Record that a main admin (BOT_ADMIN_IDS) takes a full backup of the database."""
        return await self._record(actor_id, BACKUP, file_name, None, self._settings.admin_ids)

    async def record_export(
        self, actor_id: int, file_name: str, request: Any = None
    ) -> Ok[None] | Refused:
        """Record that an admin takes an export (/xuat): who, which file, what was asked."""
        return await self._record(actor_id, EXPORT, file_name, request, None)

    async def _record(
        self,
        actor_id: int,
        action: str,
        target: str,
        request: Any,
        only: Collection[int] | None,
    ) -> Ok[None] | Refused:
        async with self._db.transaction() as conn:
            allowed = await self._authority.may(actor_id, ADMIN_ONLY)
            if not allowed or (only is not None and actor_id not in only):
                return Refused(Reason.NOT_ALLOWED, action)
            await self._audit.add(
                conn,
                actor_id=actor_id,
                action=action,
                target=target,
                after=request,
                now=to_iso(self._clock.now()),
            )
        return Ok(None)

    async def apply_retention(self) -> RetentionReport:
        """Forget askers, delete old messages and update ids, archive abandoned forms."""
        now = self._clock.now()
        asked_before = to_iso(now - timedelta(days=self._settings.question_log_days))
        async with self._db.transaction() as conn:
            askers, votes = await self._questions.forget_askers(conn, asked_before)
            messages = await self._outbox.delete_finished(conn, now - timedelta(days=OUTBOX_DAYS))
            drafts = await self._drafts.archive_untouched(
                conn, to_iso(now - DRAFT_ARCHIVE_AFTER), to_iso(now)
            )
        pruned = await self._updates.prune(now - UPDATE_MEMORY)
        report = RetentionReport(askers, votes, messages, pruned, drafts)
        logger.info(
            "Retention: %d askers forgotten, %d votes anonymised, %d messages deleted, "
            "%d update ids pruned, %d drafts archived",
            *(askers, votes, messages, pruned, drafts),
        )
        return report
