"""Reviewers are whoever holds the role now; nobody decides their own proposal.

When a head is demoted, moved, deactivated or replaced, what waited on them (returned
proposals too) moves to the new holder or the admins in the same transaction, and both the
old and the new reviewer are told.
"""

from __future__ import annotations

from datetime import timedelta

from bot import texts
from bot.clock import ManualClock
from bot.models.outcomes import Ok, Reason, Refused
from bot.models.people import Role
from bot.models.proposals import Route, Status
from tests.e2e.harness import ADMIN2_ID, ADMIN_ID, Phone, RunningBot, add_user
from tests.e2e.test_proposals import (
    CITY,
    DEPUTY,
    HEAD,
    STAFF,
    buttons,
    latest_card,
    office,
)

__all__ = ["office"]


async def submit(bot: RunningBot, proposer: int, title: str = "Số hóa hồ sơ một cửa") -> int:
    """Submit a proposal straight through the service (the form is tested elsewhere)."""
    services = bot.services
    start = services.clock.now().astimezone(services.settings.tz).date() + timedelta(days=40)
    answers = {"title": title, "field": "Chuyển đổi số", "period": {"start": start.isoformat()}}
    async with services.db.transaction() as conn:
        receipt = await services.proposals.submit(conn, proposer, answers)
    assert isinstance(receipt, Ok), receipt
    return (await services.proposals.views.mine(proposer))[0].id


async def reviewer_of(bot: RunningBot, proposal_id: int) -> tuple[Route, int | None]:
    proposal = await bot.services.proposals.repo.get(proposal_id)
    assert proposal is not None
    return proposal.route, proposal.reviewer_id


def moved_notices(bot: RunningBot, chat_id: int) -> list[str]:
    return [m.body for m in bot.fake.messages_to(chat_id) if texts.REVIEW_MOVED_AWAY in m.body]


async def test_a_newly_appointed_head_takes_over_what_waited_on_the_old_one(
    office: RunningBot,
) -> None:
    proposal_id = await submit(office, STAFF)
    assert await reviewer_of(office, proposal_id) == (Route.HEAD, HEAD)
    appointed = await office.services.user_admin.toggle_head(ADMIN_ID, DEPUTY)
    assert isinstance(appointed, Ok) and appointed.value.user.is_head
    assert await reviewer_of(office, proposal_id) == (Route.HEAD, DEPUTY)
    card = await latest_card(office, DEPUTY)
    assert texts.ACTION_BUTTONS["approve"] in buttons(card)
    assert moved_notices(office, HEAD), "the replaced head was not told"
    refused = await office.services.proposals.check(HEAD, proposal_id, "approve")
    assert isinstance(refused, Refused) and refused.reason is Reason.NOT_ALLOWED


async def test_a_demoted_head_is_told_and_the_new_holder_gets_the_card(
    office: RunningBot,
) -> None:
    proposal_id = await submit(office, STAFF)
    await office.services.user_admin.set_role(ADMIN_ID, HEAD, Role.STAFF)
    route, reviewer = await reviewer_of(office, proposal_id)
    assert reviewer != HEAD and route is Route.ADMINS
    await office.outbox_idle()
    assert moved_notices(office, HEAD)
    assert texts.ACTION_BUTTONS["approve"] in buttons(await latest_card(office, ADMIN_ID))


async def test_a_deactivated_head_hands_over(office: RunningBot) -> None:
    proposal_id = await submit(office, STAFF)
    await office.services.user_admin.set_active(ADMIN_ID, HEAD, False)
    assert (await reviewer_of(office, proposal_id))[1] != HEAD
    await office.outbox_idle()
    assert moved_notices(office, HEAD)


async def test_a_city_leader_moved_into_a_unit_stops_reviewing_city_proposals(
    office: RunningBot,
) -> None:
    await add_user(office, CITY, "Võ Văn Thành", None, Role.LEADER)
    proposal_id = await submit(office, HEAD)
    assert await reviewer_of(office, proposal_id) == (Route.CITY, CITY)
    moved = await office.services.user_admin.set_unit(ADMIN_ID, CITY, "NV")
    assert isinstance(moved, Ok)
    assert await reviewer_of(office, proposal_id) == (Route.ADMINS, None)
    refused = await office.services.proposals.check(CITY, proposal_id, "approve")
    assert isinstance(refused, Refused) and refused.reason is Reason.NOT_ALLOWED


