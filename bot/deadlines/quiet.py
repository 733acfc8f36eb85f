"""Quiet hours: when reminders must wait (a nightly window, weekends, holidays).

Quiet hours only defer a moment, they never drop one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.deadlines.recurrence import ScheduleError, require_aware
from bot.vntext import fold
from bot.workdays import Calendar

# Bound on the quiet-hours search: more quiet days in a row than this means broken data.
_MAX_QUIET_STEPS = 2 * 366 + 8

_CLOCK = r"(\d{1,2})(?:\s*(?::|h|g|gio)\s*(\d{2})?)?"
_QUIET_RE = re.compile(rf"^{_CLOCK}\s*(?:-|–|\bden\b|\bto\b)\s*{_CLOCK}$")
_QUIET_OFF = {"", "-", "khong", "off", "none", "tat"}


@dataclass(frozen=True)
class QuietHours:
    """When reminders must wait: a daily local window and, optionally, whole days.

    The window [start, end) may wrap midnight ("21:00-07:00"); its end is already allowed.
    ``weekends``: Saturdays and Sundays are quiet all day, except those the Calendar makes
    working days (làm bù). ``holidays``: weekdays the Calendar marks as days off (holidays,
    nghỉ bù, swapped days) are quiet all day, and so is a weekend day listed as a day off.
    Quiet hours only defer a moment (:meth:`next_allowed`); they never drop one.
    """

    start: time | None = None
    end: time | None = None
    weekends: bool = False
    holidays: bool = False

    def __post_init__(self) -> None:
        if (self.start is None) != (self.end is None):
            raise ValueError("give both start and end of the quiet window, or neither")
        if self.start is not None and self.end is not None:
            if self.start.tzinfo is not None or self.end.tzinfo is not None:
                raise ValueError("quiet window times are local wall-clock times without tzinfo")
            if self.start == self.end:
                raise ValueError("the quiet window must not be empty")

    @classmethod
    def parse(cls, text: str, *, weekends: bool = False, holidays: bool = False) -> QuietHours:
        """Read "21:00-07:00" / "22:00-06:30" / "21h-7h"; "" means no daily window.

        Raises ScheduleError('bad_quiet').
        """
        cleaned = " ".join(fold(text).split())
        if cleaned in _QUIET_OFF:
            return cls(None, None, weekends=weekends, holidays=holidays)
        match = _QUIET_RE.match(cleaned)
        if match is None:
            raise ScheduleError("bad_quiet")
        h1, m1, h2, m2 = (int(g) if g is not None else 0 for g in match.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59 or (h1, m1) == (h2, m2):
            raise ScheduleError("bad_quiet")
        return cls(time(h1, m1), time(h2, m2), weekends=weekends, holidays=holidays)

    @property
    def enabled(self) -> bool:
        """False when nothing is ever quiet."""
        return self.start is not None or self.weekends or self.holidays

    def window_text(self) -> str:
        """The daily window as :meth:`parse` reads it ("21:00-07:00"), or "" when none."""
        if self.start is None or self.end is None:
            return ""
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def quiet_day(self, d: date, calendar: Calendar) -> bool:
        """Whether the whole local day d is quiet (weekend or holiday rules)."""
        if not (self.weekends or self.holidays) or calendar.is_working_day(d):
            return False
        if d.weekday() >= 5:
            return self.weekends or (self.holidays and calendar.note(d) is not None)
        return self.holidays

    def _in_window(self, clock: time) -> bool:
        if self.start is None or self.end is None:
            return False
        if self.start < self.end:
            return self.start <= clock < self.end
        return clock >= self.start or clock < self.end

    def is_quiet(self, moment: datetime, tz: ZoneInfo, calendar: Calendar) -> bool:
        """Whether a reminder may not go out at `moment`."""
        require_aware(moment, "moment")
        local = moment.astimezone(tz)
        return self.quiet_day(local.date(), calendar) or self._in_window(local.time())

    def next_allowed(self, moment: datetime, tz: ZoneInfo, calendar: Calendar) -> datetime:
        """`moment` itself when allowed, else the first allowed moment after it (UTC)."""
        require_aware(moment, "moment")
        current = moment.astimezone(UTC)
        for _ in range(_MAX_QUIET_STEPS):
            local = current.astimezone(tz)
            if self.quiet_day(local.date(), calendar):
                midnight = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=tz)
                current = midnight.astimezone(UTC)
                continue
            clock = local.time()
            if not self._in_window(clock):
                return current
            assert self.start is not None and self.end is not None
            end_day = local.date()
            if self.start > self.end and clock >= self.start:
                end_day += timedelta(days=1)  # the window wraps midnight: it ends tomorrow
            current = datetime.combine(end_day, self.end, tzinfo=tz).astimezone(UTC)
        raise ScheduleError("no_allowed_time")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {"window": self.window_text(), "weekends": self.weekends, "holidays": self.holidays}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> QuietHours:
        """Read :meth:`to_dict` output; ScheduleError('bad_quiet') when invalid."""
        window = data.get("window", "")
        weekends = data.get("weekends", False)
        holidays = data.get("holidays", False)
        if not (
            isinstance(window, str) and isinstance(weekends, bool) and isinstance(holidays, bool)
        ):
            raise ScheduleError("bad_quiet")
        return cls.parse(window, weekends=weekends, holidays=holidays)
