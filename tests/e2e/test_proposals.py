"""Proposals end to end: submission, review by the Decree's procedure, notifications, refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import texts
from bot.clock import ManualClock
from bot.models.people import Role
from bot.models.proposals import Status
from tests.e2e.harness import ADMIN_ID, Phone, RunningBot, add_user, last_text
from tests.fakebotapi import SentMessage

STAFF = 300001
HEAD = 300002
DEPUTY = 300003
CITY = 300004
OTHER_STAFF = 300005


@pytest.fixture
async def office(bot: RunningBot) -> RunningBot:
    """A ward with a head, a deputy and a member of staff; an admin who pressed /start."""
    await add_user(bot, STAFF, "Nguyễn Văn Sáng", "P-LOCTHO", Role.STAFF)
    await add_user(bot, HEAD, "Trần Thị Trưởng", "P-LOCTHO", Role.LEADER, is_head=True)
    await add_user(bot, DEPUTY, "Lê Văn Phó", "P-LOCTHO", Role.LEADER)
    await add_user(bot, OTHER_STAFF, "Phạm Thị Khác", "P-LOCTHO", Role.STAFF)
    await Phone(bot, ADMIN_ID).send("/start")
    await bot.outbox_idle()
    return bot


def period_text(clock: ManualClock, start_days: int = 40, end_days: int = 200) -> str:
    start = clock.now() + timedelta(days=start_days)
    end = clock.now() + timedelta(days=end_days)
    return f"{start:%d/%m/%Y} - {end:%d/%m/%Y}"


async def fill_plan(phone: Phone, clock: ManualClock, *, attach: bool = True) -> SentMessage:
    """Answer all ten steps; return the review message."""
    first = last_text(await phone.send("/dexuat"))
    assert "Bước 1/10" in first
    field_step = (await phone.send("Số hóa hồ sơ một cửa phường Lộc Thọ"))[-1]
    assert "Bước 2/10" in field_step.body
    await phone.press(field_step, "Chuyển đổi số")
    answers = [
        "Hồ sơ giấy chuyển qua ba bộ phận, mất mười ngày, người dân phải đi lại nhiều lần.",
        "Tiếp nhận hồ sơ điện tử, ký số và trả kết quả trực tuyến qua cổng dịch vụ công.",
        "Bộ phận một cửa UBND phường; người dân, doanh nghiệp",
        period_text(clock),
        "Hai công chức, 15 triệu đồng từ chi thường xuyên, một máy quét tài liệu.",
        "Phần mềm đã có sẵn; rủi ro là người dân lớn tuổi chưa quen thao tác.",
        "Rút thời gian xử lý từ mười ngày xuống ba ngày, giảm giấy tờ, tăng hài lòng.",
    ]
    for number, answer in enumerate(answers, start=3):
        reply = last_text(await phone.send(answer))
        assert f"Bước {number + 1}/10" in reply, (number, reply)
    if attach:
        received = last_text(await phone.send_document("phuong-an.pdf", b"%PDF-1.4 fake"))
        assert "Đã nhận 1 tệp" in received
        review = await phone.press(phone.inbox()[-1], texts.P_FILES_DONE)
    else:
        review = await phone.press(phone.inbox()[-1], texts.BTN_SKIP)
    assert "Xem lại" in last_text(review)
    return review[-1]


def buttons(message: SentMessage) -> list[str]:
    return [b["text"] for b in message.buttons()]


async def latest_card(bot: RunningBot, chat_id: int) -> SentMessage:
    await bot.outbox_idle()
    cards = [m for m in bot.fake.messages_to(chat_id) if "💡" in m.body]
    assert cards, bot.fake.describe_sent()
    return cards[-1]


async def test_full_submission_with_attachment_reaches_head_and_deputy(
    office: RunningBot, clock: ManualClock
) -> None:
    staff = Phone(office, STAFF)
    review = await fill_plan(staff, clock)
    assert "1 tệp" in review.body and "Chuyển đổi số" in review.body
    receipt = last_text(await staff.press(review, texts.BTN_SUBMIT))
    assert "ĐX-2026-0001" in receipt and "Trần Thị Trưởng" in receipt
    head_card = await latest_card(office, HEAD)
    assert "ĐX-2026-0001" in head_card.body and "Hạn xem xét" in head_card.body
    assert texts.ACTION_BUTTONS["approve"] in buttons(head_card)
    deputy_card = await latest_card(office, DEPUTY)
    assert texts.ACTION_BUTTONS["approve"] not in buttons(deputy_card)
    proposal = (await office.services.proposals.views.mine(STAFF))[0]
    assert proposal.status is Status.SUBMITTED and proposal.reviewer_id == HEAD
    stored = await office.services.proposals.repo.get(proposal.id)
    assert stored is not None and len(stored.attachments) == 1
    # The proposer was told that NĐ73's protections may not apply to staff.
    assert any("có thể không áp dụng" in m.body for m in staff.inbox())


async def test_invalid_dates_back_and_edit(office: RunningBot, clock: ManualClock) -> None:
    staff = Phone(office, STAFF)
    await staff.send("/dexuat")
    field_step = (await staff.send("Số hóa hồ sơ một cửa phường"))[-1]
    await staff.press(field_step, "Chuyển đổi số")
    for answer in (
        "Hồ sơ giấy chậm, người dân đi lại nhiều lần mới xong.",
        "Nhận hồ sơ điện tử và trả kết quả trực tuyến cho người dân.",
        "Bộ phận một cửa phường Lộc Thọ",
    ):
        await staff.send(answer)
    past = period_text(clock, -30, 30)
    assert texts.P_PERIOD_ERRORS["past"] in last_text(await staff.send(past))
    reversed_ = period_text(clock, 90, 40)
    assert texts.P_PERIOD_ERRORS["order"] in last_text(await staff.send(reversed_))
    assert texts.P_PERIOD_ERRORS["bad_format"] in last_text(await staff.send("sang năm"))
    assert "Bước 6/10" in last_text(await staff.send("ngắn"))  # still on the period step
    step7 = (await staff.send(period_text(clock)))[-1]
    assert "Bước 7/10" in step7.body
    back = await staff.press(step7, texts.BTN_BACK)
    assert "Bước 6/10" in last_text(back)
    draft = await office.services.flows.active(STAFF)
    assert draft is not None and draft.answers["scope"] == "Bộ phận một cửa phường Lộc Thọ"


async def test_cancel_keeps_the_draft_and_dexuat_offers_to_continue(
    office: RunningBot, clock: ManualClock
) -> None:
    staff = Phone(office, STAFF)
    await staff.send("/dexuat")
    await staff.send("Số hóa hồ sơ một cửa phường Lộc Thọ")
    assert last_text(await staff.send("/huy")) == texts.FLOW_PARKED
    offer = (await staff.send("/dexuat"))[-1]
    assert offer.body == texts.DRAFT_PARKED_FOUND
    resumed = await staff.press(offer, texts.DRAFT_CONTINUE)
    assert "Bước 2/10" in last_text(resumed)
    await staff.send("/huy")
    offer = (await staff.send("/dexuat"))[-1]
    restarted = await staff.press(offer, texts.DRAFT_RESTART)
    assert "Bước 1/10" in last_text(restarted)


async def test_review_cycle_with_every_notification(
    office: RunningBot, clock: ManualClock
) -> None:
    staff, head = Phone(office, STAFF), Phone(office, HEAD)
    await staff.press(await fill_plan(staff, clock, attach=False), texts.BTN_SUBMIT)
    card = await latest_card(office, HEAD)
    # Request for completion with a reason.
    asked = await head.press(card, texts.ACTION_BUTTONS["request_info"])
    assert "Yêu cầu bổ sung" in last_text(asked)
    reason_review = await head.send("Bổ sung dự toán kinh phí chi tiết theo từng hạng mục.")
    await head.press(reason_review[-1], texts.BTN_SUBMIT)
    returned = await latest_card(office, STAFF)
    assert "yêu cầu bổ sung" in returned.body and "dự toán kinh phí" in returned.body
    # The proposer edits one field and resubmits: a new review period starts.
    review = (await staff.press(returned, texts.ACTION_BUTTONS["resubmit"]))[-1]
    edit = (await staff.press(review, texts.flow_edit_button(texts.P_RESOURCES.label)))[-1]
    assert "Bước 7/10" in edit.body
    review = (
        await staff.send("Hai công chức; 15 triệu đồng: 10 triệu máy quét, 5 triệu tập huấn.")
    )[-1]
    assert "Gửi lại" not in review.body
    assert "ĐX-2026-0001" in last_text(await staff.press(review, texts.BTN_SUBMIT))
    card = await latest_card(office, HEAD)
    # (the card's fields share a budget with the reviewer's line: the edit's start shows)
    assert "Đang xem xét" in card.body and "10 triệu máy quét" in card.body
    # Approval records the collective meeting and its vote.
    await head.press(card, texts.ACTION_BUTTONS["approve"])
    meeting = f"{clock.now():%d/%m/%Y}"
    vote = (await head.send(meeting))[-1]
    await head.press(vote, texts.D_HEAD_FOR)
    await head.send("3")
    await head.send("2")
    basis = (await head.send("0"))[-1]
    comment = (await head.press(basis, texts.D_BASIS_MAJORITY))[-1]
    review = (await head.press(comment, texts.BTN_SKIP))[-1]
    assert "3" in review.body
    done = await head.press(review, texts.BTN_SUBMIT)
    assert "Đã phê duyệt" in last_text(done)
    proposal = (await office.services.proposals.views.mine(STAFF))[0]
    assert proposal.status is Status.APPROVED and proposal.decision is not None
    assert proposal.decision["votes_for"] == 3 and proposal.decision["basis"] == "majority"
    approved = await latest_card(office, STAFF)
    assert "phê duyệt" in approved.body
    # Finished → result report → evaluation.
    clock.set(clock.now() + timedelta(days=41))  # the implementation period has begun
    asked = (await staff.press(approved, texts.ACTION_BUTTONS["finish"]))[-1]
    report_card = (await staff.press(asked, texts.CONFIRM_BUTTONS["finish"]))[-1]
    finished = await office.services.proposals.repo.get(proposal.id)
    assert finished is not None and finished.status is Status.FINISHED
    assert finished.due_kind == "report" and "05 ngày làm việc" in report_card.body
    await staff.press(report_card, texts.ACTION_BUTTONS["report"])
    review = (await staff.send("Đã số hóa 1.200 hồ sơ, thời gian xử lý giảm còn ba ngày."))[-1]
    await staff.press(review, texts.BTN_SUBMIT)
    card = await latest_card(office, HEAD)
    assert "Chờ đánh giá" in card.body
    level = (await head.press(card, texts.ACTION_BUTTONS["evaluate"]))[-1]
    await head.press(level, texts.EVALUATION_LABELS["done"])
    review = (await head.send("Đạt mục tiêu, đề nghị nhân rộng."))[-1]
    # The evaluation's comment is a judgement of the result, not a leader's direction.
    assert "Ý kiến chỉ đạo" not in review.body and "Nhận xét đánh giá" in review.body
    await head.press(review, texts.BTN_SUBMIT)
    final = await office.services.proposals.repo.get(proposal.id)
    assert final is not None and final.status is Status.EVALUATED
    assert final.evaluation == {"level": "done", "comment": "Đạt mục tiêu, đề nghị nhân rộng."}
    evaluated = await latest_card(office, STAFF)
    assert "Đã đánh giá" in evaluated.body
    history = last_text(await staff.press(evaluated, texts.BTN_HISTORY))
    for action in (
        "gửi đề xuất",
        "yêu cầu bổ sung",
        "bổ sung và gửi lại",
        "phê duyệt",
        "đã thực hiện xong",
        "báo cáo kết quả",
        "đánh giá kết quả",
    ):
        assert action in history, action


async def test_votes_edited_after_the_basis_must_choose_the_basis_again(
    office: RunningBot, clock: ManualClock
) -> None:
    staff, head = Phone(office, STAFF), Phone(office, HEAD)
    await staff.press(await fill_plan(staff, clock, attach=False), texts.BTN_SUBMIT)
    await head.press(await latest_card(office, HEAD), texts.ACTION_BUTTONS["approve"])
    vote = (await head.send(f"{clock.now():%d/%m/%Y}"))[-1]
    await head.press(vote, texts.D_HEAD_AGAINST)
    await head.send("1")
    await head.send("2")
    basis = (await head.send("0"))[-1]
    comment = (await head.press(basis, texts.D_BASIS_HEAD))[-1]
    review = (await head.press(comment, texts.BTN_SKIP))[-1]
    # The head corrects the count: now the collective passed it, and the basis must follow.
    await head.press(review, texts.flow_edit_button(texts.D_VOTES_FOR.label))
    # The basis is asked again before the review, not refused only at ✅ Gửi.
    edit = (await head.send("4"))[-1]
    assert texts.D_BASIS_STALE in edit.body, edit.body
    assert buttons(edit)[0] == texts.D_BASIS_MAJORITY
    review = (await head.press(edit, texts.D_BASIS_MAJORITY))[-1]
    assert "Đã phê duyệt" in last_text(await head.press(review, texts.BTN_SUBMIT))
    proposal = await office.services.proposals.repo.get(1)
    assert proposal is not None and proposal.decision is not None
    assert proposal.decision["basis"] == "majority"


async def test_others_pressing_a_leaders_button_are_refused(
    office: RunningBot, clock: ManualClock
) -> None:
    staff = Phone(office, STAFF)
    await staff.press(await fill_plan(staff, clock, attach=False), texts.BTN_SUBMIT)
    card = await latest_card(office, HEAD)
    before = await office.services.proposals.repo.get(1)
    for intruder in (OTHER_STAFF, DEPUTY, STAFF):
        for label in (texts.ACTION_BUTTONS["approve"], texts.ACTION_BUTTONS["reject"]):
            await Phone(office, intruder).press(card, label)
            answer = office.fake.callback_answers[-1].get("text")
            assert answer in (texts.PROPOSAL_NOT_YOURS, texts.NOT_ALLOWED), (intruder, answer)
    for forged in ("pr:ap:999", "pr:zz:1", "pr:ap:abc"):
        await Phone(office, OTHER_STAFF).press(card, forged)
        assert office.fake.callback_answers[-1].get("text") == texts.STALE_BUTTON
    await Phone(office, OTHER_STAFF).press(card, texts.BTN_HISTORY)
    assert office.fake.callback_answers[-1].get("text") == texts.NOT_ALLOWED
    assert await office.services.proposals.repo.get(1) == before
    assert await office.services.flows.active(OTHER_STAFF) is None


async def test_withdraw_before_a_decision(office: RunningBot, clock: ManualClock) -> None:
    staff = Phone(office, STAFF)
    await staff.press(await fill_plan(staff, clock, attach=False), texts.BTN_SUBMIT)
    mine = last_text(await staff.send("/dexuatcuatoi"))
    assert "ĐX-2026-0001" in mine and "Đang xem xét" in mine
    opened = (await staff.press(staff.inbox()[-1], "pr:op:1"))[-1]
    assert "Rút đề xuất" in " ".join(buttons(opened))
    asked = (await staff.press(opened, texts.ACTION_BUTTONS["withdraw"]))[-1]
    await staff.press(asked, texts.CONFIRM_BUTTONS["withdraw"])
    proposal = await office.services.proposals.repo.get(1)
    assert proposal is not None and proposal.status is Status.WITHDRAWN
    head_notice = await latest_card(office, HEAD)
    assert "rút đề xuất" in head_notice.body


async def test_routing_head_to_city_and_nobody_to_admins(
    office: RunningBot, clock: ManualClock
) -> None:
    head = Phone(office, HEAD)
    await head.press(await fill_plan(head, clock, attach=False), texts.BTN_SUBMIT)
    first = (await office.services.proposals.views.mine(HEAD))[0]
    assert first.route.value == "admins" and first.reviewer_id is None
    admin_card = await latest_card(office, ADMIN_ID)
    assert texts.ACTION_BUTTONS["approve"] in buttons(admin_card)
    await add_user(office, CITY, "Võ Văn Thành", None, Role.LEADER, is_head=True)
    await head.press(await fill_plan(head, clock, attach=False), texts.BTN_SUBMIT)
    second = (await office.services.proposals.views.mine(HEAD))[0]
    assert second.route.value == "city" and second.reviewer_id == CITY
    waiting = last_text(await Phone(office, CITY).send("/duyet"))
    assert second.number in waiting


async def test_reviewer_leaving_the_role_reroutes_to_admins(
    office: RunningBot, clock: ManualClock
) -> None:
    staff = Phone(office, STAFF)
    await staff.press(await fill_plan(staff, clock, attach=False), texts.BTN_SUBMIT)
    await office.outbox_idle()
    await office.services.user_admin.set_role(ADMIN_ID, HEAD, Role.STAFF)
    proposal = await office.services.proposals.repo.get(1)
    assert proposal is not None and proposal.route.value in ("admins", "city")
    assert proposal.reviewer_id != HEAD


async def test_due_reminders_are_sent_once(office: RunningBot, clock: ManualClock) -> None:
    staff = Phone(office, STAFF)
    await staff.press(await fill_plan(staff, clock, attach=False), texts.BTN_SUBMIT)
    proposal = await office.services.proposals.repo.get(1)
    assert proposal is not None and proposal.due_at is not None
    clock.set(proposal.due_at - timedelta(hours=1))  # the due day
    assert await office.services.proposals.remind_due() == 1
    assert await office.services.proposals.remind_due() == 0
    clock.set(proposal.due_at + timedelta(hours=1))
    assert await office.services.proposals.remind_due() == 1
    await office.outbox_idle()
    reminders = [m.body for m in office.fake.messages_to(HEAD) if "⏰" in m.body or "⚠️" in m.body]
    assert len(reminders) == 2 and "Đã quá hạn" in reminders[-1]


async def test_admin_exports_register_and_plan(office: RunningBot, clock: ManualClock) -> None:
    import io

    import docx
    import openpyxl

    staff = Phone(office, STAFF)
    await staff.press(await fill_plan(staff, clock, attach=False), texts.BTN_SUBMIT)
    admin = Phone(office, ADMIN_ID)
    sheet = (await admin.send("/xuat"))[-1]
    assert sheet.method == "sendDocument" and sheet.file_name and sheet.file_name.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(sheet.document or b""))
    values = [c.value for row in book.active.iter_rows() for c in row]
    assert "ĐX-2026-0001" in values and "Đang xem xét" in values
    plan = (await admin.send("/xuat ĐX-2026-0001"))[-1]
    assert plan.file_name == "DX-2026-0001.docx"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(plan.document or b"")).paragraphs)
    assert "KẾ HOẠCH ĐỀ XUẤT ĐỔI MỚI, SÁNG TẠO" in text and "Số hóa hồ sơ" in text
    assert last_text(await admin.send("/xuat KHONGCO")) == texts.EXPORT_EMPTY
    assert last_text(await staff.send("/xuat")) == texts.NOT_ALLOWED


async def test_missing_holiday_year_warns_admins_once(
    office: RunningBot, clock: ManualClock
) -> None:
    from datetime import UTC, datetime

    clock.set(datetime(2027, 10, 2, 2, 0, tzinfo=UTC))  # no 2028 file
    assert await office.services.housekeeping.warn_missing_holidays() == 1
    assert await office.services.housekeeping.warn_missing_holidays() == 0
    await office.outbox_idle()
    assert any("2028" in m.body for m in office.fake.messages_to(ADMIN_ID))


async def test_stale_draft_is_reminded_once_then_archived(
    office: RunningBot, clock: ManualClock
) -> None:
    staff = Phone(office, STAFF)
    await staff.send("/dexuat")
    await staff.send("Số hóa hồ sơ một cửa phường Lộc Thọ")
    clock.advance(timedelta(days=15))
    assert await office.services.housekeeping.sweep_drafts() == 1
    assert await office.services.housekeeping.sweep_drafts() == 0
    clock.advance(timedelta(days=7))
    await office.services.housekeeping.sweep_drafts()
    assert await office.services.flows.active(STAFF) is None
    mine = (await staff.send("/dexuatcuatoi"))[-1]
    reopened = await staff.press(mine, mine.buttons()[-1]["callback_data"])
    assert "Bước 2/10" in last_text(reopened)


async def test_admin_reassigns_the_reviewer(office: RunningBot, clock: ManualClock) -> None:
    staff = Phone(office, STAFF)
    await staff.press(await fill_plan(staff, clock, attach=False), texts.BTN_SUBMIT)
    admin = Phone(office, ADMIN_ID)
    assert "chuyển người xem xét" in last_text(
        await admin.send(f"/chuyenduyet ĐX-2026-0001 {DEPUTY}")
    )
    proposal = await office.services.proposals.repo.get(1)
    assert proposal is not None and proposal.reviewer_id == DEPUTY
    card = await latest_card(office, DEPUTY)
    assert texts.ACTION_BUTTONS["approve"] in buttons(card)
    assert last_text(await admin.send("/chuyenduyet ĐX-2026-0001 abc")) == texts.REASSIGN_USAGE
    assert last_text(await staff.send(f"/chuyenduyet ĐX-2026-0001 {STAFF}")) == texts.NOT_ALLOWED


async def test_standing_is_read_again_when_the_change_is_applied(
    office: RunningBot, clock: ManualClock
) -> None:
    from bot.models.outcomes import Reason, Refused

    staff = Phone(office, STAFF)
    await staff.press(await fill_plan(staff, clock, attach=False), texts.BTN_SUBMIT)
    proposals = office.services.proposals
    assert not isinstance(await proposals.check(STAFF, 1, "withdraw"), Refused)
    await office.services.user_admin.set_active(ADMIN_ID, STAFF, False)
    refused = await proposals.act(STAFF, 1, "withdraw")
    assert isinstance(refused, Refused) and refused.reason is Reason.NOT_ALLOWED
    stale = await proposals.act(HEAD, 1, "resume")
    assert isinstance(stale, Refused) and stale.reason is Reason.STALE
    proposal = await proposals.repo.get(1)
    assert proposal is not None and proposal.status is Status.SUBMITTED
