"""Records and small value objects shared by the fake Bot API modules."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

JsonDict = dict[str, Any]

FAULT_KINDS = ("429", "500", "502", "timeout")


class ApiError(Exception):
    """A Bot API error answer: {"ok": false, "error_code": ..., "description": ...}."""

    def __init__(
        self,
        error_code: int,
        description: str,
        *,
        retry_after: int | None = None,
        record: bool = True,
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after
        self.record = record  # False for answers that are not the bot's fault


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


@dataclass
class UploadedFile:
    """A file part of a multipart request."""

    file_name: str
    content: bytes
    mime_type: str | None = None

    def __repr__(self) -> str:
        return f"UploadedFile({self.file_name!r}, {len(self.content)} bytes, {self.mime_type!r})"


@dataclass
class StoredFile:
    """A file known to the fake: downloadable through getFile + the file URL."""

    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    file_name: str | None = None
    mime_type: str | None = None

    def as_document(self) -> JsonDict:
        document: JsonDict = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
        }
        if self.file_name:
            document["file_name"] = self.file_name
        if self.mime_type:
            document["mime_type"] = self.mime_type
        return document

    def as_photo_size(self, width: int, height: int) -> JsonDict:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
            "width": width,
            "height": height,
        }


@dataclass
class SentMessage:
    """A message the bot sent (sendMessage, sendDocument, sendPhoto, copyMessage)."""

    method: str
    chat_id: int
    message_id: int
    text: str | None = None  # plain text after entity parsing
    raw_text: str | None = None  # as sent
    parse_mode: str | None = None
    entities: list[JsonDict] = field(default_factory=list)
    reply_markup: JsonDict | None = None
    caption: str | None = None  # plain caption after entity parsing
    raw_caption: str | None = None
    document: bytes | None = None
    photo: bytes | None = None
    file_name: str | None = None
    mime_type: str | None = None
    file_id: str | None = None
    edits: list[str] = field(default_factory=list)  # previous texts/captions, oldest first
    deleted: bool = False
    sent_at: float = field(default_factory=time.monotonic)
    params: JsonDict = field(default_factory=dict, repr=False)
    date: int = field(default_factory=lambda: int(time.time()))  # Telegram's `date`

    @property
    def body(self) -> str:
        """Text or caption, whichever the message has."""
        return self.text or self.caption or ""

    def buttons(self) -> list[JsonDict]:
        """All inline keyboard buttons, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]

    def button_data(self, label: str) -> str:
        """callback_data of the first inline button whose text contains `label`."""
        for button in self.buttons():
            if label in button.get("text", "") and "callback_data" in button:
                return str(button["callback_data"])
        texts = [button.get("text") for button in self.buttons()]
        raise AssertionError(f"no callback button with {label!r} in {texts}")


@dataclass
class Rejection:
    """An error answer the fake gave (400/401/403/404/409/429)."""

    method: str
    description: str
    params: JsonDict
    error_code: int = 400
    at: float = field(default_factory=time.monotonic)


@dataclass
class Edit:
    method: str
    chat_id: int
    message_id: int
    old_text: str | None
    new_text: str | None
    reply_markup: JsonDict | None
    at: float = field(default_factory=time.monotonic)


@dataclass
class Fault:
    """A fault to serve instead of (or after) the real answer; see FakeBotApi.inject."""

    method: str
    kind: str
    times: int = 1
    retry_after: int = 1
    chat_id: int | None = None
    delay: float | None = None
    delivered: bool = False


@dataclass
class FaultServed:
    method: str
    kind: str
    params: JsonDict
    at: float = field(default_factory=time.monotonic)


@dataclass
class WebhookPush:
    update_id: int
    url: str
    status: int | None  # HTTP status, None on connection error
    error: str | None
    secret_token: str | None
    at: float = field(default_factory=time.monotonic)

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class Hold:
    """Keeps the HTTP answer of the next matching call back until `release()`.

    The call itself is processed first (a held sendMessage counts as sent); `arrived` is set when
    it came in, `params` and `message` tell what it was.
    """

    def __init__(self, method: str, chat_id: int | None = None) -> None:
        self.method = method
        self.chat_id = chat_id
        self.arrived = asyncio.Event()
        self.params: JsonDict | None = None
        self.message: SentMessage | None = None
        self.claimed = False  # a call matched; `arrived` is set once it has been processed
        self._released = asyncio.Event()

    def matches(self, method: str, chat_id: int | None) -> bool:
        if self.claimed or method.lower() != self.method.lower():
            return False
        return self.chat_id is None or self.chat_id == chat_id

    def release(self) -> None:
        self._released.set()

    @property
    def released(self) -> bool:
        return self._released.is_set()

    async def wait_released(self) -> None:
        await self._released.wait()

    def __repr__(self) -> str:
        state = "released" if self.released else "arrived" if self.arrived.is_set() else "armed"
        return f"Hold({self.method!r}, chat_id={self.chat_id}, {state})"
