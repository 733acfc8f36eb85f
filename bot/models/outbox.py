"""Outbox rows: what the bot has promised to send, as stored.

Every message the bot starts by itself is a row written in the same transaction as the change
that causes it; `bot/outbox/sender.py` delivers the rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

STATUSES: Final = ("pending", "sending", "sent", "failed", "blocked", "cancelled")
METHODS: Final = frozenset(
    {
        "sendMessage",
        "editMessageText",
        "sendDocument",
        "sendPhoto",
        "setMyCommands",
        "deleteMessage",
    }
)
# Methods that count against a chat's own message rate (menus and deletes take only a slot).
PER_CHAT_METHODS: Final = frozenset(
    {"sendMessage", "editMessageText", "sendDocument", "sendPhoto"}
)
# Terminal states of an edit's target that make the edit pointless.
DEAD_STATUSES: Final = frozenset({"failed", "blocked", "cancelled"})
MAX_LOGGED_TEXT: Final = 80


@dataclass(frozen=True)
class OutboxMessage:
    """One outbox row; times are aware UTC datetimes."""

    id: int
    chat_id: int
    kind: str
    method: str
    payload: Mapping[str, Any]
    group_key: str | None
    target_id: int | None
    status: str
    attempts: int
    not_before: datetime
    created_at: datetime
    sent_at: datetime | None
    message_id: int | None
    last_error: str | None

    @property
    def text(self) -> str | None:
        """The message text (or document caption), if any."""
        value = self.payload.get("text", self.payload.get("caption"))
        return None if value is None else str(value)

    def preview(self) -> str:
        """The text clipped for a log line."""
        return clip(self.text)


def clip(text: str | None, limit: int = MAX_LOGGED_TEXT) -> str:
    """Shorten message text for a log line."""
    if not text:
        return ""
    return text if len(text) <= limit else text[: limit - 1] + "…"
