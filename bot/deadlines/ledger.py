"""The reminder ledger: which reminders of a unit were claimed, sent, skipped or unrouted.

Each reminder is a slot of one (deadline, occurrence, unit) with a unique key:

- ``o:<seconds>``: the reminder `seconds` before the due moment (one per offset);
- ``od:<local date>``: the daily overdue reminder of that day;
- ``z:<person>:<until>``: a reminder a person snoozed until that moment.

A snooze adds one reminder for that person when it ends; it never holds back the scheduled
reminders (offsets, the due-time and overdue ones), which still reach everyone.
The admins' notice that some units have nobody to remind is one row per occurrence, under
``UNROUTED_UNIT`` (no real unit has id 0) and the slot ``UNROUTED_SLOT``.

A ledger row is written in the same transaction as the reminder's outbox messages, and the
unique key lets only one writer claim a slot: none is sent twice, none is lost. After a
downtime only the latest missed slot is sent; the older ones are recorded as skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.deadlines.offsets import latest_missed, overdue_times, reminder_times
from bot.deadlines.quiet import QuietHours
from bot.models.deadlines import Deadline
from bot.workdays import Calendar
from storage.deadlines import DeadlineRepository

BEFORE, OVERDUE, AGAIN = "before", "overdue", "again"
UNROUTED_UNIT, UNROUTED_SLOT = 0, "admins:unrouted"
MORNING = time(7, 30)


@dataclass(frozen=True, slots=True)
class Planned:
    """A slot the plan gives: when it falls due and which wording it takes."""

    at: datetime
    kind: str  # BEFORE | OVERDUE


@dataclass(frozen=True, slots=True)
class Owed:
    """The slots of a unit that are due now and not yet in the ledger."""

    ready: list[tuple[str, datetime]]  # planned slots: (key, at)
    snoozed: list[tuple[int, datetime]]  # (person, until) of snoozes that ended

    @property
    def empty(self) -> bool:
        """True when nothing is owed."""
        return not self.ready and not self.snoozed


def snooze_key(person: int, until: datetime) -> str:
    """The slot key of a snoozed reminder."""
    return f"z:{person}:{until.isoformat()}"


def snooze_until(
    now: datetime, until_morning: bool, quiet: QuietHours, tz: ZoneInfo, calendar: Calendar
) -> datetime:
    """When a snooze pressed at `now` ends: in an hour, or tomorrow at 07:30 (quiet hours
    permitting)."""
    if until_morning:
        tomorrow = now.astimezone(tz).date() + timedelta(days=1)
        until = datetime.combine(tomorrow, MORNING, tz)
    else:
        until = now + timedelta(hours=1)
    return quiet.next_allowed(until, tz, calendar)


def snooze_offered(
    due: datetime,
    now: datetime,
    until_morning: bool,
    quiet: QuietHours,
    tz: ZoneInfo,
    calendar: Calendar,
) -> bool:
    """Whether "remind me in an hour" (or "tomorrow morning") makes sense: not when it would
    pass the due time that is still ahead (once overdue, it may)."""
    return due <= now or snooze_until(now, until_morning, quiet, tz, calendar) <= due


def plan(
    deadline: Deadline,
    due: datetime,
    now: datetime,
    quiet: QuietHours,
    tz: ZoneInfo,
    calendar: Calendar,
) -> dict[str, Planned]:
    """Every slot of one occurrence known by `now`: one per offset, one per overdue day."""
    slots = {
        f"o:{int(offset.total_seconds())}": Planned(at, BEFORE)
        for offset, at in reminder_times(due, deadline.offsets, quiet, tz, calendar)
    }
    if deadline.overdue_daily:
        for at in overdue_times(due, now, quiet, tz, calendar):
            slots[f"od:{at.astimezone(tz).date().isoformat()}"] = Planned(at, OVERDUE)
    return slots


class Ledger:
    """Reads what a unit is owed and claims it, in the caller's transaction."""

    def __init__(self, repo: DeadlineRepository) -> None:
        self._repo = repo

    async def owed(
        self,
        deadline_id: int,
        occurrence: int,
        unit_id: int,
        slots: dict[str, Planned],
        now: datetime,
    ) -> Owed:
        """The planned and snoozed slots due by `now` that no ledger row holds yet."""
        done = await self._repo.ledger_slots(deadline_id, occurrence, unit_id)
        ready = [(key, p.at) for key, p in slots.items() if p.at <= now and key not in done]
        snoozes = await self._repo.snoozes(deadline_id, occurrence, unit_id)
        snoozed = [
            (person, until)
            for person, until in snoozes
            if until <= now and snooze_key(person, until) not in done
        ]
        return Owed(ready, snoozed)

    async def claim(
        self,
        conn: Any,
        key: tuple[int, int, int],
        due: datetime,
        slots: dict[str, Planned],
        owed: Owed,
        recipients: list[int],
        now: datetime,
    ) -> list[tuple[int, str]]:
        """Record what is owed; returns (person, kind) for each reminder this call claimed.

        `key` is (deadline, occurrence, unit). Every ready slot but the latest is skipped; the
        latest goes to `recipients` (recorded as unrouted when there are none); each ended
        snooze goes to its person. Nobody gets two reminders
        from one call. A reminder planned before the due moment but deferred past it by quiet
        hours is worded as overdue.
        """
        sends: dict[int, str] = {}
        latest = latest_missed(owed.ready, now)
        for slot, at in owed.ready:
            if slot != latest:
                await self._record(conn, key, slot, at, "skipped", 0, now)
        if latest is not None:
            planned = slots[latest]
            kind = OVERDUE if planned.kind == BEFORE and planned.at > due else planned.kind
            status = "sent" if recipients else "unrouted"
            if await self._record(conn, key, latest, planned.at, status, len(recipients), now):
                sends.update((person, kind) for person in recipients)
        for person, until in owed.snoozed:
            if await self._record(conn, key, snooze_key(person, until), until, "sent", 1, now):
                sends.setdefault(person, AGAIN)
        return list(sends.items())

    async def _record(
        self,
        conn: Any,
        key: tuple[int, int, int],
        slot: str,
        at: datetime,
        status: str,
        recipients: int,
        now: datetime,
    ) -> bool:
        deadline_id, occurrence, unit_id = key
        return await self._repo.record(
            conn,
            deadline_id=deadline_id,
            occurrence=occurrence,
            unit_id=unit_id,
            slot=slot,
            due_at=at,
            status=status,
            recipients=recipients,
            now=now,
        )


def horizon(deadline: Deadline) -> timedelta:
    """How long before a due moment its first reminder may fall."""
    return max(deadline.offsets, default=timedelta(0))
