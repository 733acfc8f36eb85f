"""The outbox's Telegram side: perform one outbox row with PTB and map PTB's errors."""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    ForceReply,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

from bot.models.outbox import OutboxMessage
from bot.outbox.sender import Blocked, Permanent, RetryLater, Transient

ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply

# Answers to an edit or a delete that mean the wanted state is already there.
_ALREADY_DONE = {
    "editMessageText": ("message is not modified",),
    "deleteMessage": ("message to delete not found",),
}
# Optional sendMessage/sendDocument parameters copied from the payload as they are.
_PASSTHROUGH = ("disable_notification", "protect_content", "message_thread_id")


class TelegramTransport:
    """Implements bot.outbox.Transport over a PTB Bot (or the Application's ExtBot)."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot
        self._methods: dict[str, Callable[[OutboxMessage, int | None], Awaitable[int | None]]]
        self._methods = {
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "setMyCommands": self._set_my_commands,
            "deleteMessage": self._delete_message,
        }

    async def send(self, msg: OutboxMessage, target_message_id: int | None) -> int | None:
        """Perform the row's method; raise RetryLater, Transient, Blocked or Permanent."""
        method = self._methods.get(msg.method)
        if method is None:
            raise Permanent(f"unsupported method {msg.method}")
        try:
            return await method(msg, target_message_id)
        except RetryAfter as exc:
            raise RetryLater(retry_after_seconds(exc)) from exc
        except Forbidden as exc:
            raise Blocked(exc.message) from exc
        except BadRequest as exc:  # a NetworkError subclass: must come before it
            if _already_done(msg.method, exc.message):
                return target_message_id
            raise Permanent(exc.message) from exc
        except ChatMigrated as exc:
            raise Permanent(f"group moved to chat {exc.new_chat_id}") from exc
        except (TimedOut, NetworkError) as exc:
            raise Transient(f"{type(exc).__name__}: {exc.message}") from exc
        except TelegramError as exc:
            raise Transient(f"{type(exc).__name__}: {exc.message}") from exc

    async def _send_message(self, msg: OutboxMessage, _target: int | None) -> int:
        payload = msg.payload
        message = await self._bot.send_message(
            msg.chat_id,
            str(payload["text"]),
            reply_markup=reply_markup_from(payload.get("reply_markup")),
            **_parse_mode(payload),
            **_link_preview(payload),
            **_passthrough(payload),
        )
        return message.message_id

    async def _edit_message_text(self, msg: OutboxMessage, target: int | None) -> int:
        if target is None:
            raise Permanent("edit without a sent target message")
        payload = msg.payload
        markup = reply_markup_from(payload.get("reply_markup"))
        if markup is not None and not isinstance(markup, InlineKeyboardMarkup):
            raise Permanent("an edit can only carry an inline keyboard")
        await self._bot.edit_message_text(
            str(payload["text"]),
            chat_id=msg.chat_id,
            message_id=target,
            reply_markup=markup,
            **_parse_mode(payload),
            **_link_preview(payload),
        )
        return target

    async def _send_photo(self, msg: OutboxMessage, _target: int | None) -> int:
        payload = msg.payload
        caption = payload.get("caption")
        message = await self._bot.send_photo(
            msg.chat_id,
            str(payload["photo"]),
            caption=None if caption is None else str(caption),
            **_parse_mode(payload),
            **_passthrough(payload),
        )
        return message.message_id

    async def _send_document(self, msg: OutboxMessage, _target: int | None) -> int:
        payload = msg.payload
        document, filename = await _document_of(payload)
        caption = payload.get("caption", payload.get("text"))
        message = await self._bot.send_document(
            msg.chat_id,
            document,
            filename=filename,
            caption=None if caption is None else str(caption),
            reply_markup=reply_markup_from(payload.get("reply_markup")),
            **_parse_mode(payload),
            **_passthrough(payload),
        )
        return message.message_id

    async def _set_my_commands(self, msg: OutboxMessage, _target: int | None) -> None:
        payload = msg.payload
        commands = [_command(entry) for entry in payload.get("commands", [])]
        scope_data = payload.get("scope")
        scope = BotCommandScope.de_json(dict(scope_data), self._bot) if scope_data else None
        await self._bot.set_my_commands(
            commands, scope=scope, language_code=payload.get("language_code")
        )
        return None

    async def _delete_message(self, msg: OutboxMessage, target: int | None) -> None:
        message_id = target if target is not None else msg.payload.get("message_id")
        if message_id is None:
            raise Permanent("delete without a message id")
        await self._bot.delete_message(msg.chat_id, int(message_id))
        return None


def retry_after_seconds(exc: RetryAfter) -> float:
    """Read RetryAfter.retry_after, an int or (PTB_TIMEDELTA=true) a timedelta in PTB 22."""
    with warnings.catch_warnings():
        # Reading it as an int is deprecated since PTB 22.2; both forms are handled here.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value: object = exc.retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, int | float):
        return float(value)
    raise TypeError(f"unexpected retry_after {value!r}")


def reply_markup_from(data: object) -> ReplyMarkup | None:
    """Build a PTB reply markup from the plain dict stored in a payload."""
    if data is None:
        return None
    if not isinstance(data, Mapping):
        raise Permanent("reply_markup must be a dict")
    plain = dict(data)
    if "inline_keyboard" in plain:
        return InlineKeyboardMarkup.de_json(plain)
    if "keyboard" in plain:
        return ReplyKeyboardMarkup.de_json(plain)
    if "remove_keyboard" in plain:
        return ReplyKeyboardRemove.de_json(plain)
    if "force_reply" in plain:
        return ForceReply.de_json(plain)
    raise Permanent("unknown reply_markup kind")


def _already_done(method: str, message: str) -> bool:
    lowered = message.lower()
    return any(phrase in lowered for phrase in _ALREADY_DONE.get(method, ()))


def _parse_mode(payload: Mapping[str, Any]) -> dict[str, Any]:
    # Absent: the bot's Defaults apply; present (even None): exactly what the row asks for.
    return {"parse_mode": payload["parse_mode"]} if "parse_mode" in payload else {}


def _passthrough(payload: Mapping[str, Any]) -> dict[str, Any]:
    return {key: payload[key] for key in _PASSTHROUGH if key in payload}


def _link_preview(payload: Mapping[str, Any]) -> dict[str, Any]:
    if payload.get("disable_web_page_preview"):
        return {"link_preview_options": LinkPreviewOptions(is_disabled=True)}
    return {}


def _command(entry: object) -> BotCommand:
    if isinstance(entry, Mapping):
        return BotCommand(str(entry["command"]), str(entry["description"]))
    if isinstance(entry, list | tuple) and len(entry) == 2:
        return BotCommand(str(entry[0]), str(entry[1]))
    raise Permanent(f"bad command entry {entry!r}")


async def _document_of(payload: Mapping[str, Any]) -> tuple[bytes | str, str | None]:
    """The document to upload: a local file read now, or a file_id/URL Telegram already has."""
    filename = payload.get("filename")
    path = payload.get("path")
    if path is not None:
        try:
            content = await asyncio.to_thread(Path(str(path)).read_bytes)
        except OSError as exc:
            raise Permanent(f"cannot read {path}: {exc.strerror}") from exc
        return content, str(filename or Path(str(path)).name)
    if "document" in payload:
        return str(payload["document"]), None if filename is None else str(filename)
    raise Permanent("sendDocument needs a path or a document")
