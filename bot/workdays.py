"""Working days ("ngày làm việc") of civil servants, for the time limits of NĐ 73/2023/NĐ-CP.

A working day is a Monday-to-Friday that is not a public holiday, plus any weekend day the
Government turns into a working day (làm bù). Holidays, compensatory days off (nghỉ bù) and
swapped days (hoán đổi) change every year, so they are DATA: one YAML file per year in
``bot/data/holidays`` (see the README.md there), loaded and validated at start-up by
:func:`load_calendar`. A malformed file raises :class:`CalendarError` naming the file and line.

For a year without a file the calendar falls back to weekends plus the fixed solar statutory
holidays (1/1, 30/4, 1/5, 2/9, with the law's next-weekday compensation); it cannot know Tết
Nguyên đán or Giỗ Tổ Hùng Vương (lunar dates), so :meth:`Calendar.covers` reports False and
callers should say the result is an estimate.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo

import yaml

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
OFFICE_CLOSE = time(17, 0)
STATUSES = ("official", "provisional")
# From this day of the year on, a missing file for next year is worth a warning to admins.
WARN_FROM_MONTH_DAY = (10, 1)
# Fixed solar holidays of Bộ luật Lao động 2019, Điều 112 (names shown only for unknown years).
STATUTORY_SOLAR: tuple[tuple[int, int, str], ...] = (
    (1, 1, "New Year's Day"),
    (4, 30, "Reunification Day"),
    (5, 1, "International Workers' Day"),
    (9, 2, "National Day"),
)

_KEYS = {"year", "status", "source", "days_off", "working_days"}
_REQUIRED_KEYS = ("year", "status", "source", "days_off")
_ENTRY_KEYS = {"date", "name"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# A longer run of non-working days means the data is broken (guards every scan loop).
_MAX_GAP = 366


class CalendarError(Exception):
    """A holiday file is malformed (message "file:line: problem"), or the data is unusable."""


@dataclass(frozen=True, slots=True)
class YearCalendar:
    """One year's file: the weekdays off and the weekend days worked."""

    year: int
    status: str
    source: str
    days_off: Mapping[date, str]
    working_days: Mapping[date, str]
    file: str = ""

    @property
    def provisional(self) -> bool:
        """True while the Government's arrangement for the year is not (fully) known."""
        return self.status == "provisional"


