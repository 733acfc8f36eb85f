"""The approval procedure as NĐ73 writes it, and time limits only where the Decree sets them.

Tie votes follow the head's side (khoản 1 Điều 8); the head's own-responsibility route is
for plans the collective did not pass; the meeting date lies between receipt and today; a
head's own plan (sent to the superior, khoản 4 Điều 7) gets an internal follow-up date that
is never attributed to the Decree.
"""

from __future__ import annotations

from datetime import timedelta

from bot import texts
from bot.clock import ManualClock
from bot.models.outcomes import Refused
from bot.models.people import Role
from bot.models.proposals import Status
from tests.e2e.harness import Phone, RunningBot, add_user, last_text
from tests.e2e.test_proposals import (
    CITY,
    HEAD,
    STAFF,
    buttons,
    fill_plan,
    latest_card,
    office,
)
from tests.fakebotapi import SentMessage

__all__ = ["office"]

DECREE_REVIEW = "Điều 8"


async def _open_approval(bot: RunningBot, clock: ManualClock) -> tuple[Phone, Phone]:
    staff, head = Phone(bot, STAFF), Phone(bot, HEAD)
    await staff.press(await fill_plan(staff, clock, attach=False), texts.BTN_SUBMIT)
    await head.press(await latest_card(bot, HEAD), texts.ACTION_BUTTONS["approve"])
    return staff, head


async def _vote(
    head: Phone, clock: ManualClock, head_vote: str, votes_for: int, votes_against: int
) -> SentMessage:
    """Answer the meeting, the head's vote and the counts; return the basis step."""
    vote_step = (await head.send(f"{clock.now():%d/%m/%Y}"))[-1]
    await head.press(vote_step, head_vote)
    await head.send(str(votes_for))
    await head.send(str(votes_against))
    return (await head.send("0"))[-1]  # nobody else abstained or was absent


async def test_tie_with_the_head_in_favour_passes_as_a_decision_of_the_collective(
    office: RunningBot, clock: ManualClock
) -> None:
    staff, head = await _open_approval(office, clock)
    basis = await _vote(head, clock, texts.D_HEAD_FOR, 3, 3)
    assert buttons(basis) == [texts.D_BASIS_TIE_HEAD, texts.BTN_BACK]
    comment = (await head.press(basis, texts.D_BASIS_TIE_HEAD))[-1]
    review = (await head.press(comment, texts.BTN_SKIP))[-1]
    assert "Đã phê duyệt" in last_text(await head.press(review, texts.BTN_SUBMIT))
    proposal = await office.services.proposals.repo.get(1)
    assert proposal is not None and proposal.status is Status.APPROVED
    assert proposal.decision is not None
    assert proposal.decision["basis"] == "tie_head"
    assert proposal.decision["head_vote"] == "for"
    assert (proposal.decision["votes_for"], proposal.decision["votes_against"]) == (3, 3)
    assert proposal.decision["not_voting"] == 0
    history = last_text(await staff.press(await latest_card(office, STAFF), texts.BTN_HISTORY))
    assert "theo phía thủ trưởng" in history


async def test_tie_with_the_head_against_is_not_passed_and_offers_own_responsibility(
    office: RunningBot, clock: ManualClock
) -> None:
    _, head = await _open_approval(office, clock)
    basis = await _vote(head, clock, texts.D_HEAD_AGAINST, 3, 3)
    # Not passed: the head decides on their own responsibility, or refuses (a button).
    refuse = texts.ACTION_BUTTONS["reject"]
    assert buttons(basis) == [texts.D_BASIS_HEAD, texts.BTN_BACK, refuse]
    # The conditions of khoản 1 Điều 8 are shown before the head confirms.
    assert "cần thiết" in basis.body and "khả thi" in basis.body
    assert "trước cơ quan cấp trên và trước pháp luật" in basis.body
    comment = (await head.press(basis, texts.D_BASIS_HEAD))[-1]
    review = (await head.press(comment, texts.BTN_SKIP))[-1]
    assert "Đã phê duyệt" in last_text(await head.press(review, texts.BTN_SUBMIT))
    proposal = await office.services.proposals.repo.get(1)
    assert proposal is not None and proposal.decision is not None
    assert proposal.decision["basis"] == "head"


async def test_counts_that_contradict_the_heads_vote_are_refused(
    office: RunningBot, clock: ManualClock
) -> None:
    _, head = await _open_approval(office, clock)
    vote_step = (await head.send(f"{clock.now():%d/%m/%Y}"))[-1]
    await head.press(vote_step, texts.D_HEAD_FOR)
    assert texts.D_HEAD_FOR_NEEDS_ONE in last_text(await head.send("0"))


