"""Deadlines end to end: reminders from data, exactly once, quiet hours, outages, submissions."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest

from bot import texts
from bot.clock import ManualClock
from bot.models.people import Role
from tests.e2e.harness import ADMIN_ID, Phone, RunningBot, add_user, last_text
from tests.fakebotapi import FakeBotApi

LEADER = 400001  # P-LOCTHO leader
CONTACT = 400002  # P-VINHHAI reporting contact
STAFF = 400003  # P-LOCTHO staff (not a recipient)
CITY = 400004  # city-level leader


@pytest.fixture
async def office(
    fake: FakeBotApi,
    make_settings,
    clock: ManualClock,  # type: ignore[no-untyped-def]
) -> AsyncIterator[RunningBot]:
    """The bot without quiet hours (tests that need them set their own)."""
    running = RunningBot(make_settings(quiet_hours=""), fake, clock=clock)
    await running.start()
    await add_user(running, LEADER, "Trần Văn Lãnh", "P-LOCTHO", Role.LEADER, is_head=True)
    await add_user(running, CONTACT, "Lê Thị Đầu Mối", "P-VINHHAI", Role.STAFF)
    await add_user(running, STAFF, "Ngô Văn Nhân", "P-LOCTHO", Role.STAFF)
    await running.services.user_admin.toggle_contact(ADMIN_ID, CONTACT)
    await Phone(running, ADMIN_ID).send("/start")
    await running.outbox_idle()
    try:
        yield running
    finally:
        await running.stop()


def local_due(clock: ManualClock, days: int, hour: int = 17) -> datetime:
    """A due moment `days` ahead of the injected clock, at `hour` local time."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    day = (clock.now().astimezone(tz) + timedelta(days=days)).date()
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=tz)


async def create(bot: RunningBot, due: datetime, units: str, offsets: str, rest: str = "") -> str:
    line = f"/taohan {due:%d/%m/%Y %H:%M} | Báo cáo quý IV | {units} | {offsets}{rest}"
    return last_text(await Phone(bot, ADMIN_ID).send(line))


def reminders_to(bot: RunningBot, chat_id: int) -> list[str]:
    leads = ("⏰ Nhắc hạn", "⚠️ Quá hạn báo cáo", "⏰ Nhắc lại hạn")
    return [m.body for m in bot.fake.messages_to(chat_id) if m.body.startswith(leads)]


def reminder_copy(bot: RunningBot, chat_id: int, message_id: int) -> str:
    return next(m.body for m in bot.fake.messages_to(chat_id) if m.message_id == message_id)


async def run_dispatch(bot: RunningBot) -> int:
    queued = await bot.services.deadlines.dispatch()
    await bot.outbox_idle()
    return queued


async def test_reminders_go_once_to_leaders_and_contacts_and_stop_on_submission(
    office: RunningBot, clock: ManualClock
) -> None:
    due = local_due(clock, 10)
    assert "2 đơn vị" in await create(office, due, "P-LOCTHO, P-VINHHAI", "7d,1d,2h")
    assert await run_dispatch(office) == 0  # nothing due yet
    clock.set(due - timedelta(days=7))
    assert await run_dispatch(office) == 2
    assert await run_dispatch(office) == 0  # never twice
    assert len(reminders_to(office, LEADER)) == 1 and len(reminders_to(office, CONTACT)) == 1
    assert reminders_to(office, STAFF) == []
    reminder = [m for m in office.fake.messages_to(LEADER) if m.buttons()][-1]
    await Phone(office, LEADER).press(reminder, texts.BTN_SUBMITTED)
    assert "Đã ghi nhận" in office.fake.callback_answers[-1].get("text", "")
    clock.set(due - timedelta(days=1))
    assert await run_dispatch(office) == 1
    # The leader's reminder now says the unit submitted (no buttons); the contact's unit did not.
    assert reminders_to(office, LEADER) == [] and len(reminders_to(office, CONTACT)) == 2
    assert "đã nộp lúc" in reminder_copy(office, LEADER, reminder.message_id)
    listing = last_text(await Phone(office, LEADER).send("/hanbaocao"))
    assert "đã nộp" in listing


