"""BOT_ADMIN_IDS is the source of truth for the admins it names.

Removing an id and restarting takes the role away (audited, the person told); an admin
appointed in the bot (/nguoidung, an explicit audited action) keeps it, and /nguoidung shows
which is which.
"""

from __future__ import annotations

from bot import texts
from bot.clock import ManualClock
from bot.models.outcomes import Ok
from bot.models.people import Role
from bot.people.admin import AdminSource
from tests.conftest import SettingsFactory as Factory
from tests.e2e.harness import ADMIN2_ID, ADMIN_ID, STAFF_ID, Phone, RunningBot, add_user
from tests.fakebotapi import FakeBotApi, SentMessage


async def _running(
    fake: FakeBotApi, make_settings: Factory, clock: ManualClock, ids: list[int]
) -> RunningBot:
    bot = RunningBot(make_settings(admin_ids=ids), fake, clock=clock)
    await bot.start()
    return bot


async def test_an_id_removed_from_the_settings_loses_the_admin_role(
    fake: FakeBotApi, make_settings: Factory, clock: ManualClock
) -> None:
    first = await _running(fake, make_settings, clock, [ADMIN_ID, ADMIN2_ID])
    try:
        await add_user(first, ADMIN2_ID, "Trần Thị Quản Trị", "NV", Role.STAFF)
        await Phone(first, ADMIN2_ID).send("/start")
        user = await first.services.people.users.get(ADMIN2_ID)
        assert user is not None and user.role is Role.ADMIN
    finally:
        await first.stop()
    second = await _running(fake, make_settings, clock, [ADMIN_ID])
    try:
        services = second.services
        assert await services.authority.role_of(ADMIN2_ID) is Role.STAFF
        user = await services.people.users.get(ADMIN2_ID)
        assert user is not None and user.role is Role.STAFF and user.approved
        audit = await services.db.fetchall(
            "SELECT actor_id, action FROM audit_log WHERE target = ?", (f"user:{ADMIN2_ID}",)
        )
        assert "admin.revoked" in [row["action"] for row in audit], audit
        await second.outbox_idle()
        told = [m.body for m in fake.messages_to(ADMIN2_ID)]
        assert any(texts.ADMIN_REVOKED in body for body in told), told
        assert last_refusal(await Phone(second, ADMIN2_ID).send("/nguoidung Trần"))
    finally:
        await second.stop()


def last_refusal(messages: list[SentMessage]) -> bool:
    return bool(messages) and messages[-1].body == texts.NOT_ALLOWED


async def test_an_admin_without_a_unit_becomes_a_guest_who_may_register(
    fake: FakeBotApi, make_settings: Factory, clock: ManualClock
) -> None:
    first = await _running(fake, make_settings, clock, [ADMIN_ID, ADMIN2_ID])
    try:
        await Phone(first, ADMIN2_ID).send("/start")
    finally:
        await first.stop()
    second = await _running(fake, make_settings, clock, [ADMIN_ID])
    try:
        assert await second.services.authority.role_of(ADMIN2_ID) is Role.GUEST
        assert await second.services.people.registration_blocker(ADMIN2_ID) is None
    finally:
        await second.stop()


async def test_an_admin_appointed_in_the_bot_keeps_the_role_and_is_shown_apart(
    fake: FakeBotApi, make_settings: Factory, clock: ManualClock
) -> None:
    first = await _running(fake, make_settings, clock, [ADMIN_ID])
    try:
        await add_user(first, STAFF_ID, "Lê Văn Cán Bộ", "NV", Role.STAFF)
        await Phone(first, ADMIN_ID).send("/start")
        appointed = await first.services.user_admin.set_role(ADMIN_ID, STAFF_ID, Role.ADMIN)
        assert isinstance(appointed, Ok) and appointed.value.admin is AdminSource.APPOINTED
    finally:
        await first.stop()
    second = await _running(fake, make_settings, clock, [ADMIN_ID])
    try:
        services = second.services
        assert await services.authority.role_of(STAFF_ID) is Role.ADMIN
        card = await services.user_admin.card(ADMIN_ID, STAFF_ID)
        assert isinstance(card, Ok) and card.value.admin is AdminSource.APPOINTED
        own = await services.user_admin.card(ADMIN_ID, ADMIN_ID)
        assert isinstance(own, Ok) and own.value.admin is AdminSource.SETTINGS
        shown = await Phone(second, ADMIN_ID).press(
            (await Phone(second, ADMIN_ID).send(f"/nguoidung {STAFF_ID}"))[-1],
            f"nd:v:{STAFF_ID}",
        )
        assert texts.ADMIN_SOURCE[AdminSource.APPOINTED.value] in shown[-1].body
    finally:
        await second.stop()
