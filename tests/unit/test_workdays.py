"""Working-day calendar and NĐ73 due dates.

Expected dates are typed from the Government's announcements and counted by hand on a
calendar; they are never read back from the holiday files.
"""

from __future__ import annotations

import dataclasses
import textwrap
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.workdays import Calendar, CalendarError, load_calendar

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return load_calendar()


def local(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=HCM)


def due_local(y: int, m: int, d: int) -> datetime:
    """17:00 in Nha Trang on the given day, expressed in UTC (10:00 UTC)."""
    return datetime(y, m, d, 10, 0, tzinfo=UTC)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


MINIMAL_2025 = """
    year: 2025
    status: official
    source: "test"
    days_off:
      - {date: 2025-01-01, name: "Tết Dương lịch"}
"""


# --- shipped data ----------------------------------------------------------------------


def test_shipped_files_load(cal: Calendar) -> None:
    assert {2025, 2026, 2027} <= cal.known_years()
    assert 2025 not in cal.provisional_years()
    assert 2027 in cal.provisional_years()
    assert cal.covers(date(2026, 6, 1))
    for data in cal.years.values():
        # days_off only makes a difference on weekdays: a weekend there is likely a typo.
        assert all(d.weekday() < 5 for d in data.days_off), data.file


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 1, 1), False),  # Wed, Tết Dương lịch
        (date(2025, 1, 2), True),
        (date(2025, 1, 24), True),  # Fri before Tết
        (date(2025, 1, 25), False),  # Sat
        (date(2025, 1, 27), False),
        (date(2025, 1, 29), False),  # mùng 1 Tết Ất Tỵ
        (date(2025, 1, 31), False),
        (date(2025, 2, 2), False),  # Sun
        (date(2025, 2, 3), True),  # Mon after Tết
        (date(2025, 4, 7), False),  # Giỗ Tổ
        (date(2025, 4, 26), True),  # Sat, làm bù
        (date(2025, 4, 30), False),
        (date(2025, 5, 1), False),
        (date(2025, 5, 2), False),  # Fri, swapped with 26/04
        (date(2025, 5, 5), True),
        (date(2025, 8, 29), True),
        (date(2025, 9, 1), False),
        (date(2025, 9, 2), False),
        (date(2025, 9, 3), True),
        (date(2026, 1, 1), False),  # Thu, Tết Dương lịch
        (date(2026, 1, 2), False),  # Fri, swapped with 10/01
        (date(2026, 1, 10), True),  # Sat, làm bù
        (date(2026, 2, 13), True),  # Fri before Tết Bính Ngọ
        (date(2026, 2, 16), False),
        (date(2026, 2, 17), False),  # mùng 1 Tết Bính Ngọ
        (date(2026, 2, 20), False),
        (date(2026, 2, 23), True),
        (date(2026, 4, 27), False),  # Mon, nghỉ bù Giỗ Tổ (Sun 26/04)
        (date(2026, 4, 28), True),
        (date(2026, 4, 30), False),
        (date(2026, 5, 1), False),
        (date(2026, 9, 2), False),
    ],
)
def test_announced_days(cal: Calendar, day: date, working: bool) -> None:
    assert cal.is_working_day(day) is working


# --- NĐ73 due dates --------------------------------------------------------------------


def test_tet_2025_received_thursday_morning(cal: Calendar) -> None:
    # Thu 23/01 10:00 -> day 1 Fri 24/01; 25/01-02/02 off; day 2 Mon 03/02, 3 Tue 04/02,
    # 4 Wed 05/02, 5 Thu 06/02, 6 Fri 07/02, 7 Mon 10/02.
    due = cal.due_from_receipt(local(2025, 1, 23, 10), 7, HCM)
    assert due == due_local(2025, 2, 10)


def test_tet_2025_received_friday_evening_counts_from_monday_after_tet(cal: Calendar) -> None:
    # Fri 24/01 18:00 is after 17:00 -> received Mon 03/02; day 1 Tue 04/02, 2 Wed 05/02,
    # 3 Thu 06/02, 4 Fri 07/02, 5 Mon 10/02, 6 Tue 11/02, 7 Wed 12/02.
    due = cal.due_from_receipt(local(2025, 1, 24, 18), 7, HCM)
    assert due == due_local(2025, 2, 12)


def test_tet_2025_received_on_saturday(cal: Calendar) -> None:
    due = cal.due_from_receipt(local(2025, 1, 25, 9), 7, HCM)
    assert due == due_local(2025, 2, 12)