async def test_outage_sends_only_the_latest_missed_reminder(
    office: RunningBot, clock: ManualClock
) -> None:
    due = local_due(clock, 10)
    await create(office, due, "P-LOCTHO", "7d,3d,1d,0d")
    clock.set(due + timedelta(days=3))  # the bot was down through every offset
    assert await run_dispatch(office) == 1
    assert await run_dispatch(office) == 0
    assert len(reminders_to(office, LEADER)) == 1
    rows = await office.services.db.fetchall(
        "SELECT slot, status FROM reminder_ledger ORDER BY slot"
    )
    assert sorted((r[0], r[1]) for r in rows) == [
        ("o:0", "sent"),
        ("o:259200", "skipped"),
        ("o:604800", "skipped"),
        ("o:86400", "skipped"),
    ]


async def test_cancelled_and_submitted_get_nothing_after_outage(
    office: RunningBot, clock: ManualClock
) -> None:
    due = local_due(clock, 10)
    await create(office, due, "P-LOCTHO, P-VINHHAI", "1d")
    deadline = (await office.services.deadlines.repo.list_all())[0]
    await office.services.deadlines.submit(
        ADMIN_ID, deadline.id, 0, (await office.services.units.units.get_by_code("P-LOCTHO")).id
    )  # type: ignore[union-attr]
    clock.set(due)
    assert await run_dispatch(office) == 1  # only P-VINHHAI
    await office.services.deadlines.set_status(ADMIN_ID, deadline.id, "cancelled")
    clock.set(due + timedelta(days=2))
    assert await run_dispatch(office) == 0


async def test_quiet_hours_defer_never_drop(
    fake: FakeBotApi,
    make_settings,
    clock: ManualClock,  # type: ignore[no-untyped-def]
) -> None:
    running = RunningBot(make_settings(quiet_hours="21:00-07:00"), fake, clock=clock)
    await running.start()
    try:
        await add_user(running, LEADER, "Trần Văn Lãnh", "P-LOCTHO", Role.LEADER, is_head=True)
        due = local_due(clock, 5, hour=23)  # 2h before is 21:00, inside the quiet hours
        await create(running, due, "P-LOCTHO", "2h")
        clock.set(due - timedelta(hours=1))
        assert await run_dispatch(running) == 0  # deferred, not sent at night
        clock.set(due + timedelta(hours=8, minutes=1))  # 07:01 next morning
        assert await run_dispatch(running) == 1
    finally:
        await running.stop()


async def test_weekly_deadline_rolls_to_the_next_occurrence(
    office: RunningBot, clock: ManualClock
) -> None:
    due = local_due(clock, 2)
    weekday = ["thứ 2", "thứ 3", "thứ 4", "thứ 5", "thứ 6", "thứ 7", "chủ nhật"][due.weekday()]
    await create(office, due, "P-LOCTHO", "0d", f" | hằng tuần {weekday}")
    clock.set(due + timedelta(minutes=1))
    assert await run_dispatch(office) == 1
    clock.set(due + timedelta(days=7, minutes=1))
    assert await run_dispatch(office) == 1
    reminders = reminders_to(office, LEADER)
    assert len(reminders) == 2
    assert f"{due + timedelta(days=7):%d/%m/%Y}" in reminders[-1]


async def test_units_without_recipients_are_reported_to_admins(
    office: RunningBot, clock: ManualClock
) -> None:
    due = local_due(clock, 3)
    await create(office, due, "P-PHUOCHAI", "1d")
    clock.set(due - timedelta(days=1))
    await run_dispatch(office)
    notices = [m.body for m in office.fake.messages_to(ADMIN_ID) if "chưa có lãnh đạo" in m.body]
    assert len(notices) == 1 and "Phường Phước Hải" in notices[0]
    await run_dispatch(office)
    assert len([m for m in office.fake.messages_to(ADMIN_ID) if "chưa có lãnh đạo" in m.body]) == 1


