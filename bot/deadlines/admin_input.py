"""What an admin types for a deadline: the due moment and the recurrence, in Vietnamese words.

Both readers fold diacritics first, so "hằng tuần thứ 2" and "hang tuan thu 2" are alike.
Nothing here reads the clock: "now" is an argument.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.deadlines.recurrence import (
    HALF_YEARLY,
    QUARTERLY,
    WEEKLY,
    YEARLY,
    Recurrence,
    ScheduleError,
    require_aware,
)
from bot.vntext import fold
from bot.workdays import OFFICE_CLOSE

# How far ahead an admin may set a due date (guards against typos such as 2062).
MAX_YEARS_AHEAD = 10

_DATE_PART = r"(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{4}|\d{2}))?"
_TIME_PART = r"(\d{1,2})(?::(\d{2})|\s*(?:h|g|gio)\s*(\d{2})?(?:\s*(?:p|phut))?)"
_DUE_DATE_FIRST = re.compile(rf"^{_DATE_PART}(?:\s+{_TIME_PART})?$")
_DUE_TIME_FIRST = re.compile(rf"^{_TIME_PART}\s+{_DATE_PART}$")
_DUE_FILLER = re.compile(r"\b(?:ngay|luc|vao)\b|,")


_TIME_ONLY = re.compile(rf"^{_TIME_PART}$")
_DAY_PERIOD = re.compile(r"\b(sang|trua|chieu|toi)\b")
_RELATIVE_DAY = re.compile(r"\b(hom nay|hom qua|nay|mai|kia|mot|qua)\b")
_DAY_OFFSETS = {"hom nay": 0, "nay": 0, "mai": 1, "kia": 2, "mot": 2, "hom qua": -1, "qua": -1}
_WEEKDAY_WORD = re.compile(
    r"\b(?:thu\s*([2-7])|thu\s+(hai|ba|tu|nam|sau|bay)|t([2-7])|(chu nhat|cn))\b"
    r"(?:\s+tuan\s+(nay|sau|toi))?"
)


def parse_due(text: str, tz: ZoneInfo, now: datetime) -> datetime:
    """A due moment typed by an admin, in the future (UTC).

    Accepts "15/12/2026 17:00", "15/12/2026" (17:00), "15/12 17:00" (this year, or next year
    when already past), "17:00 15/12/2026", "17h30", separators / . -, the words
    "ngày"/"lúc", and days in words: "mai 17h", "hôm nay 16:30", "ngày kia", "thứ sáu tuần
    sau", "thứ 6 3h chiều" (a day alone means 17:00). Raises ScheduleError('bad_date'),
    ScheduleError('past'), or ScheduleError('no_hour') for a part of the day without an hour
    ("sáng mai").
    """
    require_aware(now, "now")
    cleaned = " ".join(_DUE_FILLER.sub(" ", fold(text)).split())
    words = _due_in_words(cleaned, tz, now)
    if words is not None:
        if words <= now:
            raise ScheduleError("past")
        return words
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


def _due_in_words(cleaned: str, tz: ZoneInfo, now: datetime) -> datetime | None:
    """A due moment whose day is said in words; None when no day word is there."""
    period = _DAY_PERIOD.search(cleaned)
    rest = _DAY_PERIOD.sub(" ", cleaned) if period else cleaned
    today = now.astimezone(tz).date()
    weekday = _WEEKDAY_WORD.search(rest)
    day_word = _RELATIVE_DAY.search(rest) if weekday is None else None
    if weekday is not None:
        day = _weekday_date(weekday, today)
        found: re.Match[str] = weekday
    elif day_word is not None:
        day = today + timedelta(days=_DAY_OFFSETS[day_word.group(1)])
        found = day_word
    else:
        return None
    clock_text = " ".join((rest[: found.start()] + " " + rest[found.end() :]).split())
    clock = _clock_of(clock_text, period.group(1) if period else None)
    due = datetime.combine(day, clock, tzinfo=tz).astimezone(UTC)
    if weekday is not None and weekday.group(5) is None and due <= now:
        due = datetime.combine(day + timedelta(days=7), clock, tzinfo=tz).astimezone(UTC)
    return due


def _weekday_date(match: re.Match[str], today: date) -> date:
    """The date of "thứ sáu" (the coming one), "thứ sáu tuần này", "thứ sáu tuần sau"."""
    number, vi_word, short, _sunday, week = match.groups()
    if number is not None or short is not None:
        wanted = int(number or short) - 2
    elif vi_word is not None:
        wanted = _VI_NUMBER_DAYS[vi_word]
    else:
        wanted = 6
    monday = today - timedelta(days=today.weekday())
    if week == "nay":
        return monday + timedelta(days=wanted)
    if week in ("sau", "toi"):
        return monday + timedelta(days=7 + wanted)
    return today + timedelta(days=(wanted - today.weekday()) % 7)


def _clock_of(text: str, period: str | None) -> time:
    """The hour of a due said in words: "17h", "3h chiều", nothing (17:00)."""
    if not text:
        if period is not None:
            raise ScheduleError("no_hour")
        return OFFICE_CLOSE
    match = _TIME_ONLY.match(text)
    if match is None:
        raise ScheduleError("bad_date")
    hour, minute, minute_h = match.groups()
    h, m = int(hour), int(minute or minute_h or 0)
    if (period in ("chieu", "toi") and h < 12) or (period == "trua" and h < 3):
        h += 12
    if h > 23 or m > 59:
        raise ScheduleError("bad_date")
    return time(h, m)


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
