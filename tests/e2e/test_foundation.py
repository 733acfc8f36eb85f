"""End to end through the fake Bot API: greeting, help, cancel, bad input, groups, redelivery."""

from __future__ import annotations

import pytest

from bot import texts
from bot.inputcheck import MAX_TEXT
from tests.e2e.harness import ADMIN_ID, GUEST_ID, Phone, RunningBot, last_text
from tests.fakebotapi import FakeBotApi


async def test_start_greets_with_org_name_and_menu(bot: RunningBot) -> None:
    replies = await Phone(bot, GUEST_ID, "Lan").send("/start")
    assert len(replies) == 1
    assert "Xin chào Lan" in replies[0].body
    assert "UBND thành phố Nha Trang" in replies[0].body
    keyboard = replies[0].reply_markup or {}
    labels = [b["text"] for row in keyboard.get("keyboard", []) for b in row]
    assert texts.MENU_REGISTER in labels


async def test_org_name_comes_from_settings(fake: FakeBotApi, make_settings, clock) -> None:
    running = RunningBot(make_settings(org_name="UBND phường Tân Tiến"), fake, clock=clock)
    await running.start()
    try:
        replies = await Phone(running, GUEST_ID).send("/start")
        assert "UBND phường Tân Tiến" in last_text(replies)
    finally:
        await running.stop()


async def test_help_lists_commands_for_the_role(bot: RunningBot) -> None:
    guest_help = last_text(await Phone(bot, GUEST_ID).send("/help"))
    assert "/start" in guest_help and "/dangky" in guest_help
    assert "/donvi" not in guest_help
    admin_help = last_text(await Phone(bot, ADMIN_ID).send("/help"))
    assert "/donvi" in admin_help and "/choduyet" in admin_help


async def test_command_menus_default_once_and_per_admin_chat(bot: RunningBot) -> None:
    calls = [params for name, params in bot.fake.calls if name == "setMyCommands"]
    assert len(calls) == 1
    assert bot.fake.my_commands() and "donvi" not in str(bot.fake.my_commands())
    await Phone(bot, ADMIN_ID).send("/start")
    await Phone(bot, ADMIN_ID).send("/start")
    await bot.outbox_idle()
    admin_menu = bot.fake.my_commands({"type": "chat", "chat_id": ADMIN_ID})
    assert "donvi" in str(admin_menu) and "dangky" not in str(admin_menu)
    calls = [params for name, params in bot.fake.calls if name == "setMyCommands"]
    assert len(calls) == 2


async def test_cancel_with_nothing_to_cancel(bot: RunningBot) -> None:
    phone = Phone(bot, GUEST_ID)
    assert last_text(await phone.send("/huy")) == texts.NOTHING_TO_CANCEL
    assert last_text(await phone.send("/cancel")) == texts.NOTHING_TO_CANCEL


async def test_unknown_command_gets_a_hint(bot: RunningBot) -> None:
    assert last_text(await Phone(bot, GUEST_ID).send("/khongco")) == texts.UNKNOWN_COMMAND


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("   ", texts.INPUT_EMPTY),
        ("\u200b\u200c\u200d\ufeff", texts.INPUT_EMPTY),
        ("\x01\x02\x03", texts.INPUT_EMPTY),
        ("😀🎉👍🙏", texts.INPUT_NO_WORDS),
        ("x" * 5000, texts.input_too_long(MAX_TEXT, 5000)),
    ],
)
async def test_bad_input_gets_a_clear_reply(bot: RunningBot, text: str, expected: str) -> None:
    replies = await Phone(bot, GUEST_ID).send(text)
    assert [m.body for m in replies] == [expected]
    assert bot.services.metrics.errors == 0


async def test_invisible_characters_are_cleaned_before_answering(bot: RunningBot) -> None:
    replies = await Phone(bot, GUEST_ID).send("\u202e\u2067điều 8\u2069")
    assert "Điều 8" in last_text(replies) and "Nghị định 73/2023/NĐ-CP" in last_text(replies)


async def test_photo_gets_text_only_hint(bot: RunningBot) -> None:
    fake = bot.fake
    mark = len(fake.sent)
    update = fake.send_photo(GUEST_ID, b"\x89PNG fake")
    await bot.handled(int(update["update_id"]))
    assert [m.body for m in fake.sent[mark:]] == [texts.TEXT_ONLY]


async def _settle(bot: RunningBot, update_id: int) -> None:
    """Wait until the bot is done with an update it will not answer."""
    await bot.handled(update_id)


async def test_group_messages_are_ignored_but_explicit_help(bot: RunningBot) -> None:
    fake = bot.fake
    group = -100555
    mark = len(fake.sent)
    update = fake.send_text(GUEST_ID, "/start", chat_id=group, chat_type="supergroup")
    fake.send_text(GUEST_ID, "xin chào", chat_id=group, chat_type="supergroup")
    last = fake.send_text(GUEST_ID, "/help", chat_id=group, chat_type="supergroup")
    await _settle(bot, int(last["update_id"]))
    assert fake.sent[mark:] == []
    helped = fake.send_text(GUEST_ID, "/help@nd73_test_bot", chat_id=group, chat_type="supergroup")
    await bot.handled(int(helped["update_id"]))
    assert [m.chat_id for m in fake.sent[mark:]] == [group]
    assert int(update["update_id"]) > 0


async def test_channel_posts_are_ignored(bot: RunningBot) -> None:
    fake = bot.fake
    mark = len(fake.sent)
    post = fake.channel_post(-100777, "/start")
    await _settle(bot, int(post["update_id"]))
    assert fake.sent[mark:] == []
    assert bot.services.metrics.outcomes["ignored"] >= 1


async def test_redelivered_update_is_not_acted_on_twice(bot: RunningBot) -> None:
    fake = bot.fake
    original = fake.send_text(GUEST_ID, "/start", first_name="An")
    await bot.handled(int(original["update_id"]))
    assert len(Phone(bot, GUEST_ID).inbox()) == 1
    # Telegram redelivers an update whose confirmation it never saw: the same id again.
    mark = len(fake.sent)
    fake.add_raw_update({"update_id": original["update_id"], "message": original["message"]})
    await bot.wait_for(lambda: bot.services.metrics.outcomes["duplicate"] == 1)
    assert fake.sent[mark:] == []


async def test_error_handler_counts_and_apologises(bot: RunningBot, monkeypatch) -> None:
    async def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(bot.services.people, "describe", broken)
    fake = bot.fake
    mark = len(fake.sent)
    update = fake.send_text(GUEST_ID, "/toi")
    await fake.wait_for_message(GUEST_ID, after=mark)
    assert fake.sent[mark].body == texts.GENERIC_ERROR
    assert bot.services.metrics.errors == 1
    assert not await bot.services.updates.seen(int(update["update_id"]))


async def test_blocking_marks_the_user_and_unblocking_clears_it(bot: RunningBot) -> None:
    await Phone(bot, ADMIN_ID).send("/start")
    await Phone(bot, GUEST_ID).send("/start")
    update = bot.fake.block(GUEST_ID)
    await bot.handled(int(update["update_id"]))
    user = await bot.services.people.users.get(GUEST_ID)
    assert user is not None and user.blocked
    await bot.outbox_idle()
    assert any("đã chặn bot" in m.body for m in bot.fake.messages_to(ADMIN_ID))
    update = bot.fake.unblock(GUEST_ID)
    await bot.handled(int(update["update_id"]))
    user = await bot.services.people.users.get(GUEST_ID)
    assert user is not None and not user.blocked
