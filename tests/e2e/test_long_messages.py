"""Messages that grow with data stay within Telegram's 4,096 characters: 200 units.

The fake rejects (and the fixture fails on) any text over 4,096 characters or any keyboard
over Telegram's button limit, so each test only has to make the bot build the message.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot import texts
from bot.clock import ManualClock
from tests.e2e.harness import ADMIN_ID, Phone, RunningBot
from tests.e2e.test_deadlines import local_due, run_dispatch
from tests.fakebotapi import FakeBotApi, SentMessage

UNITS = 200
LIMIT = 4096


@pytest.fixture
async def city(
    fake: FakeBotApi,
    make_settings,
    clock: ManualClock,  # type: ignore[no-untyped-def]
) -> AsyncIterator[RunningBot]:
    """The bot with 200 more units, each with a long administrative name."""
    running = RunningBot(make_settings(quiet_hours=""), fake, clock=clock)
    await running.start()
    for number in range(1, UNITS + 1):
        name = f"Trung tâm Dịch vụ hành chính công và Xúc tiến đầu tư số {number:03d}"
        added = await running.services.units.add(ADMIN_ID, f"TT{number:03d}", name)
        assert not hasattr(added, "reason"), added
    await Phone(running, ADMIN_ID).send("/start")
    try:
        yield running
    finally:
        await running.stop()


def unit_names(messages: list[SentMessage]) -> set[str]:
    found: set[str] = set()
    for message in messages:
        found |= {f"số {n:03d}" for n in range(1, UNITS + 1) if f"số {n:03d}" in message.body}
    return found


async def test_compliance_of_200_units_is_split_and_every_unit_can_be_marked(
    city: RunningBot, clock: ManualClock
) -> None:
    admin = Phone(city, ADMIN_ID)
    due = local_due(clock, 5)
    await admin.send(f"/taohan {due:%d/%m/%Y %H:%M} | Báo cáo quý | all | 1d")
    overview = (await admin.send("/hanbaocao"))[-1]
    pages = await admin.press(overview, texts.BTN_COMPLIANCE)
    assert len(pages) > 1 and all(len(page.body) <= LIMIT for page in pages)
    assert unit_names(pages) == {f"số {n:03d}" for n in range(1, UNITS + 1)}
    buttons = [b["text"] for page in pages for b in page.buttons()]
    assert all(any(f"TT{n:03d}" in label for label in buttons) for n in range(1, UNITS + 1))


async def test_units_with_nobody_to_remind_fit_in_one_notice(
    city: RunningBot, clock: ManualClock
) -> None:
    admin = Phone(city, ADMIN_ID)
    due = local_due(clock, 3)
    await admin.send(f"/taohan {due:%d/%m/%Y %H:%M} | Báo cáo tháng | all | 1d")
    clock.set(due - timedelta(days=1))
    await run_dispatch(city)
    await city.outbox_idle()
    notices = [m for m in city.fake.messages_to(ADMIN_ID) if "chưa có lãnh đạo" in m.body]
    assert notices and all(len(m.body) <= LIMIT for m in notices)
    assert "đơn vị khác" in notices[0].body  # the rest is counted, and shown by /hanbaocao
    failed = await city.services.outbox.counts()
    assert failed["failed"] == 0


async def test_unit_list_of_200_units_is_split(city: RunningBot) -> None:
    pages = await Phone(city, ADMIN_ID).send("/donvi")
    assert len(pages) > 1 and all(len(page.body) <= LIMIT for page in pages)
    assert unit_names(pages) == {f"số {n:03d}" for n in range(1, UNITS + 1)}
