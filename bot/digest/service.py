"""Leaders' digests: new and late proposals, deadlines ahead, units overdue, Q&A activity."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from bot import texts
from bot.authority import Authority
from bot.clock import Clock, to_iso
from bot.config import Settings
from bot.deadlines.service import DeadlineService
from bot.digest import notices
from bot.digest.notices import Ahead, DigestFacts, Overdue
from bot.models.deadlines import Progress
from bot.models.outcomes import Ok, Reason, Refused
from bot.models.people import Role
from bot.models.proposals import Proposal, Status
from bot.proposals.actions import is_decree_limit
from storage.db import Database
from storage.outbox import OutboxRepository
from storage.proposals import ProposalRepository
from storage.questions import QuestionLog
from storage.users import UserRepository

_MODES = {
    "hangngay": "daily",
    "daily": "daily",
    "hangtuan": "weekly",
    "weekly": "weekly",
    "tat": "off",
    "off": "off",
}
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
LEADER_ROLES = frozenset({Role.LEADER, Role.ADMIN})
FIRST_DIGEST_GRACE = timedelta(minutes=30)


class DigestService:
    """Builds and schedules leaders' digests (sent through the outbox)."""

    def __init__(
        self,
        *,
        db: Database,
        authority: Authority,
        deadlines: DeadlineService,
        proposals: ProposalRepository,
        users: UserRepository,
        questions: QuestionLog,
        outbox: OutboxRepository,
        settings: Settings,
        clock: Clock,
    ) -> None:
        self._db = db
        self._authority = authority
        self._outbox = outbox
        self._deadlines = deadlines
        self._proposals = proposals
        self._users = users
        self._questions = questions
        self._settings = settings
        self._clock = clock

    async def settings_of(self, telegram_id: int) -> tuple[str, str]:
        """Mode and time of a leader's digest."""
        mode, at_time, _, _ = await self._deadlines.repo.subscription(telegram_id)
        return mode, at_time

    async def configure(self, telegram_id: int, args: list[str]) -> Ok[tuple[str, str]] | Refused:
        """Set mode (and time); Ok carries the new (mode, time), INVALID the unread arguments."""
        mode = _MODES.get(args[0].lower()) if args else None
        at_time = args[1] if len(args) > 1 else None
        if mode is None or (at_time is not None and not _TIME.match(at_time)):
            return Refused(Reason.INVALID, "unknown mode or time")
        _, current_time, weekday, _ = await self._deadlines.repo.subscription(telegram_id)
        async with self._db.transaction() as conn:
            if not await self._authority.may(telegram_id, LEADER_ROLES):
                return Refused(Reason.NOT_ALLOWED, "no longer a leader")
            await self._deadlines.repo.subscribe(
                conn, telegram_id, mode, at_time or current_time, weekday
            )
        return Ok(await self.settings_of(telegram_id))

    async def build(self, telegram_id: int) -> str:
        """A digest for one leader, scoped to their unit (city-wide without a unit)."""
        return notices.digest(await self.facts(telegram_id))

    async def facts(self, telegram_id: int) -> DigestFacts:
        """What a leader's digest reports, since their last one (or the last 7 days)."""
        leader = await self._users.get(telegram_id)
        now = self._clock.now()
        _, _, _, last = await self._deadlines.repo.subscription(telegram_id)
        since = last or now - timedelta(days=7)
        unit_id = leader.unit_id if leader and leader.role is not Role.ADMIN else None
        proposals = await self._proposals.all(unit_id=unit_id)
        # A proposal withdrawn or already evaluated is news of another kind, not a new one.
        new = [
            p
            for p in proposals
            if p.created_at >= since and p.status not in (Status.WITHDRAWN, Status.EVALUATED)
        ]
        waiting = [p for p in proposals if p.status in (Status.SUBMITTED, Status.REPORTED)]
        late = [p for p in waiting if p.due_at is not None and p.due_at < now]
        ahead: list[Ahead] = []
        overdue: list[Overdue] = []
        for progress in await self._deadlines.progress(active_only=True):
            line = self._deadline_lines(progress, unit_id, now)
            if line[0] is not None:
                ahead.append(line[0])
            if line[1] is not None:
                overdue.append(line[1])
        asked, answered, _, _ = await self._questions.totals(to_iso(since))
        unrouted = (await self._deadlines.repo.ledger_counts(since)).get("unrouted", 0)
        return DigestFacts(
            new=[(p.number, p.title) for p in new],
            waiting=[(p.number, p.title) for p in waiting],
            late=[(p.number, _late_title(p)) for p in late],
            ahead=ahead,
            overdue=overdue,
            unrouted=unrouted,
            asked=asked,
            answered=answered,
        )

    def _deadline_lines(
        self, progress: Progress, unit_id: int | None, now: datetime
    ) -> tuple[Ahead | None, Overdue | None]:
        """The deadline's "ahead" and "overdue" items for a leader of `unit_id` (None: city)."""
        targets = progress.targets
        if unit_id is not None:
            targets = [u for u in targets if u.id == unit_id]
        if not targets:
            return None, None
        title, due, done = progress.deadline.title, progress.due, progress.submitted
        count = sum(1 for u in targets if u.id in done)
        ahead: Ahead | None = None
        overdue: Overdue | None = None
        if now <= due <= now + timedelta(days=7):
            ahead = Ahead(title, self._deadlines.local(due), count, len(targets))
        if due < now and count < len(targets):
            overdue = Overdue(title, [u.name for u in targets if u.id not in done])
        return ahead, overdue

    async def send_due(self) -> int:
        """Queue the digests whose time has come (each leader at most once per period)."""
        now = self._clock.now()
        queued = 0
        for leader in await self._users.all_leaders():
            mode, at_time, weekday, last = await self._deadlines.repo.subscription(
                leader.telegram_id
            )
            if mode == "off" or not self._is_due(mode, at_time, weekday, last, now):
                continue
            text = await self.build(leader.telegram_id)
            async with self._db.transaction() as conn:
                await self._deadlines.repo.mark_digest_sent(conn, leader.telegram_id, now)
                await self._outbox.enqueue(
                    conn, chat_id=leader.telegram_id, kind="digest", text=text, now=now
                )
            queued += 1
        return queued

    def _is_due(
        self, mode: str, at_time: str, weekday: int, last: datetime | None, now: datetime
    ) -> bool:
        tz = self._settings.tz
        hour, minute = (int(x) for x in at_time.split(":"))
        local = now.astimezone(tz)
        slot = datetime.combine(local.date(), time(hour, minute), tz)
        if mode == "weekly":
            slot -= timedelta(days=(local.weekday() - weekday) % 7)
        if slot > now:
            slot -= timedelta(days=7 if mode == "weekly" else 1)
        if last is None:
            # A leader never sent a digest: start at a slot, not at the first start-up.
            return now - slot < FIRST_DIGEST_GRACE
        return last < slot


def _late_title(proposal: Proposal) -> str:
    """A late proposal's title; one past the city's internal follow-up (not a limit of the
    Decree) says so."""
    if proposal.due_kind is not None and not is_decree_limit(proposal.due_kind):
        return f"{texts.FOLLOW_UP_PAST} {proposal.title}"
    return proposal.title
