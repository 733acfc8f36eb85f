"""Services re-read the actor's standing where they apply a change: a demoted admin is refused.

The handler's role check happens when the update arrives; an admin demoted between that check
and the write must still be refused, so each service asks `Authority` again in its transaction.
"""

from __future__ import annotations

from bot.clock import to_iso
from bot.models.outcomes import Ok, Reason, Refused
from bot.models.people import Role
from bot.people import admin
from tests.e2e.harness import ADMIN2_ID, ADMIN_ID, STAFF_ID, RunningBot, add_user


async def demoted_admin(bot: RunningBot) -> int:
    """A database admin (not one from the settings) who has just lost the role."""
    await add_user(bot, ADMIN2_ID, "Trần Thị Quản Trị", "NV", Role.ADMIN, learn_chat=False)
    await add_user(bot, STAFF_ID, "Lê Văn Cán Bộ", "NV", Role.STAFF, learn_chat=False)
    assert isinstance(await bot.services.user_admin.card(ADMIN2_ID, STAFF_ID), Ok)
    demoted = await bot.services.user_admin.set_role(ADMIN_ID, ADMIN2_ID, Role.STAFF)
    assert isinstance(demoted, Ok) and demoted.value.user.role is Role.STAFF
    return ADMIN2_ID


async def test_user_admin_refuses_a_demoted_admin(bot: RunningBot) -> None:
    actor = await demoted_admin(bot)
    users = bot.services.user_admin
    for outcome in (
        await users.set_role(actor, STAFF_ID, Role.LEADER),
        await users.toggle_contact(actor, STAFF_ID),
        await users.set_unit(actor, STAFF_ID, "NV"),
        await users.card(actor, STAFF_ID),
    ):
        assert isinstance(outcome, Refused) and outcome.reason is Reason.NOT_ALLOWED
    staff = await bot.services.people.users.get(STAFF_ID)
    assert staff is not None and staff.role is Role.STAFF and not staff.is_contact


async def test_user_admin_refusals_carry_their_detail(bot: RunningBot) -> None:
    await add_user(bot, ADMIN_ID, "Phạm Văn Quản Trị", "NV", Role.ADMIN, learn_chat=False)
    await add_user(bot, STAFF_ID, "Lê Văn Cán Bộ", "NV", Role.STAFF, learn_chat=False)
    users = bot.services.user_admin
    assert await users.card(ADMIN_ID, 42) == Refused(Reason.NOT_FOUND, admin.NO_SUCH_USER)
    assert await users.set_unit(ADMIN_ID, STAFF_ID, "NOPE") == Refused(
        Reason.NOT_FOUND, admin.NO_SUCH_UNIT
    )
    assert await users.toggle_head(ADMIN_ID, STAFF_ID) == Refused(
        Reason.INVALID, admin.HEAD_NEEDS_LEADER
    )
    assert await users.set_active(ADMIN_ID, ADMIN_ID, False) == Refused(
        Reason.NOT_ALLOWED, admin.NOT_SELF
    )


async def test_units_refuse_a_demoted_admin(bot: RunningBot) -> None:
    actor = await demoted_admin(bot)
    units = bot.services.units
    before = await units.units.get_by_code("NV")
    for outcome in (
        await units.add(actor, "XYZ", "Đơn vị giả"),
        await units.rename(actor, "NV", "Tên mới"),
        await units.set_active(actor, "NV", False),
    ):
        assert isinstance(outcome, Refused) and outcome.reason is Reason.NOT_ALLOWED
    assert await units.units.get_by_code("XYZ") is None
    assert await units.units.get_by_code("NV") == before
    added = await units.add(ADMIN_ID, "XYZ", "Đơn vị thật")
    assert isinstance(added, Ok) and added.value.code == "XYZ"


async def test_official_import_refuses_a_demoted_admin(bot: RunningBot) -> None:
    actor = await demoted_admin(bot)
    official = bot.services.official
    for outcome in (await official.apply(actor, 1), await official.discard(actor, 1)):
        assert isinstance(outcome, Refused) and outcome.reason is Reason.NOT_ALLOWED
    assert await official.apply(ADMIN_ID, 1) == Refused(Reason.STALE, "import:1")


async def test_registration_decision_rereads_role_and_status(bot: RunningBot) -> None:
    actor = await demoted_admin(bot)
    people = bot.services.people
    unit = await bot.services.units.units.get_by_code("NV")
    assert unit is not None
    await people.seen(555, "Mới", None)
    answers = {"full_name": "Ngô Văn Mới", "unit": unit.id, "position": "Chuyên viên"}
    async with bot.services.db.transaction() as conn:
        await people.submit_registration(conn, 555, answers, to_iso(bot.services.clock.now()))
    [(registration, _)] = await people.pending()
    refused = await people.decide(actor, registration.id, True)
    assert isinstance(refused, Refused) and refused.reason is Reason.NOT_ALLOWED
    decided = await people.decide(ADMIN_ID, registration.id, True)
    assert isinstance(decided, Ok) and decided.value.full_name == "Ngô Văn Mới"
    again = await people.decide(ADMIN_ID, registration.id, False)
    assert isinstance(again, Refused) and again.reason is Reason.STALE
    missing = await people.decide(ADMIN_ID, 999, False)
    assert isinstance(missing, Refused) and missing.reason is Reason.NOT_FOUND


async def test_a_units_csv_from_a_demoted_admin_changes_nothing(bot: RunningBot) -> None:
    actor = await demoted_admin(bot)
    units = bot.services.units
    data = "code,name\nMOI,Phòng Mới Thành Lập\n".encode()
    outcome = await units.import_csv(actor, data, replace=True)
    assert isinstance(outcome, Refused) and outcome.reason is Reason.NOT_ALLOWED
    assert await units.units.get_by_code("MOI") is None
    nv = await units.units.get_by_code("NV")
    assert nv is not None and nv.active