def test_30_4_2025_with_saturday_worked(cal: Calendar) -> None:
    # Fri 25/04 09:00 -> day 1 Sat 26/04 (làm bù), 2 Mon 28/04, 3 Tue 29/04;
    # 30/04-04/05 off; 4 Mon 05/05, 5 Tue 06/05.
    due = cal.due_from_receipt(local(2025, 4, 25, 9), 5, HCM)
    assert due.astimezone(HCM) == local(2025, 5, 6, 17)
    assert due == due_local(2025, 5, 6)


def test_quoc_khanh_2025(cal: Calendar) -> None:
    # Thu 28/08 16:59 -> day 1 Fri 29/08; 30/08-02/09 off; 2 Wed 03/09, 3 Thu 04/09.
    assert cal.due_from_receipt(local(2025, 8, 28, 16, 59), 3, HCM) == due_local(2025, 9, 4)


def test_received_exactly_at_cutoff_counts_that_day(cal: Calendar) -> None:
    # Fri 29/08/2025 17:00 sharp is not "after 17:00": day 1 is Wed 03/09.
    assert cal.due_from_receipt(local(2025, 8, 29, 17, 0), 1, HCM) == due_local(2025, 9, 3)
    # 17:01 -> received Wed 03/09, day 1 Thu 04/09.
    assert cal.due_from_receipt(local(2025, 8, 29, 17, 1), 1, HCM) == due_local(2025, 9, 4)


def test_gio_to_2025(cal: Calendar) -> None:
    # Fri 04/04 08:00 -> Mon 07/04 Giỗ Tổ off; day 1 Tue 08/04, day 2 Wed 09/04.
    assert cal.due_from_receipt(local(2025, 4, 4, 8), 2, HCM) == due_local(2025, 4, 9)


def test_tet_2026(cal: Calendar) -> None:
    # Thu 12/02/2026 15:00 -> day 1 Fri 13/02; 14/02-22/02 off; 2 Mon 23/02, 3 Tue 24/02,
    # 4 Wed 25/02, 5 Thu 26/02.
    assert cal.due_from_receipt(local(2026, 2, 12, 15), 5, HCM) == due_local(2026, 2, 26)


def test_new_year_2026_across_years(cal: Calendar) -> None:
    # Wed 31/12/2025 10:00 -> 01/01-04/01/2026 off; day 1 Mon 05/01, day 2 Tue 06/01.
    assert cal.due_from_receipt(local(2025, 12, 31, 10), 2, HCM) == due_local(2026, 1, 6)
    # Fri 09/01/2026 -> day 1 is Sat 10/01 (làm bù for 02/01).
    assert cal.due_from_receipt(local(2026, 1, 9, 10), 1, HCM) == due_local(2026, 1, 10)


def test_gio_to_2026_compensatory_monday(cal: Calendar) -> None:
    # Fri 24/04/2026 -> 25-26/04 weekend, 27/04 nghỉ bù; day 1 Tue 28/04, 2 Wed 29/04;
    # 30/04-03/05 off; day 3 Mon 04/05.
    assert cal.due_from_receipt(local(2026, 4, 24, 10), 3, HCM) == due_local(2026, 5, 4)


def test_receipt_given_in_utc_is_judged_in_local_time(cal: Calendar) -> None:
    # 22/01/2025 18:00 UTC is Thu 23/01 01:00 in Nha Trang: same as the Thursday-morning case.
    received = datetime(2025, 1, 22, 18, 0, tzinfo=UTC)
    due = cal.due_from_receipt(received, 7, HCM)
    assert due.tzinfo is UTC
    assert due == datetime(2025, 2, 10, 10, 0, tzinfo=UTC)
    assert due.astimezone(HCM) == datetime(2025, 2, 10, 17, 0, tzinfo=HCM)
    # 23/01 10:30 UTC is 17:30 local -> received Fri 24/01; day 1 Mon 03/02 ... day 7 Tue 11/02.
    late = datetime(2025, 1, 23, 10, 30, tzinfo=UTC)
    assert cal.due_from_receipt(late, 7, HCM) == datetime(2025, 2, 11, 10, 0, tzinfo=UTC)


def test_custom_cutoff(cal: Calendar) -> None:
    # With a 16:30 cutoff, Thu 23/01/2025 16:45 counts from Fri 24/01: day 1 is Mon 03/02.
    due = cal.due_from_receipt(local(2025, 1, 23, 16, 45), 1, HCM, cutoff=time(16, 30))
    assert due == datetime(2025, 2, 3, 9, 30, tzinfo=UTC)


