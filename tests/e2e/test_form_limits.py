"""Forms under real use: a long plan can always be reviewed, and each step's limit is its hint.

The fake refuses any message over Telegram's 4,096 characters (and the fixture fails on it),
so a review that does not fit shows up as a failure here, as it did on staff phones.
"""

from __future__ import annotations

import re

import pytest

from bot import inputcheck, texts
from bot.clock import ManualClock
from bot.flows.model import Accept, Reject
from bot.models.people import Role
from bot.proposals.forms import steps as proposal_steps
from tests.e2e.harness import Phone, RunningBot, add_user, last_text
from tests.e2e.test_proposals import HEAD, STAFF, buttons, period_text
from tests.fakebotapi import SentMessage

LIMIT = 4096


@pytest.fixture
async def office(bot: RunningBot) -> RunningBot:
    await add_user(bot, STAFF, "Nguyễn Văn Sáng", "P-LOCTHO", Role.STAFF)
    await add_user(bot, HEAD, "Trần Thị Trưởng", "P-LOCTHO", Role.LEADER, is_head=True)
    await bot.outbox_idle()
    return bot


def long_answer(length: int, seed: str) -> str:
    """Plain Vietnamese prose of exactly `length` characters."""
    words = f"{seed} hồ sơ được tiếp nhận và xử lý trực tuyến tại bộ phận một cửa phường "
    text = (words * (length // len(words) + 1))[:length]
    return text[:-1] + "."


async def fill_long_plan(phone: Phone, clock: ManualClock, sizes: dict[str, int]) -> None:
    """Answer every step of /dexuat with answers of the given lengths."""
    await phone.send("/dexuat")
    field_step = (await phone.send(long_answer(sizes["title"], "Tên")))[-1]
    await phone.press(field_step, "Chuyển đổi số")
    for key in ("need", "solution", "scope"):
        assert "⚠️" not in last_text(await phone.send(long_answer(sizes[key], key)))
    await phone.send(period_text(clock))
    for key in ("resources", "feasibility", "impact"):
        assert "⚠️" not in last_text(await phone.send(long_answer(sizes[key], key)))


def review_of(messages: list[SentMessage]) -> list[SentMessage]:
    """The messages of a review: from its heading to the one carrying «✅ Gửi»."""
    start = max(
        i
        for i, m in enumerate(messages)
        if "Xem lại trước khi gửi" in m.body and "(phần" not in m.body
    )
    return messages[start:]


def assert_full_review(messages: list[SentMessage], sizes: dict[str, int]) -> SentMessage:
    """Every message fits, every answer is there in full, every edit button is reachable."""
    shown = review_of(messages)
    assert shown and all(len(m.body) <= LIMIT for m in shown)
    body = "".join(m.body for m in shown)
    for key in ("need", "solution", "impact"):
        # Every character of every answer is shown (a long one may continue in the next part).
        assert re.sub(r"\s", "", long_answer(sizes[key], key))[:200] in re.sub(r"\s", "", body)
    last = shown[-1]
    labels = buttons(last)
    assert texts.BTN_SUBMIT in labels
    for step in proposal_steps(lambda: ManualClock().now().date()):
        assert texts.flow_edit_button(step.label) in labels
    return last


BIG = {
    "title": 200,
    "need": 3000,
    "solution": 3000,
    "scope": 2000,
    "resources": 2000,
    "feasibility": 2000,
    "impact": 3000,
}


# The plan seen stuck on a phone: about 4,100 characters, each field under the old cap.
SEEN = {
    "title": 120,
    "need": 900,
    "solution": 1200,
    "scope": 300,
    "resources": 500,
    "feasibility": 500,
    "impact": 600,
}


async def test_the_plan_seen_stuck_is_reviewed(office: RunningBot, clock: ManualClock) -> None:
    staff = Phone(office, STAFF)
    await fill_long_plan(staff, clock, SEEN)
    review = await staff.press(staff.inbox()[-1], texts.BTN_SKIP)
    assert_full_review(review, SEEN)
    assert_full_review(await staff.send("/tieptuc"), SEEN)


async def test_a_plan_at_every_stated_limit_is_reviewed_resumed_and_submitted(
    office: RunningBot, clock: ManualClock
) -> None:
    staff = Phone(office, STAFF)
    await fill_long_plan(staff, clock, BIG)
    review = await staff.press(staff.inbox()[-1], texts.BTN_SKIP)
    assert_full_review(review, BIG)
    # Paused and resumed with /tieptuc: the same review, still within the limits.
    await staff.send("/huy")
    assert_full_review(await staff.send("/tieptuc"), BIG)
    # Paused, then «Tiếp tục bản nháp» from /dexuat.
    await staff.send("/huy")
    offer = (await staff.send("/dexuat"))[-1]
    last = assert_full_review(await staff.press(offer, texts.DRAFT_CONTINUE), BIG)
    # An edit button found on the last part works, then the draft is submitted.
    edit = await staff.press(last, texts.flow_edit_button(texts.P_SCOPE.label))
    assert all(len(m.body) <= LIMIT for m in edit)
    last = assert_full_review(await staff.send(long_answer(1500, "scope")), BIG)
    receipt = last_text(await staff.press(last, texts.BTN_SUBMIT))
    assert "ĐX-" in receipt
    proposal = (await office.services.proposals.views.mine(STAFF))[0]
    assert len(proposal.plan["need"]) == 3000


async def test_the_limit_in_a_hint_is_the_limit_applied(
    office: RunningBot, clock: ManualClock
) -> None:
    staff = Phone(office, STAFF)
    await staff.send("/dexuat")
    field_step = (await staff.send("Số hóa hồ sơ một cửa phường Lộc Thọ"))[-1]
    need_prompt = last_text(await staff.press(field_step, "Chuyển đổi số"))
    assert "20–3000 ký tự" in need_prompt
    # Over the 2,000 of the old global cap, within the stated 3,000: taken.
    step4 = last_text(await staff.send(long_answer(2500, "need")))
    assert "Bước 4/10" in step4 and "⚠️" not in step4
    # Over the stated limit: refused with the same numbers, and the length typed.
    refused = last_text(await staff.send(long_answer(3001, "solution")))
    assert "Bước 4/10" in refused and "3000" in refused and "3001" in refused


async def test_every_form_states_the_limits_its_steps_apply(office: RunningBot) -> None:
    flows = office.services.flows.flows
    stated = re.compile(r"(\d+)\s*[–-]\s*(\d+) ký tự")
    checked = 0
    for flow in flows:
        for step in flow.steps:
            found = stated.findall(step.hint)
            if step.length is not None:
                assert found == [tuple(str(n) for n in step.length)], (flow.name, step.key)
                checked += 1
                # A text at the upper limit reaches the step (no cap below it on the way).
                assert step.length[1] <= inputcheck.MAX_MESSAGE
                taken = await step.validate("a " * (step.length[1] // 2), {})
                assert isinstance(taken, Accept), (flow.name, step.key)
                refused = await step.validate("a" * (step.length[1] + 1), {})
                assert isinstance(refused, Reject), (flow.name, step.key)
    assert checked >= 9
