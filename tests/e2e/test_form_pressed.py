"""A pressed form button leaves its answer on the message; a file step shows its files."""

from __future__ import annotations

from bot import texts
from bot.clock import ManualClock
from bot.models.people import Role
from tests.e2e.harness import ADMIN_ID, GUEST_ID, Phone, RunningBot, add_user, last_text, plain
from tests.e2e.test_proposals import STAFF, buttons, fill_plan
from tests.fakebotapi import SentMessage


def answered(message: SentMessage, answer: str) -> bool:
    """The message kept its question, lost its buttons and now ends with the answer."""
    return message.buttons() == [] and message.body.endswith(plain(texts.flow_answered(answer)))


def current_line(value: str) -> str:
    return f"Giá trị hiện tại: {value}"


async def test_a_chosen_unit_and_position_stay_on_their_prompts(bot: RunningBot) -> None:
    guest = Phone(bot, GUEST_ID)
    await guest.send("/dangky")
    unit_prompt = (await guest.send("Lê Văn Cường"))[-1]
    await guest.press(unit_prompt, texts.BTN_NEXT_PAGE)
    assert "Trang 2/" in unit_prompt.body and unit_prompt.buttons()  # turned in place
    label, data = next(
        (b["text"], b["callback_data"])
        for b in unit_prompt.buttons()
        if ":c:" in b["callback_data"]
    )
    position_prompt = (await guest.press(unit_prompt, label))[-1]
    assert "Bước 3/3" in position_prompt.body
    assert "Bước 2/3" in unit_prompt.body and answered(unit_prompt, label)
    await guest.press(position_prompt, "Chuyên viên")
    assert answered(position_prompt, "Chuyên viên")
    # A second tap on the old prompt changes nothing and adds no second answer.
    edits = len(unit_prompt.edits)
    await guest.press(unit_prompt, data)
    assert len(unit_prompt.edits) == edits and answered(unit_prompt, label)


async def test_a_name_with_markup_characters_is_shown_as_typed(bot: RunningBot) -> None:
    for code, name in (("T-A", "Tổ <Thử> & Kiểm A"), ("T-B", "Tổ <Thử> & Kiểm B")):
        assert not hasattr(await bot.services.units.add(ADMIN_ID, code, name), "reason")
    guest = Phone(bot, GUEST_ID)
    await guest.send("/dangky")
    await guest.send("Lê Văn Cường")
    matches = (await guest.send("kiem"))[-1]
    assert "Tổ <Thử> & Kiểm A" in buttons(matches)
    await guest.press(matches, "Tổ <Thử> & Kiểm A")
    assert answered(matches, "Tổ <Thử> & Kiểm A")


async def test_back_skip_and_the_review_buttons_say_what_was_pressed(
    bot: RunningBot, clock: ManualClock
) -> None:
    await add_user(bot, STAFF, "Nguyễn Văn Sáng", "P-LOCTHO", Role.STAFF)
    staff = Phone(bot, STAFF)
    review = await fill_plan(staff, clock, attach=False)
    file_prompt = next(m for m in staff.inbox() if "Bước 10/10" in m.body)
    assert answered(file_prompt, texts.FLOW_SKIPPED)
    edit = texts.flow_edit_button(texts.P_NEED.label)
    need_prompt = (await staff.press(review, edit))[-1]
    assert answered(review, edit)
    # A long answer fills the prompt; its answer line still fits in one message.
    back_to_review = await staff.send("Hồ sơ giấy chuyển qua nhiều bộ phận. " * 80)
    need_prompt = (await staff.press(back_to_review[-1], edit))[-1]
    assert "Bước 3/10" in need_prompt.body
    field_prompt = (await staff.press(need_prompt, texts.BTN_BACK))[-1]
    assert "Bước 2/10" in field_prompt.body and answered(need_prompt, texts.FLOW_WENT_BACK)
    await staff.press(field_prompt, "Chuyển đổi số")
    assert answered(field_prompt, "Chuyển đổi số")


async def test_a_file_step_shows_the_files_received_so_far(
    bot: RunningBot, clock: ManualClock
) -> None:
    await add_user(bot, STAFF, "Nguyễn Văn Sáng", "P-LOCTHO", Role.STAFF)
    staff = Phone(bot, STAFF)
    review = await fill_plan(staff, clock, attach=False)
    assert f"{texts.P_FILES.label}: {texts.FLOW_SKIPPED}" in review.body
    edit = texts.flow_edit_button(texts.P_FILES.label)
    asked = last_text(await staff.press(review, edit))
    assert current_line(texts.FLOW_SKIPPED) in asked  # really skipped so far
    one = last_text(await staff.send_document("a.docx", b"PK fake"))
    assert current_line(texts.p_files_current([("document", "a.docx")])) in one
    assert texts.FLOW_SKIPPED not in one
    two = (await staff.send_document("b.pdf", b"%PDF-1.4 fake"))[-1]
    both = texts.p_files_current([("document", "a.docx"), ("document", "b.pdf")])
    assert both == "2 tệp: a.docx, b.pdf" and current_line(both) in two.body
    left = last_text(await staff.press(two, texts.p_file_remove_button(1, "a.docx")))
    assert current_line(texts.p_files_current([("document", "b.pdf")])) in left
    assert answered(two, texts.p_file_dropped("document", "a.docx"))
    done_prompt = staff.inbox()[-1]
    review = (await staff.press(done_prompt, texts.P_FILES_DONE))[-1]
    assert f"{texts.P_FILES.label}: {texts.p_files_display(1)}" in review.body
    assert answered(done_prompt, texts.p_files_current([("document", "b.pdf")]))


async def test_skipping_a_file_step_after_sending_files_drops_them(
    bot: RunningBot, clock: ManualClock
) -> None:
    await add_user(bot, STAFF, "Nguyễn Văn Sáng", "P-LOCTHO", Role.STAFF)
    staff = Phone(bot, STAFF)
    review = await fill_plan(staff, clock)
    edit = texts.flow_edit_button(texts.P_FILES.label)
    asked = (await staff.press(review, edit))[-1]
    assert current_line(texts.p_files_current([("document", "phuong-an.pdf")])) in asked.body
    review = (await staff.press(asked, texts.BTN_SKIP))[-1]
    assert f"{texts.P_FILES.label}: {texts.FLOW_SKIPPED}" in review.body
    asked = (await staff.press(review, edit))[-1]
    assert current_line(texts.FLOW_SKIPPED) in asked.body
    assert buttons(asked) and not any("🗑" in label for label in buttons(asked))
