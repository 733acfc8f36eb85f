"""Inline keyboards as plain dicts (the outbox stores them as JSON; no `telegram` import)."""

from __future__ import annotations

from typing import Any

from bot import commands
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
    return commands.menu_labels(role)


def menu_command(label: str) -> str | None:
    """The command a main-menu label stands for."""
    spec = commands.by_menu_label(label)
    return spec.name if spec else None
