"""A new user's report on the approval form and the proposal review (playground).

Edited votes recompute the basis before the review is shown again; the vote line says what
it counts; leaving the form to refuse the plan is a button, not "/huy then …"; a file step
ended with no files reads "không có tệp", not "(bỏ qua)".
"""

from __future__ import annotations

from bot import texts
from bot.clock import ManualClock
from bot.models.proposals import Status
from tests.e2e.harness import Phone, RunningBot, last_text
from tests.e2e.test_procedure import _open_approval, _vote
from tests.e2e.test_proposals import STAFF, buttons, fill_plan, latest_card, office
from tests.e2e.test_superior_decision import CHAIR, _chair_opens_the_approval

__all__ = ["office"]


async def _approve_review(
    head: Phone, clock: ManualClock, votes_for: int, against: int, not_voting: int
) -> list[str]:
    """Vote with the head in favour, take the basis offered, skip the comment: the review."""
    vote_step = (await head.send(f"{clock.now():%d/%m/%Y}"))[-1]
    await head.press(vote_step, texts.D_HEAD_FOR)
    await head.send(str(votes_for))
    await head.send(str(against))
    basis = (await head.send(str(not_voting)))[-1]
    comment = (await head.press(basis, buttons(basis)[0]))[-1]
    return [m.body for m in await head.press(comment, texts.BTN_SKIP)]


async def test_edited_votes_that_no_longer_pass_ask_the_basis_again(
    office: RunningBot, clock: ManualClock
) -> None:
    _, head = await _open_approval(office, clock)
    review = await _approve_review(head, clock, 1, 0, 1)
    assert f"{texts.D_BASIS.label}: {texts.D_BASIS_MAJORITY}" in review[-1]
    edit = texts.flow_edit_button(texts.D_VOTES_AGAINST.label)
    await head.press(head.inbox()[-1], edit)
    shown = (await head.send("5"))[-1]
    # Not the review with the old basis: the basis step again, saying why.
    assert texts.D_BASIS_STALE in shown.body, shown.body
    assert texts.D_BASIS_MAJORITY not in buttons(shown)
    assert texts.D_BASIS_HEAD in buttons(shown)
    assert texts.ACTION_BUTTONS["reject"] in buttons(shown)
    review_again = (await head.press(shown, texts.D_BASIS_HEAD))[-1]
    assert f"{texts.D_BASIS.label}: {texts.D_BASIS_HEAD}" in review_again.body
    assert "Đã phê duyệt" in last_text(await head.press(review_again, texts.BTN_SUBMIT))
    proposal = await office.services.proposals.repo.get(1)
    assert proposal is not None and proposal.decision is not None
    assert proposal.decision["basis"] == "head"
    assert (proposal.decision["votes_for"], proposal.decision["votes_against"]) == (1, 5)


async def test_a_changed_head_vote_asks_the_counts_again(
    office: RunningBot, clock: ManualClock
) -> None:
    _, head = await _open_approval(office, clock)
    await _approve_review(head, clock, 2, 0, 0)
    edit = texts.flow_edit_button(texts.D_HEAD_VOTE.label)
    asked = (await head.press(head.inbox()[-1], edit))[-1]
    shown = (await head.press(asked, texts.D_HEAD_AGAINST))[-1]
    # Against, with no vote against counted: the count is asked again, not the review.
    assert texts.D_HEAD_AGAINST_NEEDS_ONE in shown.body, shown.body
    assert texts.D_VOTES_AGAINST.prompt in shown.body


async def test_the_vote_line_says_what_it_counts(office: RunningBot, clock: ManualClock) -> None:
    staff, head = await _open_approval(office, clock)
    review = await _approve_review(head, clock, 1, 0, 1)
    tally = texts.d_vote_tally(1, 0, 1)
    assert tally == "1 tán thành, 0 không tán thành / 2 thành viên tập thể; 1 không biểu quyết"
    assert tally in review[-1]
    await head.press(head.inbox()[-1], texts.BTN_SUBMIT)
    history = last_text(await staff.press(await latest_card(office, STAFF), texts.BTN_HISTORY))
    assert tally in history and "(1/1)" not in history
    # What the bot computed is said as its own count, not as the Decree's denominator.
    assert texts.D_MAJORITY_COUNTED in history


async def test_refusing_from_the_basis_step_is_a_button(
    office: RunningBot, clock: ManualClock
) -> None:
    _, head = await _open_approval(office, clock)
    basis = await _vote(head, clock, texts.D_HEAD_AGAINST, 1, 3)
    assert "/huy" not in basis.body
    refuse = texts.ACTION_BUTTONS["reject"]
    assert refuse in buttons(basis)
    reason = (await head.press(basis, refuse))[-1]
    assert texts.D_REJECT_REASON.prompt in reason.body
    review = (await head.send("Tập thể không thông qua, kinh phí chưa bố trí được."))[-1]
    assert "Đã ghi nhận không phê duyệt" in last_text(await head.press(review, texts.BTN_SUBMIT))
    proposal = await office.services.proposals.repo.get(1)
    assert proposal is not None and proposal.status is Status.REJECTED
    # The approval form was left for the refusal: nothing is left to resume.
    assert await office.services.flows.active(head.user_id) is None
    assert await office.services.drafts.latest_parked(head.user_id, "pr_approve") is None


async def test_the_superior_decision_offers_its_other_answers_as_buttons(
    office: RunningBot, clock: ManualClock
) -> None:
    _, chair = await _chair_opens_the_approval(office, clock)
    first = await chair.press(await latest_card(office, CHAIR), texts.ACTION_BUTTONS["approve"])
    assert "/huy" not in first[-1].body
    ask = texts.ACTION_BUTTONS["request_info"]
    assert texts.ACTION_BUTTONS["reject"] in buttons(first[-1]) and ask in buttons(first[-1])
    reason = (await chair.press(first[-1], ask))[-1]
    assert texts.D_REQUEST_REASON.prompt in reason.body
    review = (await chair.send("Đề nghị bổ sung dự toán kinh phí chi tiết."))[-1]
    assert "Đã gửi yêu cầu bổ sung" in last_text(await chair.press(review, texts.BTN_SUBMIT))
    proposal = await office.services.proposals.repo.get(1)
    assert proposal is not None and proposal.status is Status.NEEDS_INFO


async def test_done_with_no_files_reads_no_files_not_skipped(
    office: RunningBot, clock: ManualClock
) -> None:
    staff = Phone(office, STAFF)
    await fill_plan(staff, clock, attach=False)
    edit = texts.flow_edit_button(texts.P_FILES.label)
    asked = (await staff.press(staff.inbox()[-1], edit))[-1]
    review = (await staff.press(asked, texts.P_FILES_DONE))[-1]
    assert f"{texts.P_FILES.label}: {texts.P_FILES_EMPTY}" in review.body, review.body
    assert texts.FLOW_SKIPPED not in review.body
