"""Bot API methods other than getUpdates and the webhook ones (those live in server.py).

Each handler takes the decoded parameters and returns the `result` or raises ApiError.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .checks import check_commands, check_reply_markup, inline_part
from .html import HtmlError, ParsedText, parse_html, plain
from .models import (
    ApiError,
    Edit,
    JsonDict,
    SentMessage,
    StoredFile,
    UploadedFile,
    bad_request,
)
from .state import FakeState, now_date

Handler = Callable[[JsonDict], Any]

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_TEXT_LIMIT = 200
DOWNLOAD_LIMIT = 20 * 1024 * 1024
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_GIFT_TYPES = {
    "unlimited_gifts": True,
    "limited_gifts": True,
    "unique_gifts": True,
    "premium_subscription": True,
    "gifts_from_channels": True,
}


class BotMethods(FakeState):
    """The Bot API as the bot sees it."""

    strict_html_ampersand = True

    def _method_table(self) -> dict[str, Handler]:
        table: dict[str, Handler] = {
            "getMe": self._get_me,
            "sendMessage": self._send_message,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "copyMessage": self._copy_message,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendChatAction": self._send_chat_action,
            "getFile": self._get_file,
            "getChat": self._get_chat,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
        }
        for name in ("setMyDescription", "setMyShortDescription", "setChatMenuButton"):
            table[name] = self._setting_saver(name)
        return table

    def my_commands(
        self, scope: JsonDict | None = None, language_code: str = ""
    ) -> list[JsonDict]:
        """Commands stored for a scope and language (what getMyCommands would answer)."""
        return list(self._commands.get(_commands_key(scope, language_code), []))

    def commands_for_chat(self, chat_id: int) -> list[JsonDict]:
        """The command menu a private chat shows: its chat scope, else all private chats, else
        the default (Telegram's order of precedence, language-neutral lists only)."""
        for scope in (
            {"type": "chat", "chat_id": chat_id},
            {"type": "all_private_chats"},
            {"type": "default"},
        ):
            key = _commands_key(scope, "")
            if key in self._commands:
                return list(self._commands[key])
        return []

    # -- sending ------------------------------------------------------------------------------

    def _get_me(self, params: JsonDict) -> JsonDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _send_message(self, params: JsonDict) -> JsonDict:
        chat = self._writable_chat(params.get("chat_id"))
        parsed = self._formatted(params, "text", "entities", TEXT_LIMIT, "message is too long")
        if parsed is None or not parsed.text:
            raise bad_request("message text is empty")
        content: JsonDict = {"text": parsed.text}
        if parsed.entities:
            content["entities"] = parsed.entities
        if isinstance(params.get("link_preview_options"), dict):
            content["link_preview_options"] = params["link_preview_options"]
        message = self._deliver(chat, params, content)
        record = self._new_record("sendMessage", message, params)
        record.text, record.raw_text = parsed.text, params["text"]
        self._record_sent(record, message)
        return message

    def _send_document(self, params: JsonDict) -> JsonDict:
        chat = self._writable_chat(params.get("chat_id"))
        stored = self._input_file(params, "document", "documents")
        content: JsonDict = {"document": stored.as_document()}
        message = self._deliver_media(chat, params, content)
        record = self._new_record("sendDocument", message, params)
        record.document, record.file_id = stored.content, stored.file_id
        record.file_name, record.mime_type = stored.file_name, stored.mime_type
        self._record_sent(record, message)
        return message

    def _send_photo(self, params: JsonDict) -> JsonDict:
        chat = self._writable_chat(params.get("chat_id"))
        value = params.get("photo")
        if isinstance(value, UploadedFile):
            if not value.content:
                raise bad_request("file must be non-empty")
            sizes = self._store_photo(value.content)
        else:
            sizes = [self._input_file(params, "photo", "photos").as_photo_size(1280, 960)]
        message = self._deliver_media(chat, params, {"photo": sizes})
        record = self._new_record("sendPhoto", message, params)
        record.file_id = sizes[-1]["file_id"]
        record.photo = self._files[record.file_id].content
        self._record_sent(record, message)
        return message

    def _copy_message(self, params: JsonDict) -> JsonDict:
        chat = self._writable_chat(params.get("chat_id"))
        source_chat = self._resolve_chat(params.get("from_chat_id"))
        source = self._live_message(source_chat["id"], params.get("message_id"))
        if source is None:
            raise bad_request("message to copy not found")
        keys = ("text", "entities", "document", "photo", "caption", "caption_entities")
        content = {key: source[key] for key in keys if key in source}
        if "caption" in params and "text" not in source:
            content.pop("caption", None)
            content.pop("caption_entities", None)
            message = self._deliver_media(chat, params, content)
        else:
            message = self._deliver(chat, params, content)
        record = self._new_record("copyMessage", message, params)
        record.text = record.raw_text = message.get("text")
        record.entities = list(message.get("entities", []))
        file_id = message.get("document", {}).get("file_id")
        if file_id:
            record.document, record.file_id = self._files[file_id].content, file_id
            record.file_name = message["document"].get("file_name")
        elif message.get("photo"):
            record.file_id = message["photo"][-1]["file_id"]
            record.photo = self._files[record.file_id].content
        self._record_sent(record, message)
        return {"message_id": message["message_id"]}

    def _send_chat_action(self, params: JsonDict) -> bool:
        chat = self._writable_chat(params.get("chat_id"))
        action = params.get("action")
        if action not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self.chat_actions.append((chat["id"], str(action)))
        return True

    # -- editing ------------------------------------------------------------------------------

    def _edit_message_text(self, params: JsonDict) -> JsonDict:
        message, record = self._editable(params)
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        parsed = self._formatted(params, "text", "entities", TEXT_LIMIT, "message is too long")
        if parsed is None or not parsed.text:
            raise bad_request("message text is empty")
        self._apply_edit("editMessageText", message, record, params, "text", parsed)
        return message

    def _edit_message_caption(self, params: JsonDict) -> JsonDict:
        message, record = self._editable(params)
        if "text" in message:
            raise bad_request("there is no caption in the message to edit")
        parsed = self._formatted(
            params, "caption", "caption_entities", CAPTION_LIMIT, "message caption is too long"
        )
        self._apply_edit("editMessageCaption", message, record, params, "caption", parsed)
        return message

    def _edit_message_reply_markup(self, params: JsonDict) -> JsonDict:
        message, record = self._editable(params)
        markup = check_reply_markup(params.get("reply_markup"))
        if markup is not None and inline_part(markup) is None:
            raise bad_request("inline keyboard expected")
        if markup == message.get("reply_markup"):
            raise bad_request(NOT_MODIFIED)
        self._set_markup(message, markup)
        record.reply_markup = markup
        self._chat_changed(record.chat_id)
        self.edits.append(
            Edit("editMessageReplyMarkup", record.chat_id, record.message_id, None, None, markup)
        )
        return message

    def _delete_message(self, params: JsonDict) -> bool:
        chat = self._resolve_chat(params.get("chat_id"))
        message = self._live_message(chat["id"], params.get("message_id"))
        if message is None:
            raise bad_request("message to delete not found")
        key = (chat["id"], int(message["message_id"]))
        self._deleted.add(key)
        if key in self._sent_by_key:
            self._sent_by_key[key].deleted = True
            self._chat_changed(chat["id"])
        return True

    def _editable(self, params: JsonDict) -> tuple[JsonDict, SentMessage]:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._writable_chat(params.get("chat_id"))
        message = self._live_message(chat["id"], params.get("message_id"))
        if message is None:
            raise bad_request("message to edit not found")
        record = self._sent_by_key.get((chat["id"], int(message["message_id"])))
        if record is None:
            raise bad_request("message can't be edited")
        return message, record

    def _apply_edit(
        self,
        method: str,
        message: JsonDict,
        record: SentMessage,
        params: JsonDict,
        field: str,
        parsed: ParsedText | None,
    ) -> None:
        entities_key = "entities" if field == "text" else "caption_entities"
        markup = check_reply_markup(params.get("reply_markup"))
        new_text = parsed.text if parsed and parsed.text else None
        new_entities = parsed.entities if parsed else []
        unchanged = (
            new_text == message.get(field)
            and new_entities == message.get(entities_key, [])
            and inline_part(markup) == message.get("reply_markup")
        )
        if unchanged:
            raise bad_request(NOT_MODIFIED)
        old_text = record.body or None
        _set_or_pop(message, field, new_text)
        _set_or_pop(message, entities_key, new_entities or None)
        self._set_markup(message, markup)
        record.edits.append(old_text or "")
        if field == "text":
            record.text, record.raw_text = new_text, params.get("text")
        else:
            record.caption, record.raw_caption = new_text, params.get("caption")
        record.entities, record.reply_markup = new_entities, markup
        record.parse_mode = params.get("parse_mode")
        self._chat_changed(record.chat_id)
        self.edits.append(
            Edit(method, record.chat_id, record.message_id, old_text, new_text, markup)
        )

    def _set_markup(self, message: JsonDict, markup: JsonDict | None) -> None:
        _set_or_pop(message, "reply_markup", inline_part(markup))
        message["edit_date"] = now_date()

    # -- callback queries, files, chats, commands ---------------------------------------------

    def _answer_callback_query(self, params: JsonDict) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if query_id in self._expired_queries:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is "
                "invalid",
                record=False,
            )
        if query_id not in self._open_queries:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        text = params.get("text")
        if isinstance(text, str) and len(text) > CALLBACK_TEXT_LIMIT:
            raise bad_request("MESSAGE_TOO_LONG")
        self._open_queries.discard(query_id)
        self.callback_answers.append(dict(params))
        return True

    def _get_file(self, params: JsonDict) -> JsonDict:
        stored = self._files.get(str(params.get("file_id", "")))
        if stored is None:
            raise bad_request("invalid file_id")
        if len(stored.content) > DOWNLOAD_LIMIT:
            raise bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }

    def _get_chat(self, params: JsonDict) -> JsonDict:
        chat = self._resolve_chat(params.get("chat_id"))
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": dict(_GIFT_TYPES),
        }

    def _set_my_commands(self, params: JsonDict) -> bool:
        commands = check_commands(params.get("commands"))
        self._commands[self._commands_key(params)] = commands
        self._menu_changed(params)
        return True

    def _get_my_commands(self, params: JsonDict) -> list[JsonDict]:
        return list(self._commands.get(self._commands_key(params), []))

    def _delete_my_commands(self, params: JsonDict) -> bool:
        self._commands.pop(self._commands_key(params), None)
        self._menu_changed(params)
        return True

    def _menu_changed(self, params: JsonDict) -> None:
        scope = params.get("scope")
        if isinstance(scope, dict) and scope.get("type") == "chat":
            try:
                self._chat_changed(int(scope["chat_id"]))
            except (KeyError, TypeError, ValueError):
                return
        else:
            self._chat_changed()

    def _commands_key(self, params: JsonDict) -> tuple[str, str]:
        scope = params.get("scope")
        if scope is not None and not isinstance(scope, dict):
            raise bad_request("can't parse BotCommandScope JSON object")
        return _commands_key(scope, str(params.get("language_code") or ""))

    def _setting_saver(self, method: str) -> Handler:
        def save(params: JsonDict) -> bool:
            self.bot_settings[method] = dict(params)
            return True

        return save

    # -- shared pieces ------------------------------------------------------------------------

    def _formatted(
        self, params: JsonDict, key: str, entities_key: str, limit: int, too_long: str
    ) -> ParsedText | None:
        """Plain text + entities of a text/caption parameter, validated like Telegram does."""
        raw = params.get(key)
        if raw is None:
            return None
        mode = params.get("parse_mode")
        if isinstance(mode, str) and mode.upper() == "HTML":
            try:
                parsed = parse_html(str(raw), strict_ampersand=self.strict_html_ampersand)
            except HtmlError as exc:
                raise bad_request(f"can't parse entities: {exc}") from None
        else:
            # Markdown modes are passed through unvalidated.
            entities = None if mode else params.get(entities_key)
            if entities is not None and not isinstance(entities, list):
                raise bad_request(f"can't parse {entities_key} JSON object")
            parsed = plain(str(raw), entities)
        if parsed.length > limit:
            raise bad_request(too_long)
        return parsed

    def _deliver_media(self, chat: JsonDict, params: JsonDict, content: JsonDict) -> JsonDict:
        parsed = self._formatted(
            params, "caption", "caption_entities", CAPTION_LIMIT, "message caption is too long"
        )
        if parsed is not None and parsed.text:
            content["caption"] = parsed.text
            if parsed.entities:
                content["caption_entities"] = parsed.entities
        return self._deliver(chat, params, content)

    def _deliver(self, chat: JsonDict, params: JsonDict, content: JsonDict) -> JsonDict:
        """Check markup, reply target and rate, then build the bot's Message."""
        markup = check_reply_markup(params.get("reply_markup"))
        reply_to = self._reply_target(chat, params)
        self._check_rate(chat["id"])
        message: JsonDict = {"message_id": self._new_message_id(chat["id"]), "date": now_date()}
        if chat["type"] == "channel":
            message["sender_chat"] = chat
        else:
            message["from"] = self.bot_user
        message["chat"] = chat
        if reply_to is not None:
            message["reply_to_message"] = {
                key: value for key, value in reply_to.items() if key != "reply_to_message"
            }
        message.update(content)
        _set_or_pop(message, "reply_markup", inline_part(markup))
        return message

    def _reply_target(self, chat: JsonDict, params: JsonDict) -> JsonDict | None:
        reply = params.get("reply_parameters")
        if not isinstance(reply, dict):
            return None
        target = self._live_message(chat["id"], reply.get("message_id"))
        if target is None and not reply.get("allow_sending_without_reply"):
            raise bad_request("message to be replied not found")
        return target

    def _new_record(self, method: str, message: JsonDict, params: JsonDict) -> SentMessage:
        markup = params.get("reply_markup")
        return SentMessage(
            method=method,
            chat_id=int(message["chat"]["id"]),
            message_id=int(message["message_id"]),
            parse_mode=params.get("parse_mode"),
            reply_markup=markup if isinstance(markup, dict) else None,
            caption=message.get("caption"),
            raw_caption=params.get("caption"),
            entities=list(message.get("entities") or message.get("caption_entities") or []),
            params=params,
        )

    def _input_file(self, params: JsonDict, key: str, folder: str) -> StoredFile:
        value = params.get(key)
        if isinstance(value, UploadedFile):
            if not value.content:
                raise bad_request("file must be non-empty")
            return self._store_file(
                value.content, folder=folder, file_name=value.file_name, mime_type=value.mime_type
            )
        if isinstance(value, str) and value:
            if value in self._files:
                return self._files[value]
            if value.startswith(("http://", "https://")):
                raise bad_request("failed to get HTTP URL content")
            raise bad_request("wrong file identifier/HTTP URL specified")
        raise bad_request(f"there is no {key} in the request")


def _commands_key(scope: JsonDict | None, language_code: str) -> tuple[str, str]:
    canonical = dict(scope or {"type": "default"})
    if isinstance(canonical.get("chat_id"), str) and canonical["chat_id"].lstrip("-").isdigit():
        canonical["chat_id"] = int(canonical["chat_id"])
    return json.dumps(canonical, sort_keys=True, separators=(",", ":")), language_code


def _set_or_pop(target: JsonDict, key: str, value: Any) -> None:
    if value is None:
        target.pop(key, None)
    else:
        target[key] = value
