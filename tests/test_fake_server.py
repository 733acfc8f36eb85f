"""Tests of the fake Bot API itself, driven by real PTB clients so its shapes are PTB-compatible."""

from __future__ import annotations

import asyncio
import sys
import textwrap
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.emulator.html import HtmlError
from tests.fakebotapi import BotProcess, FakeBotApi, SentMessage, parse_html, utf16_len

USER = 1001
OTHER_USER = 1002
GROUP = -100200300


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


@pytest.fixture
async def bot(fake: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url) as client:
        yield client


@pytest.fixture
def user_chat(fake: FakeBotApi) -> int:
    """A private chat the fake knows (the user wrote first); its pending update is dropped."""
    fake.send_text(USER, "xin chào")
    fake.drop_pending_updates()
    return USER


def last_rejection(fake: FakeBotApi) -> str:
    assert fake.rejections, "expected a rejection"
    return fake.rejections[-1].description


# -- HTML and lengths ---------------------------------------------------------------------------


def test_parse_html_entities_and_utf16_offsets() -> None:
    parsed = parse_html(
        '😀 <b>đậm <i>nghiêng</i></b> <a href="https://x.vn/?a=1&amp;b=2">liên kết</a>'
    )
    assert parsed.text == "😀 đậm nghiêng liên kết"
    assert parsed.entities == [
        {"type": "bold", "offset": 3, "length": 11},
        {"type": "italic", "offset": 7, "length": 7},
        {"type": "text_link", "offset": 15, "length": 8, "url": "https://x.vn/?a=1&b=2"},
    ]
    assert utf16_len("😀") == 2


def test_parse_html_pre_code_blockquote_spoiler_and_trim() -> None:
    source = (
        '  <pre><code class="language-python">x &lt; 1</code></pre>'
        "<blockquote expandable>q</blockquote><tg-spoiler>s</tg-spoiler>"
        '<span class="tg-spoiler">t</span>&#39;&#x41;  \n'
    )
    parsed = parse_html(source)
    assert parsed.text == "x < 1qst'A"
    types = [(entity["type"], entity.get("language")) for entity in parsed.entities]
    assert types == [
        ("pre", "python"),
        ("expandable_blockquote", None),
        ("spoiler", None),
        ("spoiler", None),
    ]


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("AT&T", 'bare "&" at byte offset 2'),
        ("&nbsp;", "at byte offset 0"),
        ("<foo>x</foo>", 'Unsupported start tag "foo"'),
        ("<br>", 'Unsupported start tag "br"'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag"),
        ("<span>x</span>", 'must have class "tg-spoiler"'),
        ("<b", "Unclosed start tag"),
    ],
)
def test_parse_html_rejects(source: str, fragment: str) -> None:
    with pytest.raises(HtmlError, match=None) as caught:
        parse_html(source)
    assert fragment in str(caught.value)


# -- basics -------------------------------------------------------------------------------------


