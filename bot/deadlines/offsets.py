"""Reminder offsets: how long before a due moment reminders go, and when each one falls.

An offset list is typed by an admin ("7d,3d,1d,0d"); the plan turns it, with the quiet hours,
into the moments a unit's reminders fall due, and adds the daily overdue reminders. Nothing
here reads the clock: "now" is an argument.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.deadlines.quiet import QuietHours
from bot.deadlines.recurrence import ScheduleError, require_aware
from bot.vntext import fold
from bot.workdays import Calendar

K = TypeVar("K")

MAX_OFFSET = timedelta(days=90)
MAX_OFFSETS = 10


# One offset: days, hours, minutes in that order, written together ("1d12h"); a space may sit
# between a number and its unit ("7 ngày") but a space after a unit ends the offset.
_OFFSET = re.compile(
    r"(?:(\d{1,6})\s*(?:ngay|d))?(?:(\d{1,6})\s*(?:gio|g|h))?(?:(\d{1,6})\s*(?:phut|p|m))?"
    r"(?=[\s,;]|$)"
)
_OFFSET_SEP = re.compile(r"[\s,;]+")


def parse_offsets(text: str) -> tuple[timedelta, ...]:
    """Reminder offsets before the due moment: "7d,3d,1d,0d", "2h", "30m", "1d12h".

    Units d (days), h (hours), m (minutes; also the words ngày/giờ/phút); one offset combines
    them in that order without spaces ("1d12h"). Offsets are separated by commas, semicolons or
    spaces ("7d, 3d" and "7d 3d" alike). Returned largest first without duplicates; each at most
    90 days, at most 10 of them. Raises ScheduleError('bad_offsets').
    """
    folded = fold(text)
    found: set[timedelta] = set()
    pos = 0
    while pos < len(folded):
        sep = _OFFSET_SEP.match(folded, pos)
        if sep is not None:
            pos = sep.end()
            continue
        match = _OFFSET.match(folded, pos)
        if match is None or match.end() == pos:
            raise ScheduleError("bad_offsets")
        days, hours, minutes = (int(g) if g is not None else 0 for g in match.groups())
        total = (days * 24 + hours) * 60 + minutes
        if total > MAX_OFFSET // timedelta(minutes=1):
            raise ScheduleError("bad_offsets")
        found.add(timedelta(minutes=total))
        pos = match.end()
    if not found or len(found) > MAX_OFFSETS:
        raise ScheduleError("bad_offsets")
    return tuple(sorted(found, reverse=True))


def reminder_times(
    due: datetime,
    offsets: Sequence[timedelta],
    quiet: QuietHours,
    tz: ZoneInfo,
    calendar: Calendar,
) -> list[tuple[timedelta, datetime]]:
    """For each offset (in the given order): (offset, the first allowed moment at or after
    due - offset). Quiet hours defer a reminder, possibly past the due moment; none is dropped.
    """
    require_aware(due, "due")
    return [(offset, quiet.next_allowed(due - offset, tz, calendar)) for offset in offsets]


def overdue_times(
    due: datetime,
    until: datetime,
    quiet: QuietHours,
    tz: ZoneInfo,
    calendar: Calendar,
    hour: int = 8,
) -> list[datetime]:
    """Daily overdue reminders: at `hour`:00 local on each day after the due day, up to
    `until` (inclusive), ascending, UTC.

    A day that is quiet all day (weekend/holiday rules) gets none of its own: the next allowed
    day's reminder follows. A reminder whose hour falls in the quiet window is deferred to the
    window's end; if that lands on a day that already has one, the earliest is kept, so there is
    at most one per local day and the result for a day never changes as `until` grows.
    """
    require_aware(due, "due")
    require_aware(until, "until")
    if not 0 <= hour <= 23:
        raise ValueError("hour must be 0 to 23")
    at_hour = time(hour, 0)
    day = due.astimezone(tz).date() + timedelta(days=1)
    last = until.astimezone(tz).date()
    by_day: dict[date, datetime] = {}
    while day <= last:
        if not quiet.quiet_day(day, calendar):
            moment = quiet.next_allowed(datetime.combine(day, at_hour, tzinfo=tz), tz, calendar)
            if moment <= until:
                key = moment.astimezone(tz).date()
                if key not in by_day or moment < by_day[key]:
                    by_day[key] = moment
        day += timedelta(days=1)
    return sorted(by_day.values())


def latest_missed(times: Sequence[tuple[K, datetime]], now: datetime) -> K | None:
    """Of the entries due at or before `now`, the key of the latest one (the last listed on a
    tie); None when none is due. After a downtime only this one is sent; the others are skipped.
    """
    require_aware(now, "now")
    best: tuple[K, datetime] | None = None
    for key, at in times:
        if at <= now and (best is None or at >= best[1]):
            best = (key, at)
    return best[0] if best is not None else None
