"""A form re-checks the person's current standing at every step, button, submit and resume.

An admin demoted or deactivated while a /thongbao or /taohan form is open must not finish it:
the next answer, button, "✅ Gửi" or /tieptuc is refused, the draft is set aside (archived,
never deleted) and nothing is applied.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from bot import texts
from bot.models.drafts import DraftStatus
from bot.models.people import Role
from tests.e2e.harness import ADMIN2_ID, ADMIN_ID, STAFF_ID, Phone, RunningBot, add_user, last_text

Demote = Callable[[RunningBot], Awaitable[object]]


async def _demote(bot: RunningBot) -> object:
    return await bot.services.user_admin.set_role(ADMIN_ID, ADMIN2_ID, Role.STAFF)


async def _deactivate(bot: RunningBot) -> object:
    return await bot.services.user_admin.set_active(ADMIN_ID, ADMIN2_ID, False)


LOSSES = [pytest.param(_demote, id="demoted"), pytest.param(_deactivate, id="deactivated")]


@pytest.fixture
async def admins(bot: RunningBot) -> RunningBot:
    """A configured admin, an admin appointed in the bot (ADMIN2) and a member of staff."""
    await add_user(bot, ADMIN2_ID, "Trần Thị Quản Trị", "NV", Role.ADMIN)
    await add_user(bot, STAFF_ID, "Lê Văn Cán Bộ", "NV", Role.STAFF)
    await Phone(bot, ADMIN_ID).send("/start")
    await bot.outbox_idle()
    return bot


async def _broadcast_review(phone: Phone) -> None:
    await phone.send("/thongbao")
    files_step = (await phone.send("Họp giao ban trực tuyến lúc 8 giờ sáng thứ Hai"))[-1]
    audience = (await phone.press(files_step, texts.BTN_SKIP))[-1]
    review = (await phone.press(audience, texts.BC_AUDIENCES["all"]))[-1]
    assert "Xem lại" in review.body or texts.BTN_SUBMIT in str(review.buttons())


async def _sent_broadcasts(bot: RunningBot) -> int:
    rows = await bot.services.db.fetchall("SELECT id FROM outbox WHERE kind = 'broadcast'")
    return len(rows)


@pytest.mark.parametrize("lose", LOSSES)
async def test_an_admin_who_lost_the_role_cannot_send_an_open_broadcast(
    admins: RunningBot, lose: Demote
) -> None:
    phone = Phone(admins, ADMIN2_ID)
    await _broadcast_review(phone)
    review = phone.inbox()[-1]
    await lose(admins)
    answer = await phone.press(review, texts.BTN_SUBMIT)
    assert texts.FLOW_NOT_ALLOWED in last_text(answer)
    assert await _sent_broadcasts(admins) == 0
    assert await admins.services.flows.active(ADMIN2_ID) is None
    drafts = await admins.services.db.fetchall(
        "SELECT status FROM drafts WHERE telegram_id = ?", (ADMIN2_ID,)
    )
    assert [row["status"] for row in drafts] == [DraftStatus.ARCHIVED.value]


@pytest.mark.parametrize("lose", LOSSES)
async def test_an_admin_who_lost_the_role_cannot_answer_the_next_deadline_step(
    admins: RunningBot, lose: Demote
) -> None:
    phone = Phone(admins, ADMIN2_ID)
    await phone.send("/taohan")
    assert "Bước 2" in last_text(await phone.send("Báo cáo 6 tháng thực hiện NĐ73"))
    await lose(admins)
    answer = await phone.send("Mô tả chi tiết của hạn báo cáo")
    assert texts.FLOW_NOT_ALLOWED in last_text(answer)
    assert await admins.services.flows.active(ADMIN2_ID) is None
    # The text was not taken as the description: nothing of the draft moved.
    row = await admins.services.db.fetchone(
        "SELECT step, answers FROM drafts WHERE telegram_id = ?", (ADMIN2_ID,)
    )
    assert row is not None and row["step"] == 1 and "Mô tả" not in row["answers"]


async def test_tieptuc_of_a_parked_admin_form_is_refused_after_demotion(
    admins: RunningBot,
) -> None:
    phone = Phone(admins, ADMIN2_ID)
    await phone.send("/taohan")
    await phone.send("Báo cáo 6 tháng thực hiện NĐ73")
    assert last_text(await phone.send("/huy")) == texts.FLOW_PARKED
    await _demote(admins)
    answer = last_text(await phone.send("/tieptuc"))
    assert texts.FLOW_NOT_ALLOWED in answer and "Bước" not in answer
    assert await admins.services.flows.active(ADMIN2_ID) is None
    # Nothing else is left to resume: the refused draft was archived, not kept in the way.
    assert last_text(await phone.send("/tieptuc")) == texts.FLOW_NOTHING_TO_RESUME


async def test_the_restart_reprompt_skips_a_form_its_owner_may_no_longer_run(
    admins: RunningBot,
) -> None:
    phone = Phone(admins, ADMIN2_ID)
    await phone.send("/thongbao")
    await _demote(admins)
    prompts = await admins.services.flows.pending_prompts()
    assert ADMIN2_ID not in [user for user, _ in prompts]
    assert await admins.services.flows.active(ADMIN2_ID) is None


async def test_a_button_of_an_open_form_is_refused_after_demotion(admins: RunningBot) -> None:
    phone = Phone(admins, ADMIN2_ID)
    await phone.send("/thongbao")
    files_step = (await phone.send("Họp giao ban trực tuyến lúc 8 giờ sáng thứ Hai"))[-1]
    await _demote(admins)
    answer = await phone.press(files_step, texts.BTN_SKIP)
    assert texts.FLOW_NOT_ALLOWED in last_text(answer)
    assert await admins.services.flows.active(ADMIN2_ID) is None


async def test_the_configured_admin_still_sends(admins: RunningBot) -> None:
    phone = Phone(admins, ADMIN_ID)
    await _broadcast_review(phone)
    done = last_text(await phone.press(phone.inbox()[-1], texts.BTN_SUBMIT))
    assert "Đã xếp" in done
    assert await _sent_broadcasts(admins) >= 1
