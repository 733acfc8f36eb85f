"""Reminders after a new user's playground report: an undo reaches every copy, snoozes are
offered only when they fit and never hold back the scheduled reminders, the button is shown
only to those who may press it, and reminders read well (issue 15)."""

from __future__ import annotations

from datetime import timedelta

from bot import texts
from bot.clock import ManualClock
from bot.deadlines.callbacks import REMINDER, SNOOZE_HOUR
from bot.models.people import Role
from tests.e2e import test_deadlines as base
from tests.e2e.harness import ADMIN_ID, Phone, RunningBot, add_user, plain
from tests.e2e.test_deadlines import LEADER, STAFF, create, local_due, reminders_to, run_dispatch

office = base.office  # the bot without quiet hours: a head, a contact elsewhere, a staff member

FOCAL = 400021  # the reporting contact (đầu mối) of P-LOCTHO


async def _focal(bot: RunningBot) -> None:
    await add_user(bot, FOCAL, "Đỗ Thị Đầu Mối", "P-LOCTHO", Role.STAFF)
    await bot.services.user_admin.toggle_contact(ADMIN_ID, FOCAL)


def _latest(bot: RunningBot, chat_id: int) -> object:
    return [m for m in bot.fake.messages_to(chat_id) if m.buttons()][-1]


def _body(bot: RunningBot, chat_id: int, message_id: int) -> str:
    return next(m.body for m in bot.fake.messages_to(chat_id) if m.message_id == message_id)


def _labels(bot: RunningBot, chat_id: int, message_id: int) -> list[str]:
    message = next(m for m in bot.fake.messages_to(chat_id) if m.message_id == message_id)
    return [b["text"] for b in message.buttons()]


async def test_an_admin_undo_reaches_every_copy_the_unit_and_the_status_message(
    office: RunningBot, clock: ManualClock
) -> None:
    await _focal(office)
    due = local_due(clock, 5)
    await create(office, due, "P-LOCTHO", "1d")
    clock.set(due - timedelta(days=1))
    assert await run_dispatch(office) == 2
    head_copy, focal_copy = _latest(office, LEADER), _latest(office, FOCAL)
    await Phone(office, FOCAL).press(focal_copy, texts.BTN_SUBMITTED)
    await office.outbox_idle()
    assert "đã nộp lúc" in _body(office, LEADER, head_copy.message_id)  # type: ignore[attr-defined]
    admin = Phone(office, ADMIN_ID)
    overview = (await admin.send("/hanbaocao"))[-1]
    status = (await admin.press(overview, texts.BTN_COMPLIANCE))[-1]
    undo = texts.btn_unsubmit_unit("Phường Lộc Thọ")
    assert undo in [b["text"] for b in status.buttons()]
    heard = {chat: len(office.fake.messages_to(chat)) for chat in (LEADER, FOCAL)}
    await admin.press(status, undo)
    assert office.fake.callback_answers[-1].get("text") == texts.UNSUBMITTED
    await office.outbox_idle()
    for chat, copy in ((LEADER, head_copy), (FOCAL, focal_copy)):
        body = plain(_body(office, chat, copy.message_id))  # type: ignore[attr-defined]
        assert "đã nộp lúc" not in body and "Không cần thao tác thêm" not in body
        assert body.startswith("⏰ Nhắc hạn báo cáo")
        assert texts.BTN_SUBMITTED in _labels(office, chat, copy.message_id)  # type: ignore[attr-defined]
        told = office.fake.messages_to(chat)[heard[chat] :]
        assert any("hủy xác nhận" in plain(m.body) for m in told), chat
    refreshed = plain(_body(office, ADMIN_ID, status.message_id))
    assert "⏳ Phường Lộc Thọ" in refreshed and "✅ Phường Lộc Thọ" not in refreshed
    assert "✅ Phường Lộc Thọ" in _labels(office, ADMIN_ID, status.message_id)


