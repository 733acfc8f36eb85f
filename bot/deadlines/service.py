"""Reporting deadlines: creating them, reminding the right people from data, submissions.

Reminders are computed from the deadline, its targets and offsets (DESIGN property 3): each is
a ledger row with a unique key (deadline, occurrence, unit, slot) written in the same
transaction as its outbox messages, so none is sent twice and none is lost; the dispatcher runs
on a short interval and at start-up, where it catches up only the latest missed reminder of each
unit. Quiet hours defer, never drop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from bot import keyboards, texts
from bot.clock import Clock
from bot.config import Settings
from bot.deadlines.schedule import (
    QuietHours,
    Recurrence,
    ScheduleError,
    latest_missed,
    occurrence_at_or_before,
    occurrence_by_number,
    occurrence_number,
    occurrences,
    overdue_times,
    parse_due,
    parse_offsets,
    parse_recurrence,
    reminder_times,
)
from bot.models.deadlines import Deadline
from bot.models.people import OrgUnit, Role, User
from bot.people.service import PeopleService
from bot.workdays import Calendar
from storage.db import Database
from storage.deadlines import DeadlineRepository
from storage.outbox import OutboxRepository
from storage.units import UnitRepository
from storage.users import UserRepository

DEFAULT_OFFSETS = "7d,3d,1d,0d"
OVERDUE_WINDOW = timedelta(days=45)
MORNING = time(7, 30)


@dataclass(frozen=True, slots=True)
class Created:
    """A new deadline."""

    deadline: Deadline
    units: int


@dataclass(frozen=True, slots=True)
class UnitStatus:
    """A deadline's current occurrence as one unit sees it."""

    deadline: Deadline
    occurrence: int
    due: datetime
    submitted: bool


