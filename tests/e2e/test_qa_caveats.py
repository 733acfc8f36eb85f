"""A short answer shows at most two caveats; the full text shows them all (issue 15)."""

from __future__ import annotations

from bot import texts
from tests.e2e.harness import GUEST_ID, Phone, RunningBot, last_text


async def test_the_other_caveats_are_one_press_away(bot: RunningBot) -> None:
    phone = Phone(bot, GUEST_ID)
    answer = (await phone.send("/dieu 11"))[-1]
    assert answer.body.count("\n• ") == 3 and "Còn 1 lưu ý khác" in answer.body
    assert "bồi thường thiệt hại" not in answer.body
    full = last_text(await phone.press(answer, texts.BTN_FULL_TEXT))
    assert "bồi thường thiệt hại" in full and "không phải tuyệt đối" in full


async def test_a_related_unit_opened_by_its_button_has_its_own_full_text(
    bot: RunningBot,
) -> None:
    phone = Phone(bot, GUEST_ID)
    answer = (await phone.send("sếp duyệt đề xuất trong mấy ngày"))[-1]
    label = next(b["text"] for b in answer.buttons() if b["text"].startswith("🔎 Điều 18"))
    opened = (await phone.press(answer, label))[-1]
    assert "Còn 3 lưu ý khác" in opened.body
    full = last_text(await phone.press(opened, texts.BTN_FULL_TEXT))
    assert "Tên chính thức của Điều 18" in full
