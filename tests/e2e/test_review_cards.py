"""Cards that carry a party's decision buttons show what became of the proposal: when it moves
on (a decision, a resubmission, another reviewer), every such card, whether the outbox sent it or
it was shown in a reply, is edited to its new state without the buttons that no longer apply;
a button pressed on a card the bot no longer tracks is refused and loses those buttons. A
resubmission tells the reviewer every field the proposer changed, and the files."""

from __future__ import annotations

from datetime import timedelta

from bot import texts
from bot.clock import ManualClock
from bot.models.proposals import Status
from tests.e2e.harness import ADMIN_ID, Phone, RunningBot, last_text, plain
from tests.e2e.test_proposals import DEPUTY, HEAD, STAFF, buttons, fill_plan, latest_card, office
from tests.fakebotapi import SentMessage

__all__ = ["office"]

REVIEWER_BUTTONS = {texts.ACTION_BUTTONS[a] for a in ("request_info", "approve", "reject")}
PROPOSER_BUTTONS = {texts.ACTION_BUTTONS[a] for a in ("withdraw", "resubmit")}


async def submitted(office: RunningBot, clock: ManualClock) -> SentMessage:
    """The staff member's plan, submitted; the head's first card (with the decision buttons)."""
    staff = Phone(office, STAFF)
    await staff.press(await fill_plan(staff, clock, attach=False), texts.BTN_SUBMIT)
    card = await latest_card(office, HEAD)
    assert set(buttons(card)) >= REVIEWER_BUTTONS
    return card


async def request_info(head: Phone, card: SentMessage) -> None:
    """The head returns the plan for completion from `card`, through the form."""
    await head.press(card, texts.ACTION_BUTTONS["request_info"])
    reason = await head.send("Bổ sung dự toán kinh phí chi tiết.")
    await head.press(reason[-1], texts.BTN_SUBMIT)


async def approve(head: Phone, card: SentMessage, clock: ManualClock) -> None:
    """The head approves from `card`: the collective's vote, through the approval form."""
    await head.press(card, texts.ACTION_BUTTONS["approve"])
    vote = (await head.send(f"{clock.now():%d/%m/%Y}"))[-1]
    await head.press(vote, texts.D_HEAD_FOR)
    await head.send("3")
    await head.send("2")
    basis = (await head.send("0"))[-1]
    comment = (await head.press(basis, texts.D_BASIS_MAJORITY))[-1]
    review = (await head.press(comment, texts.BTN_SKIP))[-1]
    await head.press(review, texts.BTN_SUBMIT)


def status(proposal_status: Status) -> str:
    return texts.STATUS_LABELS[proposal_status.value]


async def test_the_heads_first_card_shows_the_return_and_loses_its_buttons(
    office: RunningBot, clock: ManualClock
) -> None:
    head = Phone(office, HEAD)
    first = await submitted(office, clock)
    await request_info(head, first)
    await office.outbox_idle()
    assert first.edits, "the head's first card was left as it was"
    assert not REVIEWER_BUTTONS & set(buttons(first)), buttons(first)
    assert texts.BTN_HISTORY in buttons(first)
    shown = plain(first.body)
    assert status(Status.NEEDS_INFO) in shown and "Bổ sung dự toán kinh phí chi tiết." in shown
    # A press that was on its way before the edit is refused and changes nothing.
    await head.press(first, "pr:ap:1")
    assert office.fake.callback_answers[-1].get("text") == texts.PROPOSAL_WRONG_STATE
    assert (await office.services.proposals.repo.get(1)).status is Status.NEEDS_INFO  # type: ignore[union-attr]


