"""The superior level (NĐ73 Điều 7 khoản 4): admins designate the city's Chủ tịch and a Phó
Chủ tịch in charge of a field in the bot; heads' own plans go to them, not to the admins."""

from __future__ import annotations

from bot import texts
from bot.models.people import Role
from bot.models.proposals import Route
from tests.e2e.harness import ADMIN_ID, Phone, RunningBot, add_user
from tests.e2e.test_proposals import HEAD, buttons, latest_card, office
from tests.e2e.test_reviewer_authority import reviewer_of, submit

__all__ = ["office"]

CHAIR = 300010
VICE = 300011
FIELD_NUMBER = texts.PROPOSAL_FIELDS.index("Chuyển đổi số") + 1


def cards_to(bot: RunningBot, chat_id: int) -> list[str]:
    return [m.body for m in bot.fake.messages_to(chat_id) if "💡" in m.body]


async def test_heads_plans_go_to_the_designated_superior_and_follow_its_changes(
    office: RunningBot,
) -> None:
    await add_user(office, CHAIR, "Nguyễn Văn Chủ", "VP", Role.LEADER)
    await add_user(office, VICE, "Trần Văn Phụ", "VP", Role.LEADER)
    admin = Phone(office, ADMIN_ID)
    # Nobody designated: the head's plan waits with the admins, who are told once how to fix it.
    waiting = await submit(office, HEAD, "Kế hoạch chờ")
    assert await reviewer_of(office, waiting) == (Route.ADMINS, None)
    await submit(office, HEAD, "Kế hoạch chờ thứ hai")
    await office.outbox_idle()
    told = [m for m in office.fake.messages_to(ADMIN_ID) if texts.SUPERIOR_UNSET_LEAD in m.body]
    assert len(told) == 1
    # The admin places the chair in the city leadership and marks him as its head.
    unit_list = (await admin.send("/donvi"))[-1].body
    assert "LDTP" in unit_list and texts.KIND_NAMES["leadership"] in unit_list
    card = (await admin.send(f"/nguoidung {CHAIR} donvi LDTP"))[-1]
    assert texts.KIND_NAMES["leadership"] in card.body
    chair_card = (await admin.press(card, texts.BTN_TOGGLE_HEAD))[-1]
    assert texts.SUPERIOR_CHAIR in chair_card.body
    assert await reviewer_of(office, waiting) == (Route.CITY, CHAIR)
    # A vice-chair in charge of the field takes over what waited in it.
    await admin.send(f"/nguoidung {VICE} donvi LDTP")
    vice_card = (await admin.send(f"/nguoidung {VICE} phutrach {FIELD_NUMBER}"))[-1]
    assert "Chuyển đổi số" in vice_card.body
    assert await reviewer_of(office, waiting) == (Route.CITY, VICE)
    # A ward head's new plan in that field: the vice-chair decides, the chair is informed.
    await office.outbox_idle(timeout=30)  # one message a second per chat
    admin_cards = len(cards_to(office, ADMIN_ID))
    chair_cards = len(cards_to(office, CHAIR))
    fresh = await submit(office, HEAD, "Số hóa hồ sơ đất đai")
    assert await reviewer_of(office, fresh) == (Route.CITY, VICE)
    await office.outbox_idle(timeout=30)
    card_to_vice = await latest_card(office, VICE)
    assert "Số hóa hồ sơ đất đai" in card_to_vice.body
    assert texts.ACTION_BUTTONS["approve"] in buttons(card_to_vice)
    informed = await latest_card(office, CHAIR)
    assert len(cards_to(office, CHAIR)) > chair_cards and "Số hóa hồ sơ đất đai" in informed.body
    assert texts.ACTION_BUTTONS["approve"] not in buttons(informed)
    assert len(cards_to(office, ADMIN_ID)) == admin_cards, "the admins were asked"
    receipt = await office.services.proposals.post.reviewer_name(
        await office.services.proposals.repo.get(fresh)  # type: ignore[arg-type]
    )
    assert "Cấp trên: Lãnh đạo UBND thành phố" in receipt
    # Taking the field back re-routes what waited to the chair, in the same change.
    await admin.send(f"/nguoidung {VICE} phutrach bo")
    assert await reviewer_of(office, fresh) == (Route.CITY, CHAIR)
    assert await reviewer_of(office, waiting) == (Route.CITY, CHAIR)
    await office.outbox_idle(timeout=30)
    assert texts.ACTION_BUTTONS["approve"] in buttons(await latest_card(office, CHAIR))
