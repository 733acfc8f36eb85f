"""«❌ Hủy» discards a draft after asking; /huy pauses; «Bắt đầu lại» leaves no junk drafts."""

from __future__ import annotations

import pytest

from bot import texts
from bot.clock import ManualClock
from bot.models.people import Role
from tests.e2e.harness import Phone, RunningBot, add_user, last_text
from tests.e2e.test_proposals import HEAD, STAFF, buttons, fill_plan


@pytest.fixture
async def office(bot: RunningBot) -> RunningBot:
    await add_user(bot, STAFF, "Nguyễn Văn Sáng", "P-LOCTHO", Role.STAFF)
    await add_user(bot, HEAD, "Trần Thị Trưởng", "P-LOCTHO", Role.LEADER, is_head=True)
    await bot.outbox_idle()
    return bot


async def test_cancel_on_the_review_asks_then_discards_the_draft(
    office: RunningBot, clock: ManualClock
) -> None:
    staff = Phone(office, STAFF)
    review = await fill_plan(staff, clock, attach=False)
    asked = (await staff.press(review, texts.BTN_CANCEL))[-1]
    # Nothing is thrown away on one tap: the user is asked first.
    assert texts.BTN_DISCARD_CONFIRM in buttons(asked)
    assert await office.services.flows.active(STAFF) is not None
    kept = await staff.press(asked, texts.BTN_DISCARD_KEEP)
    assert "Xem lại trước khi gửi" in kept[0].body
    asked = (await staff.press(kept[-1], texts.BTN_CANCEL))[-1]
    gone = last_text(await staff.press(asked, texts.BTN_DISCARD_CONFIRM))
    assert gone == texts.FLOW_DISCARDED
    assert last_text(await staff.send("/tieptuc")) == texts.FLOW_NOTHING_TO_RESUME
    assert last_text(await staff.send("/dexuatcuatoi")) == texts.PROPOSALS_NONE
    assert await office.services.drafts.of_user(STAFF, "proposal") == []


async def test_huy_pauses_and_says_how_to_resume(office: RunningBot, clock: ManualClock) -> None:
    staff = Phone(office, STAFF)
    await staff.send("/dexuat")
    await staff.send("Số hóa hồ sơ một cửa phường Lộc Thọ")
    paused = last_text(await staff.send("/huy"))
    assert "/tieptuc" in paused
    assert "Bước 2/10" in last_text(await staff.send("/tieptuc"))


async def test_starting_again_leaves_no_old_draft_behind(
    office: RunningBot, clock: ManualClock
) -> None:
    staff = Phone(office, STAFF)
    await staff.send("/dexuat")
    await staff.send("Bản nháp cũ về một cửa phường")
    await staff.send("/huy")
    offer = (await staff.send("/dexuat"))[-1]
    assert "Bước 1/10" in last_text(await staff.press(offer, texts.DRAFT_RESTART))
    await staff.send("Bản nháp mới về một cửa phường")
    await staff.send("/huy")
    listing = (await staff.send("/dexuatcuatoi"))[-1]
    drafts = [label for label in buttons(listing) if label.startswith("📝")]
    assert drafts == ["📝 Bản nháp mới về một cửa phường"]


async def test_a_menu_button_pauses_the_form_and_does_what_it_says(
    office: RunningBot, clock: ManualClock
) -> None:
    staff = Phone(office, STAFF)
    await staff.send("/dexuat")
    tapped = await staff.send(texts.MENU_ASK)
    said = "\n".join(m.body for m in tapped)
    assert "/tieptuc" in said and texts.ASK_USAGE in said
    assert await office.services.flows.active(STAFF) is None
    # The question typed next is a question, not the proposal's title.
    answer = last_text(await staff.send("Cán bộ đề xuất đổi mới được bảo vệ thế nào?"))
    assert "Bước 2/10" not in answer
    resumed = last_text(await staff.send("/tieptuc"))
    assert "Bước 1/10" in resumed
    draft = await office.services.flows.active(STAFF)
    assert draft is not None and "title" not in draft.answers


async def test_a_menu_button_without_a_form_just_acts(office: RunningBot) -> None:
    staff = Phone(office, STAFF)
    tapped = await staff.send(texts.MENU_ASK)
    assert last_text(tapped) == texts.ASK_USAGE
    assert not any("/tieptuc" in m.body for m in tapped)


async def test_a_typed_command_pauses_the_form_like_its_menu_button(
    office: RunningBot, clock: ManualClock
) -> None:
    staff = Phone(office, STAFF)
    await staff.send("/dexuat")
    typed = await staff.send("/hoi")
    said = "\n".join(m.body for m in typed)
    assert "/tieptuc" in said and texts.ASK_USAGE in said
    assert await office.services.flows.active(STAFF) is None
    answer = last_text(await staff.send("Cán bộ đề xuất đổi mới được bảo vệ thế nào?"))
    assert "Bước 2/10" not in answer
    assert "Bước 1/10" in last_text(await staff.send("/tieptuc"))


async def test_commands_about_the_form_itself_do_not_pause_it(
    office: RunningBot, clock: ManualClock
) -> None:
    staff = Phone(office, STAFF)
    await staff.send("/dexuat")
    helped = await staff.send("/help")
    assert not any("Đã tạm dừng" in m.body for m in helped)
    assert await office.services.flows.active(STAFF) is not None
    assert "Bước 2/10" in last_text(await staff.send("Số hóa hồ sơ một cửa phường Lộc Thọ"))
