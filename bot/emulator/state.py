"""The fake's data: chats, messages, files, pending updates, and everything it recorded."""

from __future__ import annotations

import asyncio
import contextlib
import mimetypes
import time
from pathlib import PurePosixPath
from typing import Any

from .models import (
    ApiError,
    Edit,
    FaultServed,
    JsonDict,
    Rejection,
    SentMessage,
    StoredFile,
    WebhookPush,
    bad_request,
)
from .rates import RateLimiter

DEFAULT_TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijk"  # noqa: S105 (not a secret)


def now_date() -> int:
    """A Telegram `date`: Unix time in whole seconds."""
    return int(time.time())


class FakeState:
    """Everything the fake knows; the HTTP side lives in server.FakeBotApi."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        bot_id: int = 123456789,
        bot_username: str = "nd73_test_bot",
        bot_first_name: str = "Trợ lý NĐ73",
        *,
        first_update_id: int = 1,
    ) -> None:
        self.token = token
        self.bot_user: JsonDict = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        # What happened, in order.
        self.sent: list[SentMessage] = []
        self.edits: list[Edit] = []
        self.calls: list[tuple[str, JsonDict]] = []
        self.rejections: list[Rejection] = []
        self.forbidden: list[Rejection] = []
        self.faults_served: list[FaultServed] = []
        self.callback_answers: list[JsonDict] = []
        self.chat_actions: list[tuple[int, str]] = []
        self.webhook_pushes: list[WebhookPush] = []
        self.poll_conflicts = 0  # getUpdates calls ended by a newer getUpdates (409)
        self.bot_settings: dict[str, JsonDict] = {}  # setMyDescription & co, by method
        # Updates not confirmed yet, oldest first.
        self._updates: list[JsonDict] = []
        self._next_update_id = first_update_id
        self.confirmed_offset = 0
        self.allowed_updates: list[str] | None = None
        # Chats, messages, files.
        self._chats: dict[int, JsonDict] = {}
        self._messages: dict[tuple[int, int], JsonDict] = {}
        self._sent_by_key: dict[tuple[int, int], SentMessage] = {}
        self._deleted: set[tuple[int, int]] = set()
        self._last_message_id: dict[int, int] = {}
        self._files: dict[str, StoredFile] = {}
        self._file_paths: dict[str, StoredFile] = {}
        self.blocked: set[int] = set()
        self._commands: dict[tuple[str, str], list[JsonDict]] = {}
        self._open_queries: set[str] = set()
        # Queries of buttons pressed while the bot was down: Telegram no longer takes an answer.
        self._expired_queries: set[str] = set()
        self._next_query = 0
        # Rates.
        self.enforce_rates = False
        self.rate_overall = 30
        self.rate_per_chat = 1
        self.rate_per_group_minute = 20
        self._rates = RateLimiter()
        # Woken (and replaced) on every change; see _notify.
        self._changed = asyncio.Event()
        # Per chat: how often what the bot shows there changed (see chat_revision).
        self._chat_revisions: dict[int, int] = {}

    # -- change notification ------------------------------------------------------------------

    def _notify(self) -> None:
        """Wake everything waiting for a change (waits, long polls, the webhook pusher)."""
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    async def wait_change(self, timeout: float | None) -> None:
        """Return after the next change of any kind (an update, a request), or `timeout`."""
        event = self._changed
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout)

    def chat_revision(self, chat_id: int) -> int:
        """A counter that grows whenever the bot sends, edits or deletes a message in the chat,
        or changes the command menu it sees; equal counters mean nothing changed there."""
        return self._chat_revisions.get(chat_id, 0)

    def _chat_changed(self, chat_id: int | None = None) -> None:
        """Count a change in one chat (None: in every chat, e.g. a menu for all of them)."""
        for target in self._chats if chat_id is None else (chat_id,):
            self._chat_revisions[target] = self._chat_revisions.get(target, 0) + 1

    # -- updates ------------------------------------------------------------------------------

    def add_raw_update(self, body: JsonDict) -> JsonDict:
        """Enqueue an update; `update_id` is assigned unless given. Returns the update."""
        update = {"update_id": self._next_update_id, **body}
        self._next_update_id = max(self._next_update_id, update["update_id"]) + 1
        self._updates.append(update)
        self._updates.sort(key=lambda item: int(item["update_id"]))
        self._learn_chats(update)
        self._notify()
        return update

    def pending_updates(self) -> list[int]:
        """Ids of updates not confirmed (or pushed to a webhook) yet."""
        return [int(update["update_id"]) for update in self._updates]

    def drop_pending_updates(self) -> list[int]:
        """Forget the pending updates (like deleteWebhook(drop_pending_updates=True))."""
        dropped = self.pending_updates()
        self._updates.clear()
        self._notify()
        return dropped

    def _confirm_below(self, offset: int) -> None:
        self._updates = [item for item in self._updates if item["update_id"] >= offset]
        self.confirmed_offset = max(self.confirmed_offset, offset)

    def _learn_chats(self, value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                self._learn_chats(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key in ("chat", "sender_chat") and isinstance(item, dict) and "id" in item:
                    self._chats.setdefault(int(item["id"]), dict(item))
                else:
                    self._learn_chats(item)

    # -- chats --------------------------------------------------------------------------------

    def _resolve_chat(self, value: Any) -> JsonDict:
        """The chat for a chat_id parameter (int, numeric string or @username)."""
        if isinstance(value, str) and value.startswith("@"):
            for chat in self._chats.values():
                if chat.get("username", "").lower() == value[1:].lower():
                    return chat
            raise bad_request("chat not found")
        try:
            chat_id = int(value)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None
        if chat_id not in self._chats:
            raise bad_request("chat not found")
        return self._chats[chat_id]

    def _writable_chat(self, value: Any) -> JsonDict:
        """Like _resolve_chat, and 403 when the user blocked the bot."""
        chat = self._resolve_chat(value)
        if chat["id"] in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    # -- messages -----------------------------------------------------------------------------

    def _new_message_id(self, chat_id: int) -> int:
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    def _live_message(self, chat_id: int, message_id: Any) -> JsonDict | None:
        try:
            key = (chat_id, int(message_id))
        except (TypeError, ValueError):
            return None
        return None if key in self._deleted else self._messages.get(key)

    def _check_rate(self, chat_id: int) -> None:
        if not self.enforce_rates:
            return
        wait = self._rates.retry_after(
            chat_id,
            time.monotonic(),
            overall=self.rate_overall,
            per_chat=self.rate_per_chat,
            per_group_minute=self.rate_per_group_minute,
        )
        if wait is not None:
            raise ApiError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)

    def _record_sent(self, record: SentMessage, message: JsonDict) -> SentMessage:
        key = (record.chat_id, record.message_id)
        self._messages[key] = message
        self._sent_by_key[key] = record
        self.sent.append(record)
        self._rates.record(record.chat_id, record.sent_at)
        self._chat_changed(record.chat_id)
        return record

    # -- files --------------------------------------------------------------------------------

    def _store_file(
        self, content: bytes, *, folder: str, file_name: str | None, mime_type: str | None
    ) -> StoredFile:
        number = len(self._files) + 1
        prefix = "AgAC" if folder == "photos" else "BQAC"
        suffix = PurePosixPath(file_name).suffix if file_name else ".jpg"
        if mime_type is None and file_name:
            mime_type = mimetypes.guess_type(file_name)[0]
        stored = StoredFile(
            file_id=f"{prefix}AgIAAxkBAAI{number:06d}",
            file_unique_id=f"AQAD{number:06d}",
            file_path=f"{folder}/file_{number}{suffix}",
            content=content,
            file_name=file_name,
            mime_type=mime_type,
        )
        self._files[stored.file_id] = stored
        self._file_paths[stored.file_path] = stored
        return stored

    def _store_photo(self, content: bytes) -> list[JsonDict]:
        """PhotoSize list (thumbnail, full size); both download as `content`."""
        thumb, full = (
            self._store_file(content, folder="photos", file_name=None, mime_type="image/jpeg")
            for _ in range(2)
        )
        return [thumb.as_photo_size(90, 68), full.as_photo_size(1280, 960)]

    def file_content(self, file_id: str) -> bytes:
        """The bytes behind a file_id (what a download of it returns)."""
        return self._files[file_id].content

    def stored_file(self, file_id: str) -> StoredFile | None:
        """A file the fake knows (sent by a user or by the bot), or None."""
        return self._files.get(file_id)

    # -- inspection ---------------------------------------------------------------------------

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        """Messages the bot sent to `chat_id` that are not deleted, oldest first."""
        return [item for item in self.sent if item.chat_id == chat_id and not item.deleted]

    def callback_answer(self, query_id: str) -> JsonDict | None:
        """The bot's answerCallbackQuery parameters for a press, None while unanswered."""
        for answer in self.callback_answers:
            if str(answer.get("callback_query_id")) == query_id:
                return answer
        return None

    def last_message_to(self, chat_id: int) -> SentMessage | None:
        messages = self.messages_to(chat_id)
        return messages[-1] if messages else None

    def describe_sent(self, limit: int = 30) -> str:
        """A readable dump of the last sent messages and rejections, for assertion messages."""
        lines = [f"{len(self.sent)} message(s) sent:"]
        for index, item in enumerate(self.sent[-limit:], start=max(0, len(self.sent) - limit)):
            flags = " (deleted)" if item.deleted else ""
            lines.append(
                f"  [{index}] {item.method} chat={item.chat_id} id={item.message_id}{flags}: "
                f"{item.body[:200]!r} buttons={[b.get('text') for b in item.buttons()]}"
            )
        if self.rejections:
            lines.append(f"{len(self.rejections)} rejection(s):")
            lines.extend(f"  {item.method}: {item.description}" for item in self.rejections[-10:])
        lines.append(f"last calls of {len(self.calls)}:")
        lines.extend(f"  {method} {_brief(params)}" for method, params in self.calls[-8:])
        lines.append(f"pending updates: {self.pending_updates()}")
        return "\n".join(lines)


def _brief(params: JsonDict) -> str:
    text = ", ".join(f"{key}={value!r}" for key, value in params.items())
    return text if len(text) <= 120 else text[:117] + "..."
