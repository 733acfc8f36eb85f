"""Where a deadline stands in time: its rule, the occurrence that counts now, its moments as
users read them. One object shared by the service, the reminder dispatcher and the notices.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.deadlines.recurrence import (
    Recurrence,
    occurrence_at_or_before,
    occurrence_by_number,
    occurrence_number,
    occurrences,
)
from bot.models.deadlines import Deadline
from bot.workdays import Calendar


class Timeline:
    """Occurrence arithmetic of stored deadlines, on the office's calendar and clock."""

    def __init__(self, tz: ZoneInfo, calendar: Calendar, clock: Clock) -> None:
        self.tz = tz
        self.calendar = calendar
        self._clock = clock

    def recurrence(self, deadline: Deadline) -> Recurrence:
        """The deadline's recurrence rule."""
        return Recurrence.from_dict(deadline.recurrence)

    def due_of(self, deadline: Deadline, occurrence: int) -> datetime:
        """The due moment of an occurrence number."""
        rule = self.recurrence(deadline)
        return occurrence_by_number(deadline.first_due, rule, self.tz, self.calendar, occurrence)

    def number_of(self, deadline: Deadline, due: datetime) -> int:
        """The occurrence number of a due moment of the deadline."""
        rule = self.recurrence(deadline)
        return occurrence_number(deadline.first_due, rule, self.tz, self.calendar, due)

    def after(self, deadline: Deadline, moment: datetime, limit: int) -> list[datetime]:
        """Up to `limit` due moments strictly after `moment`."""
        rule = self.recurrence(deadline)
        return occurrences(
            deadline.first_due, rule, self.tz, self.calendar, after=moment, limit=limit
        )

    def latest_past(self, deadline: Deadline, moment: datetime) -> datetime | None:
        """The latest due moment at or before `moment`, None before the first."""
        rule = self.recurrence(deadline)
        return occurrence_at_or_before(deadline.first_due, rule, self.tz, self.calendar, moment)

    def current(self, deadline: Deadline) -> tuple[int, datetime]:
        """The occurrence to show now: the next one, or the latest past one if none is next."""
        now = self._clock.now()
        upcoming = self.after(deadline, now, 1)
        due = upcoming[0] if upcoming else self.latest_past(deadline, now)
        assert due is not None
        return self.number_of(deadline, due), due

    def local(self, moment: datetime) -> str:
        """A moment as shown to users."""
        return f"{moment.astimezone(self.tz):%H:%M %d/%m/%Y}"