async def test_snooze_is_offered_only_when_it_fits_and_never_holds_back_reminders(
    office: RunningBot, clock: ManualClock
) -> None:
    await _focal(office)
    due = local_due(clock, 3)
    await create(office, due, "P-LOCTHO", "70m,9m,2m,0m")
    clock.set(due - timedelta(minutes=70))
    await run_dispatch(office)
    early = _latest(office, FOCAL)
    assert texts.BTN_SNOOZE_HOUR in [b["text"] for b in early.buttons()]  # type: ignore[attr-defined]
    await Phone(office, FOCAL).press(early, texts.BTN_SNOOZE_HOUR)
    again = clock.now() + timedelta(hours=1)
    assert office.fake.callback_answers[-1].get("text") == texts.snoozed_ack(
        f"{again.astimezone(due.tzinfo):%H:%M}"
    )
    clock.set(due - timedelta(minutes=9))
    await run_dispatch(office)
    assert len(reminders_to(office, FOCAL)) == 2  # the scheduled reminder still arrives
    late = _latest(office, FOCAL)
    assert texts.BTN_SNOOZE_HOUR not in [b["text"] for b in late.buttons()]  # type: ignore[attr-defined]
    unit = await office.services.units.units.get_by_code("P-LOCTHO")
    assert unit is not None
    await Phone(office, FOCAL).press(late, REMINDER.build(SNOOZE_HOUR, 1, 0, unit.id))
    assert office.fake.callback_answers[-1].get("text") == texts.SNOOZE_HOUR_TOO_LATE
    clock.set(due - timedelta(minutes=2))
    await run_dispatch(office)
    clock.set(due)
    await run_dispatch(office)
    assert len(reminders_to(office, FOCAL)) == 4
    assert len(reminders_to(office, LEADER)) == 4


async def test_the_submit_button_is_shown_only_to_those_who_may_press_it(
    office: RunningBot, clock: ManualClock
) -> None:
    await _focal(office)
    await create(office, local_due(clock, 5), "P-LOCTHO", "1d")
    staff = (await Phone(office, STAFF).send("/hanbaocao"))[-1]
    assert staff.buttons() == []
    assert "Trần Văn Lãnh" in plain(staff.body) and "Đỗ Thị Đầu Mối" in plain(staff.body)
    for chat in (LEADER, FOCAL):
        card = (await Phone(office, chat).send("/hanbaocao"))[-1]
        assert texts.BTN_SUBMITTED in [b["text"] for b in card.buttons()]
    # After a submission the undo is offered to the head and the marker, not to staff.
    unit = await office.services.units.units.get_by_code("P-LOCTHO")
    assert unit is not None
    await office.services.deadlines.submit(FOCAL, 1, 0, unit.id)
    assert (await Phone(office, STAFF).send("/hanbaocao"))[-1].buttons() == []
    for chat in (LEADER, FOCAL):
        card = (await Phone(office, chat).send("/hanbaocao"))[-1]
        assert texts.BTN_UNSUBMIT in [b["text"] for b in card.buttons()]


async def test_reminders_round_the_minutes_left_and_read_well_whatever_the_title(
    office: RunningBot, clock: ManualClock
) -> None:
    due = local_due(clock, 2)
    await create(office, due, "P-LOCTHO", "5m")
    clock.set(due - timedelta(minutes=5) + timedelta(seconds=20))  # the dispatcher ran late
    await run_dispatch(office)
    reminder = plain(reminders_to(office, LEADER)[-1])
    assert "còn 5 phút" in reminder
    copy = _latest(office, LEADER)
    await Phone(office, LEADER).press(copy, texts.BTN_SUBMITTED)
    await office.outbox_idle()
    submitted = plain(_body(office, LEADER, copy.message_id))  # type: ignore[attr-defined]
    assert "đã nộp lúc" in submitted
    assert "báo cáo báo cáo" not in submitted.lower()
