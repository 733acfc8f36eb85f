"""Recurrence of reporting deadlines: the rules and the occurrences they give.

Every moment taken or returned is an aware datetime; the functions here return UTC. Recurrence
rules are evaluated on the local calendar of the ``tz`` passed in (normally Asia/Ho_Chi_Minh)
and every occurrence keeps the local time of day of the first due moment. Nothing here reads
the clock: "now" is always an argument.

Weekdays use Python's :meth:`datetime.date.weekday` numbering everywhere: 0 = Monday …
6 = Sunday (never APScheduler/cron numbering). In Vietnamese "thứ 2" is Monday (0), "thứ 7" is
Saturday (5) and "chủ nhật" is Sunday (6).

Occurrences of a deadline form a sequence numbered from 0 (the first due moment). The number
is a short, stable id of one occurrence (used in button data and ledger keys).
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.workdays import Calendar

NONE = "none"
WEEKLY = "weekly"
MONTHLY = "monthly"
QUARTERLY = "quarterly"
HALF_YEARLY = "half_yearly"
YEARLY = "yearly"
KINDS = (NONE, WEEKLY, MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY)
# Months between two occurrences of the month-based kinds.
_STEP_MONTHS = {MONTHLY: 1, QUARTERLY: 3, HALF_YEARLY: 6, YEARLY: 12}


class ScheduleError(ValueError):
    """Why input or a request was refused; ``code`` is one of the codes below.

    Admin input: ``bad_offsets``, ``bad_date``, ``past``, ``bad_recurrence``, ``bad_quiet``.
    Occurrence numbering: ``not_occurrence`` (a moment that is not an occurrence),
    ``no_occurrence`` (a number with no occurrence).
    """

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def require_aware(moment: datetime, name: str) -> None:
    """Refuse a naive datetime: every moment in scheduling carries its offset."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")


@dataclass(frozen=True)
class Recurrence:
    """How a deadline repeats.

    - ``none``: once, at the first due moment.
    - ``weekly``: every week on ``weekdays`` (0 = Monday … 6 = Sunday); an empty set means the
      weekday of the first due moment.
    - ``monthly``: every month on day ``day`` (1–31, clamped to the month's last day), or on
      the month's last working day (``last_working_day``), or, with neither, on the first due
      moment's day of the month (clamped).
    - ``quarterly`` / ``half_yearly`` / ``yearly``: every 3 / 6 / 12 months from the first due
      moment's month, on its day of the month, clamped (31/1 → 30/4; 29/2 → 28/2 in common
      years, 29/2 again in leap years).

    The first due moment is always occurrence 0; the following ones are the moments the rule
    gives strictly after it, at the first due moment's local time of day.
    """

    kind: str = NONE
    weekdays: frozenset[int] = frozenset()
    day: int | None = None
    last_working_day: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown recurrence kind {self.kind!r}")
        object.__setattr__(self, "weekdays", frozenset(self.weekdays))
        if any(not isinstance(d, int) or isinstance(d, bool) for d in self.weekdays):
            raise ValueError("weekdays must be integers 0 (Monday) to 6 (Sunday)")
        if any(not 0 <= d <= 6 for d in self.weekdays):
            raise ValueError("weekdays must be 0 (Monday) to 6 (Sunday)")
        if self.weekdays and self.kind != WEEKLY:
            raise ValueError("weekdays belong to a weekly recurrence only")
        if self.day is not None:
            if self.kind != MONTHLY:
                raise ValueError("a day of the month belongs to a monthly recurrence only")
            if isinstance(self.day, bool) or not isinstance(self.day, int):
                raise ValueError("day must be an integer")
            if not 1 <= self.day <= 31:
                raise ValueError("day must be 1 to 31")
        if self.last_working_day:
            if self.kind != MONTHLY:
                raise ValueError("last_working_day belongs to a monthly recurrence only")
            if self.day is not None:
                raise ValueError("give either a day or last_working_day, not both")

    # Short constructors.

    @classmethod
    def once(cls) -> Recurrence:
        """No repetition."""
        return cls(NONE)

    @classmethod
    def weekly(cls, *weekdays: int) -> Recurrence:
        """Every week on the given weekdays (0 = Monday … 6 = Sunday)."""
        return cls(WEEKLY, weekdays=frozenset(weekdays))

    @classmethod
    def monthly(cls, day: int | None = None) -> Recurrence:
        """Every month on day `day` (clamped), or the first due's day when None."""
        return cls(MONTHLY, day=day)

    @classmethod
    def monthly_last_working_day(cls) -> Recurrence:
        """Every month on its last working day (by the Calendar)."""
        return cls(MONTHLY, last_working_day=True)

    # JSON.

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form; :meth:`from_dict` reads it back."""
        data: dict[str, Any] = {"kind": self.kind}
        if self.weekdays:
            data["weekdays"] = sorted(self.weekdays)
        if self.day is not None:
            data["day"] = self.day
        if self.last_working_day:
            data["last_working_day"] = True
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Recurrence:
        """Read :meth:`to_dict` output; raises ScheduleError('bad_recurrence') when invalid."""
        allowed = {"kind", "weekdays", "day", "last_working_day"}
        if not isinstance(data, Mapping) or not set(data) <= allowed:
            raise ScheduleError("bad_recurrence")
        kind = data.get("kind", NONE)
        weekdays = data.get("weekdays", [])
        day = data.get("day")
        last = data.get("last_working_day", False)
        if (
            not isinstance(kind, str)
            or not isinstance(weekdays, list | tuple)
            or not isinstance(last, bool)
        ):
            raise ScheduleError("bad_recurrence")
        try:
            return cls(kind, weekdays=frozenset(weekdays), day=day, last_working_day=last)
        except (TypeError, ValueError):
            raise ScheduleError("bad_recurrence") from None


def _month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def _clamped(index: int, day: int) -> date:
    """Day `day` of the month with index `index`, clamped to the month's last day."""
    year, month0 = divmod(index, 12)
    last = _cal.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day, last))


