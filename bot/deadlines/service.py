"""Reporting deadlines: creating and changing them, what concerns whom, submissions.

Reminders themselves are computed from data and sent by :mod:`bot.deadlines.reminders`; this
service is the feature's face for the handlers, the form, the digest and the statistics. Every
method that changes something answers `Ok` or `Refused` and asks `Authority` again inside the
transaction that applies the change, so a role or unit taken away meanwhile is honoured.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.clock import Clock
from bot.config import Settings
from bot.deadlines import notices
from bot.deadlines.admin_input import parse_due, parse_recurrence
from bot.deadlines.ledger import snooze_offered, snooze_until
from bot.deadlines.offsets import parse_offsets
from bot.deadlines.quiet import QuietHours
from bot.deadlines.recurrence import ScheduleError
from bot.deadlines.reminders import OVERDUE_WINDOW, ReminderDispatcher
from bot.deadlines.timeline import Timeline
from bot.models.deadlines import Compliance, Created, Deadline, Progress, UnitStatus
from bot.models.outcomes import Ok, Reason, Refused
from bot.models.people import ADMIN_ONLY, OrgUnit, Role
from bot.people.service import PeopleService
from bot.workdays import Calendar
from storage.db import Database
from storage.deadlines import DeadlineRepository
from storage.outbox import OutboxRepository
from storage.units import UnitRepository
from storage.users import UserRepository

DEFAULT_OFFSETS = "7d,3d,1d,0d"
STATUSES = ("active", "paused", "cancelled")


class DeadlineService:
    """Deadlines and submissions; hands the reminders to its dispatcher."""

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
        self._authority = people.authority
        self._units = units
        self._outbox = outbox
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

    # -- creating and changing (admins) ------------------------------------------------------

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
    ) -> Ok[Created] | Refused:
        """Create a deadline from admin input; INVALID carries the input's error code.

        Pass `conn` to write inside the caller's transaction (the guided form does).
        """
        now = self._clock.now()
        title = " ".join(title.split())
        if not 5 <= len(title) <= 200:
            return Refused(Reason.INVALID, "bad_title")
        try:
            due = parse_due(due_text, self._settings.tz, now)
            recurrence = parse_recurrence(recurrence_text or "không")
            offsets = parse_offsets(offsets_text or DEFAULT_OFFSETS)
        except ScheduleError as exc:
            return Refused(Reason.INVALID, exc.code)
        targets = await self._parse_targets(targets_text)
        if isinstance(targets, Refused):
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
        if conn is not None:
            return await self._add(conn, actor_id, values)
        async with self._db.transaction() as own:
            return await self._add(own, actor_id, values)

    async def _add(
        self, conn: Any, actor_id: int, values: dict[str, Any]
    ) -> Ok[Created] | Refused:
        if not await self._authority.may(actor_id, ADMIN_ONLY):
            return Refused(Reason.NOT_ALLOWED, "no longer an admin")
        deadline = await self.repo.get(await self.repo.add(conn, **values))
        assert deadline is not None
        return Ok(Created(deadline, len(await self.target_units(deadline))))

    async def _parse_targets(self, text: str) -> list[int] | Refused | None:
        cleaned = text.strip().lower()
        if cleaned in ("", "all", "tất cả", "tat ca"):
            return None
        ids = []
        for code in (c.strip().upper() for c in text.replace(";", ",").split(",")):
            unit = await self._units.get_by_code(code) if code else None
            if unit is None or not unit.active:
                return Refused(Reason.INVALID, "bad_units")
            ids.append(unit.id)
        return sorted(set(ids))

    async def set_status(
        self, actor_id: int, deadline_id: int, status: str
    ) -> Ok[Progress] | Refused:
        """Pause, resume or cancel a deadline (admins)."""
        if status not in STATUSES:
            raise ValueError(f"unknown deadline status {status!r}")
        async with self._db.transaction() as conn:
            if not await self._authority.may(actor_id, ADMIN_ONLY):
                return Refused(Reason.NOT_ALLOWED, "no longer an admin")
            if await self.repo.get(deadline_id) is None:
                return Refused(Reason.NOT_FOUND, "no such deadline")
            await self.repo.set_status(conn, deadline_id, status, self._clock.now())
        return await self._progress_of(deadline_id)

    async def reschedule(
        self, actor_id: int, deadline_id: int, due_text: str, offsets_text: str
    ) -> Ok[Created] | Refused:
        """Change the due time and offsets (admins); INVALID carries the input's error code."""
        if await self.repo.get(deadline_id) is None:
            return Refused(Reason.NOT_FOUND, "no such deadline")
        now = self._clock.now()
        try:
            due = parse_due(due_text, self._settings.tz, now)
            offsets = parse_offsets(offsets_text or DEFAULT_OFFSETS)
        except ScheduleError as exc:
            return Refused(Reason.INVALID, exc.code)
        async with self._db.transaction() as conn:
            if not await self._authority.may(actor_id, ADMIN_ONLY):
                return Refused(Reason.NOT_ALLOWED, "no longer an admin")
            await self.repo.reschedule(conn, deadline_id, first_due=due, offsets=offsets, now=now)
            changed = await self.repo.get(deadline_id)
        assert changed is not None
        return Ok(Created(changed, len(await self.target_units(changed))))

    # -- reading -------------------------------------------------------------------------

    async def target_units(self, deadline: Deadline) -> list[OrgUnit]:
        """The active units a deadline concerns."""
        units = await self._units.list_all()
        if deadline.targets is None:
            return units
        return [u for u in units if u.id in deadline.targets]

    def current(self, deadline: Deadline) -> tuple[int, datetime]:
        """The occurrence to show now: the next one, or the latest past one if none is next."""
        return self.timeline.current(deadline)

    def local(self, moment: datetime) -> str:
        """A moment as shown to users."""
        return self.timeline.local(moment)

    async def progress(
        self, *, active_only: bool = False, limit: int | None = None
    ) -> list[Progress]:
        """Deadlines (not cancelled; the first `limit`) with their current submissions."""
        deadlines = [d for d in await self.repo.list_all() if d.active or not active_only]
        return [await self._progress(deadline) for deadline in deadlines[:limit]]

    async def _progress(self, deadline: Deadline) -> Progress:
        n, due = self.current(deadline)
        submitted = await self.repo.submitted_units(deadline.id, n)
        return Progress(deadline, n, due, submitted, await self.target_units(deadline))

    async def _progress_of(self, deadline_id: int) -> Ok[Progress] | Refused:
        deadline = await self.repo.get(deadline_id)
        if deadline is None:
            return Refused(Reason.NOT_FOUND, "no such deadline")
        return Ok(await self._progress(deadline))

    async def for_user(self, telegram_id: int) -> list[UnitStatus]:
        """The deadlines that concern a person's unit, overdue ones first."""
        user = await self._users.get(telegram_id)
        if user is None or user.unit_id is None:
            return []
        unit_id, now = user.unit_id, self._clock.now()
        result = []
        for deadline in await self.repo.list_all():
            if deadline.targets is not None and unit_id not in deadline.targets:
                continue
            past = self.timeline.latest_past(deadline, now)
            if past is not None and now - past < OVERDUE_WINDOW:
                n = self.timeline.number_of(deadline, past)
                if unit_id not in await self.repo.submitted_units(deadline.id, n):
                    result.append(UnitStatus(deadline, n, past, unit_id, False))
                    continue
            n, due = self.current(deadline)
            done = (await self.repo.submissions(deadline.id, n)).get(unit_id)
            by = None if done is None else (self.local(done[1]), await self._name_of(done[0]))
            result.append(UnitStatus(deadline, n, due, unit_id, done is not None, by))
        return [await self._with_rights(item, telegram_id) for item in result]

    async def _with_rights(self, item: UnitStatus, telegram_id: int) -> UnitStatus:
        """What the viewer may do with a unit's deadline: confirm, undo, or see who confirms."""
        marker = (await self.repo.submitted_units(item.deadline.id, item.occurrence)).get(
            item.unit_id
        )
        may_undo = marker is not None and (
            marker == telegram_id or await self._may_undo(telegram_id, item.unit_id)
        )
        return replace(
            item,
            may_confirm=await self._may_act(telegram_id, item.unit_id),
            may_undo=may_undo,
            confirmers=await self._reminders.confirmers(item.unit_id),
        )

    async def _name_of(self, telegram_id: int) -> str:
        user = await self._users.get(telegram_id)
        return user.display_name if user is not None else str(telegram_id)

    async def compliance(self, deadline_id: int) -> Ok[Compliance] | Refused:
        """Each target unit of the current occurrence with the time it submitted."""
        deadline = await self.repo.get(deadline_id)
        if deadline is None:
            return Refused(Reason.NOT_FOUND, "no such deadline")
        n, due = self.current(deadline)
        done = await self.repo.submissions(deadline.id, n)
        names = {by: await self._name_of(by) for by, _ in done.values()}
        rows = [
            (u, (self.local(done[u.id][1]), names[done[u.id][0]]) if u.id in done else None)
            for u in await self.target_units(deadline)
        ]
        return Ok(Compliance(deadline, n, due, rows))

    # -- acting on a reminder ----------------------------------------------------------------

    async def _may_act(self, actor_id: int, unit_id: int) -> bool:
        """Admins, and the unit's approved leaders and reporting contacts, as stored now."""
        standing = await self._authority.standing(actor_id)
        if standing.role is Role.ADMIN:
            return True
        user = await self._users.get(actor_id)
        return (
            user is not None
            and user.approved
            and standing.unit_id == unit_id
            and (standing.role is Role.LEADER or user.is_contact)
        )

    async def submit(
        self, actor_id: int, deadline_id: int, occurrence: int, unit_id: int
    ) -> Ok[OrgUnit] | Refused:
        """Record that a unit submitted (stops its reminders); STALE when it already had."""
        deadline = await self.repo.get(deadline_id)
        unit = await self._units.get(unit_id)
        if deadline is None or unit is None:
            return Refused(Reason.NOT_FOUND, "no such deadline or unit")
        # Only the current occurrence or a past one: a report cannot be in for a future period.
        if occurrence > self.timeline.current(deadline)[0]:
            return Refused(Reason.INVALID, "future occurrence")
        now = self._clock.now()
        async with self._db.transaction() as conn:
            if not await self._may_act(actor_id, unit_id):
                return Refused(Reason.NOT_ALLOWED, "not a leader or contact of the unit")
            fresh = await self.repo.submit(conn, deadline_id, occurrence, unit_id, actor_id, now)
            if fresh:  # every reminder copy of this unit says so and loses its buttons
                due = self.local(self.timeline.due_of(deadline, occurrence))
                text = notices.submitted_copy(
                    deadline, due, unit, self.local(now), await self._name_of(actor_id)
                )
                key = notices.copies_key(deadline_id, occurrence, unit_id)
                await self._outbox.rewrite_group(conn, key, text, now=now)
        return Ok(unit) if fresh else Refused(Reason.STALE, "already submitted")

    async def unsubmit(
        self, actor_id: int, deadline_id: int, occurrence: int, unit_id: int
    ) -> Ok[None] | Refused:
        """Undo a submission: the person who marked it, the unit's leaders, or an admin;
        STALE when the unit is not marked as submitted. Every reminder copy of the unit asks
        again (its buttons for those who may confirm) and the unit's people are told."""
        deadline = await self.repo.get(deadline_id)
        unit = await self._units.get(unit_id)
        if deadline is None or unit is None:
            return Refused(Reason.NOT_FOUND, "no such deadline or unit")
        now = self._clock.now()
        async with self._db.transaction() as conn:
            by = (await self.repo.submitted_units(deadline_id, occurrence)).get(unit_id)
            if by is None:
                return Refused(Reason.STALE, "not submitted")
            if by != actor_id and not await self._may_undo(actor_id, unit_id):
                return Refused(Reason.NOT_ALLOWED, "not the marker, a unit leader or an admin")
            await self.repo.unsubmit(conn, deadline_id, occurrence, unit_id)
            people = await self._reminders.restore(conn, deadline, occurrence, unit, now)
            due = self.local(self.timeline.due_of(deadline, occurrence))
            text = notices.unsubmitted(deadline, due, unit, await self._name_of(actor_id))
            for person in dict.fromkeys([*people, by]):
                if person != actor_id:
                    await self._outbox.enqueue(
                        conn, chat_id=person, kind="deadline_unsubmitted", text=text, now=now
                    )
        return Ok(None)

    async def _may_undo(self, actor_id: int, unit_id: int) -> bool:
        standing = await self._authority.standing(actor_id)
        return standing.role is Role.ADMIN or (
            standing.role is Role.LEADER and standing.unit_id == unit_id
        )

    async def snooze(
        self, actor_id: int, deadline_id: int, occurrence: int, unit_id: int, until_morning: bool
    ) -> Ok[datetime] | Refused:
        """Remind this person again in an hour or tomorrow morning (quiet hours permitting).

        The scheduled reminders still come; INVALID "too_late" when the due time comes before
        the snooze ends.
        """
        now, tz, calendar = self._clock.now(), self._settings.tz, self.timeline.calendar
        deadline = await self.repo.get(deadline_id)
        if deadline is None:
            return Refused(Reason.NOT_FOUND, "no such deadline")
        due = self.timeline.due_of(deadline, occurrence)
        if not snooze_offered(due, now, until_morning, self.quiet, tz, calendar):
            return Refused(Reason.INVALID, "too_late")
        until = snooze_until(now, until_morning, self.quiet, tz, calendar)
        async with self._db.transaction() as conn:
            if not await self._may_act(actor_id, unit_id):
                return Refused(Reason.NOT_ALLOWED, "not a leader or contact of the unit")
            await self.repo.snooze(conn, deadline_id, occurrence, unit_id, actor_id, until)
        return Ok(until)

    # -- reminders -----------------------------------------------------------------------

    async def dispatch(self) -> int:
        """Queue every reminder that is due now and not yet handled; returns messages queued."""
        return await self._reminders.dispatch(self._clock.now())

    async def next_wakeup(self) -> datetime | None:
        """The next moment a reminder may fall due (the dispatcher is woken then)."""
        return await self._reminders.next_wakeup(self._clock.now())
