"""Smaller authority gaps: each action is refused by what is true when it is pressed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import texts
from bot.clock import ManualClock, to_iso
from bot.deadlines import callbacks as dl
from bot.models.outcomes import Reason, Refused
from bot.models.people import UserStatus
from bot.people.callbacks import REGISTRATION
from tests.e2e.harness import ADMIN2_ID, ADMIN_ID, GUEST_ID, Phone, RunningBot, last_text
from tests.e2e.test_deadlines import LEADER, create, local_due, office

__all__ = ["office"]


async def _set_status(bot: RunningBot, user_id: int, status: UserStatus) -> None:
    async with bot.services.db.transaction() as conn:
        await bot.services.people.users.update(
            conn, user_id, to_iso(bot.services.clock.now()), status=status
        )


@pytest.mark.parametrize("status", [None, UserStatus.PENDING, UserStatus.REJECTED])
async def test_guests_pending_and_rejected_cannot_read_deadlines(
    office: RunningBot, clock: ManualClock, status: UserStatus | None
) -> None:
    await create(office, local_due(clock, 10), "P-LOCTHO", "1d")
    guest = Phone(office, GUEST_ID)
    await guest.send("/start")
    if status is not None:
        await _set_status(office, GUEST_ID, status)
    answer = last_text(await guest.send("/hanbaocao"))
    # Refused, and told where their account stands (issue 13, point 15), not "không có quyền".
    expected = {
        None: texts.DENIED_UNREGISTERED,
        UserStatus.PENDING: texts.DENIED_PENDING,
        UserStatus.REJECTED: texts.DENIED_REJECTED,
    }[status]
    assert answer == expected
    assert "Báo cáo quý IV" not in " ".join(m.body for m in guest.inbox())


async def test_a_stale_approve_cannot_reactivate_a_deactivated_person(bot: RunningBot) -> None:
    people = bot.services.people
    await Phone(bot, ADMIN_ID).send("/start")
    person = Phone(bot, GUEST_ID, "Ngô Văn Mới")
    await person.send("/start")
    unit = await bot.services.units.units.get_by_code("NV")
    assert unit is not None
    answers = {"full_name": "Ngô Văn Mới", "unit": unit.id, "position": "Chuyên viên"}
    async with bot.services.db.transaction() as conn:
        await people.submit_registration(conn, GUEST_ID, answers, to_iso(bot.services.clock.now()))
    [(registration, _)] = await people.pending()
    await bot.outbox_idle()
    # An admin deactivates the person while the request is still open.
    await bot.services.user_admin.set_active(ADMIN_ID, GUEST_ID, False)
    request = [m for m in bot.fake.messages_to(ADMIN_ID) if m.buttons()][-1]
    await Phone(bot, ADMIN_ID).press(request, REGISTRATION.build("ok", registration.id))
    user = await people.users.get(GUEST_ID)
    assert user is not None and user.status is UserStatus.DEACTIVATED
    refused = await people.decide(ADMIN_ID, registration.id, True)
    assert isinstance(refused, Refused) and refused.reason is Reason.STALE


async def test_submitted_is_refused_for_a_future_occurrence(
    office: RunningBot, clock: ManualClock
) -> None:
    due = local_due(clock, 10)
    await create(office, due, "P-LOCTHO", "1d", " | hằng tháng ngày 5")
    deadlines = office.services.deadlines
    unit = await office.services.units.units.get_by_code("P-LOCTHO")
    assert unit is not None
    deadline = await deadlines.repo.get(1)
    assert deadline is not None
    current, _ = deadlines.timeline.current(deadline)
    future = await deadlines.submit(LEADER, 1, current + 3, unit.id)
    assert isinstance(future, Refused) and future.reason is Reason.INVALID
    message = office.fake.messages_to(LEADER)[-1]
    await Phone(office, LEADER).press(message, dl.REMINDER.build("s", 1, current + 2, unit.id))
    assert office.fake.callback_answers[-1].get("text") != texts.submitted_ack(unit.name)
    assert await deadlines.repo.submitted_units(1, current + 2) == {}
    assert await deadlines.repo.submitted_units(1, current + 3) == {}
    # The current occurrence, and a past one, are accepted.
    assert not isinstance(await deadlines.submit(LEADER, 1, current, unit.id), Refused)
    clock.advance(timedelta(days=70))
    later, _ = deadlines.timeline.current(deadline)
    assert later > current + 1
    assert not isinstance(await deadlines.submit(LEADER, 1, current + 1, unit.id), Refused)


async def test_feedback_counts_only_from_the_person_who_asked(bot: RunningBot) -> None:
    asker = Phone(bot, GUEST_ID)
    answer = (await asker.send("Điều kiện để được bảo vệ là gì?"))[-1]
    other = Phone(bot, ADMIN2_ID, "Người Khác")
    await other.send("/start")
    # The asker's own button data, pressed by someone else (forwarded, or typed in).
    data = next(b["callback_data"] for b in answer.buttons() if b["text"] == texts.BTN_USEFUL)
    for _ in range(3):
        await other.press(other.inbox()[-1], data)
    assert bot.fake.callback_answers[-1].get("text") == texts.STALE_BUTTON
    votes = await bot.services.db.fetchall("SELECT telegram_id FROM feedback")
    assert votes == []
    await asker.press(answer, texts.BTN_USEFUL)
    assert bot.fake.callback_answers[-1].get("text") == texts.FEEDBACK_THANKS
    # A stranger's question is kept without an id, and so is the vote on it.
    votes = await bot.services.db.fetchall("SELECT telegram_id FROM feedback")
    assert [v["telegram_id"] for v in votes] == [0]