async def test_get_me(fake: FakeBotApi, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.is_bot and me.id == 123456789
    assert me.username == "nd73_test_bot" and me.first_name == "Trợ lý NĐ73"
    assert me.can_join_groups is True and me.supports_inline_queries is False
    assert [name for name, _ in fake.calls] == ["getMe", "getMe"]  # initialize() + ours


async def test_wrong_token_and_unknown_method(fake: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("999:wrong", base_url=fake.base_url):
            pass
    assert (fake.rejections[-1].error_code, last_rejection(fake)) == (401, "Unauthorized")
    with pytest.raises(EndPointNotFound):  # PTB's name for a 404 from do_api_request
        await bot.do_api_request("noSuchMethod")
    assert (fake.rejections[-1].method, last_rejection(fake)) == ("noSuchMethod", "Not Found")


async def test_json_body_and_get_query_are_understood(fake: FakeBotApi, user_chat: int) -> None:
    url = f"{fake.base_url}{fake.token}"
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{url}/getMe") as response:
            assert (await response.json())["result"]["is_bot"] is True
        body = {"chat_id": user_chat, "text": "<i>json</i>", "parse_mode": "HTML"}
        async with session.post(f"{url}/sendMessage", json=body) as response:
            answer = await response.json()
    assert answer["ok"] and answer["result"]["text"] == "json"
    assert fake.sent[-1].entities == [{"type": "italic", "offset": 0, "length": 4}]


# -- getUpdates ---------------------------------------------------------------------------------


async def test_get_updates_confirms_by_offset_and_redelivers(fake: FakeBotApi, bot: Bot) -> None:
    first = fake.send_text(USER, "một")["update_id"]
    second = fake.send_command(USER, "/start abc")["update_id"]
    assert (first, second) == (1, 2)

    updates = await bot.get_updates()
    assert [update.update_id for update in updates] == [1, 2]
    assert updates[1].message.text == "/start abc"
    assert updates[1].message.entities[0].type == "bot_command"
    assert updates[1].message.entities[0].length == len("/start")

    again = await bot.get_updates()  # nothing confirmed yet: delivered again, as after a crash
    assert [update.update_id for update in again] == [1, 2]

    rest = await bot.get_updates(offset=first + 1)
    assert [update.update_id for update in rest] == [2]
    assert fake.pending_updates() == [2] and fake.confirmed_offset == 2
    assert await bot.get_updates(offset=second + 1) == ()
    assert fake.pending_updates() == []


async def test_get_updates_limit_negative_offset_and_allowed_updates(
    fake: FakeBotApi, bot: Bot
) -> None:
    for text in ("a", "b", "c"):
        fake.send_text(USER, text)
    assert [u.update_id for u in await bot.get_updates(limit=2)] == [1, 2]
    assert [u.update_id for u in await bot.get_updates(offset=-1)] == [3]
    assert fake.pending_updates() == [3]
    fake.press_button(USER, 99, "x")
    updates = await bot.get_updates(allowed_updates=["callback_query"])
    assert [u.update_id for u in updates] == [4]  # the message update was dropped


async def test_long_poll_wakes_on_new_update(fake: FakeBotApi, bot: Bot) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await fake.wait_for_call("getUpdates")
    fake.send_text(USER, "thức dậy")
    updates = await asyncio.wait_for(poll, 3)
    assert [u.message.text for u in updates] == ["thức dậy"]
    assert time.monotonic() - started < 2


async def test_long_poll_times_out_empty_and_stop_wakes_it() -> None:
    fake = await FakeBotApi().start()
    async with Bot(fake.token, base_url=fake.base_url) as client:
        assert await client.get_updates(timeout=0.2) == ()
        poll = asyncio.create_task(client.get_updates(timeout=30))
        await fake.wait_for_call("getUpdates", count=2)
        started = time.monotonic()
        await fake.stop()
        assert await asyncio.wait_for(poll, 3) == ()
        assert time.monotonic() - started < 2


async def test_newer_get_updates_ends_the_older_one(fake: FakeBotApi, bot: Bot) -> None:
    # A second Bot: PTB's getUpdates connection pool has a single connection.
    older = asyncio.create_task(bot.get_updates(timeout=30))
    await fake.wait_for_call("getUpdates")
    async with Bot(fake.token, base_url=fake.base_url) as second_instance:
        assert await second_instance.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates"):
        await asyncio.wait_for(older, 3)
    assert fake.poll_conflicts == 1 and fake.rejections == []


# -- sending, editing, deleting ------------------------------------------------------------------


async def test_send_message_is_recorded_with_plain_text(
    fake: FakeBotApi, bot: Bot, user_chat: int
) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Tiếp", callback_data="next:1")]])
    message = await bot.send_message(
        user_chat, "<b>Điều 5</b> &amp; Điều 6", parse_mode=ParseMode.HTML, reply_markup=markup
    )
    assert message.text == "Điều 5 & Điều 6"
    assert message.entities[0].type == "bold" and message.entities[0].length == 6
    assert message.reply_markup == markup
    assert message.from_user.id == 123456789 and message.chat.id == user_chat
    assert message.message_id == 2  # the user's message was 1

    sent = fake.last_message_to(user_chat)
    assert isinstance(sent, SentMessage)
    assert (sent.method, sent.text, sent.raw_text) == (
        "sendMessage",
        "Điều 5 & Điều 6",
        "<b>Điều 5</b> &amp; Điều 6",
    )
    assert sent.parse_mode == "HTML" and sent.button_data("Tiếp") == "next:1"
    assert fake.rejections == []


async def test_reply_keyboard_and_reply_parameters(
    fake: FakeBotApi, bot: Bot, user_chat: int
) -> None:
    keyboard = ReplyKeyboardMarkup([[KeyboardButton("Có"), KeyboardButton("Không")]])
    message = await bot.send_message(
        user_chat, "Chọn", reply_markup=keyboard, reply_parameters=ReplyParameters(1)
    )
    assert message.reply_markup is None  # only inline keyboards are echoed
    assert message.reply_to_message.text == "xin chào"
    assert fake.sent[-1].reply_markup == keyboard.to_dict()
    with pytest.raises(BadRequest, match="replied not found"):
        await bot.send_message(user_chat, "x", reply_parameters=ReplyParameters(999))


async def test_edit_and_delete_update_the_record(
    fake: FakeBotApi, bot: Bot, user_chat: int
) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    message = await bot.send_message(user_chat, "cũ", reply_markup=markup)
    edited = await bot.edit_message_text("mới", user_chat, message.message_id)
    assert edited.text == "mới" and edited.edit_date is not None
    assert edited.reply_markup is None  # editing text without markup removes the keyboard
    sent = fake.sent[-1]
    assert (sent.text, sent.edits, sent.reply_markup) == ("mới", ["cũ"], None)
    assert (fake.edits[-1].old_text, fake.edits[-1].new_text) == ("cũ", "mới")

    await bot.edit_message_reply_markup(user_chat, message.message_id, reply_markup=markup)
    assert sent.reply_markup == markup.to_dict()

    assert await bot.delete_message(user_chat, message.message_id) is True
    assert sent.deleted and fake.messages_to(user_chat) == []
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(user_chat, message.message_id)
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("user's", user_chat, 1)


async def test_copy_message_and_chat_action(fake: FakeBotApi, bot: Bot, user_chat: int) -> None:
    fake.send_text(OTHER_USER, "hi")
    copied = await bot.copy_message(OTHER_USER, user_chat, 1)
    assert copied.message_id == 2
    assert (fake.sent[-1].method, fake.sent[-1].text) == ("copyMessage", "xin chào")
    assert await bot.send_chat_action(user_chat, "typing") is True
    assert fake.chat_actions == [(user_chat, "typing")]


async def test_get_chat_for_known_chats_only(fake: FakeBotApi, bot: Bot, user_chat: int) -> None:
    chat = await bot.get_chat(user_chat)
    assert chat.type == "private" and chat.first_name == "Nguyễn Văn A"
    fake.send_text(USER, "nhóm", chat_id=GROUP, chat_type="supergroup", group_title="Phòng NV")
    assert (await bot.get_chat(GROUP)).title == "Phòng NV"
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.get_chat(424242)


# -- rejections ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parse_mode", "description"),
    [
        ("a" * 4097, None, "Bad Request: message is too long"),
        ("😀" * 2049, None, "Bad Request: message is too long"),  # 4098 UTF-16 units
        ("<b>" + "a" * 4097 + "</b>", "HTML", "Bad Request: message is too long"),
        ("   \n ", None, "Bad Request: message text is empty"),
        ("<b></b>", "HTML", "Bad Request: message text is empty"),
        ("1 < 2", "HTML", "Bad Request: can't parse entities: Unsupported start tag"),
        ("Tom & Jerry", "HTML", "Bad Request: can't parse entities: Unsupported HTML entity"),
        ("<u>x", "HTML", "Bad Request: can't parse entities: Can't find end tag"),
        ("<script>x</script>", "HTML", "Bad Request: can't parse entities: Unsupported start"),
    ],
)
async def test_send_message_rejections(
    fake: FakeBotApi,
    bot: Bot,
    user_chat: int,
    text: str,
    parse_mode: str | None,
    description: str,
) -> None:
    with pytest.raises(BadRequest):
        await bot.send_message(user_chat, text, parse_mode=parse_mode)
    assert last_rejection(fake).startswith(description)
    assert fake.rejections[-1].method == "sendMessage"
    assert fake.sent == []


async def test_length_limits_are_inclusive(fake: FakeBotApi, bot: Bot, user_chat: int) -> None:
    await bot.send_message(user_chat, "😀" * 2048)
    await bot.send_document(user_chat, b"x", filename="a.txt", caption="c" * 1024)
    with pytest.raises(BadRequest, match="caption is too long"):
        await bot.send_document(user_chat, b"x", filename="a.txt", caption="c" * 1025)
    assert len(fake.sent) == 2


@pytest.mark.parametrize(
    ("button", "description"),
    [
        (InlineKeyboardButton("x", callback_data="é" * 32 + "a"), "BUTTON_DATA_INVALID"),
        (InlineKeyboardButton("", callback_data="ok"), "text buttons are unallowed"),
        (InlineKeyboardButton("x", url="ftp://x"), "BUTTON_URL_INVALID"),
    ],
)
async def test_inline_keyboard_rejections(
    fake: FakeBotApi, bot: Bot, user_chat: int, button: InlineKeyboardButton, description: str
) -> None:
    with pytest.raises(BadRequest):
        await bot.send_message(user_chat, "x", reply_markup=InlineKeyboardMarkup([[button]]))
    assert last_rejection(fake).startswith(f"Bad Request: {description}")


async def test_callback_data_of_64_bytes_is_fine(bot: Bot, user_chat: int) -> None:
    button = InlineKeyboardButton("x", callback_data="é" * 32)
    await bot.send_message(user_chat, "x", reply_markup=InlineKeyboardMarkup([[button]]))


async def test_edit_rejections(fake: FakeBotApi, bot: Bot, user_chat: int) -> None:
    message = await bot.send_message(user_chat, "<b>same</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("<strong>same</strong>", user_chat, message.message_id,
                                    parse_mode="HTML")  # fmt: skip
    assert last_rejection(fake).startswith("Bad Request: message is not modified: specified new")
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", user_chat, 777)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(user_chat, message.message_id)
    assert [r.method for r in fake.rejections] == [
        "editMessageText",
        "editMessageText",
        "editMessageReplyMarkup",
    ]


async def test_unknown_chat_is_rejected(fake: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(5555, "hello?")
    assert last_rejection(fake) == "Bad Request: chat not found"


async def test_callback_query_answers(fake: FakeBotApi, bot: Bot, user_chat: int) -> None:
    message = await bot.send_message(user_chat, "menu")
    query_id = fake.press_button(user_chat, message.message_id, "forged:data")
    [update] = await bot.get_updates(offset=fake.confirmed_offset)
    assert update.callback_query.data == "forged:data"
    assert update.callback_query.message.text == "menu"
    with pytest.raises(BadRequest, match=r"(?i)message_too_long"):  # PTB capitalize()s it
        await bot.answer_callback_query(query_id, text="x" * 201)
    assert await bot.answer_callback_query(query_id, text="Đã nhận") is True
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query_id)
    assert fake.callback_answers == [{"callback_query_id": query_id, "text": "Đã nhận"}]


@pytest.mark.parametrize(
    ("commands", "description"),
    [
        ([BotCommand("Start", "Bắt đầu")], "BOT_COMMAND_INVALID"),
        ([BotCommand("a" * 33, "x")], "BOT_COMMAND_INVALID"),
        ([BotCommand("tra-cuu", "x")], "BOT_COMMAND_INVALID"),
        ([BotCommand("start", "")], "BOT_COMMAND_DESCRIPTION_INVALID"),
        ([BotCommand("start", "d" * 257)], "BOT_COMMAND_DESCRIPTION_INVALID"),
        ([BotCommand(f"c{i}", "x") for i in range(101)], "too many commands specified"),
    ],
)
async def test_invalid_commands(
    fake: FakeBotApi, bot: Bot, commands: list[BotCommand], description: str
) -> None:
    with pytest.raises(BadRequest):
        await bot.set_my_commands(commands)
    assert last_rejection(fake) == f"Bad Request: {description}"


async def test_commands_per_scope_and_language(fake: FakeBotApi, bot: Bot) -> None:
    general = [BotCommand("start", "Bắt đầu"), BotCommand("help", "Trợ giúp")]
    admin = [BotCommand("stats", "Thống kê")]
    assert await bot.set_my_commands(general)
    assert await bot.set_my_commands(admin, scope=BotCommandScopeChat(USER), language_code="vi")
    assert await bot.get_my_commands() == tuple(general)
    assert await bot.get_my_commands(scope=BotCommandScopeChat(USER), language_code="vi") == tuple(
        admin
    )
    assert await bot.get_my_commands(scope=BotCommandScopeChat(USER)) == ()
    assert await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats()) == ()
    assert fake.my_commands({"type": "chat", "chat_id": str(USER)}, "vi") == [
        {"command": "stats", "description": "Thống kê"}
    ]
    assert await bot.delete_my_commands(scope=BotCommandScopeChat(USER), language_code="vi")
    assert await bot.get_my_commands(scope=BotCommandScopeChat(USER), language_code="vi") == ()


