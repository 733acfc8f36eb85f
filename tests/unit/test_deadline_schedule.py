"""Scheduling of reporting deadlines: recurrence, admin input, quiet hours, reminder plans.

Every expected date is typed by hand from a printed calendar and the holiday announcements
(bot/data/holidays/2026.yaml: 30/4 Thu and 1/5 Fri off; Tết 14/02–22/02/2026; Sat 10/01/2026
worked in exchange for Fri 02/01); none is computed by the code under test.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.deadlines.admin_input import parse_due, parse_recurrence
from bot.deadlines.offsets import latest_missed, overdue_times, parse_offsets, reminder_times
from bot.deadlines.quiet import QuietHours
from bot.deadlines.recurrence import (
    HALF_YEARLY,
    QUARTERLY,
    YEARLY,
    Recurrence,
    ScheduleError,
    occurrence_at_or_before,
    occurrence_by_number,
    occurrence_number,
    occurrences,
)
from bot.workdays import Calendar, default_calendar

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
D = timedelta(days=1)
H = timedelta(hours=1)
M = timedelta(minutes=1)


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return default_calendar()


def vn(y: int, mo: int, d: int, hh: int = 17, mm: int = 0) -> datetime:
    """A local (Nha Trang) wall-clock moment."""
    return datetime(y, mo, d, hh, mm, tzinfo=HCM)


def upcoming(first: datetime, rec: Recurrence, cal: Calendar, n: int) -> list[datetime]:
    """The first n occurrences, the first due moment included."""
    return occurrences(first, rec, HCM, cal, after=first - timedelta(seconds=1), limit=n)


# --- recurrence: each kind -----------------------------------------------------------------


def test_none_has_only_the_first_due(cal: Calendar) -> None:
    first = vn(2026, 12, 15)
    once = Recurrence.once()
    assert occurrences(first, once, HCM, cal, after=vn(2026, 12, 1), limit=5) == [first]
    assert occurrences(first, once, HCM, cal, after=first, limit=5) == []
    assert occurrence_at_or_before(first, once, HCM, cal, vn(2027, 6, 1)) == first
    assert occurrence_at_or_before(first, once, HCM, cal, vn(2026, 12, 15, 16, 59)) is None


def test_results_are_aware_utc_and_keep_the_local_time_of_day(cal: Calendar) -> None:
    first = datetime(2026, 1, 30, 2, 0, tzinfo=UTC)  # 09:00 in Nha Trang
    got = upcoming(first, Recurrence.monthly(5), cal, 3)
    assert got == [vn(2026, 1, 30, 9), vn(2026, 2, 5, 9), vn(2026, 3, 5, 9)]
    assert all(d.tzinfo is UTC for d in got)
    assert got[1] == datetime(2026, 2, 5, 2, 0, tzinfo=UTC)


def test_weekly_several_days(cal: Calendar) -> None:
    # Fri 02/01/2026 (a day off, but weekly rules follow the weekday only).
    first = vn(2026, 1, 2, 16)
    assert upcoming(first, Recurrence.weekly(0, 4), cal, 6) == [
        vn(2026, 1, 2, 16),  # Fri
        vn(2026, 1, 5, 16),  # Mon
        vn(2026, 1, 9, 16),  # Fri
        vn(2026, 1, 12, 16),  # Mon
        vn(2026, 1, 16, 16),  # Fri
        vn(2026, 1, 19, 16),  # Mon
    ]


def test_weekly_across_the_year_end(cal: Calendar) -> None:
    first = vn(2026, 12, 30, 10)  # Wed
    assert upcoming(first, Recurrence.weekly(0, 4), cal, 4) == [
        vn(2026, 12, 30, 10),
        vn(2027, 1, 1, 10),  # Fri
        vn(2027, 1, 4, 10),  # Mon
        vn(2027, 1, 8, 10),  # Fri
    ]


def test_weekly_without_days_repeats_the_first_weekday(cal: Calendar) -> None:
    first = vn(2026, 12, 31, 10)  # Thu
    assert upcoming(first, Recurrence.weekly(), cal, 3) == [
        vn(2026, 12, 31, 10),
        vn(2027, 1, 7, 10),
        vn(2027, 1, 14, 10),
    ]


def test_weekly_sunday_is_six_not_zero(cal: Calendar) -> None:
    first = vn(2026, 3, 2, 8)  # Mon
    assert upcoming(first, Recurrence.weekly(6), cal, 3) == [
        vn(2026, 3, 2, 8),
        vn(2026, 3, 8, 8),  # Sun
        vn(2026, 3, 15, 8),  # Sun
    ]


def test_monthly_day_31_is_clamped_each_month(cal: Calendar) -> None:
    first = vn(2026, 1, 31)
    assert upcoming(first, Recurrence.monthly(31), cal, 6) == [
        vn(2026, 1, 31),
        vn(2026, 2, 28),
        vn(2026, 3, 31),
        vn(2026, 4, 30),
        vn(2026, 5, 31),
        vn(2026, 6, 30),
    ]


def test_monthly_day_31_in_a_leap_february(cal: Calendar) -> None:
    first = vn(2028, 1, 31)
    assert upcoming(first, Recurrence.monthly(31), cal, 3) == [
        vn(2028, 1, 31),
        vn(2028, 2, 29),
        vn(2028, 3, 31),
    ]


def test_monthly_day_after_or_before_the_first_due_day(cal: Calendar) -> None:
    # The day-5 occurrence of January comes after a first due on the 3rd, not after the 10th.
    assert upcoming(vn(2026, 1, 3), Recurrence.monthly(5), cal, 3) == [
        vn(2026, 1, 3),
        vn(2026, 1, 5),
        vn(2026, 2, 5),
    ]
    assert upcoming(vn(2026, 1, 10), Recurrence.monthly(5), cal, 3) == [
        vn(2026, 1, 10),
        vn(2026, 2, 5),
        vn(2026, 3, 5),
    ]


def test_monthly_without_day_uses_the_first_due_day_across_the_year_end(cal: Calendar) -> None:
    assert upcoming(vn(2026, 10, 31), Recurrence.monthly(), cal, 5) == [
        vn(2026, 10, 31),
        vn(2026, 11, 30),
        vn(2026, 12, 31),
        vn(2027, 1, 31),
        vn(2027, 2, 28),
    ]


def test_monthly_last_working_day_around_30_april(cal: Calendar) -> None:
    first = vn(2026, 1, 30, 9)  # Fri 30/01: 31/01 is a Saturday
    assert upcoming(first, Recurrence.monthly_last_working_day(), cal, 6) == [
        vn(2026, 1, 30, 9),
        vn(2026, 2, 27, 9),  # Fri; 28/02 Sat
        vn(2026, 3, 31, 9),  # Tue
        vn(2026, 4, 29, 9),  # Wed: Thu 30/04 is Reunification Day
        vn(2026, 5, 29, 9),  # Fri; 30-31/05 weekend
        vn(2026, 6, 30, 9),  # Tue
    ]


def test_monthly_last_working_day_across_the_year_end(cal: Calendar) -> None:
    first = vn(2026, 11, 30, 9)  # Mon
    assert upcoming(first, Recurrence.monthly_last_working_day(), cal, 4) == [
        vn(2026, 11, 30, 9),
        vn(2026, 12, 31, 9),  # Thu
        vn(2027, 1, 29, 9),  # Fri; 30-31/01/2027 weekend
        vn(2027, 2, 26, 9),  # Fri
    ]


def test_monthly_last_working_day_same_month_after_an_early_first_due(cal: Calendar) -> None:
    first = vn(2026, 4, 15, 9)
    assert upcoming(first, Recurrence.monthly_last_working_day(), cal, 3) == [
        vn(2026, 4, 15, 9),
        vn(2026, 4, 29, 9),
        vn(2026, 5, 29, 9),
    ]


def test_quarterly_from_the_first_due_month_clamped(cal: Calendar) -> None:
    assert upcoming(vn(2026, 1, 31), Recurrence(QUARTERLY), cal, 5) == [
        vn(2026, 1, 31),
        vn(2026, 4, 30),
        vn(2026, 7, 31),
        vn(2026, 10, 31),
        vn(2027, 1, 31),
    ]
    assert upcoming(vn(2026, 11, 30), Recurrence(QUARTERLY), cal, 3) == [
        vn(2026, 11, 30),
        vn(2027, 2, 28),
        vn(2027, 5, 30),  # back to the 30th, not the clamped 28th
    ]


def test_half_yearly_through_a_leap_february(cal: Calendar) -> None:
    assert upcoming(vn(2027, 8, 31), Recurrence(HALF_YEARLY), cal, 4) == [
        vn(2027, 8, 31),
        vn(2028, 2, 29),
        vn(2028, 8, 31),
        vn(2029, 2, 28),
    ]


def test_yearly_29_february(cal: Calendar) -> None:
    assert upcoming(vn(2028, 2, 29), Recurrence(YEARLY), cal, 5) == [
        vn(2028, 2, 29),
        vn(2029, 2, 28),
        vn(2030, 2, 28),
        vn(2031, 2, 28),
        vn(2032, 2, 29),
    ]


def test_yearly_at_the_year_end(cal: Calendar) -> None:
    assert upcoming(vn(2026, 12, 31, 23, 30), Recurrence(YEARLY), cal, 2) == [
        vn(2026, 12, 31, 23, 30),
        vn(2027, 12, 31, 23, 30),
    ]


# --- recurrence: queries and numbering ----------------------------------------------------


def test_occurrences_are_strictly_after_and_limited(cal: Calendar) -> None:
    first = vn(2026, 1, 2, 16)
    rec = Recurrence.weekly(0, 4)
    assert occurrences(first, rec, HCM, cal, after=vn(2026, 1, 5, 16), limit=2) == [
        vn(2026, 1, 9, 16),
        vn(2026, 1, 12, 16),
    ]
    assert occurrences(first, rec, HCM, cal, after=vn(2026, 1, 5, 15, 59), limit=1) == [
        vn(2026, 1, 5, 16)
    ]
    assert occurrences(first, rec, HCM, cal, after=vn(2026, 1, 5, 16), limit=0) == []
    # Long after the first due (no walk from the start needed).
    assert occurrences(first, rec, HCM, cal, after=vn(2030, 1, 1, 0), limit=2) == [
        vn(2030, 1, 4, 16),  # Fri
        vn(2030, 1, 7, 16),  # Mon
    ]


def test_occurrence_at_or_before(cal: Calendar) -> None:
    first = vn(2026, 1, 2, 16)
    rec = Recurrence.weekly(0, 4)
    assert occurrence_at_or_before(first, rec, HCM, cal, vn(2026, 1, 2, 15, 59)) is None
    assert occurrence_at_or_before(first, rec, HCM, cal, vn(2026, 1, 2, 16)) == first
    assert occurrence_at_or_before(first, rec, HCM, cal, vn(2026, 1, 5, 15, 59)) == first
    assert occurrence_at_or_before(first, rec, HCM, cal, vn(2026, 1, 5, 16)) == vn(2026, 1, 5, 16)
    assert occurrence_at_or_before(first, rec, HCM, cal, vn(2026, 1, 8, 23)) == vn(2026, 1, 5, 16)
    monthly = Recurrence.monthly_last_working_day()
    first_m = vn(2026, 1, 30, 9)
    assert occurrence_at_or_before(first_m, monthly, HCM, cal, vn(2026, 4, 30, 12)) == vn(
        2026, 4, 29, 9
    )
    assert occurrence_at_or_before(first_m, monthly, HCM, cal, vn(2026, 4, 29, 8, 59)) == vn(
        2026, 3, 31, 9
    )


def test_numbering_by_hand(cal: Calendar) -> None:
    first = vn(2026, 1, 2, 16)
    rec = Recurrence.weekly(0, 4)
    assert occurrence_number(first, rec, HCM, cal, first) == 0
    assert occurrence_number(first, rec, HCM, cal, vn(2026, 1, 12, 16)) == 3
    assert occurrence_by_number(first, rec, HCM, cal, 3) == vn(2026, 1, 12, 16)
    # A year later: 52 weeks of two days each after the first Friday, then Mon 04/01/2027.
    assert occurrence_by_number(first, rec, HCM, cal, 104) == vn(2027, 1, 1, 16)
    assert occurrence_by_number(first, rec, HCM, cal, 105) == vn(2027, 1, 4, 16)
    lwd = Recurrence.monthly_last_working_day()
    assert occurrence_by_number(vn(2026, 4, 15, 9), lwd, HCM, cal, 1) == vn(2026, 4, 29, 9)
    assert occurrence_by_number(vn(2026, 4, 15, 9), lwd, HCM, cal, 2) == vn(2026, 5, 29, 9)


@pytest.mark.parametrize(
    ("first", "rec"),
    [
        (vn(2026, 1, 2, 16), Recurrence.weekly(0, 4)),
        (vn(2026, 12, 31, 10), Recurrence.weekly()),
        (vn(2026, 1, 3), Recurrence.monthly(5)),
        (vn(2026, 1, 10), Recurrence.monthly(5)),
        (vn(2026, 1, 31), Recurrence.monthly(31)),
        (vn(2026, 4, 15, 9), Recurrence.monthly_last_working_day()),
        (vn(2026, 1, 31), Recurrence(QUARTERLY)),
        (vn(2027, 8, 31), Recurrence(HALF_YEARLY)),
        (vn(2028, 2, 29), Recurrence(YEARLY)),
    ],
)
def test_numbering_round_trip(first: datetime, rec: Recurrence, cal: Calendar) -> None:
    for n in range(40):
        due = occurrence_by_number(first, rec, HCM, cal, n)
        assert occurrence_number(first, rec, HCM, cal, due) == n
        assert occurrence_at_or_before(first, rec, HCM, cal, due) == due
        assert occurrences(first, rec, HCM, cal, after=due - timedelta(seconds=1), limit=1) == [
            due
        ]


def test_numbering_errors(cal: Calendar) -> None:
    first = vn(2026, 1, 2, 16)
    rec = Recurrence.weekly(0, 4)
    with pytest.raises(ScheduleError) as exc:
        occurrence_number(first, rec, HCM, cal, vn(2026, 1, 6, 16))  # a Tuesday
    assert exc.value.code == "not_occurrence"
    with pytest.raises(ScheduleError, match="not_occurrence"):
        occurrence_number(first, rec, HCM, cal, vn(2026, 1, 5, 16, 1))
    with pytest.raises(ScheduleError, match="not_occurrence"):
        occurrence_number(first, rec, HCM, cal, vn(2025, 12, 29, 16))  # before the first
    with pytest.raises(ScheduleError, match="no_occurrence"):
        occurrence_by_number(first, rec, HCM, cal, -1)
    with pytest.raises(ScheduleError, match="no_occurrence"):
        occurrence_by_number(first, Recurrence.once(), HCM, cal, 1)


def test_naive_datetimes_are_refused(cal: Calendar) -> None:
    with pytest.raises(ValueError, match="aware"):
        occurrences(
            datetime(2026, 1, 1, 9), Recurrence.once(), HCM, cal, after=vn(2026, 1, 1), limit=1
        )


# --- recurrence: the value and its JSON form ---------------------------------------------


@pytest.mark.parametrize(
    ("rec", "data"),
    [
        (Recurrence.once(), {"kind": "none"}),
        (Recurrence.weekly(4, 0), {"kind": "weekly", "weekdays": [0, 4]}),
        (Recurrence.weekly(), {"kind": "weekly"}),
        (Recurrence.monthly(5), {"kind": "monthly", "day": 5}),
        (Recurrence.monthly(), {"kind": "monthly"}),
        (Recurrence.monthly_last_working_day(), {"kind": "monthly", "last_working_day": True}),
        (Recurrence(QUARTERLY), {"kind": "quarterly"}),
        (Recurrence(HALF_YEARLY), {"kind": "half_yearly"}),
        (Recurrence(YEARLY), {"kind": "yearly"}),
    ],
)
def test_json_round_trip(rec: Recurrence, data: dict[str, object]) -> None:
    assert rec.to_dict() == data
    assert Recurrence.from_dict(data) == rec
    assert Recurrence.from_dict(rec.to_dict()) == rec


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "daily"},
        {"kind": "weekly", "weekdays": [7]},
        {"kind": "weekly", "weekdays": [-1]},
        {"kind": "weekly", "weekdays": [True]},
        {"kind": "weekly", "weekdays": "0,4"},
        {"kind": "monthly", "day": 0},
        {"kind": "monthly", "day": 32},
        {"kind": "monthly", "day": "5"},
        {"kind": "monthly", "day": 5, "last_working_day": True},
        {"kind": "yearly", "day": 5},
        {"kind": "none", "weekdays": [1]},
        {"kind": "monthly", "every": 2},
    ],
)
def test_from_dict_refuses_bad_data(data: dict[str, object]) -> None:
    with pytest.raises(ScheduleError, match="bad_recurrence"):
        Recurrence.from_dict(data)


# --- admin input: offsets ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7d,3d,1d,0d", (7 * D, 3 * D, D, timedelta(0))),
        ("0d, 1d , 7d,3d", (7 * D, 3 * D, D, timedelta(0))),
        ("7d 3d 1d", (7 * D, 3 * D, D)),
        ("2h", (2 * H,)),
        ("30m", (30 * M,)),
        ("1d12h", (36 * H,)),
        ("1d12h30m, 2h", (36 * H + 30 * M, 2 * H)),
        ("7d,7d,3d", (7 * D, 3 * D)),
        ("1d, 24h", (D,)),
        ("90d", (90 * D,)),
        ("2160h", (90 * D,)),
        ("7 ngày, 1 giờ, 30 phút", (7 * D, H, 30 * M)),
        ("7D; 3D;", (7 * D, 3 * D)),
        ("1d,2d,3d,4d,5d,6d,7d,8d,9d,10d", tuple(n * D for n in range(10, 0, -1))),
    ],
)
def test_parse_offsets(text: str, expected: tuple[timedelta, ...]) -> None:
    assert parse_offsets(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        " , ",
        "abc",
        "7",
        "-1d",
        "1w",
        "91d",
        "2160h1m",
        "1d12",
        "12h1d",
        "1dd",
        "99999999999d",
        "0d,1d,2d,3d,4d,5d,6d,7d,8d,9d,10d",
    ],
)
def test_parse_offsets_refuses(text: str) -> None:
    with pytest.raises(ScheduleError) as exc:
        parse_offsets(text)
    assert exc.value.code == "bad_offsets"


# --- admin input: due moment ---------------------------------------------------------------

NOW = vn(2026, 6, 10, 9)  # Wed 10/06/2026 09:00


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15/12/2026 17:00", vn(2026, 12, 15, 17)),
        ("15/12/2026", vn(2026, 12, 15, 17)),
        ("15/12 17:00", vn(2026, 12, 15, 17)),
        ("15/12", vn(2026, 12, 15, 17)),
        ("17:00 15/12/2026", vn(2026, 12, 15, 17)),
        ("17h30 ngày 15/12/2026", vn(2026, 12, 15, 17, 30)),
        ("15-12-2026 lúc 8h", vn(2026, 12, 15, 8)),
        ("15.12.2026 7:05", vn(2026, 12, 15, 7, 5)),
        ("31/12/26", vn(2026, 12, 31, 17)),
        ("10/06/2026 09:01", vn(2026, 6, 10, 9, 1)),
        # Without a year: next year once this year's date has passed.
        ("05/01 08:30", vn(2027, 1, 5, 8, 30)),
        ("10/06 09:00", vn(2027, 6, 10, 9)),
        ("10/06 09:01", vn(2026, 6, 10, 9, 1)),
    ],
)
def test_parse_due(text: str, expected: datetime) -> None:
    got = parse_due(text, HCM, NOW)
    assert got == expected
    assert got.tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("09/06/2026 17:00", "past"),
        ("10/06/2026 09:00", "past"),
        ("10/06/2026 08:59", "past"),
        ("01/01/2025", "past"),
        ("32/12/2026", "bad_date"),
        ("15/13/2026", "bad_date"),
        ("29/02/2027 10:00", "bad_date"),
        ("15/12/2026 24:00", "bad_date"),
        ("15/12/2026 17:60", "bad_date"),
        ("31/04", "bad_date"),
        ("15/12/2040", "bad_date"),
        ("sáng mai", "no_hour"),
        ("sớm nhất có thể", "bad_date"),
        ("", "bad_date"),
    ],
)
def test_parse_due_refuses(text: str, code: str) -> None:
    with pytest.raises(ScheduleError) as exc:
        parse_due(text, HCM, NOW)
    assert exc.value.code == code


def test_parse_due_year_rollover_uses_the_local_year() -> None:
    # 17:30 UTC on 31/12/2026 is already 00:30 on 01/01/2027 in Nha Trang.
    now = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)
    assert parse_due("15/01", HCM, now) == vn(2027, 1, 15, 17)
    assert parse_due("01/01 08:00", HCM, now) == vn(2027, 1, 1, 8)
    evening = vn(2026, 12, 31, 18)
    assert parse_due("31/12 17:00", HCM, evening) == vn(2027, 12, 31, 17)
    assert parse_due("01/01 08:00", HCM, evening) == vn(2027, 1, 1, 8)


def test_parse_due_29_february_without_year_goes_to_the_next_leap_year() -> None:
    assert parse_due("29/02 10:00", HCM, vn(2027, 3, 1, 9)) == vn(2028, 2, 29, 10)


# --- admin input: recurrence ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("không", Recurrence.once()),
        ("Khong", Recurrence.once()),
        ("hằng tuần thứ 2, thứ 6", Recurrence.weekly(0, 4)),
        ("hang tuan thu 2, thu 6", Recurrence.weekly(0, 4)),
        ("Hàng tuần: Thứ Hai và Thứ Sáu", Recurrence.weekly(0, 4)),
        ("weekly mon,fri", Recurrence.weekly(0, 4)),
        ("weekly Tuesday, Thursday", Recurrence.weekly(1, 3)),
        ("weekly tue, thu", Recurrence.weekly(1, 3)),
        ("weekly sat-sun", Recurrence.weekly(5, 6)),
        ("hằng tuần t2 t4", Recurrence.weekly(0, 2)),
        ("hằng tuần thứ 7, chủ nhật", Recurrence.weekly(5, 6)),
        ("hằng tuần cn", Recurrence.weekly(6)),
        ("hằng tuần thứ 2 - thứ 6", Recurrence.weekly(0, 1, 2, 3, 4)),
        ("hằng tuần t2-6", Recurrence.weekly(0, 1, 2, 3, 4)),
        ("hằng tuần", Recurrence.weekly()),
        ("hằng tháng ngày 5", Recurrence.monthly(5)),
        ("hang thang ngay 31", Recurrence.monthly(31)),
        ("monthly day 5", Recurrence.monthly(5)),
        ("hằng tháng", Recurrence.monthly()),
        ("hằng tháng ngày làm việc cuối", Recurrence.monthly_last_working_day()),
        ("hang thang ngay lam viec cuoi cung", Recurrence.monthly_last_working_day()),
        ("monthly last working day", Recurrence.monthly_last_working_day()),
        ("hằng tháng ngày cuối", Recurrence.monthly(31)),
        ("hằng quý", Recurrence(QUARTERLY)),
        ("hàng quý", Recurrence(QUARTERLY)),
        ("quarterly", Recurrence(QUARTERLY)),
        ("6 tháng", Recurrence(HALF_YEARLY)),
        ("6 tháng một lần", Recurrence(HALF_YEARLY)),
        ("nửa năm", Recurrence(HALF_YEARLY)),
        ("hằng năm", Recurrence(YEARLY)),
        ("hàng năm.", Recurrence(YEARLY)),
        ("yearly", Recurrence(YEARLY)),
    ],
)
def test_parse_recurrence(text: str, expected: Recurrence) -> None:
    assert parse_recurrence(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "thỉnh thoảng",
        "hằng ngày",
        "hằng tuần thứ 8",
        "hằng tuần thứ",
        "hằng tuần thứ, thứ 6",
        "hằng tuần t2-",
        "hằng tháng ngày 32",
        "hằng tháng ngày 0",
        "hằng tháng ngày x",
        "2 tháng",
        "weekly someday",
    ],
)
def test_parse_recurrence_refuses(text: str) -> None:
    with pytest.raises(ScheduleError) as exc:
        parse_recurrence(text)
    assert exc.value.code == "bad_recurrence"


# --- quiet hours ----------------------------------------------------------------------------


def test_quiet_parse() -> None:
    assert QuietHours.parse("21:00-07:00") == QuietHours(time(21), time(7))
    assert QuietHours.parse("22:00 - 06:30") == QuietHours(time(22), time(6, 30))
    assert QuietHours.parse("21h-7h") == QuietHours(time(21), time(7))
    assert QuietHours.parse("12:00-13:30").window_text() == "12:00-13:30"
    off = QuietHours.parse("")
    assert off == QuietHours() and not off.enabled
    assert QuietHours.parse("", weekends=True).enabled
    flags = QuietHours.parse("21:00-07:00", weekends=True, holidays=True)
    assert (flags.weekends, flags.holidays) == (True, True)
    assert QuietHours.from_dict(flags.to_dict()) == flags


@pytest.mark.parametrize("text", ["21:00", "25:00-07:00", "21:00-07:61", "21:00-21:00", "night"])
def test_quiet_parse_refuses(text: str) -> None:
    with pytest.raises(ScheduleError) as exc:
        QuietHours.parse(text)
    assert exc.value.code == "bad_quiet"


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (vn(2026, 3, 3, 20, 59), vn(2026, 3, 3, 20, 59)),
        (vn(2026, 3, 3, 21, 0), vn(2026, 3, 4, 7, 0)),  # the start is quiet
        (vn(2026, 3, 3, 23, 59), vn(2026, 3, 4, 7, 0)),
        (vn(2026, 3, 4, 0, 0), vn(2026, 3, 4, 7, 0)),
        (vn(2026, 3, 4, 6, 59), vn(2026, 3, 4, 7, 0)),
        (vn(2026, 3, 4, 7, 0), vn(2026, 3, 4, 7, 0)),  # the end is allowed
        (vn(2026, 12, 31, 22), vn(2027, 1, 1, 7)),  # across the year end
        (vn(2026, 3, 7, 22), vn(2026, 3, 8, 7)),  # Sat night → Sun: weekends not quiet here
    ],
)
def test_next_allowed_wrapping_window(moment: datetime, expected: datetime, cal: Calendar) -> None:
    quiet = QuietHours.parse("21:00-07:00")
    assert quiet.next_allowed(moment, HCM, cal) == expected
    assert quiet.is_quiet(moment, HCM, cal) == (moment != expected)


def test_next_allowed_second_precision_at_the_boundary(cal: Calendar) -> None:
    quiet = QuietHours.parse("22:00-06:30")
    just_before = vn(2026, 3, 3, 21, 59) + timedelta(seconds=59)
    assert quiet.next_allowed(just_before, HCM, cal) == just_before
    assert quiet.next_allowed(vn(2026, 3, 4, 6, 29), HCM, cal) == vn(2026, 3, 4, 6, 30)


def test_next_allowed_daytime_window(cal: Calendar) -> None:
    quiet = QuietHours.parse("12:00-13:30")
    assert quiet.next_allowed(vn(2026, 3, 3, 11, 59), HCM, cal) == vn(2026, 3, 3, 11, 59)
    assert quiet.next_allowed(vn(2026, 3, 3, 12, 0), HCM, cal) == vn(2026, 3, 3, 13, 30)
    assert quiet.next_allowed(vn(2026, 3, 3, 13, 30), HCM, cal) == vn(2026, 3, 3, 13, 30)


def test_disabled_quiet_hours_change_nothing(cal: Calendar) -> None:
    quiet = QuietHours.parse("")
    moment = vn(2026, 1, 1, 3)  # a holiday, at night
    assert quiet.next_allowed(moment, HCM, cal) == moment


def test_weekends_are_quiet_all_day(cal: Calendar) -> None:
    quiet = QuietHours.parse("21:00-07:00", weekends=True)
    # Fri 16/01/2026 22:00 → Mon 19/01 07:00.
    assert quiet.next_allowed(vn(2026, 1, 16, 22), HCM, cal) == vn(2026, 1, 19, 7)
    assert quiet.next_allowed(vn(2026, 1, 17, 10), HCM, cal) == vn(2026, 1, 19, 7)
    # Sat 10/01/2026 is a working Saturday (làm bù for Fri 02/01): not quiet.
    assert quiet.next_allowed(vn(2026, 1, 10, 9), HCM, cal) == vn(2026, 1, 10, 9)
    # Weekends alone do not silence a weekday holiday (Thu 01/01/2026).
    assert quiet.next_allowed(vn(2026, 1, 1, 9), HCM, cal) == vn(2026, 1, 1, 9)


def test_holidays_are_quiet_all_day(cal: Calendar) -> None:
    holidays = QuietHours.parse("21:00-07:00", holidays=True)
    # Wed 29/04/2026 22:00 → 30/04 and 01/05 off → Sat 02/05 07:00 (weekends allowed).
    assert holidays.next_allowed(vn(2026, 4, 29, 22), HCM, cal) == vn(2026, 5, 2, 7)
    both = QuietHours.parse("21:00-07:00", weekends=True, holidays=True)
    assert both.next_allowed(vn(2026, 4, 29, 22), HCM, cal) == vn(2026, 5, 4, 7)
    # Tết Bính Ngọ: off Sat 14/02 to Sun 22/02/2026 → Mon 23/02 07:00.
    assert both.next_allowed(vn(2026, 2, 13, 21, 30), HCM, cal) == vn(2026, 2, 23, 7)
    # Without a daily window the quiet day ends at midnight.
    no_window = QuietHours.parse("", holidays=True)
    assert no_window.next_allowed(vn(2026, 4, 30, 10), HCM, cal) == vn(2026, 5, 2, 0)


# --- reminder plans -------------------------------------------------------------------------


def test_reminder_times_defer_and_never_drop(cal: Calendar) -> None:
    quiet = QuietHours.parse("21:00-07:00", weekends=True)
    due = vn(2026, 1, 19, 8)  # Mon 19/01/2026 08:00
    offsets = (3 * D, D, 12 * H, timedelta(0))
    assert reminder_times(due, offsets, quiet, HCM, cal) == [
        (3 * D, vn(2026, 1, 16, 8)),  # Fri
        (D, vn(2026, 1, 19, 7)),  # Sun 08:00 → Mon 07:00
        (12 * H, vn(2026, 1, 19, 7)),  # Sun 20:00 → Mon 07:00
        (timedelta(0), vn(2026, 1, 19, 8)),
    ]


def test_reminder_deferred_past_the_due_moment_is_kept(cal: Calendar) -> None:
    quiet = QuietHours.parse("21:00-07:00")
    due = vn(2026, 3, 4, 6, 30)
    assert reminder_times(due, (2 * H, timedelta(0)), quiet, HCM, cal) == [
        (2 * H, vn(2026, 3, 4, 7)),
        (timedelta(0), vn(2026, 3, 4, 7)),
    ]


def test_reminder_times_without_quiet_hours(cal: Calendar) -> None:
    due = vn(2026, 12, 15, 17)
    assert reminder_times(due, parse_offsets("7d,1d12h,30m"), QuietHours(), HCM, cal) == [
        (7 * D, vn(2026, 12, 8, 17)),
        (36 * H, vn(2026, 12, 14, 5)),
        (30 * M, vn(2026, 12, 15, 16, 30)),
    ]


def test_overdue_times_daily_at_eight(cal: Calendar) -> None:
    due = vn(2026, 1, 15, 17)  # Thu
    assert overdue_times(due, vn(2026, 1, 20, 12), QuietHours(), HCM, cal) == [
        vn(2026, 1, 16, 8),
        vn(2026, 1, 17, 8),
        vn(2026, 1, 18, 8),
        vn(2026, 1, 19, 8),
        vn(2026, 1, 20, 8),
    ]
    assert overdue_times(due, vn(2026, 1, 17, 7, 59), QuietHours(), HCM, cal) == [
        vn(2026, 1, 16, 8)
    ]
    assert overdue_times(due, vn(2026, 1, 16, 7), QuietHours(), HCM, cal) == []


def test_overdue_times_skip_quiet_days_one_per_day(cal: Calendar) -> None:
    quiet = QuietHours.parse("21:00-07:00", weekends=True)
    due = vn(2026, 1, 15, 17)
    assert overdue_times(due, vn(2026, 1, 20, 12), quiet, HCM, cal) == [
        vn(2026, 1, 16, 8),  # Fri
        vn(2026, 1, 19, 8),  # Mon
        vn(2026, 1, 20, 8),  # Tue
    ]
    both = QuietHours.parse("21:00-07:00", weekends=True, holidays=True)
    assert overdue_times(vn(2026, 4, 29, 17), vn(2026, 5, 4, 9), both, HCM, cal) == [
        vn(2026, 5, 4, 8)
    ]


def test_overdue_times_hour_inside_the_window_is_deferred(cal: Calendar) -> None:
    morning = QuietHours.parse("21:00-09:00")
    assert overdue_times(vn(2026, 3, 2, 17), vn(2026, 3, 4, 23), morning, HCM, cal) == [
        vn(2026, 3, 3, 9),
        vn(2026, 3, 4, 9),
    ]
    # An evening hour lands after midnight: still one a day, nothing lost.
    night = QuietHours.parse("21:00-07:00")
    got = overdue_times(vn(2026, 3, 2, 17), vn(2026, 3, 5, 12), night, HCM, cal, hour=23)
    assert got == [vn(2026, 3, 4, 7), vn(2026, 3, 5, 7)]


# --- catch-up -------------------------------------------------------------------------------


def test_latest_missed() -> None:
    now = vn(2026, 3, 4, 9)
    times = [
        ("o:604800", vn(2026, 2, 25, 9)),
        ("o:86400", vn(2026, 3, 3, 9)),
        ("o:0", vn(2026, 3, 4, 9, 1)),
    ]
    assert latest_missed(times, now) == "o:86400"
    assert latest_missed(list(reversed(times)), now) == "o:86400"
    assert latest_missed(times, vn(2026, 3, 4, 9, 1)) == "o:0"  # at now counts
    assert latest_missed(times, vn(2026, 2, 25, 8)) is None
    assert latest_missed([], now) is None
    tie = [("a", vn(2026, 3, 4, 7)), ("b", vn(2026, 3, 4, 7))]
    assert latest_missed(tie, now) == "b"
