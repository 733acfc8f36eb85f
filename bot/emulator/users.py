"""Acting as Telegram users: each method enqueues the update Telegram would deliver."""

from __future__ import annotations

import re
from typing import Any

from .html import utf16_len
from .models import JsonDict
from .state import FakeState, now_date

DEFAULT_FIRST_NAME = "Nguyễn Văn A"
DEFAULT_GROUP_TITLE = "Nhóm thử nghiệm"
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@])")


class UserActions(FakeState):
    """Synchronous helpers for tests; they return the created update (or the relevant id)."""

    def send_text(
        self,
        user_id: int,
        text: str,
        *,
        first_name: str = DEFAULT_FIRST_NAME,
        username: str | None = None,
        chat_id: int | None = None,
        chat_type: str = "private",
        group_title: str | None = None,
        entities: list[JsonDict] | None = None,
    ) -> JsonDict:
        """A text message from `user_id`; a leading /command gets its bot_command entity."""
        user = self._user(user_id, first_name, username)
        chat = self._chat_for(user, chat_id, chat_type, group_title)
        message = self._user_message(user, chat, text=text)
        found = entities if entities is not None else _command_entities(text)
        if found:
            message["entities"] = found
        return self.add_raw_update({"message": message})

    def open_chat(self, user_id: int, first_name: str, username: str | None = None) -> None:
        """Make the user's private chat known without an update, as for someone who opened
        the bot long ago: the bot may then send to them."""
        self._chat_for(self._user(user_id, first_name, username), None, "private", None)

    def send_command(self, user_id: int, command: str, **kwargs: Any) -> JsonDict:
        """Like send_text for "/cmd[@bot] args"; fails fast when `command` is not a command."""
        if not _COMMAND.match(command):
            raise ValueError(f"not a bot command: {command!r}")
        return self.send_text(user_id, command, **kwargs)

    def press_button(
        self,
        user_id: int,
        message_id: int,
        data: str,
        *,
        chat_id: int | None = None,
        first_name: str = DEFAULT_FIRST_NAME,
        username: str | None = None,
        expired: bool = False,
    ) -> str:
        """Press an inline button (any data, even forged); returns the callback query id.

        The update carries the bot's stored message; for an unknown or deleted message it
        carries an inaccessible message (date 0), as Telegram does. With `expired`, the press
        happened long ago (the bot was down): answerCallbackQuery then fails with "query is too
        old", as Telegram answers after about 15 seconds; that is not counted as the bot's fault.
        """
        user = self._user(user_id, first_name, username)
        target = chat_id if chat_id is not None else user_id
        chat = self._chats.get(target) or self._chat_for(user, chat_id, "private", None)
        message = self._live_message(target, message_id)
        self._next_query += 1
        query_id = str(4_300_000_000_000_000 + self._next_query)
        (self._expired_queries if expired else self._open_queries).add(query_id)
        query: JsonDict = {
            "id": query_id,
            "from": user,
            "chat_instance": str(-7_000_000_000_000_000 - target),
            "data": data,
            "message": (
                dict(message)
                if message is not None
                else {"chat": chat, "message_id": message_id, "date": 0}
            ),
        }
        self.add_raw_update({"callback_query": query})
        return query_id

    def send_document(
        self,
        user_id: int,
        file_name: str,
        content: bytes,
        *,
        caption: str | None = None,
        mime_type: str = "application/octet-stream",
        first_name: str = DEFAULT_FIRST_NAME,
    ) -> JsonDict:
        """A document from the user; getFile + download return `content`."""
        stored = self._store_file(
            content, folder="documents", file_name=file_name, mime_type=mime_type
        )
        return self._media_message(
            user_id, first_name, {"document": stored.as_document()}, caption
        )

    def send_photo(
        self,
        user_id: int,
        content: bytes,
        *,
        caption: str | None = None,
        first_name: str = DEFAULT_FIRST_NAME,
    ) -> JsonDict:
        """A photo from the user (two PhotoSize entries sharing `content`)."""
        photo = self._store_photo(content)
        return self._media_message(user_id, first_name, {"photo": photo}, caption)

    def edit_message(
        self, user_id: int, message_id: int, new_text: str, *, chat_id: int | None = None
    ) -> JsonDict:
        """The user edits one of their text messages: an `edited_message` update."""
        target = chat_id if chat_id is not None else user_id
        message = self._live_message(target, message_id)
        if message is None or message.get("from", {}).get("id") != user_id:
            raise ValueError(f"user {user_id} has no message {message_id} in chat {target}")
        message["text"] = new_text
        message["edit_date"] = now_date()
        message.pop("entities", None)
        found = _command_entities(new_text)
        if found:
            message["entities"] = found
        return self.add_raw_update({"edited_message": dict(message)})

    def channel_post(
        self, channel_id: int, text: str, *, title: str = "Kênh thử nghiệm"
    ) -> JsonDict:
        """A post in a channel the bot is in (no `from`, `sender_chat` is the channel)."""
        chat = self._chats.setdefault(channel_id, {"id": channel_id, "type": "channel"})
        chat.setdefault("title", title)
        message: JsonDict = {
            "message_id": self._new_message_id(channel_id),
            "sender_chat": chat,
            "chat": chat,
            "date": now_date(),
            "text": text,
        }
        self._messages[(channel_id, message["message_id"])] = message
        return self.add_raw_update({"channel_post": message})

    def block(self, user_id: int) -> JsonDict:
        """The user blocks the bot: sends to them get 403; a my_chat_member update is queued."""
        self.blocked.add(user_id)
        return self._membership_update(user_id, "member", "kicked")

    def unblock(self, user_id: int) -> JsonDict:
        """The user unblocks (restarts) the bot; Telegram then reports membership again."""
        self.blocked.discard(user_id)
        return self._membership_update(user_id, "kicked", "member")

    # -- helpers ------------------------------------------------------------------------------

    def _user(self, user_id: int, first_name: str, username: str | None) -> JsonDict:
        user: JsonDict = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": "vi",
        }
        if username:
            user["username"] = username
        return user

    def _chat_for(
        self, user: JsonDict, chat_id: int | None, chat_type: str, group_title: str | None
    ) -> JsonDict:
        if chat_type == "private":
            chat: JsonDict = {
                "id": user["id"],
                "type": "private",
                "first_name": user["first_name"],
            }
            if "username" in user:
                chat["username"] = user["username"]
        else:
            if chat_id is None or chat_id >= 0:
                raise ValueError("group chats need a negative chat_id")
            chat = {"id": chat_id, "type": chat_type, "title": group_title or DEFAULT_GROUP_TITLE}
        self._chats[chat["id"]] = chat
        return chat

    def _user_message(self, user: JsonDict, chat: JsonDict, **content: Any) -> JsonDict:
        message: JsonDict = {
            "message_id": self._new_message_id(chat["id"]),
            "from": user,
            "chat": chat,
            "date": now_date(),
            **content,
        }
        self._messages[(chat["id"], message["message_id"])] = message
        return message

    def _media_message(
        self, user_id: int, first_name: str, media: JsonDict, caption: str | None
    ) -> JsonDict:
        user = self._user(user_id, first_name, None)
        chat = self._chat_for(user, None, "private", None)
        message = self._user_message(user, chat, **media)
        if caption is not None:
            message["caption"] = caption
        return self.add_raw_update({"message": message})

    def _membership_update(self, user_id: int, old: str, new: str) -> JsonDict:
        chat = self._chats.get(user_id) or self._chat_for(
            self._user(user_id, DEFAULT_FIRST_NAME, None), None, "private", None
        )
        user = self._user(user_id, chat.get("first_name", DEFAULT_FIRST_NAME), None)
        member = {
            "chat": chat,
            "from": user,
            "date": now_date(),
            "old_chat_member": self._bot_member(old),
            "new_chat_member": self._bot_member(new),
        }
        return self.add_raw_update({"my_chat_member": member})

    def _bot_member(self, status: str) -> JsonDict:
        member: JsonDict = {"user": self.bot_user, "status": status}
        if status == "kicked":
            member["until_date"] = 0
        return member


def _command_entities(text: str) -> list[JsonDict]:
    """Telegram marks a leading /command with a bot_command entity."""
    match = _COMMAND.match(text)
    if match is None:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group())}]
