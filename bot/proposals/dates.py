"""Parse a planned period as staff type it: "tháng 3/2027 đến 12/2027"."""

from __future__ import annotations

import calendar
import re
from datetime import date

from bot.models.proposals import Period
from bot.vntext import fold

_DAY = r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})"
_MONTH = r"(?:thang\s*)?(\d{1,2})[/.\-](\d{4})"
_PART = re.compile(rf"^(?:{_DAY}|{_MONTH})$")
_SPLIT = re.compile(r"\s*(?:\bden\b|\btoi\b|–|—|\s-\s|->|~)\s*")


class PeriodError(ValueError):
    """Why a period could not be read: bad_format, bad_date, order, past, too_long."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _part(text: str, *, end: bool) -> date:
    match = _PART.match(text.strip())
    if match is None:
        raise PeriodError("bad_format")
    day, month, year, only_month, only_year = match.groups()
    try:
        if day is not None:
            return date(int(year), int(month), int(day))
        y, m = int(only_year), int(only_month)
        last = calendar.monthrange(y, m)[1] if 1 <= m <= 12 else 1
        return date(y, m, last if end else 1)
    except ValueError:
        raise PeriodError("bad_date") from None


def parse_period(text: str, today: date, *, max_years: int = 10) -> Period:
    """Read a from–to period; both ends required, in order, not starting in the past."""
    folded = fold(text).replace(",", " ")
    folded = re.sub(r"^\s*tu\s+", "", folded)
    parts = [p for p in _SPLIT.split(folded) if p.strip()]
    if len(parts) == 1 and folded.count("-") == 1 and "/" in folded:
        parts = folded.split("-")
    if len(parts) != 2:
        raise PeriodError("bad_format")
    start, end = _part(parts[0], end=False), _part(parts[1], end=True)
    if end < start:
        raise PeriodError("order")
    if start < today:
        raise PeriodError("past")
    if end.year - start.year > max_years:
        raise PeriodError("too_long")
    return Period(start, end)