def test_due_from_receipt_rejects_bad_input(cal: Calendar) -> None:
    with pytest.raises(ValueError, match="aware"):
        cal.due_from_receipt(datetime(2025, 1, 23, 10), 7, HCM)
    with pytest.raises(ValueError, match="negative"):
        cal.due_from_receipt(local(2025, 1, 23), -1, HCM)


# --- counting --------------------------------------------------------------------------


def test_add_and_count_working_days(cal: Calendar) -> None:
    assert cal.next_working_day(date(2025, 4, 29)) == date(2025, 5, 5)
    assert cal.previous_working_day(date(2025, 5, 5)) == date(2025, 4, 29)
    assert cal.add_working_days(date(2025, 4, 25), 0) == date(2025, 4, 25)
    assert cal.add_working_days(date(2025, 4, 25), 5) == date(2025, 5, 6)
    assert cal.add_working_days(date(2025, 5, 6), -5) == date(2025, 4, 25)
    # (25/04, 06/05]: 26/04, 28/04, 29/04, 05/05, 06/05.
    assert cal.working_days_between(date(2025, 4, 25), date(2025, 5, 6)) == 5
    assert cal.working_days_between(date(2025, 5, 6), date(2025, 4, 25)) == -5
    assert cal.working_days_between(date(2025, 5, 6), date(2025, 5, 6)) == 0
    # January 2025: 23 weekdays, minus 1/1 and 27/01-31/01 = 17 working days.
    assert cal.working_days_between(date(2024, 12, 31), date(2025, 1, 31)) == 17


def test_working_days_left(cal: Calendar) -> None:
    due = due_local(2025, 5, 6)  # Tue 06/05/2025 17:00 local
    assert cal.working_days_left(local(2025, 4, 25, 9), due, HCM) == 5
    assert cal.working_days_left(local(2025, 5, 2, 10), due, HCM) == 2  # holiday: 05, 06/05
    assert cal.working_days_left(local(2025, 5, 5, 10), due, HCM) == 1
    assert cal.working_days_left(local(2025, 5, 6, 8), due, HCM) == 0
    assert cal.working_days_left(local(2025, 5, 6, 17), due, HCM) == 0
    assert cal.working_days_left(local(2025, 5, 6, 17, 30), due, HCM) == -1
    assert cal.working_days_left(local(2025, 5, 7, 9), due, HCM) == -1
    assert cal.working_days_left(local(2025, 5, 9, 9), due, HCM) == -3
    assert cal.working_days_left(local(2025, 5, 10, 9), due, HCM) == -3  # Saturday
    # Due Fri 29/08/2025; Sat 30/08 has no working day after it yet, but it is overdue.
    assert cal.working_days_left(local(2025, 8, 30), due_local(2025, 8, 29), HCM) == -1
    # "now" given in UTC: 05/05/2025 20:00 UTC is already Tue 06/05 03:00 local.
    now_utc = datetime(2025, 5, 5, 20, 0, tzinfo=UTC)
    assert cal.working_days_left(now_utc, due, HCM) == 0


# --- coverage and fallback -------------------------------------------------------------


def test_missing_next_year_with_shipped_data(cal: Calendar) -> None:
    assert not cal.missing_next_year(date(2026, 12, 31))  # 2027 is there
    assert not cal.missing_next_year(date(2027, 9, 30))
    assert cal.missing_next_year(date(2027, 10, 1))


def test_missing_next_year_from_october(tmp_path: Path) -> None:
    write(tmp_path, "2025.yaml", MINIMAL_2025)
    one_year = load_calendar(tmp_path)
    assert one_year.known_years() == {2025}
    assert not one_year.missing_next_year(date(2025, 9, 30))
    assert one_year.missing_next_year(date(2025, 10, 1))
    assert one_year.missing_next_year(date(2025, 12, 31))


def test_unknown_year_falls_back_to_statutory_solar_days(cal: Calendar) -> None:
    assert not cal.covers(date(2031, 1, 1))
    assert not cal.is_working_day(date(2031, 1, 1))  # Wed
    assert cal.is_working_day(date(2031, 1, 2))
    assert not cal.is_working_day(date(2031, 9, 2))  # Tue
    assert not cal.is_working_day(date(2032, 4, 30))  # Fri
    assert not cal.is_working_day(date(2032, 5, 3))  # Mon: 1/5/2032 is a Saturday
    assert cal.is_working_day(date(2032, 5, 4))
    assert not cal.is_working_day(date(2029, 9, 3))  # Mon: 2/9/2029 is a Sunday
    # Lunar holidays are unknown there: mùng 1 Tết 2031 (Thu 23/01) counts as a working day.
    assert cal.is_working_day(date(2031, 1, 23))


