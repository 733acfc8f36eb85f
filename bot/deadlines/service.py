"""Reporting deadlines: creating and changing them, what concerns whom, submissions.

Reminders themselves are computed from data and sent by :mod:`bot.deadlines.reminders`; this
service is the feature's face: the handlers, the form, the digest and the statistics use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from bot import texts
from bot.clock import Clock
from bot.config import Settings
from bot.deadlines.admin_input import parse_due, parse_recurrence
from bot.deadlines.offsets import parse_offsets
from bot.deadlines.quiet import QuietHours
from bot.deadlines.recurrence import ScheduleError
from bot.deadlines.reminders import OVERDUE_WINDOW, ReminderDispatcher
from bot.deadlines.timeline import Timeline
from bot.models.deadlines import Deadline
from bot.models.people import OrgUnit, Role
from bot.people.service import PeopleService
from bot.workdays import Calendar
from storage.db import Database
from storage.deadlines import DeadlineRepository
from storage.outbox import OutboxRepository
from storage.units import UnitRepository
from storage.users import UserRepository

DEFAULT_OFFSETS = "7d,3d,1d,0d"
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
        self.timeline = Timeline(settings.tz, calendar, clock)
        self._reminders = ReminderDispatcher(
            db=db,
            repo=repo,
            users=users,
            outbox=outbox,
            timeline=self.timeline,
            quiet=self.quiet,
            target_units=self.target_units,
            admin_chat_ids=people.admin_chat_ids,
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

    def current(self, deadline: Deadline) -> tuple[int, datetime]:
        """The occurrence to show now: the next one, or the latest past one if none is next."""
        return self.timeline.current(deadline)

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
            past = self.timeline.latest_past(deadline, now)
            if past is not None and now - past < OVERDUE_WINDOW:
                n = self.timeline.number_of(deadline, past)
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
        return await self._reminders.dispatch(self._clock.now())

    async def next_wakeup(self) -> datetime | None:
        """The next moment a reminder may fall due (the dispatcher is woken then)."""
        return await self._reminders.next_wakeup(self._clock.now())

    def local(self, moment: datetime) -> str:
        """A moment as shown to users."""
        return self.timeline.local(moment)
