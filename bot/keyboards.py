"""Inline keyboards as plain dicts (the outbox stores them as JSON; no `telegram` import)."""

from __future__ import annotations

from typing import Any

from bot import texts
from bot.models.people import Role

Button = tuple[str, str]


def inline(rows: list[list[Button]]) -> dict[str, Any]:
    """Build Bot API `reply_markup` for rows of (label, callback_data) buttons."""
    for row in rows:
        for _, data in row:
            if len(data.encode()) > 64:
                raise ValueError(f"callback data over 64 bytes: {data!r}")
    return {
        "inline_keyboard": [
            [{"text": label, "callback_data": data} for label, data in row] for row in rows
        ]
    }


def main_menu(role: Role) -> dict[str, Any]:
    """The reply-keyboard main menu of a role."""
    return {
        "keyboard": [[{"text": label} for label in row] for row in menu_rows(role)],
        "resize_keyboard": True,
        "is_persistent": True,
    }


def menu_rows(role: Role) -> list[list[str]]:
    """Labels of a role's main menu, row by row."""
    if role is Role.ADMIN:
        return [
            [texts.MENU_ASK, texts.MENU_REVIEW, texts.MENU_DEADLINES],
            [texts.MENU_PENDING, texts.MENU_UNITS, texts.MENU_USERS],
            [texts.MENU_ME, texts.MENU_HELP],
        ]
    if role is Role.GUEST:
        return [[texts.MENU_ASK, texts.MENU_REGISTER], [texts.MENU_ME, texts.MENU_HELP]]
    rows = [[texts.MENU_ASK, texts.MENU_PROPOSE], [texts.MENU_MY_PROPOSALS, texts.MENU_DEADLINES]]
    if role is Role.LEADER:
        rows[1].append(texts.MENU_REVIEW)
    return [*rows, [texts.MENU_ME, texts.MENU_HELP]]


def menu_command(label: str) -> str | None:
    """The command a main-menu label stands for."""
    return MENU_COMMANDS.get(label)


MENU_COMMANDS: dict[str, str] = {
    texts.MENU_ASK: "hoi",
    texts.MENU_REGISTER: "dangky",
    texts.MENU_PROPOSE: "dexuat",
    texts.MENU_MY_PROPOSALS: "dexuatcuatoi",
    texts.MENU_REVIEW: "duyet",
    texts.MENU_DEADLINES: "hanbaocao",
    texts.MENU_HELP: "help",
    texts.MENU_ME: "toi",
    texts.MENU_PENDING: "choduyet",
    texts.MENU_UNITS: "donvi",
    texts.MENU_USERS: "nguoidung",
}