@dataclass(frozen=True)
class Calendar:
    """The working-day calendar: immutable; build it with :func:`load_calendar`."""

    years: Mapping[int, YearCalendar]

    def __post_init__(self) -> None:
        frozen: dict[int, YearCalendar] = {}
        for year, data in self.years.items():
            if year != data.year:
                raise ValueError(f"year key {year} holds data of {data.year}")
            frozen[year] = YearCalendar(
                year=data.year,
                status=data.status,
                source=data.source,
                days_off=MappingProxyType(dict(data.days_off)),
                working_days=MappingProxyType(dict(data.working_days)),
                file=data.file,
            )
        object.__setattr__(self, "years", MappingProxyType(frozen))

    # --- coverage -----------------------------------------------------------------------

    def known_years(self) -> set[int]:
        """Years with a holiday file."""
        return set(self.years)

    def provisional_years(self) -> set[int]:
        """Years whose file is marked provisional (the Government has not announced it all)."""
        return {year for year, data in self.years.items() if data.provisional}

    def covers(self, d: date) -> bool:
        """True when d's year has a file; False means weekends + solar holidays only."""
        return d.year in self.years

    def missing_next_year(self, today: date) -> bool:
        """True from 1 October on when next year's file is missing (admins should add it)."""
        month, day = WARN_FROM_MONTH_DAY
        return today >= date(today.year, month, day) and today.year + 1 not in self.years

    def year(self, year: int) -> YearCalendar | None:
        """The data of one year, or None when there is no file for it."""
        return self.years.get(year)

    # --- days ---------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        """Whether civil servants work on d."""
        data = self.years.get(d.year)
        if data is None:
            return d.weekday() < 5 and d not in _statutory_days_off(d.year)
        if d in data.working_days:
            return True
        if d in data.days_off:
            return False
        return d.weekday() < 5

    def note(self, d: date) -> str | None:
        """The name recorded for d (a holiday, nghỉ bù, làm bù), or None."""
        data = self.years.get(d.year)
        if data is None:
            return _statutory_days_off(d.year).get(d)
        return data.days_off.get(d) or data.working_days.get(d)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after d."""
        return self.add_working_days(d, 1)

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before d."""
        return self.add_working_days(d, -1)

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after start (start itself not counted); before it if n < 0."""
        step = timedelta(days=1 if n >= 0 else -1)
        remaining = abs(n)
        day, gap = start, 0
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
                gap = 0
            else:
                gap += 1
                if gap > _MAX_GAP:
                    raise CalendarError(f"no working day for {_MAX_GAP} days from {day - step}")
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]; negative (minus those in (b, a]) when b < a."""
        if b < a:
            return -self.working_days_between(b, a)
        count, day = 0, a
        one = timedelta(days=1)
        while day < b:
            day += one
            if self.is_working_day(day):
                count += 1
        return count

    # --- NĐ73 time limits ---------------------------------------------------------------

    def due_from_receipt(
        self,
        received: datetime,
        days: int,
        tz: ZoneInfo,
        *,
        cutoff: time = OFFICE_CLOSE,
    ) -> datetime:
        """The moment (aware, UTC) a time limit of `days` working days ends.

        `received` is when the item reached the person who must act (aware datetime). Received
        after `cutoff` local time or on a non-working day, it counts as received on the next
        working day. Day 1 is the first working day after that receipt day; the limit ends at
        `cutoff` local time on day `days` (days=0: at `cutoff` on the receipt day itself).
        """
        if received.tzinfo is None or received.utcoffset() is None:
            raise ValueError("received must be an aware datetime")
        if cutoff.tzinfo is not None:
            raise ValueError("cutoff is a local wall-clock time without tzinfo")
        if days < 0:
            raise ValueError("days must not be negative")
        local = received.astimezone(tz)
        receipt_day = local.date()
        if not self.is_working_day(receipt_day) or local.time() > cutoff:
            receipt_day = self.next_working_day(receipt_day)
        due_day = self.add_working_days(receipt_day, days)
        return datetime.combine(due_day, cutoff, tzinfo=tz).astimezone(UTC)

    def working_days_left(self, now: datetime, due: datetime, tz: ZoneInfo) -> int:
        """Working days from today (exclusive) to the due day (inclusive), for display.

        0 on the due day until the due moment; negative once `now` is past `due`: minus the
        working days from the due day to today, and at least -1 (so the evening of the due day,
        or a weekend right after it, already shows as overdue).
        """
        if now.tzinfo is None or due.tzinfo is None:
            raise ValueError("now and due must be aware datetimes")
        today = now.astimezone(tz).date()
        due_day = due.astimezone(tz).date()
        if now > due:
            return -max(1, self.working_days_between(due_day, today))
        return self.working_days_between(today, due_day)


@cache
def _statutory_days_off(year: int) -> Mapping[date, str]:
    """Weekdays off from the fixed solar holidays of a year, with next-weekday compensation."""
    holidays = {date(year, month, day): name for month, day, name in STATUTORY_SOLAR}
    off = {d: name for d, name in holidays.items() if d.weekday() < 5}
    for d, name in sorted(holidays.items()):
        if d.weekday() >= 5:
            sub = d + timedelta(days=1)
            while sub.weekday() >= 5 or sub in holidays or sub in off:
                sub += timedelta(days=1)
            off[sub] = f"{name} (compensatory day off)"
    return MappingProxyType(off)


# --- loading -----------------------------------------------------------------------------


def default_folder() -> Path:
    """The holiday folder shipped with the bot."""
    return Path(str(resources.files("bot").joinpath("data/holidays")))


@cache
def default_calendar() -> Calendar:
    """The calendar of the shipped holiday folder, loaded once."""
    return load_calendar()


def load_calendar(folder: Path | None = None) -> Calendar:
    """Load and validate every `*.yaml` file of the folder (default: the shipped one)."""
    folder = default_folder() if folder is None else folder
    if not folder.is_dir():
        raise CalendarError(f"{folder}: holiday folder not found")
    years: dict[int, YearCalendar] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise CalendarError(f"{path}:1: not UTF-8 text") from None
        data = parse_year_file(text, str(path))
        if _YEAR.match(path.stem) and int(path.stem) != data.year:
            raise CalendarError(f"{path}:1: file name says {path.stem} but year is {data.year}")
        if data.year in years:
            raise CalendarError(f"{path}:1: year {data.year} already in {years[data.year].file}")
        years[data.year] = data
    return Calendar(years)