def _last_working_day(index: int, calendar: Calendar) -> date:
    year, month0 = divmod(index, 12)
    following = date(year + 1, 1, 1) if month0 == 11 else date(year, month0 + 2, 1)
    return calendar.previous_working_day(following)


class _Sequence:
    """The occurrences of one deadline: constant-time indexing and counting, no walk from the
    first due moment (so a weekly deadline years old costs the same as a new one).
    """

    def __init__(
        self, first_due: datetime, rec: Recurrence, tz: ZoneInfo, calendar: Calendar
    ) -> None:
        require_aware(first_due, "first_due")
        self.first = first_due.astimezone(UTC)
        self.rec = rec
        self.tz = tz
        self.calendar = calendar
        local = first_due.astimezone(tz)
        self.first_date = local.date()
        self.clock = local.time()
        if rec.kind == WEEKLY:
            days = rec.weekdays or frozenset({self.first_date.weekday()})
            wd0 = self.first_date.weekday()
            # Day offsets 1..7 from the first due date that fall on a chosen weekday.
            self.offsets = [k for k in range(1, 8) if (wd0 + k) % 7 in days]
        elif rec.kind in _STEP_MONTHS:
            self.step = _STEP_MONTHS[rec.kind]
            self.first_month = _month_index(self.first_date)
            # The rule's candidate in the first due's own month counts only if it is later.
            c0 = self._candidate(0)
            self.extra0 = 1 if c0 > self.first else 0

    def _at(self, d: date) -> datetime:
        return datetime.combine(d, self.clock, tzinfo=self.tz).astimezone(UTC)

    def _candidate_date(self, j: int) -> date:
        index = self.first_month + self.step * j
        if self.rec.last_working_day:
            return _last_working_day(index, self.calendar)
        day = self.rec.day if self.rec.day is not None else self.first_date.day
        return _clamped(index, day)

    def _candidate(self, j: int) -> datetime:
        return self._at(self._candidate_date(j))

    def get(self, n: int) -> datetime:
        """Occurrence number n (0 = the first due moment); ValueError/OverflowError past 9999,
        ScheduleError('no_occurrence') for a negative n or n > 0 of a one-off deadline.
        """
        if n < 0:
            raise ScheduleError("no_occurrence")
        if n == 0:
            return self.first
        kind = self.rec.kind
        if kind == NONE:
            raise ScheduleError("no_occurrence")
        if kind == WEEKLY:
            q, r = divmod(n - 1, len(self.offsets))
            return self._at(self.first_date + timedelta(days=7 * q + self.offsets[r]))
        return self._candidate(n - self.extra0)

    def count_at_or_before(self, moment: datetime) -> int:
        """How many occurrences are <= moment."""
        require_aware(moment, "moment")
        if moment < self.first:
            return 0
        kind = self.rec.kind
        if kind == NONE:
            return 1
        local_date = moment.astimezone(self.tz).date()
        if kind == WEEKLY:
            delta = (local_date - self.first_date).days
            per_week = len(self.offsets)
            count = (delta // 7) * per_week + sum(1 for o in self.offsets if o <= delta % 7)
            today_chosen = delta >= 1 and (delta - 1) % 7 + 1 in self.offsets
            if today_chosen and self._at(local_date) > moment:
                count -= 1  # today's occurrence is later today
            return 1 + count
        j_max = (_month_index(local_date) - self.first_month) // self.step
        count = 1
        if self.extra0 and self._candidate(0) <= moment:
            count += 1
        if j_max >= 1:
            count += j_max - 1
            if self._candidate(j_max) <= moment:
                count += 1
        return count

    def iterate(self, start: int) -> Iterator[datetime]:
        """Occurrences from number `start` on (stops at the end of the datetime range)."""
        n = start
        while True:
            try:
                yield self.get(n)
            except ScheduleError:
                return
            except (ValueError, OverflowError):
                return  # beyond year 9999
            n += 1


def occurrences(
    first_due: datetime,
    recurrence: Recurrence,
    tz: ZoneInfo,
    calendar: Calendar,
    *,
    after: datetime,
    limit: int,
) -> list[datetime]:
    """Due moments strictly after `after`, ascending, at most `limit` (UTC)."""
    if limit < 0:
        raise ValueError("limit must not be negative")
    seq = _Sequence(first_due, recurrence, tz, calendar)
    result: list[datetime] = []
    if limit == 0:
        return result
    for moment in seq.iterate(seq.count_at_or_before(after)):
        result.append(moment)
        if len(result) >= limit:
            break
    return result


def occurrence_at_or_before(
    first_due: datetime,
    recurrence: Recurrence,
    tz: ZoneInfo,
    calendar: Calendar,
    moment: datetime,
) -> datetime | None:
    """The latest due moment <= `moment` (UTC), or None when `moment` is before the first."""
    seq = _Sequence(first_due, recurrence, tz, calendar)
    count = seq.count_at_or_before(moment)
    return seq.get(count - 1) if count else None


def occurrence_number(
    first_due: datetime,
    recurrence: Recurrence,
    tz: ZoneInfo,
    calendar: Calendar,
    due: datetime,
) -> int:
    """The number of the occurrence at `due` (0 = first); ScheduleError('not_occurrence')."""
    seq = _Sequence(first_due, recurrence, tz, calendar)
    count = seq.count_at_or_before(due)
    if count == 0 or seq.get(count - 1) != due:
        raise ScheduleError("not_occurrence")
    return count - 1


def occurrence_by_number(
    first_due: datetime,
    recurrence: Recurrence,
    tz: ZoneInfo,
    calendar: Calendar,
    n: int,
) -> datetime:
    """The due moment of occurrence number `n` (UTC); ScheduleError('no_occurrence')."""
    seq = _Sequence(first_due, recurrence, tz, calendar)
    try:
        return seq.get(n)
    except ScheduleError:
        raise
    except (ValueError, OverflowError):
        raise ScheduleError("no_occurrence") from None