async def test_bad_input_and_refusals(office: RunningBot, clock: ManualClock) -> None:
    admin = Phone(office, ADMIN_ID)
    past = clock.now() - timedelta(days=1)
    assert (
        last_text(await admin.send(f"/taohan {past:%d/%m/%Y} 17:00 | Báo cáo cũ | all | 1d"))
        == texts.DEADLINE_ERRORS["past"]
    )
    due = local_due(clock, 5)
    assert (
        last_text(await admin.send(f"/taohan {due:%d/%m/%Y} | Báo cáo | all | 5x"))
        == texts.DEADLINE_ERRORS["bad_offsets"]
    )
    assert (
        last_text(await admin.send(f"/taohan {due:%d/%m/%Y} | Báo cáo tháng | KHONGCO | 1d"))
        == texts.DEADLINE_ERRORS["bad_units"]
    )
    assert (
        last_text(await Phone(office, STAFF).send(f"/taohan {due:%d/%m/%Y} | X | all"))
        == texts.NOT_ALLOWED
    )
    await create(office, due, "P-LOCTHO", "1d")
    clock.set(due - timedelta(days=1))
    await run_dispatch(office)
    reminder = [m for m in office.fake.messages_to(LEADER) if m.buttons()][-1]
    await Phone(office, STAFF).press(reminder, texts.BTN_SUBMITTED)
    assert office.fake.callback_answers[-1].get("text") == texts.DEADLINE_NOT_YOURS
    await Phone(office, STAFF).press(reminder, "dl:s:1:0:99999999999")
    assert office.fake.callback_answers[-1].get("text") == texts.STALE_BUTTON
    assert await office.services.deadlines.repo.submitted_units(1, 0) == {}


async def test_guided_form_snooze_and_compliance(office: RunningBot, clock: ManualClock) -> None:
    admin = Phone(office, ADMIN_ID)
    await admin.send("/taohan")
    await admin.send("Báo cáo 6 tháng thực hiện NĐ73")
    await admin.press(admin.inbox()[-1], texts.BTN_SKIP)
    due = local_due(clock, 4)
    await admin.send(f"{due:%d/%m/%Y %H:%M}")
    await admin.send("không")
    await admin.send("P-LOCTHO")
    await admin.press(admin.inbox()[-1], texts.BTN_DEFAULT_OFFSETS)
    review = (await admin.press(admin.inbox()[-1], texts.BTN_NO))[-1]
    created = last_text(await admin.press(review, texts.BTN_SUBMIT))
    assert "Đã tạo hạn" in created and "1 đơn vị" in created
    clock.set(due - timedelta(days=3))
    await run_dispatch(office)
    reminder = [m for m in office.fake.messages_to(LEADER) if m.buttons()][-1]
    await Phone(office, LEADER).press(reminder, texts.BTN_SNOOZE_HOUR)
    again = clock.now() + timedelta(hours=1)
    assert office.fake.callback_answers[-1].get("text") == texts.snoozed_ack(
        f"{again.astimezone(due.tzinfo):%H:%M}"
    )
    clock.advance(timedelta(hours=1, minutes=1))
    assert await run_dispatch(office) == 1
    assert "Nhắc lại" in reminders_to(office, LEADER)[-1]
    overview = (await admin.send("/hanbaocao"))[-1]
    report = last_text(await admin.press(overview, texts.BTN_COMPLIANCE))
    assert "⏳ Phường Lộc Thọ" in report