def test_calendar_is_immutable(cal: Calendar) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        cal.years = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        cal.years[2030] = cal.years[2025]  # type: ignore[index]
    with pytest.raises(TypeError):
        cal.years[2025].days_off[date(2025, 3, 3)] = "x"  # type: ignore[index]


# --- malformed files -------------------------------------------------------------------


def test_weekend_in_days_off_is_accepted(tmp_path: Path) -> None:
    write(
        tmp_path,
        "2025.yaml",
        MINIMAL_2025 + '      - {date: 2025-01-04, name: "Saturday, pointless"}\n',
    )
    loaded = load_calendar(tmp_path)
    assert not loaded.is_working_day(date(2025, 1, 4))
    assert loaded.note(date(2025, 1, 1)) == "Tết Dương lịch"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            """
            year: 2025
            status: official
            source: "test"
            days_off:
              - {date: 2025-01-01, name: "Tết Dương lịch"}
              - {date: 2025-02-30, name: "No such day"}
            """,
            r"2025\.yaml:6: '2025-02-30' is not a valid date",
        ),
        (
            """
            year: 2025
            status: official
            source: "test"
            days_off:
              - {date: 2024-12-31, name: "Wrong year"}
            """,
            r"2025\.yaml:5: 2024-12-31 is not in year 2025",
        ),
        (
            """
            year: 2025
            status: official
            source: "test"
            days_off:
              - {date: 2025-04-26, name: "Off"}
            working_days:
              - {date: 2025-04-26, name: "Worked"}
            """,
            r"2025\.yaml:7: 2025-04-26 is also a day off \(line 5\)",
        ),
        (
            """
            year: 2025
            status: official
            source: "test"
            days_off: []
            working_days:
              - {date: 2025-04-28, name: "A Monday"}
            """,
            r"2025\.yaml:6: 2025-04-28 is a Monday",
        ),
        (
            """
            year: 2025
            status: final
            source: "test"
            days_off: []
            """,
            r"2025\.yaml:2: status must be one of official, provisional",
        ),
        (
            """
            year: 2025
            status: official
            source: "test"
            days_of: []
            """,
            r"2025\.yaml:4: unknown key 'days_of'",
        ),
        (
            """
            year: 2025
            status: official
            source: "test"
            days_off:
              - {date: 2025-01-01, name: "One"}
              - {date: 2025-01-01, name: "Two"}
            """,
            r"2025\.yaml:6: 2025-01-01 is listed twice in days_off \(first on line 5\)",
        ),
        (
            """
            year: 2025
            status: official
            source: "test"
            days_off:
              - {date: 1/1/2025, name: "Day-first"}
            """,
            r"2025\.yaml:5: date '1/1/2025' must be written YYYY-MM-DD",
        ),
        (
            """
            year: 2025
            status: official
            source: "test"
            days_off:
              - {date: 2025-01-01}
            """,
            r"2025\.yaml:5: days_off entry is missing 'name'",
        ),
        (
            """
            year: 2025
            status: official
            days_off: []
            """,
            r"2025\.yaml:1: missing 'source'",
        ),
        (
            """
            year: 2025
            status: official
            source: "test"
            days_off:
              - {date: 2025-01-01, name: "unclosed
            """,
            r"2025\.yaml:\d+: ",
        ),
        (
            """
            year: 2026
            status: official
            source: "test"
            days_off: []
            """,
            r"2025\.yaml:1: file name says 2025 but year is 2026",
        ),
        ("", r"2025\.yaml:1: the file is empty"),
    ],
)
def test_malformed_file_names_file_and_line(tmp_path: Path, body: str, message: str) -> None:
    write(tmp_path, "2025.yaml", body)
    with pytest.raises(CalendarError, match=message) as info:
        load_calendar(tmp_path)
    assert str(tmp_path / "2025.yaml") in str(info.value)


def test_same_year_in_two_files(tmp_path: Path) -> None:
    write(tmp_path, "2025.yaml", MINIMAL_2025)
    write(tmp_path, "tet-2025.yaml", MINIMAL_2025)
    with pytest.raises(
        CalendarError, match=r"tet-2025\.yaml:1: year 2025 already in .*2025\.yaml"
    ):
        load_calendar(tmp_path)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(CalendarError, match="holiday folder not found"):
        load_calendar(tmp_path / "nope")
