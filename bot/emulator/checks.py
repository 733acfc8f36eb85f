"""Validation of structured parameters the way Telegram rejects them (raise ApiError)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from .models import JsonDict, bad_request

_BUTTON_ACTIONS = frozenset(
    {
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)
_MAX_BUTTONS = 100
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def check_reply_markup(markup: Any) -> JsonDict | None:
    """Validate a reply_markup parameter; returns it (None when absent)."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _check_inline_keyboard(markup["inline_keyboard"])
    elif "keyboard" in markup:
        _check_rows(markup["keyboard"])
    elif not {"remove_keyboard", "force_reply"} & markup.keys():
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup


def inline_part(markup: JsonDict | None) -> JsonDict | None:
    """The part of a reply_markup that Telegram echoes in Message.reply_markup."""
    if markup is not None and "inline_keyboard" in markup:
        return markup
    return None


def _check_rows(rows: Any) -> list[Any]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if sum(len(row) for row in rows) > _MAX_BUTTONS:
        raise bad_request("reply markup is too long")
    return [button for row in rows for button in row]


def _check_inline_keyboard(rows: Any) -> None:
    for button in _check_rows(rows):
        if not isinstance(button, dict):
            raise bad_request("can't parse inline keyboard button: object expected")
        text = button.get("text")
        if not isinstance(text, str) or not text.strip() or not _BUTTON_ACTIONS & button.keys():
            raise bad_request("text buttons are unallowed in the inline keyboard")
        if "callback_data" in button:
            data = button["callback_data"]
            if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
                raise bad_request("BUTTON_DATA_INVALID")
        if "url" in button:
            url = button["url"]
            if not isinstance(url, str) or not url.startswith(("http://", "https://", "tg://")):
                raise bad_request("BUTTON_URL_INVALID")


def check_commands(commands: Any) -> list[JsonDict]:
    """Validate setMyCommands' list; returns it normalised to {command, description}."""
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request("too many commands specified")
    result = []
    for item in commands:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand JSON object")
        command = item.get("command")
        description = item.get("description")
        if not isinstance(command, str) or not _COMMAND.match(command):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not description.strip() or len(description) > 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        result.append({"command": command, "description": description})
    return result


def check_webhook(url: str, secret_token: Any) -> None:
    """Only http(s) URLs on the loopback interface; Telegram's secret token alphabet."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.hostname not in _LOOPBACK_HOSTS:
        raise bad_request("bad webhook: the fake pushes only to http(s) loopback URLs")
    if secret_token is not None and not (
        isinstance(secret_token, str) and _SECRET_TOKEN.match(secret_token)
    ):
        raise bad_request("secret token contains unallowed characters")
