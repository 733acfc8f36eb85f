"""A head's own plan is decided by the superior level (NĐ73 Điều 7 khoản 4): the bot records
the superior's plain written decision, never the leadership collective's vote of khoản 1
Điều 8 (which is for plans sent to one's own head under khoản 3 Điều 7) nor its time limit.
"""

from __future__ import annotations

import io

import docx  # type: ignore[import-untyped]
import openpyxl  # type: ignore[import-untyped]

from bot import texts
from bot.clock import ManualClock
from bot.models.outcomes import Reason, Refused
from bot.models.people import Role
from bot.models.proposals import Status
from tests.e2e.harness import ADMIN_ID, Phone, RunningBot, add_user, last_text
from tests.e2e.test_proposals import HEAD, STAFF, buttons, fill_plan, latest_card, office

__all__ = ["office"]

CHAIR = 300010
# Words that belong to the collective's vote of khoản 1 Điều 8 and its time limit only.
COLLECTIVE = ("Điều 8", "07 ngày", "tập thể", "Tập thể", "biểu quyết", "phiếu")
WHO_DECIDES = "khoản 4 Điều 7"


def assert_no_collective_vote(view: str, where: str) -> None:
    for words in COLLECTIVE:
        assert words not in view, (where, words, view)


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


async def _chair_opens_the_approval(bot: RunningBot, clock: ManualClock) -> tuple[Phone, Phone]:
    """A ward head sends their own plan; the chair at the superior level presses «Phê duyệt»;
    returns (head, chair) with the chair at the form's first step."""
    await add_user(bot, CHAIR, "Nguyễn Văn Chủ", "LDTP", Role.LEADER, is_head=True)
    head, chair = Phone(bot, HEAD), Phone(bot, CHAIR)
    await head.press(await fill_plan(head, clock, attach=False), texts.BTN_SUBMIT)
    return head, chair


async def test_the_superior_records_a_plain_decision_on_a_heads_own_plan(
    office: RunningBot, clock: ManualClock
) -> None:
    bot = office
    head, chair = await _chair_opens_the_approval(bot, clock)
    card = await latest_card(bot, CHAIR)
    first = (await chair.press(card, texts.ACTION_BUTTONS["approve"]))[-1]
    # The form asks for the superior's decision, not for a meeting of the collective.
    assert_no_collective_vote(first.body, "first step")
    assert WHO_DECIDES in first.body, first.body
    assert texts.D_HEAD_FOR not in buttons(first)
    comment = (await chair.send(f"{clock.now():%d/%m/%Y}"))[-1]
    assert_no_collective_vote(comment.body, "second step")
    review = (await chair.press(comment, texts.BTN_SKIP))[-1]
    assert_no_collective_vote(review.body, "review")
    assert "Đã phê duyệt" in last_text(await chair.press(review, texts.BTN_SUBMIT))
    proposal = await bot.services.proposals.repo.get(1)
    assert proposal is not None and proposal.status is Status.APPROVED
    assert proposal.decision is not None
    assert proposal.decision["basis"] == "superior"
    assert proposal.decision["decision_date"] == f"{clock.now():%Y-%m-%d}"
    assert not {"votes_for", "votes_against", "head_vote", "meeting_date"} & set(proposal.decision)
    # What the head is told, the history, the register and the .docx record say the same.
    notice = await latest_card(bot, HEAD)
    assert_no_collective_vote(notice.body, "proposer's notice")
    history = last_text(await head.press(notice, texts.BTN_HISTORY))
    assert texts.superior_approval_note(f"{clock.now():%d/%m/%Y}", None) in history
    assert_no_collective_vote(history, "history")
    admin = Phone(bot, ADMIN_ID)
    register = (await admin.send("/xuat"))[-1]
    sheet = openpyxl.load_workbook(io.BytesIO(register.document or b"")).active
    row = next(r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0] == "ĐX-2026-0001")
    assert row[11] == texts.DOC_BASIS_LABELS["superior"]
    assert_no_collective_vote(" | ".join(str(cell) for cell in row), "register")
    plan = docx_text((await admin.send("/xuat ĐX-2026-0001"))[-1].document or b"")
    assert texts.DOC_BASIS_LABELS["superior"] in plan
    assert_no_collective_vote(plan.split(texts.DOC_RECORD)[-1], "docx record")


async def test_a_plan_sent_to_ones_own_head_keeps_the_collective_vote(
    office: RunningBot, clock: ManualClock
) -> None:
    staff, head = Phone(office, STAFF), Phone(office, HEAD)
    await staff.press(await fill_plan(staff, clock, attach=False), texts.BTN_SUBMIT)
    first = last_text(
        await head.press(await latest_card(office, HEAD), texts.ACTION_BUTTONS["approve"])
    )
    assert texts.D_MEETING.prompt in first and WHO_DECIDES not in first


async def test_the_service_takes_only_the_decision_of_the_route(
    office: RunningBot, clock: ManualClock
) -> None:
    """A forged or stale decision of the other kind is refused in the transaction."""
    await _chair_opens_the_approval(office, clock)
    staff = Phone(office, STAFF)
    await staff.press(await fill_plan(staff, clock, attach=False), texts.BTN_SUBMIT)
    today = f"{clock.now():%Y-%m-%d}"
    votes = {
        "meeting_date": today,
        "head_vote": "for",
        "votes_for": 2,
        "votes_against": 0,
        "not_voting": 0,
        "basis": "majority",
    }
    plain = {"basis": "superior", "decision_date": today, "comment": None}
    proposals = office.services.proposals
    async with office.services.db.transaction() as conn:
        on_superior = await proposals.apply(conn, CHAIR, 1, "approve", decision=votes)
        on_head = await proposals.apply(conn, HEAD, 2, "approve", decision=plain)
    for refused in (on_superior, on_head):
        assert isinstance(refused, Refused) and refused.reason is Reason.INVALID
    async with office.services.db.transaction() as conn:
        await proposals.apply(conn, CHAIR, 1, "approve", decision=plain)
        await proposals.apply(conn, HEAD, 2, "approve", decision=votes)
    superior, own_head = await proposals.repo.get(1), await proposals.repo.get(2)
    assert superior is not None and superior.status is Status.APPROVED
    assert own_head is not None and own_head.status is Status.APPROVED
