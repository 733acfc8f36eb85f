"""Answers that say the real thing: unit codes that exist, people waiting for approval, who may
undo a unit's "Đã nộp", small talk (issue 13: 14-16)."""

from __future__ import annotations

from datetime import timedelta

from bot import texts
from bot.clock import ManualClock, to_iso
from bot.models.people import Role, UserStatus
from tests.e2e.harness import ADMIN_ID, GUEST_ID, Phone, RunningBot, add_user, last_text
from tests.e2e.test_deadlines import LEADER, STAFF, create, local_due, run_dispatch

PENDING = 400021
REJECTED = 400022


async def test_adding_a_unit_with_a_code_that_exists_does_not_rename_it(bot: RunningBot) -> None:
    admin = Phone(bot, ADMIN_ID)
    await admin.send("/start")
    answer = last_text(await admin.send("/donvi them NV | Văn phòng HĐND và UBND"))
    assert "NV" in answer and "Phòng Nội vụ" in answer and "/donvi doiten" in answer
    unit = await bot.services.units.units.get_by_code("NV")
    assert unit is not None and unit.name == "Phòng Nội vụ"
    assert "Đã lưu" in last_text(await admin.send("/donvi them BQLDA | Ban Quản lý dự án"))


async def _with_status(bot: RunningBot, user_id: int, status: UserStatus) -> None:
    await add_user(bot, user_id, "Đoàn Văn Chờ", "P-LOCTHO", Role.STAFF)
    async with bot.services.db.transaction() as conn:
        now = to_iso(bot.services.clock.now())
        await bot.services.people.users.update(conn, user_id, now, status=status)


async def test_people_not_approved_are_told_where_they_stand(bot: RunningBot) -> None:
    await _with_status(bot, PENDING, UserStatus.PENDING)
    await _with_status(bot, REJECTED, UserStatus.REJECTED)
    assert last_text(await Phone(bot, PENDING).send("/dexuat")) == texts.DENIED_PENDING
    assert last_text(await Phone(bot, REJECTED).send("/hanbaocao")) == texts.DENIED_REJECTED
    assert last_text(await Phone(bot, GUEST_ID).send("/dexuat")) == texts.DENIED_UNREGISTERED
    await add_user(bot, STAFF, "Ngô Văn Nhân", "P-LOCTHO", Role.STAFF)
    assert last_text(await Phone(bot, STAFF).send("/taohan")) == texts.NOT_ALLOWED


async def test_the_units_leader_may_undo_its_submission_and_refusals_say_why(
    bot: RunningBot, clock: ManualClock
) -> None:
    await add_user(bot, LEADER, "Trần Văn Lãnh", "P-LOCTHO", Role.LEADER, is_head=True)
    await add_user(bot, STAFF, "Ngô Văn Nhân", "P-LOCTHO", Role.STAFF)
    await bot.services.user_admin.toggle_contact(ADMIN_ID, STAFF)
    await Phone(bot, ADMIN_ID).send("/start")
    due = local_due(clock, 5)
    await create(bot, due, "P-LOCTHO", "1d")
    leader, contact = Phone(bot, LEADER), Phone(bot, STAFF)
    card = (await contact.send("/hanbaocao"))[-1]
    await contact.press(card, texts.BTN_SUBMITTED)
    older = (await leader.send("/hanbaocao"))[-1]
    undo = (await leader.send("/hanbaocao"))[-1]
    assert texts.BTN_UNSUBMIT in [b["text"] for b in undo.buttons()]
    await leader.press(undo, texts.BTN_UNSUBMIT)
    assert bot.fake.callback_answers[-1].get("text") == texts.UNSUBMITTED
    assert await bot.services.deadlines.repo.submitted_units(1, 0) == {}
    shown = next(m for m in bot.fake.messages_to(LEADER) if m.message_id == undo.message_id)
    assert [b["text"] for b in shown.buttons()] == [texts.BTN_SUBMITTED]  # the card shows it
    await leader.press(older, texts.BTN_UNSUBMIT)  # nothing left to undo: say so
    assert bot.fake.callback_answers[-1].get("text") == texts.SUBMITTED_NOT_YET
    clock.set(due - timedelta(days=1))
    assert await run_dispatch(bot) == 2


async def test_small_talk_gets_a_friendly_answer_and_is_not_an_unanswered_question(
    bot: RunningBot,
) -> None:
    phone = Phone(bot, GUEST_ID)
    for text in (
        "xin chào",
        "cảm ơn",
        "ok",
        "oki",
        "vâng ạ",
        "dạ",
        "thank you",
        "đã rõ",
        "được rồi",
    ):
        assert last_text(await phone.send(text)) == texts.SMALL_TALK_REPLY, text
    assert "/help" in texts.SMALL_TALK_REPLY
    stats = await bot.services.qa.stats()
    assert stats.unanswered == []
    assert await bot.services.db.fetchall("SELECT text FROM questions") == []