async def test_every_card_with_decision_buttons_is_edited_when_the_proposal_moves(
    office: RunningBot, clock: ManualClock
) -> None:
    staff, head = Phone(office, STAFF), Phone(office, HEAD)
    first = await submitted(office, clock)
    # A card shown in a reply (from /duyet) carries the buttons too.
    listed = (await head.send("/duyet"))[-1]
    opened = (await head.press(listed, "ĐX-2026-0001"))[-1]
    assert set(buttons(opened)) >= REVIEWER_BUTTONS
    await request_info(head, opened)
    returned = await latest_card(office, STAFF)
    assert set(buttons(returned)) >= PROPOSER_BUTTONS
    for card in (first, opened):
        assert not REVIEWER_BUTTONS & set(buttons(card)), plain(card.body)
        assert status(Status.NEEDS_INFO) in plain(card.body)
    # The proposer resubmits from their card: its buttons go, and the head gets a new card.
    review = (await staff.press(returned, texts.ACTION_BUTTONS["resubmit"]))[-1]
    await staff.press(review, texts.BTN_SUBMIT)
    second = await latest_card(office, HEAD)
    assert second.message_id != first.message_id
    assert not PROPOSER_BUTTONS & set(buttons(returned)), buttons(returned)
    assert status(Status.SUBMITTED) in plain(returned.body)
    # Old cards stay as they were edited; the new one loses its buttons on approval.
    edits = (len(first.edits), len(opened.edits))
    await approve(head, second, clock)
    await office.outbox_idle()
    assert not REVIEWER_BUTTONS & set(buttons(second))
    assert status(Status.APPROVED) in plain(second.body)
    assert (len(first.edits), len(opened.edits)) == edits, "a retired card was edited again"
    proposer = await latest_card(office, STAFF)
    assert texts.ACTION_BUTTONS["finish"] in buttons(proposer)


async def test_the_former_reviewers_card_loses_its_buttons_when_the_plan_is_given_to_another(
    office: RunningBot, clock: ManualClock
) -> None:
    first = await submitted(office, clock)
    await Phone(office, ADMIN_ID).send(f"/chuyenduyet ĐX-2026-0001 {DEPUTY}")
    await office.outbox_idle()
    assert not REVIEWER_BUTTONS & set(buttons(first)), buttons(first)
    assert "Lê Văn Phó" in plain(first.body)
    deputy = await latest_card(office, DEPUTY)
    assert set(buttons(deputy)) >= REVIEWER_BUTTONS


async def test_a_press_on_a_card_no_longer_tracked_is_refused_and_its_buttons_go(
    office: RunningBot, clock: ManualClock
) -> None:
    head = Phone(office, HEAD)
    first = await submitted(office, clock)
    # A month later the outbox no longer keeps the card; the head returns the plan from /duyet.
    clock.set(clock.now() + timedelta(days=31))
    await office.services.privacy.apply_retention()
    listed = (await head.send("/duyet"))[-1]
    await request_info(head, (await head.press(listed, "ĐX-2026-0001"))[-1])
    await office.outbox_idle()
    assert set(buttons(first)) >= REVIEWER_BUTTONS  # nobody could find it to edit it
    await head.press(first, texts.ACTION_BUTTONS["approve"])
    assert office.fake.callback_answers[-1].get("text") == texts.PROPOSAL_WRONG_STATE
    assert not REVIEWER_BUTTONS & set(buttons(first)), buttons(first)
    assert status(Status.NEEDS_INFO) in plain(first.body)
    assert (await office.services.proposals.repo.get(1)).status is Status.NEEDS_INFO  # type: ignore[union-attr]


async def test_a_resubmission_names_every_changed_field_and_the_files(
    office: RunningBot, clock: ManualClock
) -> None:
    staff, head = Phone(office, STAFF), Phone(office, HEAD)
    await request_info(head, await submitted(office, clock))
    returned = await latest_card(office, STAFF)
    review = (await staff.press(returned, texts.ACTION_BUTTONS["resubmit"]))[-1]
    await staff.press(review, texts.flow_edit_button(texts.P_RESOURCES.label))
    review = (await staff.send("Hai công chức, 50 triệu đồng từ ngân sách phường, một máy quét."))[
        -1
    ]
    await staff.press(review, texts.flow_edit_button(texts.P_TITLE.label))
    review = (await staff.send("Số hóa toàn bộ hồ sơ một cửa phường Lộc Thọ"))[-1]
    await staff.press(review, texts.flow_edit_button(texts.P_FILES.label))
    added = (await staff.send_document("du-toan.pdf", b"%PDF-1.4 du-toan"))[-1]
    review = (await staff.press(added, texts.P_FILES_DONE))[-1]
    await staff.press(review, texts.BTN_SUBMIT)
    notice = plain((await latest_card(office, HEAD)).body)
    told = next(line for line in notice.splitlines() if line.startswith("Nội dung:"))
    for label in (texts.P_RESOURCES.label, texts.P_TITLE.label, "thêm 1 tệp"):
        assert label in told, told
    for unchanged in (texts.P_NEED.label, texts.P_PERIOD.label, texts.P_IMPACT.label):
        assert unchanged not in told, told
    history = plain(
        last_text(await head.press(await latest_card(office, HEAD), texts.BTN_HISTORY))
    )
    assert texts.P_RESOURCES.label in history and "thêm 1 tệp" in history