async def test_the_menu_a_chat_shows_follows_telegrams_precedence(
    fake: FakeBotApi, bot: Bot
) -> None:
    assert fake.commands_for_chat(USER) == []
    await bot.set_my_commands([BotCommand("start", "Bắt đầu")])
    assert fake.commands_for_chat(USER) == [{"command": "start", "description": "Bắt đầu"}]
    await bot.set_my_commands([BotCommand("help", "Trợ giúp")], BotCommandScopeAllPrivateChats())
    assert [c["command"] for c in fake.commands_for_chat(USER)] == ["help"]
    await bot.set_my_commands([BotCommand("stats", "Thống kê")], BotCommandScopeChat(USER))
    assert [c["command"] for c in fake.commands_for_chat(USER)] == ["stats"]
    assert [c["command"] for c in fake.commands_for_chat(OTHER_USER)] == ["help"]


async def test_a_chats_revision_counts_what_the_bot_changed_there(
    fake: FakeBotApi, bot: Bot
) -> None:
    fake.open_chat(USER, "An")  # known without an update, as for someone who opened the bot
    assert fake.pending_updates() == [] and fake.chat_revision(USER) == 0
    sent = await bot.send_message(USER, "một")
    assert fake.chat_revision(USER) == 1 and fake.chat_revision(OTHER_USER) == 0
    await bot.edit_message_text("hai", chat_id=USER, message_id=sent.message_id)
    await bot.set_my_commands([BotCommand("toi", "Tôi")], BotCommandScopeChat(USER))
    await bot.delete_message(USER, sent.message_id)
    assert fake.chat_revision(USER) == 4
    waiter = asyncio.create_task(fake.wait_change(5))
    await asyncio.sleep(0)
    fake.send_text(USER, "/start")
    await asyncio.wait_for(waiter, 1)