async def test_digest_and_broadcast(office: RunningBot, clock: ManualClock) -> None:
    due = local_due(clock, 3)
    await create(office, due, "P-LOCTHO", "1d")
    leader = Phone(office, LEADER)
    settings = (await leader.send("/tonghop"))[-1]
    digest = last_text(await leader.press(settings, texts.BTN_DIGEST_NOW))
    assert "Bản tổng hợp" in digest and "Báo cáo quý IV" in digest
    assert last_text(await Phone(office, STAFF).send("/tonghop")) == texts.NOT_ALLOWED
    # Scheduled digests: weekly on Monday 07:30 by default, once per week.
    from datetime import UTC

    clock.set(datetime(2026, 1, 12, 0, 35, tzinfo=UTC))  # Monday 07:35 local
    assert await office.services.digests.send_due() == 1
    assert await office.services.digests.send_due() == 0
    clock.advance(timedelta(days=7))
    assert await office.services.digests.send_due() == 1
    admin = Phone(office, ADMIN_ID)
    await admin.send("/thongbao")
    files_step = (await admin.send("Họp giao ban trực tuyến lúc 8 giờ sáng thứ Hai <khẩn>"))[-1]
    assert texts.BC_FILES.prompt in files_step.body
    await admin.send_document("lich-hop.pdf", b"%PDF-1.4 agenda")
    latest = (await admin.send_photo(b"\x89PNG map"))[-1]
    assert files_step.buttons() == []  # only the newest prompt can be pressed
    audience = (await admin.press(latest, texts.P_FILES_DONE))[-1]
    review = (await admin.press(audience, texts.BC_AUDIENCES["leader"]))[-1]
    assert texts.p_files_display(2) in review.body
    done = last_text(await admin.press(review, texts.BTN_SUBMIT))
    assert "Đã xếp 1 tin" in done
    await office.outbox_idle(timeout=15)  # three sends to one chat, 1/s per chat
    received = [m for m in office.fake.sent if m.chat_id == LEADER][-3:]
    assert [m.method for m in received] == ["sendMessage", "sendDocument", "sendPhoto"]
    assert "<khẩn>" in received[0].body
    assert received[1].document == b"%PDF-1.4 agenda" and received[2].photo == b"\x89PNG map"
    report = last_text(await admin.send("/thongbao ketqua"))
    assert "1 người nhận — đã gửi 1" in report


async def test_admin_edits_marks_units_and_blocked_users_are_reported(
    office: RunningBot, clock: ManualClock
) -> None:
    due = local_due(clock, 10)
    await create(office, due, "P-LOCTHO, P-VINHHAI", "1d")
    admin = Phone(office, ADMIN_ID)
    later = local_due(clock, 12)
    edited = last_text(await admin.send(f"/suahan 1 {later:%d/%m/%Y %H:%M} | 2d"))
    assert f"{later:%d/%m/%Y}" in edited
    assert last_text(await admin.send("/suahan 99 x")) == texts.deadline_not_found(99)
    overview = (await admin.send("/hanbaocao"))[-1]
    report = (await admin.press(overview, texts.BTN_COMPLIANCE))[-1]
    await admin.press(report, "✅ Phường Lộc Thọ")
    unit = await office.services.units.units.get_by_code("P-LOCTHO")
    assert unit is not None and unit.id in await office.services.deadlines.repo.submitted_units(
        1, 0
    )
    office.fake.block(CONTACT)
    clock.set(later - timedelta(days=2))
    await run_dispatch(office)
    await office.outbox_idle()
    contact = await office.services.people.users.get(CONTACT)
    assert contact is not None and contact.blocked
    assert any("đã chặn bot" in m.body for m in office.fake.messages_to(ADMIN_ID))


async def test_services_check_the_actor_again_when_they_apply_a_change(
    office: RunningBot, clock: ManualClock
) -> None:
    """A role checked at the button may be gone at the press: the service refuses, unchanged."""
    from bot.models.outcomes import Reason, Refused

    await create(office, local_due(clock, 5), "P-LOCTHO", "1d")
    deadlines, unit = (
        office.services.deadlines,
        await office.services.units.units.get_by_code("P-LOCTHO"),
    )
    assert unit is not None
    refused = await deadlines.set_status(STAFF, 1, "cancelled")
    assert isinstance(refused, Refused) and refused.reason is Reason.NOT_ALLOWED
    assert (await deadlines.repo.get(1)).status == "active"  # type: ignore[union-attr]
    assert isinstance(await deadlines.submit(STAFF, 1, 0, unit.id), Refused)
    assert isinstance(await deadlines.snooze(CONTACT, 1, 0, unit.id, False), Refused)
    assert await deadlines.repo.submitted_units(1, 0) == {}
    digest = await office.services.digests.configure(STAFF, ["hangngay"])
    assert isinstance(digest, Refused) and digest.reason is Reason.NOT_ALLOWED
    assert (await office.services.digests.settings_of(STAFF))[0] != "daily"
    again = await deadlines.submit(LEADER, 1, 0, unit.id)
    assert not isinstance(again, Refused)
    twice = await deadlines.submit(LEADER, 1, 0, unit.id)
    assert isinstance(twice, Refused) and twice.reason is Reason.STALE