async def test_a_returned_proposal_goes_back_to_the_current_holder(
    office: RunningBot,
) -> None:
    services = office.services
    proposal_id = await submit(office, STAFF)
    async with services.db.transaction() as conn:
        asked = await services.proposals.apply(
            conn, HEAD, proposal_id, "request_info", note="Bổ sung dự toán kinh phí"
        )
    assert isinstance(asked, Ok) and asked.value.status is Status.NEEDS_INFO
    await services.user_admin.toggle_head(ADMIN_ID, DEPUTY)
    proposal = await services.proposals.repo.get(proposal_id)
    assert proposal is not None
    async with services.db.transaction() as conn:
        back = await services.proposals.resubmit(conn, STAFF, proposal_id, proposal.plan)
    assert isinstance(back, Ok) and back.value.reviewer_id == DEPUTY
    card = await latest_card(office, DEPUTY)
    assert proposal.number in card.body and texts.ACTION_BUTTONS["approve"] in buttons(card)


async def test_the_resubmission_follows_the_holder_even_when_nobody_rerouted_it(
    office: RunningBot,
) -> None:
    """A head changed outside the bot's admin actions (a restored file, a manual fix)."""
    services = office.services
    proposal_id = await submit(office, STAFF)
    async with services.db.transaction() as conn:
        await services.proposals.apply(conn, HEAD, proposal_id, "request_info", note="Bổ sung")
        await services.people.users.update(conn, HEAD, "2026-01-01T00:00:00+00:00", is_head=0)
        await services.people.users.update(conn, DEPUTY, "2026-01-01T00:00:00+00:00", is_head=1)
    proposal = await services.proposals.repo.get(proposal_id)
    assert proposal is not None and proposal.reviewer_id == HEAD
    async with services.db.transaction() as conn:
        back = await services.proposals.resubmit(conn, STAFF, proposal_id, proposal.plan)
    assert isinstance(back, Ok) and back.value.reviewer_id == DEPUTY


async def test_can_review_reads_the_current_role_and_unit(office: RunningBot) -> None:
    services = office.services
    proposal_id = await submit(office, STAFF)
    proposal = await services.proposals.repo.get(proposal_id)
    assert proposal is not None
    assert await services.proposals.views.can_review(HEAD, proposal)
    # The stored reviewer id stays, but the person is no longer the unit's head.
    async with services.db.transaction() as conn:
        await services.people.users.update(conn, HEAD, "2026-01-01T00:00:00+00:00", is_head=0)
    assert not await services.proposals.views.can_review(HEAD, proposal)
    card = await services.proposals.views.card(proposal, HEAD)
    assert texts.ACTION_BUTTONS["approve"] not in str(card.markup)
    refused = await services.proposals.check(HEAD, proposal_id, "approve")
    assert isinstance(refused, Refused) and refused.reason is Reason.NOT_ALLOWED


async def test_an_admin_never_decides_their_own_proposal(
    office: RunningBot, clock: ManualClock
) -> None:
    services = office.services
    await add_user(office, ADMIN2_ID, "Trần Thị Quản Trị", None, Role.ADMIN)
    await office.outbox_idle()
    proposal_id = await submit(office, ADMIN2_ID, "Đề xuất của quản trị viên")
    proposal = await services.proposals.repo.get(proposal_id)
    assert proposal is not None and proposal.route is Route.ADMINS
    await office.outbox_idle()
    own = [m for m in office.fake.messages_to(ADMIN2_ID) if proposal.number in m.body]
    assert all(texts.ACTION_BUTTONS["approve"] not in buttons(m) for m in own)
    assert not await services.proposals.views.can_review(ADMIN2_ID, proposal)
    assert proposal_id not in [p.id for p in await services.proposals.views.awaiting(ADMIN2_ID)]
    # A forged "approve" press is refused by the service itself.
    refused = await services.proposals.check(ADMIN2_ID, proposal_id, "approve")
    assert isinstance(refused, Refused) and refused.reason is Reason.NOT_ALLOWED
    anywhere = office.fake.messages_to(ADMIN2_ID)[-1]
    answer = await Phone(office, ADMIN2_ID).press(anywhere, f"pr:ap:{proposal_id}")
    assert not [m for m in answer if texts.D_APPROVE_TITLE in m.body]
    assert await services.flows.active(ADMIN2_ID) is None
    # Another admin does get the buttons and may decide.
    assert texts.ACTION_BUTTONS["approve"] in buttons(await latest_card(office, ADMIN_ID))
    assert isinstance(await services.proposals.check(ADMIN_ID, proposal_id, "approve"), Ok)


async def test_a_deactivated_proposer_cannot_withdraw(office: RunningBot) -> None:
    bot = office
    proposal_id = await submit(bot, STAFF)
    staff = Phone(bot, STAFF)
    opened = (await staff.press(staff.inbox()[-1], f"pr:op:{proposal_id}"))[-1]
    assert texts.ACTION_BUTTONS["withdraw"] in str(opened.buttons())
    await bot.services.user_admin.set_active(ADMIN_ID, STAFF, False)
    await staff.press(opened, texts.ACTION_BUTTONS["withdraw"])
    proposal = await bot.services.proposals.repo.get(proposal_id)
    assert proposal is not None and proposal.status is Status.SUBMITTED