async def test_a_press_answer_and_a_file_can_be_read_back(
    fake: FakeBotApi, bot: Bot, user_chat: int
) -> None:
    sent = await bot.send_message(user_chat, "chọn")
    query = fake.press_button(user_chat, sent.message_id, "x")
    assert fake.callback_answer(query) is None
    await bot.answer_callback_query(query, text="Đã chọn", show_alert=True)
    answer = fake.callback_answer(query)
    assert answer is not None and answer["text"] == "Đã chọn"
    assert answer["show_alert"] in (True, "true")  # as the request carried it
    update = fake.send_document(user_chat, "bao-cao.txt", b"noi dung")
    stored = fake.stored_file(update["message"]["document"]["file_id"])
    assert stored is not None and stored.content == b"noi dung"
    assert fake.stored_file("no-such-file") is None


# -- injected faults, latency, holds, rates ------------------------------------------------------


async def test_injected_429_500_502(
    fake: FakeBotApi, bot: Bot, user_chat: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # RetryAfter.retry_after as timedelta, no warning
    fake.inject("sendMessage", "429", retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(user_chat, "x")
    assert caught.value.retry_after.total_seconds() == 7
    fake.inject("sendMessage", "500", times=2)
    for _ in range(2):
        with pytest.raises(NetworkError):
            await bot.send_message(user_chat, "x")
    fake.inject("sendMessage", "502", chat_id=OTHER_USER)
    await bot.send_message(user_chat, "passes: the fault is for another chat")
    assert [f.kind for f in fake.faults_served] == ["429", "500", "500"]
    assert fake.rejections == [] and len(fake.sent) == 1


async def test_injected_timeout_with_and_without_delivery(
    fake: FakeBotApi, bot: Bot, user_chat: int
) -> None:
    fake.inject("sendMessage", "timeout", delay=10)
    with pytest.raises(TimedOut):
        await bot.send_message(user_chat, "lost", read_timeout=0.2)
    assert fake.sent == []
    fake.inject("sendMessage", "timeout", delay=10, delivered=True)
    with pytest.raises(TimedOut):
        await bot.send_message(user_chat, "delivered", read_timeout=0.2)
    assert [m.text for m in fake.sent] == ["delivered"]  # Telegram got it; the bot never knew
    assert [f.kind for f in fake.faults_served] == ["timeout", "timeout"]
    # fake.stop() (fixture teardown) cuts the two pending 10 s sleeps short


async def test_latency(fake: FakeBotApi, bot: Bot) -> None:
    fake.latency = 0.3
    fake.method_latency["getMyCommands"] = 0.0
    started = time.monotonic()
    await bot.get_my_commands()
    middle = time.monotonic()
    await bot.get_me()
    assert middle - started < 0.3 <= time.monotonic() - middle


async def test_hold_keeps_the_answer_until_release(
    fake: FakeBotApi, bot: Bot, user_chat: int
) -> None:
    hold = fake.hold("sendMessage", chat_id=user_chat)
    sending = asyncio.create_task(bot.send_message(user_chat, "đang giữ"))
    await asyncio.wait_for(hold.arrived.wait(), 3)
    assert hold.message is not None and hold.message.text == "đang giữ"
    assert fake.sent == [hold.message] and not sending.done()
    await bot.send_message(user_chat, "other calls are not held")
    hold.release()
    message = await asyncio.wait_for(sending, 3)
    assert message.message_id == hold.message.message_id


async def test_rate_enforcement(
    fake: FakeBotApi, bot: Bot, user_chat: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    fake.enforce_rates = True
    await bot.send_message(user_chat, "1")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(user_chat, "2")
    assert caught.value.retry_after.total_seconds() == 1
    assert last_rejection(fake).startswith("Too Many Requests")
    assert fake.rejections[-1].error_code == 429
    await bot.edit_message_text("1 (sửa)", user_chat, fake.sent[-1].message_id)  # not counted

    fake.send_text(USER, "g", chat_id=GROUP, chat_type="group")
    fake.rate_per_group_minute = 2
    for text in ("a", "b"):
        await bot.send_message(GROUP, text)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(GROUP, "c")
    assert 50 <= caught.value.retry_after.total_seconds() <= 60

    fake.rate_overall = len(fake.sent)
    fake.send_text(OTHER_USER, "hi")
    with pytest.raises(RetryAfter):
        await bot.send_message(OTHER_USER, "over the global limit")


# -- blocking, files, webhook ---------------------------------------------------------------------


async def test_blocked_user_gets_forbidden(fake: FakeBotApi, bot: Bot, user_chat: int) -> None:
    message = await bot.send_message(user_chat, "trước")
    update = fake.block(user_chat)
    [received] = await bot.get_updates(offset=update["update_id"])
    assert received.my_chat_member.new_chat_member.status == "kicked"
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(user_chat, "sau")
    with pytest.raises(Forbidden):
        await bot.edit_message_text("sửa", user_chat, message.message_id)
    assert len(fake.forbidden) == 2 and fake.rejections == []
    fake.unblock(user_chat)
    await bot.send_message(user_chat, "lại")


async def test_document_and_photo_upload_round_trip(
    fake: FakeBotApi, bot: Bot, user_chat: int
) -> None:
    content = "Họ tên;Điểm\nA;9\n".encode()
    message = await bot.send_document(
        user_chat, content, filename="báo cáo.csv", caption="<i>Kết quả</i>", parse_mode="HTML"
    )
    assert message.document.file_name == "báo cáo.csv"
    assert message.document.file_size == len(content) and message.caption == "Kết quả"
    sent = fake.sent[-1]
    assert (sent.document, sent.file_name, sent.caption) == (content, "báo cáo.csv", "Kết quả")
    file = await bot.get_file(message.document.file_id)
    assert file.file_path.startswith(fake.base_file_url)
    assert bytes(await file.download_as_bytearray()) == content

    again = await bot.send_document(user_chat, message.document.file_id)  # re-send by file_id
    assert again.document.file_id == message.document.file_id
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_document(user_chat, "no-such-file-id")

    photo = await bot.send_photo(user_chat, b"\xff\xd8fake-jpeg")
    assert len(photo.photo) == 2
    assert fake.sent[-1].photo == b"\xff\xd8fake-jpeg"
    data = await (await photo.photo[-1].get_file()).download_as_bytearray()
    assert bytes(data) == b"\xff\xd8fake-jpeg"


async def test_user_document_and_photo_round_trip(fake: FakeBotApi, bot: Bot) -> None:
    fake.send_document(USER, "ds.xlsx", b"PK\x03\x04", caption="danh sách")
    fake.send_photo(USER, b"photo-bytes")
    document_update, photo_update = await bot.get_updates()
    document = document_update.message.document
    assert (document.file_name, document_update.message.caption) == ("ds.xlsx", "danh sách")
    assert bytes(await (await document.get_file()).download_as_bytearray()) == b"PK\x03\x04"
    largest = photo_update.message.photo[-1]
    assert bytes(await (await largest.get_file()).download_as_bytearray()) == b"photo-bytes"


async def test_webhook_push_with_secret_and_retry(fake: FakeBotApi, bot: Bot) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []

    async def receive(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response(status=500 if len(received) == 1 else 200)

    app = web.Application()
    app.router.add_post("/hook", receive)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
        assert await bot.set_webhook(url, secret_token="bi-mat_123")
        with pytest.raises(Conflict):
            await bot.get_updates()
        fake.send_text(USER, "qua webhook")
        await fake.wait_until(lambda: any(push.ok for push in fake.webhook_pushes))
        assert [secret for secret, _ in received] == ["bi-mat_123", "bi-mat_123"]
        assert received[1][1]["message"]["text"] == "qua webhook"
        assert [push.status for push in fake.webhook_pushes] == [500, 200]
        info = await bot.get_webhook_info()
        assert info.url == url and info.pending_update_count == 0
        assert "500" in (info.last_error_message or "")
        with pytest.raises(BadRequest, match="Bad webhook"):
            await bot.set_webhook("https://example.com/hook")
        assert await bot.delete_webhook()
        assert await bot.get_updates() == ()
    finally:
        await runner.cleanup()


# -- acting as users ------------------------------------------------------------------------------


async def test_user_actions_produce_valid_ptb_updates(fake: FakeBotApi, bot: Bot) -> None:
    sent = fake.send_text(USER, "gốc", username="nva")
    fake.edit_message(USER, sent["message"]["message_id"], "đã sửa")
    fake.channel_post(-1009999, "tin kênh")
    fake.press_button(USER, 12345, "stale")
    fake.send_text(OTHER_USER, "/help@nd73_test_bot", chat_id=GROUP, chat_type="group")
    reaction = {
        "chat": {"id": USER, "type": "private"},
        "message_id": 1,
        "date": int(time.time()),
        "user": {"id": USER, "is_bot": False, "first_name": "A"},
        "old_reaction": [],
        "new_reaction": [{"type": "emoji", "emoji": "👍"}],
    }
    fake.add_raw_update({"message_reaction": reaction})
    updates = await bot.get_updates(allowed_updates=Update.ALL_TYPES)
    edited, channel, stale, command, raw = updates[1:]
    assert edited.edited_message.text == "đã sửa" and edited.edited_message.edit_date
    assert (
        channel.channel_post.sender_chat.id == -1009999 and channel.channel_post.from_user is None
    )
    assert stale.callback_query.message.is_accessible is False
    assert command.message.chat.type == "group"
    assert command.message.entities[0].length == len("/help@nd73_test_bot")
    assert raw.update_id == 6


async def test_wait_for_message_times_out_with_a_dump(
    fake: FakeBotApi, bot: Bot, user_chat: int
) -> None:
    await bot.send_message(user_chat, "có rồi")
    found = await fake.wait_for_message(user_chat, lambda m: "rồi" in m.body)
    assert found.text == "có rồi"
    with pytest.raises(AssertionError, match=r"(?s)matching message to chat.*'có rồi'"):
        await fake.wait_for_message(user_chat, lambda m: m.text == "chưa", timeout=0.1)
    with pytest.raises(AssertionError):
        await fake.wait_for_message(user_chat, after=len(fake.sent), timeout=0.1)


# -- end to end with PTB's Application ------------------------------------------------------------


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(f"echo: {update.effective_message.text}")


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    button = InlineKeyboardButton("Bấm", callback_data="pressed")
    await update.effective_message.reply_text(
        "menu", reply_markup=InlineKeyboardMarkup([[button]])
    )


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("ok")
    await query.edit_message_text(f"đã bấm: {query.data}")


async def test_echo_application_polls_the_fake_end_to_end(fake: FakeBotApi) -> None:
    app = (
        Application.builder()
        .token(fake.token)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=10)
    try:
        fake.send_text(USER, "xin chào")
        reply = await fake.wait_for_message(USER, lambda m: m.text == "echo: xin chào")
        fake.send_command(USER, "/start")
        menu = await fake.wait_for_message(USER, lambda m: m.text == "menu")
        fake.press_button(USER, menu.message_id, menu.button_data("Bấm"))
        await fake.wait_until(lambda: menu.text == "đã bấm: pressed")
        assert fake.callback_answers[0]["text"] == "ok"
        assert reply.message_id < menu.message_id
    finally:
        started = time.monotonic()
        await app.updater.stop()  # cancels the pending long poll, then confirms with timeout=0
        await app.stop()
        await app.shutdown()
    assert time.monotonic() - started < 2
    assert fake.pending_updates() == [] and fake.rejections == []


BOT_SCRIPT = """
import os

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(update.effective_message.text)


app = (
    Application.builder()
    .token(os.environ["BOT_TOKEN"])
    .base_url(os.environ["BOT_API_BASE_URL"])
    .base_file_url(os.environ["BOT_API_BASE_FILE_URL"])
    .build()
)
app.add_handler(MessageHandler(filters.TEXT, echo))
print("echo bot up", flush=True)
app.run_polling(poll_interval=0, timeout=5)
"""


async def test_bot_process_is_killed_mid_reply_and_update_is_redelivered(
    fake: FakeBotApi, tmp_path: Path
) -> None:
    script = tmp_path / "echo_bot.py"
    script.write_text(textwrap.dedent(BOT_SCRIPT))
    argv = [sys.executable, str(script)]
    first = BotProcess(fake, tmp_path / "bot.sqlite3", argv=argv)
    async with first:
        assert first.build_env()["BOT_DATABASE_PATH"] == str(tmp_path / "bot.sqlite3")
        await first.wait_polling()
        # The confirming getUpdates (offset+1) never reaches "Telegram": modelled by a fault
        # that is not processed. Without it PTB confirms an update right after fetching it.
        fake.inject("getUpdates", "timeout", delay=30)
        hold = fake.hold("sendMessage", chat_id=USER)
        update_id = fake.send_text(USER, "lặp lại")["update_id"]
        await asyncio.wait_for(hold.arrived.wait(), 10)
        await fake.wait_until(lambda: len(fake.faults_served) == 1)  # the lost confirmation
        assert await first.kill() == -9
        assert first.returncode == -9 and not first.running
    assert fake.pending_updates() == [update_id]  # fetched but never confirmed

    second = BotProcess(fake, tmp_path / "bot.sqlite3", argv=argv)
    async with second:
        await second.wait_polling()
        try:
            await fake.wait_until(lambda: len(fake.messages_to(USER)) == 2, timeout=10)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{second.output()}") from None
        assert [m.text for m in fake.messages_to(USER)] == ["lặp lại", "lặp lại"]
        assert await second.stop() == 0  # SIGTERM: PTB shuts down and confirms the update
    assert fake.pending_updates() == []
    assert "echo bot up" in second.output(current_run=True)
    assert first.log_path.exists()


async def test_bot_process_run_to_exit(fake: FakeBotApi, tmp_path: Path) -> None:
    script = tmp_path / "fails.py"
    script.write_text("import os, sys\nprint(os.environ['BOT_TOKEN'])\nsys.exit(3)\n")
    process = BotProcess(fake, tmp_path / "db.sqlite3", argv=[sys.executable, str(script)])
    code, output = await process.run_to_exit(timeout=10)
    assert code == 3 and fake.token in output
    with pytest.raises(AssertionError, match="exited with code 3"):
        await process.start()
        await process.wait_polling(timeout=10)
