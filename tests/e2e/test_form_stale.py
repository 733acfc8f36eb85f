"""Old form prompts: a press means what its button said, or is refused with a toast; an
answered prompt loses its buttons."""

from __future__ import annotations

from typing import Any

from bot import texts
from bot.clock import ManualClock
from bot.flows.model import FILES
from bot.models.people import Role
from tests.e2e.harness import Phone, RunningBot, add_user
from tests.e2e.test_proposals import STAFF, fill_plan
from tests.fakebotapi import SentMessage


def data_of(message: SentMessage, label: str) -> str:
    """The callback data of a button, read while the message still shows it."""
    return next(b["callback_data"] for b in message.buttons() if b["text"] == label)


async def file_names(bot: RunningBot) -> list[Any]:
    draft = await bot.services.flows.active(STAFF)
    assert draft is not None
    return [f.get("file_name") for f in draft.answers.get(FILES, [])]


async def refused_quietly(bot: RunningBot, phone: Phone, message: SentMessage, data: str) -> None:
    """The press is answered with the stale toast; nothing is sent and the draft is as it was."""
    before = await bot.services.flows.active(STAFF)
    sent = await phone.press(message, data)
    assert sent == []
    assert bot.fake.callback_answers[-1].get("text") == texts.FLOW_STALE_BUTTON
    after = await bot.services.flows.active(STAFF)
    assert after is not None and before is not None
    assert (after.id, after.step, after.answers) == (before.id, before.step, before.answers)


async def test_a_remove_button_removes_the_file_it_named_or_nothing(
    bot: RunningBot, clock: ManualClock
) -> None:
    await add_user(bot, STAFF, "Nguyễn Văn Sáng", "P-LOCTHO", Role.STAFF)
    staff = Phone(bot, STAFF)
    review = await fill_plan(staff, clock, attach=False)
    await staff.press(review, texts.flow_edit_button(texts.P_FILES.label))
    await staff.send_document("a.docx", b"PK fake")
    two = (await staff.send_document("b.pdf", b"%PDF-1.4 b"))[-1]
    remove_a = data_of(two, texts.p_file_remove_button(1, "a.docx"))
    remove_b = data_of(two, texts.p_file_remove_button(2, "b.pdf"))
    three = (await staff.send_document("c.pdf", b"%PDF-1.4 c"))[-1]
    await staff.press(three, texts.p_file_remove_button(1, "a.docx"))
    assert await file_names(bot) == ["b.pdf", "c.pdf"]
    # The older prompt's «Bỏ tệp 1: a.docx»: that file is gone, so nothing is removed.
    await refused_quietly(bot, staff, two, remove_a)
    # Its «Bỏ tệp 2: b.pdf» removes b.pdf, although b.pdf is now the first file.
    shown = await staff.press(two, remove_b)
    assert await file_names(bot) == ["c.pdf"]
    assert texts.p_files_current([("document", "c.pdf")]) in shown[-1].body
    # Pressed again (a second old prompt), it finds no b.pdf and changes nothing.
    await refused_quietly(bot, staff, two, remove_b)


async def test_a_prompt_of_a_step_already_answered_is_refused(
    bot: RunningBot, clock: ManualClock
) -> None:
    await add_user(bot, STAFF, "Nguyễn Văn Sáng", "P-LOCTHO", Role.STAFF)
    staff = Phone(bot, STAFF)
    await staff.send("/dexuat")
    field = (await staff.send("Số hóa hồ sơ một cửa phường Lộc Thọ"))[-1]
    choose = data_of(field, "Chuyển đổi số")
    need = (await staff.press(field, "Chuyển đổi số"))[-1]
    back = data_of(need, texts.BTN_BACK)
    await staff.send("Hồ sơ giấy chuyển qua ba bộ phận, mất mười ngày đi lại.")
    # The draft is at step 4: the step-2 choice and the step-3 «Quay lại» are old.
    await refused_quietly(bot, staff, need, back)
    await refused_quietly(bot, staff, field, choose)


async def test_a_prompt_of_a_thrown_away_draft_stays_dead(
    bot: RunningBot, clock: ManualClock
) -> None:
    await add_user(bot, STAFF, "Nguyễn Văn Sáng", "P-LOCTHO", Role.STAFF)
    staff = Phone(bot, STAFF)
    await staff.send("/dexuat")
    old_field = (await staff.send("Bản nháp cũ về một cửa phường"))[-1]
    choose = data_of(old_field, "Chuyển đổi số")
    await staff.send("/huy")
    offer = (await staff.send("/dexuat"))[-1]
    await staff.press(offer, texts.DRAFT_RESTART)  # the old draft is thrown away
    await staff.send("Bản nháp mới về một cửa phường")
    # The new draft waits at the same step; the old draft's button must not answer it.
    await refused_quietly(bot, staff, old_field, choose)


async def test_an_answered_prompt_loses_its_buttons(bot: RunningBot, clock: ManualClock) -> None:
    await add_user(bot, STAFF, "Nguyễn Văn Sáng", "P-LOCTHO", Role.STAFF)
    staff = Phone(bot, STAFF)
    review = await fill_plan(staff, clock, attach=False)
    need = (await staff.press(review, texts.flow_edit_button(texts.P_NEED.label)))[-1]
    assert need.buttons()
    refused = (await staff.send("ngắn"))[-1]  # too short: asked again
    assert need.buttons() == [] and refused.buttons()
    review = (await staff.send("Hồ sơ giấy chuyển qua ba bộ phận, mất mười ngày đi lại."))[-1]
    assert refused.buttons() == [] and review.buttons()
    asked = (await staff.press(review, texts.flow_edit_button(texts.P_FILES.label)))[-1]
    one = (await staff.send_document("a.docx", b"PK fake"))[-1]
    assert asked.buttons() == [] and one.buttons()
    two = (await staff.send_document("b.pdf", b"%PDF-1.4 b"))[-1]
    assert one.buttons() == [] and two.buttons()
