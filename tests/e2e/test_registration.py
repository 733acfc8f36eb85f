"""Registration end to end: the flow, approval by one of two admins, rejection, cooldown."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import texts
from bot.clock import ManualClock
from tests.e2e.harness import ADMIN2_ID, ADMIN_ID, GUEST_ID, Phone, RunningBot, last_text
from tests.fakebotapi import FakeBotApi, SentMessage


@pytest.fixture
async def bot(fake: FakeBotApi, make_settings, clock: ManualClock):  # type: ignore[no-untyped-def]
    """The bot with two configured admins, both of whom have pressed /start."""
    running = RunningBot(make_settings(admin_ids=[ADMIN_ID, ADMIN2_ID]), fake, clock=clock)
    await running.start()
    await Phone(running, ADMIN_ID, "Quản trị Một").send("/start")
    await Phone(running, ADMIN2_ID, "Quản trị Hai").send("/start")
    try:
        yield running
    finally:
        await running.stop()


def button_labels(message: SentMessage) -> list[str]:
    return [b["text"] for b in message.buttons()]


async def fill_registration(phone: Phone) -> SentMessage:
    """Walk the flow to its review; return the review message."""
    first = await phone.send("/dangky")
    assert "dữ liệu cá nhân" in first[-1].body and "Bước 1/3" in first[-1].body
    unit_step = await phone.send("Trần Thị Bình")
    assert "Bước 2/3" in last_text(unit_step)
    position_step = await phone.send("loc tho")
    assert "Bước 3/3" in last_text(position_step)
    review = await phone.press(position_step[-1], "Chuyên viên")
    body = last_text(review)
    assert "Trần Thị Bình" in body and "Phường Lộc Thọ" in body and "Chuyên viên" in body
    return review[-1]


async def test_registration_approved_by_one_of_two_admins(bot: RunningBot) -> None:
    fake = bot.fake
    guest = Phone(bot, GUEST_ID, "Bình")
    await guest.send("/start")
    review = await fill_registration(guest)
    submitted = await guest.press(review, texts.BTN_SUBMIT)
    assert last_text(submitted) == texts.REG_SUBMITTED
    await bot.outbox_idle()
    requests = {
        admin: next(m for m in fake.sent if m.chat_id == admin and "Yêu cầu đăng ký" in m.body)
        for admin in (ADMIN_ID, ADMIN2_ID)
    }
    assert all(texts.BTN_APPROVE in button_labels(m) for m in requests.values())

    admin_one = Phone(bot, ADMIN_ID, "Quản trị Một")
    await admin_one.press(requests[ADMIN_ID], texts.BTN_APPROVE)
    assert "Đã duyệt" in fake.callback_answers[-1].get("text", "")
    await bot.outbox_idle()
    # Both copies now show who decided and have no buttons left.
    for message in requests.values():
        assert "Đã duyệt bởi Quản trị Một" in message.body
        assert message.buttons() == []
    # The person is told, gets the staff menu and a per-chat command list.
    assert any("đã được duyệt" in m.body for m in guest.inbox())
    scopes = [p for name, p in fake.calls if name == "setMyCommands" and "scope" in p]
    assert any(str(GUEST_ID) in str(p["scope"]) for p in scopes)
    # A second decision on the same request is refused.
    admin_two = Phone(bot, ADMIN2_ID, "Quản trị Hai")
    await admin_two.press(requests[ADMIN2_ID], "rg:no:1")
    assert "đã được Quản trị Một xử lý" in fake.callback_answers[-1].get("text", "")
    user = await bot.services.people.users.get(GUEST_ID)
    assert user is not None and user.approved and user.role.value == "staff"
    help_text = last_text(await guest.send("/help"))
    assert "/dangky" not in help_text and "/toi" in help_text
    assert "Cán bộ, công chức" in last_text(await guest.send("/toi"))


async def test_rejection_and_cooldown(bot: RunningBot, clock: ManualClock) -> None:
    guest = Phone(bot, GUEST_ID, "Bình")
    await guest.send("/start")
    await guest.press(await fill_registration(guest), texts.BTN_SUBMIT)
    await bot.outbox_idle()
    request = next(m for m in bot.fake.sent if m.chat_id == ADMIN_ID and m.buttons())
    await Phone(bot, ADMIN_ID).press(request, texts.BTN_REJECT)
    await bot.outbox_idle()
    assert any("chưa được chấp thuận" in m.body for m in guest.inbox())
    assert "đăng ký lại sau" in last_text(await guest.send("/dangky"))
    clock.advance(timedelta(hours=25))
    assert "Bước 1/3" in last_text(await guest.send("/dangky"))


async def test_one_pending_request_per_person(bot: RunningBot) -> None:
    guest = Phone(bot, GUEST_ID)
    await guest.send("/start")
    await guest.press(await fill_registration(guest), texts.BTN_SUBMIT)
    assert last_text(await guest.send("/dangky")) == texts.REG_ALREADY_PENDING
    assert "chờ duyệt" in last_text(await guest.send("/toi"))
    pending = last_text(await Phone(bot, ADMIN_ID).send("/choduyet"))
    assert "Trần Thị Bình" in pending


async def test_cancel_at_every_step_then_resume(bot: RunningBot) -> None:
    guest = Phone(bot, GUEST_ID)
    await guest.send("/dangky")
    answers = ["Lê Văn Cường", "phuoc hai"]
    for step, answer in enumerate([*answers, None], start=1):
        assert last_text(await guest.send("/huy")) == texts.FLOW_PARKED
        # While parked, text is a question again, not an answer to the draft.
        assert "Bước" not in last_text(await guest.send("điều 8 nđ73"))
        resumed = last_text(await guest.send("/tieptuc"))
        assert f"Bước {step}/3" in resumed
        if answer is not None:
            await guest.send(answer)
    draft = await bot.services.flows.active(GUEST_ID)
    assert draft is not None and draft.answers["full_name"] == "Lê Văn Cường"


async def test_back_edit_and_paging(bot: RunningBot) -> None:
    guest = Phone(bot, GUEST_ID)
    await guest.send("/dangky")
    unit_prompt = (await guest.send("Lê Văn Cường"))[-1]
    assert texts.BTN_NEXT_PAGE in button_labels(unit_prompt)
    await guest.press(unit_prompt, texts.BTN_NEXT_PAGE)
    assert "Trang 2/" in unit_prompt.body  # edited in place
    back = await guest.press(unit_prompt, texts.BTN_BACK)
    assert "Bước 1/3" in last_text(back)
    await guest.send("Lê Văn Dũng")
    await guest.send("vinh hai")
    review = (await guest.press(guest.inbox()[-1], "Chuyên viên"))[-1]
    edit_prompt = (await guest.press(review, texts.flow_edit_button(texts.REG_NAME.label)))[-1]
    assert "Bước 1/3" in edit_prompt.body and "Lê Văn Dũng" in edit_prompt.body
    review_again = last_text(await guest.send("Lê Văn Đức"))
    assert "Xem lại" in review_again and "Lê Văn Đức" in review_again


async def test_invalid_answers_explain_what_to_fix(bot: RunningBot) -> None:
    guest = Phone(bot, GUEST_ID)
    await guest.send("/dangky")
    assert texts.REG_NAME_INVALID in last_text(await guest.send("An"))
    assert texts.REG_NAME_INVALID in last_text(await guest.send("Nguyễn 123"))
    assert texts.INPUT_NO_WORDS in last_text(await guest.send("🙂🙂"))
    await guest.send("Nguyễn Văn An")
    assert texts.REG_UNIT_NOT_FOUND in last_text(await guest.send("sao hoa"))
    many = (await guest.send("phuong vinh"))[-1]
    assert "đơn vị khớp" in many.body and len(many.buttons()) >= 2
    picked = await guest.press(many, "Phường Vĩnh Hải")
    assert "Bước 3/3" in last_text(picked)


async def test_edited_message_updates_current_or_previous_answer(bot: RunningBot) -> None:
    guest = Phone(bot, GUEST_ID)
    await guest.send("/dangky")
    name_update = bot.fake.send_text(GUEST_ID, "Phạm Thị Hoa")
    await bot.handled(int(name_update["update_id"]))
    name_message_id = int(name_update["message"]["message_id"])
    updated = await guest.edit(name_message_id, "Phạm Thị Hòa")
    assert "Đã cập nhật mục «Họ và tên»" in last_text(updated)
    unit_update = bot.fake.send_text(GUEST_ID, "tan lap")
    await bot.handled(int(unit_update["update_id"]))
    # The name now belongs to a step two back: the bot asks to send it again instead.
    too_old = await guest.edit(name_message_id, "Phạm Thị Hằng")
    assert too_old[0].body == texts.FLOW_EDIT_TOO_OLD
    draft = await bot.services.flows.active(GUEST_ID)
    assert draft is not None and draft.answers["full_name"] == "Phạm Thị Hòa"


async def test_stale_and_forged_flow_buttons_change_nothing(bot: RunningBot) -> None:
    guest = Phone(bot, GUEST_ID)
    first = (await guest.send("/dangky"))[-1]
    unit_prompt = (await guest.send("Ngô Thị Mai"))[-1]
    before = await bot.services.flows.active(GUEST_ID)
    for data in ("fl:1:0:c:1", "fl:999:1:c:1", "fl:1:1:c:99999", "fl:1:1:zz", "fl:x", "bogus"):
        await guest.press(unit_prompt, data)
    await guest.press(first, "fl:1:0:b")
    after = await bot.services.flows.active(GUEST_ID)
    assert before == after
