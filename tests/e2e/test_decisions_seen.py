"""Everyone sees a decision where they look: copies edited, parties told, digests honest."""

from __future__ import annotations

from bot import texts
from bot.clock import ManualClock
from tests.e2e.harness import ADMIN_ID, GUEST_ID, Phone, RunningBot, last_text
from tests.e2e.test_proposals import DEPUTY, HEAD, STAFF, fill_plan, office
from tests.e2e.test_registration import bot, fill_registration

__all__ = ["bot", "office"]


async def test_a_decision_from_a_choduyet_copy_edits_that_copy(bot: RunningBot) -> None:
    guest = Phone(bot, GUEST_ID, "Bình")
    await guest.send("/start")
    await guest.press(await fill_registration(guest), texts.BTN_SUBMIT)
    admin = Phone(bot, ADMIN_ID, "Quản trị Một")
    copy = (await admin.send("/choduyet"))[-1]
    assert texts.BTN_APPROVE in [b["text"] for b in copy.buttons()]
    await admin.press(copy, texts.BTN_APPROVE)
    await bot.outbox_idle()
    edited = next(m for m in bot.fake.sent if m.message_id == copy.message_id)
    assert edited.edits, "the /choduyet copy was left with its buttons"
    assert not edited.buttons() and "Quản trị Một" in edited.body


async def test_reassigning_tells_the_old_reviewer_the_new_one_and_the_proposer(
    office: RunningBot, clock: ManualClock
) -> None:
    staff = Phone(office, STAFF)
    await staff.press(await fill_plan(staff, clock, attach=False), texts.BTN_SUBMIT)
    await office.outbox_idle()
    marks = {chat: len(office.fake.messages_to(chat)) for chat in (STAFF, HEAD, DEPUTY)}
    reply = last_text(await Phone(office, ADMIN_ID).send(f"/chuyenduyet ĐX-2026-0001 {DEPUTY}"))
    assert "Lê Văn Phó" in reply
    await office.outbox_idle()
    told = {chat: office.fake.messages_to(chat)[marks[chat] :] for chat in marks}
    assert any("ĐX-2026-0001" in m.body for m in told[HEAD]), "the old reviewer was not told"
    assert any("💡" in m.body for m in told[DEPUTY]), "the new reviewer got no card"
    assert any("Lê Văn Phó" in m.body for m in told[STAFF]), "the proposer was not told"


async def test_the_digest_does_not_list_withdrawn_proposals_as_new(
    office: RunningBot, clock: ManualClock
) -> None:
    staff = Phone(office, STAFF)
    await staff.press(await fill_plan(staff, clock, attach=False), texts.BTN_SUBMIT)
    card = (await staff.press((await staff.send("/dexuatcuatoi"))[-1], "pr:op:1"))[-1]
    asked = (await staff.press(card, texts.ACTION_BUTTONS["withdraw"]))[-1]
    await staff.press(asked, texts.CONFIRM_BUTTONS["withdraw"])
    assert (await office.services.proposals.repo.get(1)).status.value == "withdrawn"  # type: ignore[union-attr]
    facts = await office.services.digests.facts(HEAD)
    assert facts.new == []
