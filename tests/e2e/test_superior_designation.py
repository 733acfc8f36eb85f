"""Changing who at the superior level is in charge of what: plans still waiting for a decision
follow the new designation; a plan the superior already approved stays with the person who
decided it while they hold the superior level, and moves only when they lose it."""

from __future__ import annotations

from bot import texts
from bot.clock import ManualClock
from bot.models.people import Role
from bot.models.proposals import Route, Status
from tests.e2e.harness import ADMIN_ID, Phone, RunningBot, add_user, last_text
from tests.e2e.test_proposals import HEAD, latest_card, office
from tests.e2e.test_reviewer_authority import moved_notices, reviewer_of
from tests.e2e.test_superior_setup import submit_in

__all__ = ["office"]

CHAIR = 300010
VICE = 300011
DIGITAL = "Chuyển đổi số"
OTHER = texts.PROPOSAL_FIELDS[0]
ADMIN_NAME = "Phạm Quản Trị"


async def approve(bot: RunningBot, reviewer: int, clock: ManualClock) -> None:
    """The reviewer presses «Phê duyệt» on their newest card and records a plain decision."""
    phone = Phone(bot, reviewer)
    form = await phone.press(await latest_card(bot, reviewer), texts.ACTION_BUTTONS["approve"])
    comment = (await phone.send(f"{clock.now():%d/%m/%Y}"))[-1]
    assert form
    review = (await phone.press(comment, texts.BTN_SKIP))[-1]
    assert "Đã phê duyệt" in last_text(await phone.press(review, texts.BTN_SUBMIT))


async def test_a_new_designation_moves_waiting_plans_not_approved_ones(
    office: RunningBot, clock: ManualClock
) -> None:
    assert OTHER != DIGITAL
    bot = office
    await add_user(bot, ADMIN_ID, ADMIN_NAME, "NV", Role.ADMIN)
    await add_user(bot, VICE, "Trần Văn Phụ", "LDTP", Role.LEADER)
    admin = Phone(bot, ADMIN_ID)
    await admin.send(f"/nguoidung {VICE} phutrach {texts.PROPOSAL_FIELDS.index(DIGITAL) + 1}")
    approved = await submit_in(bot, HEAD, "Bản đồ số phường", DIGITAL)
    assert await reviewer_of(bot, approved) == (Route.CITY, VICE)
    await approve(bot, VICE, clock)
    done = await bot.services.proposals.repo.get(approved)
    assert done is not None and done.status is Status.APPROVED
    waiting = await submit_in(bot, HEAD, "Số hóa hồ sơ đất đai", DIGITAL)
    assert await reviewer_of(bot, waiting) == (Route.CITY, VICE)
    await add_user(bot, CHAIR, "Nguyễn Văn Chủ", "LDTP", Role.LEADER, is_head=True)
    await bot.outbox_idle(timeout=30)
    before = len(moved_notices(bot, VICE))
    # The admin gives the vice-chair another field instead: the reply says what it replaced.
    reply = last_text(await admin.send(f"/nguoidung {VICE} phutrach 1"))
    assert f"thay cho «{DIGITAL}»" in reply, reply
    # The plan still waiting goes to the chair; the approved one stays with its decider.
    assert await reviewer_of(bot, waiting) == (Route.CITY, CHAIR)
    assert await reviewer_of(bot, approved) == (Route.CITY, VICE)
    await bot.outbox_idle(timeout=30)
    told = moved_notices(bot, VICE)[before:]
    assert len(told) == 1 and "Số hóa hồ sơ đất đai" in told[0], told
    assert texts.REVIEW_MOVED_REASONS["in_charge"] in told[0], told[0]
    assert texts.REVIEW_MOVED_REASONS["role"] not in told[0]
    # The history names the admin who made the change, not the former reviewer.
    moved = await bot.services.proposals.repo.get(waiting)
    assert moved is not None
    history = await bot.services.proposals.views.history_text(moved)
    line = next(x for x in history.splitlines() if texts.EVENT_NAMES["reroute"] in x)
    assert ADMIN_NAME in line and "Trần Văn Phụ" not in line, history
    header = next(b for b in told if "Số hóa" in b)
    assert "Trần Văn Phụ" not in header.split("\n")[0], header
    # Once the vice-chair leaves the superior level entirely, the approved plan moves too.
    await admin.send(f"/nguoidung {VICE} donvi VP")
    assert await reviewer_of(bot, approved) == (Route.CITY, CHAIR)


async def test_an_approved_plan_moves_to_the_admins_only_when_nobody_holds_the_level(
    office: RunningBot, clock: ManualClock
) -> None:
    bot = office
    await add_user(bot, VICE, "Trần Văn Phụ", "LDTP", Role.LEADER)
    admin = Phone(bot, ADMIN_ID)
    await admin.send(f"/nguoidung {VICE} phutrach {texts.PROPOSAL_FIELDS.index(DIGITAL) + 1}")
    approved = await submit_in(bot, HEAD, "Bản đồ số phường", DIGITAL)
    await approve(bot, VICE, clock)
    # Another field for him: nobody else is designated, yet the plan he approved stays his.
    await admin.send(f"/nguoidung {VICE} phutrach 1")
    assert await reviewer_of(bot, approved) == (Route.CITY, VICE)
    await admin.send(f"/nguoidung {VICE} donvi VP")
    assert await reviewer_of(bot, approved) == (Route.ADMINS, None)