async def test_meeting_date_before_receipt_or_in_the_future_is_refused(
    office: RunningBot, clock: ManualClock
) -> None:
    _, head = await _open_approval(office, clock)
    assert texts.D_MEETING_BEFORE_RECEIPT in last_text(await head.send("01/01/2020"))
    yesterday = clock.now() - timedelta(days=1)
    assert texts.D_MEETING_BEFORE_RECEIPT in last_text(await head.send(f"{yesterday:%d/%m/%Y}"))
    tomorrow = clock.now() + timedelta(days=1)
    assert texts.D_MEETING_FUTURE in last_text(await head.send(f"{tomorrow:%d/%m/%Y}"))
    step = (await head.send(f"{clock.now():%d/%m/%Y}"))[-1]
    assert texts.D_HEAD_FOR in buttons(step)


async def test_a_staff_plan_keeps_the_decree_review_limit(
    office: RunningBot, clock: ManualClock
) -> None:
    staff = Phone(office, STAFF)
    receipt = last_text(await staff.press(await fill_plan(staff, clock, attach=False), "✅ Gửi"))
    assert "khoản 1 Điều 8" in receipt
    proposal = await office.services.proposals.repo.get(1)
    assert proposal is not None and proposal.due_kind == "review"


async def test_a_heads_own_plan_gets_an_internal_follow_up_never_the_decree(
    office: RunningBot, clock: ManualClock
) -> None:
    await add_user(office, CITY, "Võ Văn Thành", None, Role.LEADER, is_head=True)
    head = Phone(office, HEAD)
    receipt = last_text(await head.press(await fill_plan(head, clock, attach=False), "✅ Gửi"))
    assert DECREE_REVIEW not in receipt and "NĐ73" not in receipt.replace("không phải", "")
    assert "theo dõi nội bộ" in receipt
    proposal = await office.services.proposals.repo.get(1)
    assert proposal is not None and proposal.due_kind == "review_follow"
    assert proposal.due_at is not None
    expected = office.services.proposals.calendar.due_from_receipt(
        proposal.created_at, office.settings.follow_up_days, office.settings.tz
    )
    assert proposal.due_at == expected
    card = await latest_card(office, CITY)
    assert DECREE_REVIEW not in card.body and "theo dõi nội bộ" in card.body
    for moment in (proposal.due_at - timedelta(hours=30), proposal.due_at - timedelta(hours=1)):
        clock.set(moment)
        await office.services.proposals.remind_due()
    clock.set(proposal.due_at + timedelta(hours=1))
    await office.services.proposals.remind_due()
    await office.outbox_idle()
    reminders = [m.body for m in office.fake.messages_to(CITY) if "⏰" in m.body or "⚠️" in m.body]
    assert len(reminders) >= 2, office.fake.describe_sent()
    for body in reminders:
        assert DECREE_REVIEW not in body and "theo dõi nội bộ" in body, body
    # The digest lists it as past the city's follow-up date, not as late under the Decree.
    facts = await office.services.digests.facts(CITY)
    assert facts.late == [(proposal.number, f"{texts.FOLLOW_UP_PAST} {proposal.title}")]


async def test_evaluation_limit_only_for_plans_under_khoan_1(
    office: RunningBot, clock: ManualClock
) -> None:
    await add_user(office, CITY, "Võ Văn Thành", None, Role.LEADER, is_head=True)
    head = Phone(office, HEAD)
    await head.press(await fill_plan(head, clock, attach=False), "✅ Gửi")
    proposals = office.services.proposals
    async with office.services.db.transaction() as conn:
        # The superior's own decision on a head's plan (khoản 4 Điều 7), no collective vote.
        decision = {"basis": "superior", "decision_date": f"{clock.now():%Y-%m-%d}"}
        approved = await proposals.apply(conn, CITY, 1, "approve", decision=decision)
    assert not isinstance(approved, Refused)
    clock.advance(timedelta(days=45))
    assert not isinstance(await proposals.act(HEAD, 1, "finish"), Refused)
    async with office.services.db.transaction() as conn:
        await proposals.apply(conn, HEAD, 1, "report", result="Đã làm xong toàn bộ kế hoạch.")
    proposal = await proposals.repo.get(1)
    assert proposal is not None and proposal.due_kind == "evaluate_follow"
    card = await latest_card(office, CITY)
    assert "Điều 18" not in card.body and "theo dõi nội bộ" in card.body
