"""Vietnamese folding, the command registry, keyboards and callback parsing."""

from __future__ import annotations

import re
import unicodedata

import pytest

from bot import commands, keyboards
from bot.flows import callbacks
from bot.models.people import Role
from bot.vntext import fold, matches


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Phường Lộc Thọ", "phuong loc tho"),
        ("ĐỔI MỚI, SÁNG TẠO", "doi moi, sang tao"),
        (unicodedata.normalize("NFD", "Nghị định"), "nghi dinh"),
        ("  Hòa   hoà ", "hoa hoa"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_matches_needs_every_word() -> None:
    assert matches("noi vu", "Phòng Nội vụ")
    assert not matches("noi chinh", "Phòng Nội vụ")
    assert not matches("", "Phòng Nội vụ")


def test_command_names_follow_telegram_rules() -> None:
    for spec in commands.COMMANDS:
        for name in spec.names:
            assert re.fullmatch(r"[a-z0-9_]{1,32}", name), name
        assert 1 <= len(spec.description) <= 256


def test_roles_see_their_commands() -> None:
    guest = {s.name for s in commands.for_role(Role.GUEST)}
    admin = {s.name for s in commands.for_role(Role.ADMIN)}
    assert "dangky" in guest and "donvi" not in guest
    assert {"donvi", "nguoidung", "choduyet"} <= admin and "dangky" not in admin


def test_every_menu_label_maps_to_a_command_the_role_may_use() -> None:
    for role in Role:
        allowed = {s.name for s in commands.for_role(role)}
        for row in keyboards.menu_rows(role):
            for label in row:
                assert keyboards.menu_command(label) in allowed, (role, label)


def test_inline_keyboard_refuses_long_callback_data() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        keyboards.inline([[("x", "fl:" + "9" * 70)]])


@pytest.mark.parametrize(
    "data",
    ["fl:1:2", "fl:1:2:c", "fl:1:2:b:x", "fl:a:2:b", "fl:1:2:zz", "fl:1:2:c:" + "x" * 41, "xx"],
)
def test_flow_callback_parse_refuses_malformed(data: str) -> None:
    assert callbacks.parse(data) is None


def test_flow_callback_parse() -> None:
    press = callbacks.parse("fl:12:3:c:45")
    assert press is not None and (press.draft_id, press.index, press.arg) == (12, 3, "45")
