"""Sending reminders: every due, unclaimed slot of every active deadline goes to the outbox.

The dispatcher runs on a short interval and at start-up. Reminders are computed from data (the
deadline, its targets and offsets, the quiet hours); the ledger decides which are owed and
claims them in the transaction that queues their messages, so a crash or a second dispatcher
never sends one twice. Units with nobody to remind are reported to the admins.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from bot.deadlines import notices
from bot.deadlines.ledger import (
    BEFORE,
    OVERDUE,
    UNROUTED_SLOT,
    UNROUTED_UNIT,
    Ledger,
    horizon,
    plan,
    snooze_offered,
)
from bot.deadlines.offsets import reminder_times
from bot.deadlines.quiet import QuietHours
from bot.deadlines.timeline import Timeline
from bot.models.deadlines import Deadline
from bot.models.people import OrgUnit, Role
from storage.db import Database
from storage.deadlines import DeadlineRepository
from storage.outbox import OutboxRepository
from storage.users import UserRepository

# How long after a due moment its overdue reminders still go out.
OVERDUE_WINDOW = timedelta(days=45)

TargetUnits = Callable[[Deadline], Awaitable[list[OrgUnit]]]


class ReminderDispatcher:
    """Queues the reminders that are due; tells the job runner when to wake next."""

    def __init__(
        self,
        *,
        db: Database,
        repo: DeadlineRepository,
        users: UserRepository,
        outbox: OutboxRepository,
        timeline: Timeline,
        quiet: QuietHours,
        target_units: TargetUnits,
        admin_chat_ids: Callable[[], Awaitable[list[int]]],
    ) -> None:
        self._db = db
        self._repo = repo
        self._ledger = Ledger(repo)
        self._users = users
        self._outbox = outbox
        self._timeline = timeline
        self._quiet = quiet
        self._target_units = target_units
        self._admin_chat_ids = admin_chat_ids

    async def dispatch(self, now: datetime) -> int:
        """Queue every reminder that is due now and not yet handled; returns messages queued."""
        queued = 0
        for deadline in await self._repo.list_all():
            if deadline.active:
                queued += await self._dispatch_deadline(deadline, now)
        return queued

    async def next_wakeup(self, now: datetime) -> datetime | None:
        """The next moment a reminder may fall due (the dispatcher is woken then)."""
        tz, cal = self._timeline.tz, self._timeline.calendar
        soonest: datetime | None = None
        for deadline in await self._repo.list_all():
            if not deadline.active:
                continue
            for due in self._timeline.after(deadline, now, 3):
                for _, at in reminder_times(due, deadline.offsets, self._quiet, tz, cal):
                    if at > now and (soonest is None or at < soonest):
                        soonest = at
        return soonest

    async def _dispatch_deadline(self, deadline: Deadline, now: datetime) -> int:
        since = max(now - OVERDUE_WINDOW, deadline.first_due - timedelta(seconds=1))
        reach = now + timedelta(days=1) + horizon(deadline)
        dues = [d for d in self._timeline.after(deadline, since, 60) if d <= reach]
        queued = 0
        for due in dues:
            n = self._timeline.number_of(deadline, due)
            submitted = await self._repo.submitted_units(deadline.id, n)
            unrouted: list[str] = []
            for unit in await self._target_units(deadline):
                if unit.id in submitted:
                    continue
                sent, missing = await self._dispatch_unit(deadline, n, due, unit, now)
                queued += sent
                if missing:
                    unrouted.append(unit.name)
            if unrouted:
                await self._report_unrouted(deadline, (n, due), unrouted, now)
        return queued

    async def _dispatch_unit(
        self, deadline: Deadline, n: int, due: datetime, unit: OrgUnit, now: datetime
    ) -> tuple[int, bool]:
        """Messages queued for one unit, and whether a reminder found nobody to go to."""
        tz, cal = self._timeline.tz, self._timeline.calendar
        slots = plan(deadline, due, now, self._quiet, tz, cal)
        owed = await self._ledger.owed(deadline.id, n, unit.id, slots, now)
        if owed.empty:
            return 0, False
        recipients = await self._recipients(unit.id)
        async with self._db.transaction() as conn:
            key = (deadline.id, n, unit.id)
            sends = await self._ledger.claim(conn, key, due, slots, owed, recipients, now)
            for person, kind in sends:
                card = self.card(deadline, (n, due), unit, kind, now)
                await self._outbox.enqueue(
                    conn,
                    chat_id=person,
                    kind="deadline_reminder",
                    text=card.text,
                    payload={"reply_markup": card.markup},
                    group_key=notices.copies_key(*key),
                    now=now,
                )
        return len(sends), bool(owed.ready) and not recipients

    def card(
        self,
        deadline: Deadline,
        occurrence: tuple[int, datetime],
        unit: OrgUnit,
        kind: str,
        now: datetime,
        confirmers: tuple[str, ...] | None = None,
    ) -> notices.Card:
        """A reminder as it reads at `now`, with the snoozes that fit before the due time;
        with `confirmers`, for a reader who may not confirm (no buttons, who does instead)."""
        (n, due), tz, cal = occurrence, self._timeline.tz, self._timeline.calendar
        when = notices.When(due, now, tz, self._timeline.local(due))
        offer = notices.Offer(
            confirm=confirmers is None,
            hour=snooze_offered(due, now, False, self._quiet, tz, cal),
            morning=snooze_offered(due, now, True, self._quiet, tz, cal),
            confirmers=confirmers or (),
        )
        return notices.reminder(deadline, n, when, unit, kind, offer)

    async def restore(
        self, conn: Any, deadline: Deadline, n: int, unit: OrgUnit, now: datetime
    ) -> list[int]:
        """After an undo, every copy of the unit's occurrence is a reminder again: with its
        buttons for those who may confirm, naming who does for the others. Returns the
        unit's people who may confirm."""
        due = self._timeline.due_of(deadline, n)
        kind = OVERDUE if now >= due else BEFORE
        names = await self.confirmers(unit.id)
        recipients = await self._recipients(unit.id)
        able = self.card(deadline, (n, due), unit, kind, now)
        unable = self.card(deadline, (n, due), unit, kind, now, names)

        def render(chat_id: int) -> tuple[str, dict[str, Any] | None]:
            card = able if chat_id in recipients else unable
            return card.text, card.markup

        key = notices.copies_key(deadline.id, n, unit.id)
        await self._outbox.rewrite_each(conn, key, render, now=now)
        return recipients

    async def confirmers(self, unit_id: int) -> tuple[str, ...]:
        """The names of the unit's leaders and reporting contacts (who confirm submissions)."""
        people = await self._users.in_unit(unit_id)
        return tuple(u.display_name for u in people if u.role is Role.LEADER or u.is_contact)

    async def _recipients(self, unit_id: int) -> list[int]:
        """The unit's leaders and reporting contacts who have not blocked the bot."""
        return [
            u.telegram_id
            for u in await self._users.in_unit(unit_id)
            if not u.blocked and (u.role is Role.LEADER or u.is_contact)
        ]

    async def _report_unrouted(
        self, deadline: Deadline, occurrence: tuple[int, datetime], units: list[str], now: datetime
    ) -> None:
        """Tell the admins once per occurrence (not once per offset) which units have nobody
        to remind; the ledger row claims the notice in the transaction that queues it."""
        n, due = occurrence
        admins = await self._admin_chat_ids()
        text = notices.unrouted(deadline, self._timeline.local(due), units)
        async with self._db.transaction() as conn:
            claimed = await self._repo.record(
                conn,
                deadline_id=deadline.id,
                occurrence=n,
                unit_id=UNROUTED_UNIT,
                slot=UNROUTED_SLOT,
                due_at=due,
                status="sent",
                recipients=len(admins),
                now=now,
            )
            for admin_id in admins if claimed else []:
                await self._outbox.enqueue(
                    conn, chat_id=admin_id, kind="deadline_unrouted", text=text, now=now
                )
