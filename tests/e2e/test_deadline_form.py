"""The guided /taohan checks each answer at its step and says exactly what is wrong.

The clock stands at Monday 05/01/2026 09:00 (Asia/Ho_Chi_Minh).
"""

from __future__ import annotations

from bot import texts
from bot.clock import ManualClock
from tests.e2e.harness import ADMIN_ID, Phone, RunningBot, last_text


async def at_due_step(admin: Phone) -> None:
    await admin.send("/taohan")
    await admin.send("Báo cáo 6 tháng thực hiện NĐ73")
    step3 = last_text(await admin.press(admin.inbox()[-1], texts.BTN_SKIP))
    assert "Bước 3/7" in step3


async def test_each_step_refuses_at_the_step_and_one_round_creates(
    bot: RunningBot, clock: ManualClock
) -> None:
    admin = Phone(bot, ADMIN_ID)
    await admin.send("/start")
    await at_due_step(admin)
    for wrong in ("32/13/2026 25:00", "hôm qua", "05/01/2026 08:00", "sáng mai", "sớm nhất"):
        refused = last_text(await admin.send(wrong))
        assert "Bước 3/7" in refused and "⚠️" in refused, wrong
        assert "Ví dụ" in refused or "tương lai" in refused, (wrong, refused)
    step4 = last_text(await admin.send("mai 17h"))
    assert "Bước 4/7" in step4
    refused = last_text(await admin.send("thỉnh thoảng"))
    assert "Bước 4/7" in refused and "⚠️" in refused
    assert "Bước 5/7" in last_text(await admin.send("không"))
    refused = last_text(await admin.send("P-LOCTHO, XX-KHONGCO, yy9"))
    assert "Bước 5/7" in refused and "XX-KHONGCO" in refused and "YY9" in refused
    assert "P-LOCTHO" not in refused.split("⚠️")[1].split("\n")[0]
    step6 = (await admin.send("P-LOCTHO"))[-1]
    assert "Bước 6/7" in step6.body
    refused = last_text(await admin.send("mỗi tuần"))
    assert "Bước 6/7" in refused and "⚠️" in refused
    await admin.send("3d,1d")
    review = (await admin.press(admin.inbox()[-1], texts.BTN_NO))[-1]
    # The review shows what was understood: the date itself, the unit's name.
    assert "06/01/2026 17:00" in review.body and "Phường Lộc Thọ" in review.body
    created = last_text(await admin.press(review, texts.BTN_SUBMIT))
    assert "Đã tạo hạn" in created and "1 đơn vị" in created


async def test_natural_words_are_understood_as_the_date_they_mean(
    bot: RunningBot, clock: ManualClock
) -> None:
    admin = Phone(bot, ADMIN_ID)
    await admin.send("/start")
    await at_due_step(admin)
    assert "Bước 4/7" in last_text(await admin.send("thứ sáu tuần sau"))
    await admin.send("không")
    await admin.send("all")
    await admin.press(admin.inbox()[-1], texts.BTN_DEFAULT_OFFSETS)
    review = (await admin.press(admin.inbox()[-1], texts.BTN_NO))[-1]
    assert "16/01/2026 17:00" in review.body
