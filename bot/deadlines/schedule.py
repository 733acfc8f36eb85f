"""Pure scheduling of reporting deadlines: recurrence, admin input, quiet hours, reminder plans.

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
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from bot.vntext import fold
from bot.workdays import OFFICE_CLOSE, Calendar

K = TypeVar("K")

NONE = "none"
WEEKLY = "weekly"
MONTHLY = "monthly"
QUARTERLY = "quarterly"
HALF_YEARLY = "half_yearly"
YEARLY = "yearly"
KINDS = (NONE, WEEKLY, MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY)
# Months between two occurrences of the month-based kinds.
_STEP_MONTHS = {MONTHLY: 1, QUARTERLY: 3, HALF_YEARLY: 6, YEARLY: 12}

MAX_OFFSET = timedelta(days=90)
MAX_OFFSETS = 10
# How far ahead an admin may set a due date (guards against typos such as 2062).
MAX_YEARS_AHEAD = 10
# Bound on the quiet-hours search: more quiet days in a row than this means broken data.
_MAX_QUIET_STEPS = 2 * 366 + 8


class ScheduleError(ValueError):
    """Why input or a request was refused; ``code`` is one of the codes below.

    Admin input: ``bad_offsets``, ``bad_date``, ``past``, ``bad_recurrence``, ``bad_quiet``.
    Occurrence numbering: ``not_occurrence`` (a moment that is not an occurrence),
    ``no_occurrence`` (a number with no occurrence).
    """

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")


# --- recurrence ------------------------------------------------------------------------------


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
        _aware(first_due, "first_due")
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
        _aware(moment, "moment")
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


# --- admin input -----------------------------------------------------------------------------

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


_DATE_PART = r"(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{4}|\d{2}))?"
_TIME_PART = r"(\d{1,2})(?::(\d{2})|\s*(?:h|g|gio)\s*(\d{2})?(?:\s*(?:p|phut))?)"
_DUE_DATE_FIRST = re.compile(rf"^{_DATE_PART}(?:\s+{_TIME_PART})?$")
_DUE_TIME_FIRST = re.compile(rf"^{_TIME_PART}\s+{_DATE_PART}$")
_DUE_FILLER = re.compile(r"\b(?:ngay|luc|vao)\b|,")


def parse_due(text: str, tz: ZoneInfo, now: datetime) -> datetime:
    """A due moment typed by an admin, in the future (UTC).

    Accepts "15/12/2026 17:00", "15/12/2026" (17:00), "15/12 17:00" (this year, or next year
    when already past), "17:00 15/12/2026", "17h30", separators / . -, and the words
    "ngày"/"lúc". Raises ScheduleError('bad_date') or ScheduleError('past').
    """
    _aware(now, "now")
    cleaned = " ".join(_DUE_FILLER.sub(" ", fold(text)).split())
    match = _DUE_DATE_FIRST.match(cleaned)
    if match is not None:
        day, month, year, hour, minute, minute_h = match.groups()
    else:
        match = _DUE_TIME_FIRST.match(cleaned)
        if match is None:
            raise ScheduleError("bad_date")
        hour, minute, minute_h, day, month, year = match.groups()
    if hour is None:
        clock = OFFICE_CLOSE
    else:
        h, m = int(hour), int(minute or minute_h or 0)
        if h > 23 or m > 59:
            raise ScheduleError("bad_date")
        clock = time(h, m)
    this_year = now.astimezone(tz).year

    def build(y: int) -> datetime:
        try:
            d = date(y, int(month), int(day))
        except ValueError:
            raise ScheduleError("bad_date") from None
        return datetime.combine(d, clock, tzinfo=tz).astimezone(UTC)

    if year is None:
        try:
            due = build(this_year)
        except ScheduleError:
            due = None  # e.g. 29/02 in a common year: try next year
        if due is None or due <= now:
            due = build(this_year + 1)
        return due
    y = int(year) + (2000 if len(year) == 2 else 0)
    if y < this_year:
        raise ScheduleError("past")
    if y > this_year + MAX_YEARS_AHEAD:
        raise ScheduleError("bad_date")
    due = build(y)
    if due <= now:
        raise ScheduleError("past")
    return due


_NO_REPEAT = {
    "khong",
    "khong lap",
    "khong lap lai",
    "mot lan",
    "1 lan",
    "none",
    "no",
    "once",
    "-",
}
_WEEKLY_RE = re.compile(r"^(?:(?:hang|moi)\s+tuan|weekly|every\s+week)\b[\s:,\-]*(.*)$")
_MONTHLY_RE = re.compile(r"^(?:(?:hang|moi)\s+thang|monthly|every\s+month)\b[\s:,\-]*(.*)$")
_QUARTERLY_RE = re.compile(
    r"^(?:(?:hang|moi)\s+quy|quy|quarterly|every\s+quarter|every\s+3\s+months"
    r"|(?:moi\s+)?(?:3|ba)\s+thang(?:\s+(?:mot|1)\s+lan)?)$"
)
_HALF_YEARLY_RE = re.compile(
    r"^(?:(?:(?:hang|moi)\s+)?(?:nua\s+nam|6\s+thang|sau\s+thang)(?:\s+(?:mot|1)\s+lan)?"
    r"|half[\s\-]?yearly|semi[\s\-]?annual(?:ly)?|every\s+6\s+months)$"
)
_YEARLY_RE = re.compile(r"^(?:(?:hang|moi)\s+nam|yearly|annually|every\s+year)$")
_MONTH_DAY_RE = re.compile(
    r"^(?:(?:vao\s+)?ngay|day|on\s+day|on\s+the)?\s*(\d{1,2})(?:st|nd|rd|th)?$"
)
_MONTH_LAST_WORKING_RE = re.compile(
    r"^(?:(?:vao\s+)?ngay\s+lam\s+viec\s+cuoi(?:\s+cung)?(?:\s+(?:cua\s+)?thang)?"
    r"|(?:on\s+the\s+)?last\s+work(?:ing\s+day|day|\s+day))$"
)
_MONTH_LAST_DAY_RE = re.compile(
    r"^(?:(?:vao\s+)?ngay\s+cuoi(?:\s+cung)?(?:\s+(?:cua\s+)?thang)?|cuoi\s+thang"
    r"|(?:on\s+the\s+)?last\s+day)$"
)
_VI_NUMBER_DAYS = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5}
_EN_DAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_WEEKDAY_TOKEN = re.compile(
    r"thu\s*([2-7])\b"
    r"|thu\s+(hai|ba|tu|nam|sau|bay)\b"
    r"|t([2-7])\b"
    r"|(chu\s*nhat|cn)\b"
    r"|(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b"
)
_BARE_NUMBER = re.compile(r"([2-7])\b")
_WEEKDAY_SEP = re.compile(r"(?:[\s,;&+/]|\bva\b|\band\b)+")
_WEEKDAY_RANGE = re.compile(r"\s*(?:-|–|\bden\b|\btoi\b|\bto\b)\s*")


def _weekday_of(match: re.Match[str]) -> int:
    number, vi_word, short, sunday, english = match.groups()
    if number is not None:
        return int(number) - 2
    if vi_word is not None:
        return _VI_NUMBER_DAYS[vi_word]
    if short is not None:
        return int(short) - 2
    if sunday is not None:
        return 6
    return _EN_DAYS[english]


def _parse_weekdays(text: str, *, english: bool) -> frozenset[int]:
    """ "thu 2, thu 6", "t2-t6", "mon,fri", "chu nhat" → weekday numbers (0 = Monday).

    A bare "thu" is Thursday only after an English prefix ("weekly"); after "hằng tuần" it is
    an unfinished "thứ …" and refused.
    """
    days: set[int] = set()
    pos, pending_range_from = 0, None
    previous: int | None = None
    while pos < len(text):
        rng = _WEEKDAY_RANGE.match(text, pos)
        if rng is not None and rng.end() > pos:
            if previous is None or pending_range_from is not None:
                raise ScheduleError("bad_recurrence")
            pending_range_from = previous
            pos = rng.end()
            continue
        sep = _WEEKDAY_SEP.match(text, pos)
        if sep is not None and sep.end() > pos:
            pos = sep.end()
            continue
        bare = _BARE_NUMBER.match(text, pos) if pending_range_from is not None else None
        if bare is not None:  # "thu 2-6": the end of a range may be a bare number
            day, end = int(bare.group(1)) - 2, bare.end()
        else:
            token = _WEEKDAY_TOKEN.match(text, pos)
            if token is None or (not english and token.group(0) == "thu"):
                raise ScheduleError("bad_recurrence")
            day, end = _weekday_of(token), token.end()
        if pending_range_from is not None:
            d = pending_range_from
            while d != day:
                days.add(d)
                d = (d + 1) % 7
            pending_range_from = None
        days.add(day)
        previous = day
        pos = end
    if pending_range_from is not None:
        raise ScheduleError("bad_recurrence")
    return frozenset(days)


def parse_recurrence(text: str) -> Recurrence:
    """A recurrence from admin words, with or without diacritics.

    "không" (once); "hằng tuần thứ 2, thứ 6" / "weekly mon,fri" / "hằng tuần t2-t6" (a bare
    "hằng tuần" repeats on the first due's weekday); "hằng tháng ngày 5"; "hằng tháng ngày làm
    việc cuối"; "hằng tháng ngày cuối" (the last calendar day); "hằng tháng" (the first due's
    day); "hằng quý"; "6 tháng"; "hằng năm". Raises ScheduleError('bad_recurrence').
    """
    cleaned = " ".join(fold(text).strip(" .!;:").split())
    if cleaned in _NO_REPEAT:
        return Recurrence.once()
    weekly = _WEEKLY_RE.match(cleaned)
    if weekly is not None:
        rest = weekly.group(1).strip(" ,;:")
        rest = re.sub(r"^(?:vao|on)\s+", "", rest)
        english = cleaned.startswith(("weekly", "every"))
        return Recurrence(WEEKLY, weekdays=_parse_weekdays(rest, english=english))
    monthly = _MONTHLY_RE.match(cleaned)
    if monthly is not None:
        rest = monthly.group(1).strip(" ,;:")
        if not rest:
            return Recurrence.monthly()
        if _MONTH_LAST_WORKING_RE.match(rest):
            return Recurrence.monthly_last_working_day()
        if _MONTH_LAST_DAY_RE.match(rest):
            return Recurrence.monthly(31)
        day = _MONTH_DAY_RE.match(rest)
        if day is None or not 1 <= int(day.group(1)) <= 31:
            raise ScheduleError("bad_recurrence")
        return Recurrence.monthly(int(day.group(1)))
    if _QUARTERLY_RE.match(cleaned):
        return Recurrence(QUARTERLY)
    if _HALF_YEARLY_RE.match(cleaned):
        return Recurrence(HALF_YEARLY)
    if _YEARLY_RE.match(cleaned):
        return Recurrence(YEARLY)
    raise ScheduleError("bad_recurrence")


# --- quiet hours -----------------------------------------------------------------------------

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
        _aware(moment, "moment")
        local = moment.astimezone(tz)
        return self.quiet_day(local.date(), calendar) or self._in_window(local.time())

    def next_allowed(self, moment: datetime, tz: ZoneInfo, calendar: Calendar) -> datetime:
        """`moment` itself when allowed, else the first allowed moment after it (UTC)."""
        _aware(moment, "moment")
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


# --- reminder plans --------------------------------------------------------------------------


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
    _aware(due, "due")
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
    _aware(due, "due")
    _aware(until, "until")
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
    _aware(now, "now")
    best: tuple[K, datetime] | None = None
    for key, at in times:
        if at <= now and (best is None or at >= best[1]):
            best = (key, at)
    return best[0] if best is not None else None
