"""Reminders as people live with them: snoozes that hold, reminders that say where things
stand, other copies updated on submission, /suahan without internal ids (issue 13: 11-13)."""

from __future__ import annotations

from datetime import timedelta

from bot import texts
from bot.clock import ManualClock
from bot.deadlines.callbacks import REMINDER, SNOOZE_MORNING
from bot.models.people import Role
from tests.e2e import test_deadlines as base
from tests.e2e.harness import ADMIN_ID, Phone, RunningBot, add_user, last_text, plain
from tests.e2e.test_deadlines import LEADER, create, local_due, reminders_to, run_dispatch

office = base.office  # the same fixture: the bot without quiet hours, three people

DEPUTY = 400011  # a second leader of P-LOCTHO


def _with_buttons(bot: RunningBot, chat_id: int) -> list[str]:
    return [m.body for m in bot.fake.messages_to(chat_id) if m.buttons()]


async def test_a_snooze_adds_one_reminder_and_holds_back_none(
    office: RunningBot, clock: ManualClock
) -> None:
    due = local_due(clock, 3)
    await create(office, due, "P-LOCTHO", "3h,1h58m,0d")
    clock.set(due - timedelta(hours=3))
    assert await run_dispatch(office) == 1
    reminder = [m for m in office.fake.messages_to(LEADER) if m.buttons()][-1]
    await Phone(office, LEADER).press(reminder, texts.BTN_SNOOZE_HOUR)
    clock.set(due - timedelta(hours=2))  # the snooze is over: one reminder
    assert await run_dispatch(office) == 1
    assert await run_dispatch(office) == 0
    assert "Nhắc lại" in reminders_to(office, LEADER)[-1]
    reminder = [m for m in office.fake.messages_to(LEADER) if m.buttons()][-1]
    await Phone(office, LEADER).press(reminder, texts.BTN_SNOOZE_HOUR)
    clock.set(due - timedelta(hours=1, minutes=58))  # the next offset, 2 minutes later
    assert await run_dispatch(office) == 1  # not held back by the snooze
    clock.set(due)
    assert await run_dispatch(office) == 1  # the due-time reminder
    assert len(reminders_to(office, LEADER)) == 4


async def test_tomorrow_morning_is_offered_only_when_the_due_time_is_later(
    office: RunningBot, clock: ManualClock
) -> None:
    soon = local_due(clock, 1, hour=10)
    later = local_due(clock, 5)
    await create(office, soon, "P-LOCTHO", "1h")
    await create(office, later, "P-LOCTHO", "1d")
    clock.set(soon - timedelta(hours=1))
    await run_dispatch(office)
    today = [m for m in office.fake.messages_to(LEADER) if m.buttons()][-1]
    labels = [b["text"] for b in today.buttons()]
    assert texts.BTN_SNOOZE_HOUR in labels and texts.BTN_SNOOZE_MORNING not in labels
    # A forged "tomorrow morning" press is refused and says why.
    unit = await office.services.units.units.get_by_code("P-LOCTHO")
    assert unit is not None
    await Phone(office, LEADER).press(today, REMINDER.build(SNOOZE_MORNING, 1, 0, unit.id))
    assert office.fake.callback_answers[-1].get("text") == texts.SNOOZE_TOO_LATE
    assert await office.services.deadlines.repo.snoozes(1, 0, unit.id) == []
    clock.set(later - timedelta(days=1))
    await run_dispatch(office)
    before = [m for m in office.fake.messages_to(LEADER) if m.buttons()][-1]
    assert texts.BTN_SNOOZE_MORNING in [b["text"] for b in before.buttons()]