class DeadlineService:
    """Deadlines, reminders and submissions."""

    def __init__(
        self,
        *,
        db: Database,
        repo: DeadlineRepository,
        users: UserRepository,
        people: PeopleService,
        units: UnitRepository,
        outbox: OutboxRepository,
        calendar: Calendar,
        settings: Settings,
        clock: Clock,
    ) -> None:
        self._db = db
        self.repo = repo
        self._users = users
        self._people = people
        self._units = units
        self._outbox = outbox
        self._calendar = calendar
        self._settings = settings
        self._clock = clock
        self.quiet = QuietHours.parse(
            settings.quiet_hours,
            weekends=settings.quiet_weekends,
            holidays=settings.quiet_holidays,
        )

    # -- creating ----------------------------------------------------------------------

    async def create(
        self,
        actor_id: int,
        *,
        title: str,
        description: str,
        due_text: str,
        recurrence_text: str,
        targets_text: str,
        offsets_text: str,
        overdue_daily: bool,
        conn: Any = None,
    ) -> Created | str:
        """Create a deadline from admin input; a Vietnamese error text when something is wrong.

        Pass `conn` to write inside the caller's transaction (the guided form does).
        """
        now = self._clock.now()
        title = " ".join(title.split())
        if not 5 <= len(title) <= 200:
            return texts.DEADLINE_ERRORS["bad_title"]
        try:
            due = parse_due(due_text, self._settings.tz, now)
            recurrence = parse_recurrence(recurrence_text or "không")
            offsets = parse_offsets(offsets_text or DEFAULT_OFFSETS)
        except ScheduleError as exc:
            return texts.DEADLINE_ERRORS.get(exc.code, texts.DEADLINE_USAGE)
        targets = await self._parse_targets(targets_text)
        if isinstance(targets, str):
            return targets
        values: dict[str, Any] = {
            "title": title,
            "description": description.strip()[:2000],
            "first_due": due,
            "recurrence": recurrence.to_dict(),
            "targets": targets,
            "offsets": offsets,
            "overdue_daily": overdue_daily,
            "created_by": actor_id,
            "now": now,
        }
        if conn is None:
            async with self._db.transaction() as own:
                deadline_id = await self.repo.add(own, **values)
        else:
            deadline_id = await self.repo.add(conn, **values)
        deadline = await self.repo.get(deadline_id)
        assert deadline is not None
        return Created(deadline, len(await self.target_units(deadline)))

    async def _parse_targets(self, text: str) -> list[int] | str | None:
        cleaned = text.strip().lower()
        if cleaned in ("", "all", "tất cả", "tat ca"):
            return None
        ids = []
        for code in (c.strip().upper() for c in text.replace(";", ",").split(",")):
            unit = await self._units.get_by_code(code) if code else None
            if unit is None or not unit.active:
                return texts.DEADLINE_ERRORS["bad_units"]
            ids.append(unit.id)
        return sorted(set(ids))

    async def set_status(self, deadline_id: int, status: str) -> Deadline | None:
        """Pause, resume or cancel (callers check the admin role)."""
        async with self._db.transaction() as conn:
            await self.repo.set_status(conn, deadline_id, status, self._clock.now())
        return await self.repo.get(deadline_id)

    async def reschedule(self, deadline_id: int, due_text: str, offsets_text: str) -> str | None:
        """Change the due time and offsets; returns an error text or None."""
        try:
            due = parse_due(due_text, self._settings.tz, self._clock.now())
            offsets = parse_offsets(offsets_text or DEFAULT_OFFSETS)
        except ScheduleError as exc:
            return texts.DEADLINE_ERRORS.get(exc.code, texts.DEADLINE_USAGE)
        async with self._db.transaction() as conn:
            await self.repo.reschedule(
                conn, deadline_id, first_due=due, offsets=offsets, now=self._clock.now()
            )
        return None

    # -- reading -----------------------------------------------------------------------

    async def target_units(self, deadline: Deadline) -> list[OrgUnit]:
        """The active units a deadline concerns."""
        units = await self._units.list_all()
        if deadline.targets is None:
            return units
        return [u for u in units if u.id in deadline.targets]

    def recurrence(self, deadline: Deadline) -> Recurrence:
        """The deadline's recurrence rule."""
        return Recurrence.from_dict(deadline.recurrence)

    def due_of(self, deadline: Deadline, occurrence: int) -> datetime:
        """The due moment of an occurrence number."""
        return occurrence_by_number(
            deadline.first_due,
            self.recurrence(deadline),
            self._settings.tz,
            self._calendar,
            occurrence,
        )

    def current(self, deadline: Deadline) -> tuple[int, datetime]:
        """The occurrence to show now: the next one, or the latest past one if none is next."""
        rec, tz, cal = self.recurrence(deadline), self._settings.tz, self._calendar
        now = self._clock.now()
        upcoming = occurrences(deadline.first_due, rec, tz, cal, after=now, limit=1)
        due = (
            upcoming[0]
            if upcoming
            else occurrence_at_or_before(deadline.first_due, rec, tz, cal, now)
        )
        assert due is not None
        return occurrence_number(deadline.first_due, rec, tz, cal, due), due

    async def for_user(self, telegram_id: int) -> list[UnitStatus]:
        """The deadlines that concern a person's unit, overdue ones first."""
        user = await self._users.get(telegram_id)
        if user is None or user.unit_id is None:
            return []
        now = self._clock.now()
        result = []
        for deadline in await self.repo.list_all():
            if deadline.targets is not None and user.unit_id not in deadline.targets:
                continue
            rec, tz, cal = self.recurrence(deadline), self._settings.tz, self._calendar
            past = occurrence_at_or_before(deadline.first_due, rec, tz, cal, now)
            if past is not None and now - past < OVERDUE_WINDOW:
                n = occurrence_number(deadline.first_due, rec, tz, cal, past)
                if user.unit_id not in await self.repo.submitted_units(deadline.id, n):
                    result.append(UnitStatus(deadline, n, past, False))
                    continue
            n, due = self.current(deadline)
            done = user.unit_id in await self.repo.submitted_units(deadline.id, n)
            result.append(UnitStatus(deadline, n, due, done))
        return result

    async def compliance(
        self, deadline: Deadline, occurrence: int
    ) -> list[tuple[str, str | None]]:
        """Each target unit with the time it submitted (None if not yet)."""
        when = await self.repo.submission_times(deadline.id, occurrence)
        return [
            (u.name, self.local(when[u.id]) if u.id in when else None)
            for u in await self.target_units(deadline)
        ]

    # -- acting on a reminder --------------------------------------------------------------

    async def may_act(self, actor_id: int, unit_id: int) -> bool:
        """Leaders and reporting contacts of the unit, and admins."""
        if await self._people.is_admin(actor_id):
            return True
        user = await self._users.get(actor_id)
        return (
            user is not None
            and user.approved
            and user.unit_id == unit_id
            and (user.role is Role.LEADER or user.is_contact)
        )

    async def submit(self, actor_id: int, deadline_id: int, occurrence: int, unit_id: int) -> str:
        """Record that a unit submitted (stops its reminders for this occurrence)."""
        deadline = await self.repo.get(deadline_id)
        unit = await self._units.get(unit_id)
        if deadline is None or unit is None:
            return texts.DEADLINE_NOT_FOUND
        if not await self.may_act(actor_id, unit_id):
            return texts.DEADLINE_NOT_YOURS
        async with self._db.transaction() as conn:
            fresh = await self.repo.submit(
                conn, deadline_id, occurrence, unit_id, actor_id, self._clock.now()
            )
        return texts.submitted_ack(unit.name) if fresh else texts.SUBMITTED_ALREADY

    async def unsubmit(
        self, actor_id: int, deadline_id: int, occurrence: int, unit_id: int
    ) -> str:
        """Undo a submission: the same person or an admin."""
        marked = await self.repo.submitted_units(deadline_id, occurrence)
        by = marked.get(unit_id)
        is_admin = await self._people.is_admin(actor_id)
        if by is None or (by != actor_id and not is_admin):
            return texts.DEADLINE_NOT_YOURS
        async with self._db.transaction() as conn:
            await self.repo.unsubmit(conn, deadline_id, occurrence, unit_id)
        return texts.UNSUBMITTED

    async def snooze(
        self, actor_id: int, deadline_id: int, occurrence: int, unit_id: int, until_morning: bool
    ) -> str:
        """Remind this person again in an hour or tomorrow morning."""
        if not await self.may_act(actor_id, unit_id):
            return texts.DEADLINE_NOT_YOURS
        now = self._clock.now()
        tz = self._settings.tz
        if until_morning:
            tomorrow = now.astimezone(tz).date() + timedelta(days=1)
            until = datetime.combine(tomorrow, MORNING, tz)
        else:
            until = now + timedelta(hours=1)
        until = self.quiet.next_allowed(until, tz, self._calendar)
        async with self._db.transaction() as conn:
            await self.repo.snooze(conn, deadline_id, occurrence, unit_id, actor_id, until)
        return texts.SNOOZED

    # -- dispatching -------------------------------------------------------------------

    async def dispatch(self) -> int:
        """Queue every reminder that is due now and not yet handled; returns messages queued."""
        now = self._clock.now()
        queued = 0
        for deadline in await self.repo.list_all():
            if deadline.active:
                queued += await self._dispatch_deadline(deadline, now)
        return queued

    async def _dispatch_deadline(self, deadline: Deadline, now: datetime) -> int:
        rec, tz, cal = self.recurrence(deadline), self._settings.tz, self._calendar
        horizon = max(deadline.offsets, default=timedelta(0))
        since = max(now - OVERDUE_WINDOW, deadline.first_due - timedelta(seconds=1))
        dues = [
            d
            for d in occurrences(deadline.first_due, rec, tz, cal, after=since, limit=60)
            if d - horizon <= now + timedelta(days=1)
        ]
        queued = 0
        unrouted: list[str] = []
        for due in dues:
            n = occurrence_number(deadline.first_due, rec, tz, cal, due)
            submitted = await self.repo.submitted_units(deadline.id, n)
            for unit in await self.target_units(deadline):
                if unit.id in submitted:
                    continue
                sent, missing = await self._dispatch_unit(deadline, n, due, unit, now)
                queued += sent
                if missing:
                    unrouted.append(unit.name)
            if unrouted:
                await self._report_unrouted(deadline, due, unrouted, now)
                unrouted = []
        return queued

    async def _dispatch_unit(
        self, deadline: Deadline, n: int, due: datetime, unit: OrgUnit, now: datetime
    ) -> tuple[int, bool]:
        tz, cal = self._settings.tz, self._calendar
        slots: dict[str, tuple[datetime, str]] = {
            f"o:{int(offset.total_seconds())}": (at, "before")
            for offset, at in reminder_times(due, deadline.offsets, self.quiet, tz, cal)
        }
        if deadline.overdue_daily:
            for at in overdue_times(due, now, self.quiet, tz, cal):
                slots[f"od:{at.astimezone(tz).date().isoformat()}"] = (at, "overdue")
        done = await self.repo.ledger_slots(deadline.id, n, unit.id)
        ready = [(key, at) for key, (at, _) in slots.items() if at <= now and key not in done]
        snoozed = [
            (person, until)
            for person, until in await self.repo.snoozes(deadline.id, n, unit.id)
            if until <= now and f"z:{person}:{until.isoformat()}" not in done
        ]
        if not ready and not snoozed:
            return 0, False
        recipients = await self._recipients(unit.id)
        queued = 0
        async with self._db.transaction() as conn:
            if ready:
                latest = latest_missed(ready, now)
                for key, at in ready:
                    if key == latest:
                        continue
                    await self.repo.record(
                        conn,
                        deadline_id=deadline.id,
                        occurrence=n,
                        unit_id=unit.id,
                        slot=key,
                        due_at=at,
                        status="skipped",
                        recipients=0,
                        now=now,
                    )
                if latest is not None:
                    at, kind = slots[latest]
                    if kind == "before" and at > due:
                        kind = "overdue"
                    claimed = await self.repo.record(
                        conn,
                        deadline_id=deadline.id,
                        occurrence=n,
                        unit_id=unit.id,
                        slot=latest,
                        due_at=at,
                        status="sent" if recipients else "unrouted",
                        recipients=len(recipients),
                        now=now,
                    )
                    if claimed:
                        for person in recipients:
                            await self._enqueue(conn, deadline, n, due, unit, person, kind, now)
                            queued += 1
            for person, until in snoozed:
                claimed = await self.repo.record(
                    conn,
                    deadline_id=deadline.id,
                    occurrence=n,
                    unit_id=unit.id,
                    slot=f"z:{person}:{until.isoformat()}",
                    due_at=until,
                    status="sent",
                    recipients=1,
                    now=now,
                )
                if claimed:
                    await self._enqueue(conn, deadline, n, due, unit, person, "again", now)
                    queued += 1
        return queued, bool(ready) and not recipients

    async def _recipients(self, unit_id: int) -> list[int]:
        people: list[User] = await self._users.in_unit(unit_id)
        return [
            u.telegram_id
            for u in people
            if not u.blocked and (u.role is Role.LEADER or u.is_contact)
        ]

    async def _enqueue(
        self,
        conn: Any,
        deadline: Deadline,
        n: int,
        due: datetime,
        unit: OrgUnit,
        person: int,
        kind: str,
        now: datetime,
    ) -> None:
        base = f"{deadline.id}:{n}:{unit.id}"
        markup = keyboards.inline(
            [
                [(texts.BTN_SUBMITTED, f"dl:s:{base}")],
                [
                    (texts.BTN_SNOOZE_HOUR, f"dl:h:{base}"),
                    (texts.BTN_SNOOZE_MORNING, f"dl:m:{base}"),
                ],
            ]
        )
        await self._outbox.enqueue(
            conn,
            chat_id=person,
            kind="deadline_reminder",
            text=texts.deadline_reminder(
                deadline.title, self.local(due), unit.name, kind, deadline.description
            ),
            payload={"reply_markup": markup},
            now=now,
        )

    async def _report_unrouted(
        self, deadline: Deadline, due: datetime, units: list[str], now: datetime
    ) -> None:
        admins = await self._people.admin_chat_ids()
        async with self._db.transaction() as conn:
            for admin_id in admins:
                await self._outbox.enqueue(
                    conn,
                    chat_id=admin_id,
                    kind="deadline_unrouted",
                    text=texts.deadline_unrouted(deadline.title, self.local(due), units),
                    now=now,
                )

    async def next_wakeup(self) -> datetime | None:
        """The next moment a reminder may fall due (the dispatcher is woken then)."""
        now = self._clock.now()
        tz, cal = self._settings.tz, self._calendar
        soonest: datetime | None = None
        for deadline in await self.repo.list_all():
            if not deadline.active:
                continue
            rec = self.recurrence(deadline)
            for due in occurrences(deadline.first_due, rec, tz, cal, after=now, limit=3):
                for _, at in reminder_times(due, deadline.offsets, self.quiet, tz, cal):
                    if at > now and (soonest is None or at < soonest):
                        soonest = at
        return soonest

    def local(self, moment: datetime) -> str:
        """A moment as shown to users."""
        return f"{moment.astimezone(self._settings.tz):%H:%M %d/%m/%Y}"
