"""Due moments said in words, as admins type them in /taohan (today: Wed 10/06/2026 09:00)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.deadlines.admin_input import parse_due
from bot.deadlines.recurrence import ScheduleError

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 6, 10, 9, tzinfo=HCM)


def vn(d: int, mo: int = 6, hh: int = 17, mm: int = 0) -> datetime:
    return datetime(2026, mo, d, hh, mm, tzinfo=HCM)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mai 17h", vn(11)),
        ("ngày mai lúc 8h30", vn(11, hh=8, mm=30)),
        ("Mai", vn(11)),
        ("hôm nay 16:30", vn(10, hh=16, mm=30)),
        ("hôm nay", vn(10)),
        ("ngày kia", vn(12)),
        ("mai 3h chiều", vn(11, hh=15)),
        ("mai 9h sáng", vn(11, hh=9)),
        ("8h tối mai", vn(11, hh=20)),
        ("thứ sáu", vn(12)),
        ("thứ 6 tuần sau", vn(19)),
        ("thu sau tuan sau 9h", vn(19, hh=9)),
        ("t2 tuần sau", vn(15)),
        ("thứ tư", vn(10)),  # today, and 17:00 is still ahead
        ("thứ tư 8h", vn(17, hh=8)),  # today's 8:00 has passed: next Wednesday
        ("chủ nhật tuần này", vn(14)),
    ],
)
def test_due_in_words(text: str, expected: datetime) -> None:
    assert parse_due(text, HCM, NOW) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("hôm qua", "past"),
        ("hôm nay 8h", "past"),
        ("thứ hai tuần này", "past"),
        ("sáng mai", "no_hour"),
        ("chiều thứ sáu", "no_hour"),
        ("mai 25h", "bad_date"),
        ("mai 17h hoặc 18h", "bad_date"),
    ],
)
def test_due_in_words_refused(text: str, code: str) -> None:
    with pytest.raises(ScheduleError) as exc:
        parse_due(text, HCM, NOW)
    assert exc.value.code == code