async def test_reminders_say_how_long_is_left_or_how_late_it_is(
    office: RunningBot, clock: ManualClock
) -> None:
    due = local_due(clock, 10)
    created = await office.services.deadlines.create(
        ADMIN_ID,
        title="Báo cáo tháng",
        description="",
        due_text=f"{due:%d/%m/%Y %H:%M}",
        recurrence_text="không",
        targets_text="P-LOCTHO",
        offsets_text="3d,3h",
        overdue_daily=True,
    )
    assert not hasattr(created, "reason")
    clock.set(due - timedelta(days=3))
    await run_dispatch(office)
    clock.set(due - timedelta(hours=3))
    await run_dispatch(office)
    clock.set(due + timedelta(days=1, hours=16))  # 09:00 two days after the due day
    await run_dispatch(office)
    three_days, today, late = (plain(m) for m in reminders_to(office, LEADER))
    assert "Còn 3 ngày" in three_days
    assert "Hôm nay là hạn" in today and "còn 3 giờ" in today
    assert "Đã quá hạn 2 ngày" in late


async def test_a_submission_updates_the_other_copies_and_the_listing(
    office: RunningBot, clock: ManualClock
) -> None:
    await add_user(office, DEPUTY, "Phạm Thị Phó", "P-LOCTHO", Role.LEADER)
    due = local_due(clock, 5)
    await create(office, due, "P-LOCTHO", "1d")
    clock.set(due - timedelta(days=1))
    assert await run_dispatch(office) == 2
    mine = [m for m in office.fake.messages_to(LEADER) if m.buttons()][-1]
    deputy_copy = [m for m in office.fake.messages_to(DEPUTY) if m.buttons()][-1]
    await Phone(office, LEADER).press(mine, texts.BTN_SUBMITTED)
    await office.outbox_idle()
    updated = office.fake.messages_to(DEPUTY)
    copy = next(m for m in updated if m.message_id == deputy_copy.message_id)
    assert copy.buttons() == []
    assert "đã nộp lúc" in copy.body and "Trần Văn Lãnh" in copy.body
    listing = last_text(await Phone(office, DEPUTY).send("/hanbaocao"))
    assert "Trần Văn Lãnh" in listing and f"{clock.now():%d/%m/%Y}" in listing
    admin = Phone(office, ADMIN_ID)
    overview = (await admin.send("/hanbaocao"))[-1]
    report = last_text(await admin.press(overview, texts.BTN_COMPLIANCE))
    assert "Trần Văn Lãnh" in report


async def test_admins_hear_once_per_occurrence_about_units_nobody_can_be_reminded_in(
    office: RunningBot, clock: ManualClock
) -> None:
    due = local_due(clock, 5)
    await create(office, due, "P-PHUOCHAI", "3d,1d,0d")
    for offset in (3, 1, 0):
        clock.set(due - timedelta(days=offset))
        await run_dispatch(office)
    notices = [m for m in office.fake.messages_to(ADMIN_ID) if "chưa có lãnh đạo" in m.body]
    assert len(notices) == 1


async def test_edit_deadline_without_internal_ids(office: RunningBot, clock: ManualClock) -> None:
    admin = Phone(office, ADMIN_ID)
    due = local_due(clock, 10)
    await create(office, due, "P-LOCTHO", "1d")
    overview = last_text(await admin.send("/hanbaocao"))
    assert "[1]" in overview
    listing = last_text(await admin.send("/suahan"))
    assert "[1]" in listing and "Báo cáo quý IV" in listing
    assert last_text(await admin.send("/suahan 99")) == texts.deadline_not_found(99)
    assert last_text(await admin.send("/suahan 99 20/12/2030 17:00")) == texts.deadline_not_found(
        99
    )
    later = local_due(clock, 12)
    edited = last_text(await admin.send(f"/suahan 1 {later:%d/%m/%Y %H:%M} | 2d"))
    assert edited.startswith("✅ Đã cập nhật") and "Đã tạo" not in edited


async def test_one_line_new_deadline_without_target_asks_for_it(
    office: RunningBot, clock: ManualClock
) -> None:
    due = local_due(clock, 10)
    answer = last_text(
        await Phone(office, ADMIN_ID).send(f"/taohan {due:%d/%m/%Y} 17:00 | Báo cáo")
    )
    assert "đơn vị" in answer and "all" in answer
    assert await office.services.deadlines.repo.list_all() == []
