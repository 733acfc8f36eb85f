"""Each persona's chat as the page shows it: what the user sent (recorded when posted) and
what the bot sent (read from the emulator, in its current edited or deleted state).

A chat's version grows with every change there (a user message, a bot message sent, edited
or deleted, its command menu); the page long-polls for a version other than the one it has.
Versions start from the wall clock in milliseconds, so a page left open across a restart of
the demo never mistakes the new run's chat for the one it shows.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot import texts
from bot.emulator import FakeBotApi, SentMessage
from bot.playground.render import escape_text, render_entities, safe_url

MAX_MESSAGES = 200
JsonDict = dict[str, Any]


@dataclass(frozen=True, slots=True)
class UserFile:
    file_id: str
    name: str
    size: int


@dataclass(frozen=True, slots=True)
class UserEntry:
    """One message the person sent from the page."""

    number: int
    message_id: int
    date: int
    text: str | None = None
    document: UserFile | None = None
    photo: UserFile | None = None
    caption: str | None = None


def file_url(file_id: str) -> str:
    """Where the page downloads a file."""
    return f"/api/files/{file_id}"


class Timeline:
    """The chats of the personas over one emulator."""

    def __init__(self, fake: FakeBotApi, chat_ids: Iterable[int]) -> None:
        self._fake = fake
        self._entries: dict[int, list[UserEntry | SentMessage]] = {c: [] for c in chat_ids}
        self._user_messages: dict[int, int] = dict.fromkeys(self._entries, 0)
        self._seen = 0  # messages of fake.sent already placed in a chat
        self._numbers = 0
        self._base = int(time.time() * 1000)
        self._snapshots: dict[int, JsonDict] = {}

    def knows(self, chat_id: int) -> bool:
        """Whether the chat is one of the personas'."""
        return chat_id in self._entries

    def version(self, chat_id: int) -> int:
        """Grows with every change in the chat."""
        changes = self._user_messages[chat_id] + self._fake.chat_revision(chat_id)
        return self._base + changes

    async def wait(self, chat_id: int, since: int | None, seconds: float) -> None:
        """Return when the chat's version differs from `since`, or after `seconds`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while since is not None and self.version(chat_id) == since:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return
            await self._fake.wait_change(remaining)

    def add_user_message(self, chat_id: int, update: JsonDict) -> UserEntry:
        """Record what the person just sent (the update the emulator queued for the bot)."""
        self._sync()
        message = update["message"]
        self._numbers += 1
        entry = UserEntry(
            number=self._numbers,
            message_id=int(message["message_id"]),
            date=int(message["date"]),
            text=message.get("text"),
            document=_document(message.get("document")),
            photo=_photo(message.get("photo")),
            caption=message.get("caption"),
        )
        self._entries[chat_id].append(entry)
        self._user_messages[chat_id] += 1
        return entry

    def bot_message(self, chat_id: int, message_id: int) -> SentMessage | None:
        """A message the bot sent in the chat and has not deleted."""
        self._sync()
        for entry in self._entries[chat_id]:
            if isinstance(entry, SentMessage) and entry.message_id == message_id:
                return None if entry.deleted else entry
        return None

    def snapshot(self, chat_id: int) -> JsonDict:
        """The chat as the page's /messages answer has it (built once per version)."""
        self._sync()
        version = self.version(chat_id)
        cached = self._snapshots.get(chat_id)
        if cached is not None and cached["version"] == version:
            return cached
        entries = self._entries[chat_id]
        keyboard = _reply_keyboard(entries)
        snapshot = {
            "version": version,
            "messages": [_as_json(entry) for entry in entries[-MAX_MESSAGES:]],
            "reply_keyboard": _keyboard_json(keyboard) if keyboard else None,
            "input_placeholder": (keyboard or {}).get("input_field_placeholder"),
        }
        self._snapshots[chat_id] = snapshot
        return snapshot

    def _sync(self) -> None:
        """Place the bot's messages sent since the last look in their chats, in order."""
        sent = self._fake.sent
        for record in sent[self._seen :]:
            if record.chat_id in self._entries:
                self._entries[record.chat_id].append(record)
        self._seen = len(sent)


def _document(value: Any) -> UserFile | None:
    if not isinstance(value, dict):
        return None
    name = str(value.get("file_name") or texts.DEMO_FILE_NAME)
    return UserFile(str(value["file_id"]), name, int(value.get("file_size", 0)))


def _photo(value: Any) -> UserFile | None:
    if not isinstance(value, list) or not value:
        return None
    largest = value[-1]
    return UserFile(str(largest["file_id"]), "", int(largest.get("file_size", 0)))


def _as_json(entry: UserEntry | SentMessage) -> JsonDict:
    if isinstance(entry, UserEntry):
        return _user_json(entry)
    return _bot_json(entry)


def _user_json(entry: UserEntry) -> JsonDict:
    return {
        "id": f"u-{entry.number}",
        "message_id": entry.message_id,
        "from": "user",
        "html": escape_text(entry.text or ""),
        "date": entry.date,
        "edited": False,
        "deleted": False,
        "buttons": [],
        "document": (
            {
                "name": entry.document.name,
                "size": entry.document.size,
                "url": file_url(entry.document.file_id),
            }
            if entry.document
            else None
        ),
        "photo": {"url": file_url(entry.photo.file_id)} if entry.photo else None,
        "caption_html": escape_text(entry.caption) if entry.caption else None,
    }


def _bot_json(record: SentMessage) -> JsonDict:
    has_text = record.text is not None
    document = None
    if record.document is not None and record.file_id:
        document = {
            "name": record.file_name or texts.DEMO_FILE_NAME,
            "size": len(record.document),
            "url": file_url(record.file_id),
        }
    photo = (
        {"url": file_url(record.file_id)} if record.photo is not None and record.file_id else None
    )
    caption = record.caption if not has_text else None
    return {
        "id": f"b-{record.message_id}",
        "message_id": record.message_id,
        "from": "bot",
        "html": render_entities(record.text or "", record.entities) if has_text else "",
        "date": record.date,
        "edited": bool(record.edits),
        "deleted": record.deleted,
        "buttons": _buttons(record.reply_markup),
        "document": document,
        "photo": photo,
        "caption_html": render_entities(caption, record.entities) if caption else None,
    }


def _buttons(markup: JsonDict | None) -> list[list[JsonDict]]:
    rows = (markup or {}).get("inline_keyboard") or []
    return [
        [
            {
                "text": str(button.get("text", "")),
                "data": button.get("callback_data"),
                "url": safe_url(button.get("url")),
            }
            for button in row
            if isinstance(button, dict)
        ]
        for row in rows
        if isinstance(row, list)
    ]


def _reply_keyboard(entries: list[UserEntry | SentMessage]) -> JsonDict | None:
    """The reply keyboard the chat shows: set by the latest bot message that set or removed
    one (a deleted message's keyboard stays, as in Telegram)."""
    current: JsonDict | None = None
    for entry in entries:
        if not isinstance(entry, SentMessage):
            continue
        markup = entry.params.get("reply_markup")
        if isinstance(markup, dict) and "keyboard" in markup:
            current = markup
        elif isinstance(markup, dict) and "remove_keyboard" in markup:
            current = None
    return current


def _keyboard_json(markup: JsonDict) -> JsonDict:
    rows = [
        [str(button["text"]) if isinstance(button, dict) else str(button) for button in row]
        for row in markup.get("keyboard", [])
        if isinstance(row, list)
    ]
    return {"rows": rows, "one_time": bool(markup.get("one_time_keyboard", False))}