def parse_year_file(text: str, label: str) -> YearCalendar:
    """Parse one year's YAML text; `label` (the file name) prefixes every error."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise CalendarError(f"{label}:{line}: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise CalendarError(f"{label}:1: {exc}") from None
    if root is None:
        raise CalendarError(f"{label}:1: the file is empty")
    fields = _mapping(root, label, "the file", _KEYS)
    for key in _REQUIRED_KEYS:
        if key not in fields:
            raise CalendarError(f"{label}:{_line(root)}: missing '{key}'")

    year_text = _scalar(fields["year"], label, "year")
    if not _YEAR.match(year_text):
        raise CalendarError(f"{label}:{_line(fields['year'])}: year must be like 2025")
    year = int(year_text)
    status = _scalar(fields["status"], label, "status")
    if status not in STATUSES:
        raise CalendarError(
            f"{label}:{_line(fields['status'])}: status must be one of {', '.join(STATUSES)}"
        )
    source = _scalar(fields["source"], label, "source").strip()
    if not source:
        raise CalendarError(f"{label}:{_line(fields['source'])}: source must not be empty")

    days_off = _entries(fields["days_off"], label, "days_off", year)
    working: dict[date, tuple[str, int]] = {}
    if "working_days" in fields:
        working = _entries(fields["working_days"], label, "working_days", year)
    for d, (_, line) in working.items():
        if d in days_off:
            raise CalendarError(
                f"{label}:{line}: {d} is also a day off (line {days_off[d][1]}); "
                "a date is either off or working"
            )
        if d.weekday() < 5:
            raise CalendarError(
                f"{label}:{line}: {d} is a {_WEEKDAYS[d.weekday()]}; working_days lists only "
                "Saturdays and Sundays that are worked (làm bù)"
            )
    return YearCalendar(
        year=year,
        status=status,
        source=source,
        days_off={d: name for d, (name, _) in days_off.items()},
        working_days={d: name for d, (name, _) in working.items()},
        file=label,
    )


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _mapping(node: yaml.Node, label: str, what: str, allowed: set[str]) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise CalendarError(f"{label}:{_line(node)}: {what} must be a mapping (key: value)")
    fields: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = _scalar(key_node, label, "a key")
        if key not in allowed:
            raise CalendarError(
                f"{label}:{_line(key_node)}: unknown key '{key}' in {what} "
                f"(expected {', '.join(sorted(allowed))})"
            )
        if key in fields:
            raise CalendarError(f"{label}:{_line(key_node)}: key '{key}' given twice")
        fields[key] = value_node
    return fields


def _scalar(node: yaml.Node, label: str, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise CalendarError(f"{label}:{_line(node)}: {what} must be a single value")
    return str(node.value)


def _entries(node: yaml.Node, label: str, what: str, year: int) -> dict[date, tuple[str, int]]:
    """`{date: ..., name: ...}` items of a list, keyed by date, with their line numbers."""
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        return {}  # "days_off:" with nothing after it
    if not isinstance(node, yaml.SequenceNode):
        raise CalendarError(f"{label}:{_line(node)}: {what} must be a list of entries")
    found: dict[date, tuple[str, int]] = {}
    for item in node.value:
        line = _line(item)
        fields = _mapping(item, label, f"a {what} entry", _ENTRY_KEYS)
        for key in ("date", "name"):
            if key not in fields:
                raise CalendarError(f"{label}:{line}: {what} entry is missing '{key}'")
        d = _date(_scalar(fields["date"], label, "date"), label, _line(fields["date"]))
        if d.year != year:
            raise CalendarError(f"{label}:{line}: {d} is not in year {year}")
        name = _scalar(fields["name"], label, "name").strip()
        if not name:
            raise CalendarError(f"{label}:{line}: name must not be empty")
        if d in found:
            raise CalendarError(
                f"{label}:{line}: {d} is listed twice in {what} (first on line {found[d][1]})"
            )
        found[d] = (name, line)
    return found


def _date(text: str, label: str, line: int) -> date:
    if not _DATE.match(text):
        raise CalendarError(f"{label}:{line}: date '{text}' must be written YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CalendarError(f"{label}:{line}: '{text}' is not a valid date") from None
