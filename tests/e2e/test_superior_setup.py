"""Setting up the superior level as admins would: on a database from before the leadership unit
existed, by the steps the bot gives; a unit's kind; vice-chairs in charge of units."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot import texts
from bot.clock import ManualClock, to_iso
from bot.models.outcomes import Ok, Reason, Refused
from bot.models.people import LEADERSHIP, Role
from bot.models.proposals import Route
from bot.people.units import parse_csv
from storage.db import Database
from storage.migrations import migrate
from storage.units import UnitRepository
from tests.conftest import SettingsFactory
from tests.e2e.harness import ADMIN_ID, Phone, RunningBot, add_user, last_text, plain
from tests.e2e.test_proposals import HEAD, STAFF, buttons, fill_plan, latest_card, office
from tests.e2e.test_reviewer_authority import reviewer_of
from tests.fakebotapi import FakeBotApi, SentMessage

__all__ = ["office"]

CHAIR = 300010
VICE = 300011
VICE2 = 300012
OTHER_HEAD = 300013
DIGITAL = "Chuyển đổi số"
OTHER_FIELD = next(f for f in texts.PROPOSAL_FIELDS if f != DIGITAL)


async def seed_old_units(path: Path, clock: ManualClock) -> None:
    """A database from before the leadership unit: the shipped units without it."""
    shipped = (Path(__file__).parents[2] / "bot" / "data" / "units.csv").read_bytes()
    db = Database(path)
    await db.open()
    try:
        await migrate(db.conn)
        units = UnitRepository(db)
        async with db.transaction() as conn:
            for row in parse_csv(shipped).rows:
                if row.kind != LEADERSHIP:
                    await units.upsert(
                        conn, code=row.code, name=row.name, kind=row.kind, now=to_iso(clock.now())
                    )
    finally:
        await db.close()


@pytest.fixture
async def old_office(
    fake: FakeBotApi, make_settings: SettingsFactory, clock: ManualClock
) -> AsyncIterator[RunningBot]:
    """A ward head and the city's leaders-to-be on a database without a leadership unit."""
    settings = make_settings()
    await seed_old_units(settings.database_path, clock)
    running = RunningBot(settings, fake, clock=clock)
    await running.start()
    try:
        await add_user(running, HEAD, "Trần Thị Trưởng", "P-LOCTHO", Role.LEADER, is_head=True)
        await add_user(running, CHAIR, "Nguyễn Văn Chủ", "VP", Role.STAFF)
        await add_user(running, VICE, "Trần Văn Phụ", "VP", Role.STAFF)
        await Phone(running, ADMIN_ID).send("/start")
        await running.outbox_idle()
        yield running
    finally:
        await running.stop()


async def submit_in(bot: RunningBot, proposer: int, title: str, field: str) -> int:
    """Submit a plan in `field` straight through the service; its id."""
    services = bot.services
    start = services.clock.now().astimezone(services.settings.tz).date() + timedelta(days=40)
    answers = {"title": title, "field": field, "period": {"start": start.isoformat()}}
    async with services.db.transaction() as conn:
        receipt = await services.proposals.submit(conn, proposer, answers)
    assert isinstance(receipt, Ok), receipt
    return (await services.proposals.views.mine(proposer))[0].id


def commands_in(message: SentMessage) -> list[str]:
    """The commands a notice gives, as an admin would copy them (tap to copy)."""
    return [html.unescape(c) for c in re.findall(r"<code>(/[^<]+)</code>", message.raw_text or "")]


def pick(commands: list[str], *words: str) -> str:
    found = [c for c in commands if all(w in c.split() for w in words)]
    assert found, (words, commands)
    return found[0]


async def test_an_old_database_follows_the_notice_to_a_working_route(
    old_office: RunningBot, clock: ManualClock
) -> None:
    bot, admin, head = old_office, Phone(old_office, ADMIN_ID), Phone(old_office, HEAD)
    assert await bot.services.units.units.get_by_code("LDTP") is None
    # A ward head sends a plan through the form: nobody is the superior, so the admins get it
    # and are told how to set the level up.
    await head.press(await fill_plan(head, clock, attach=False), texts.BTN_SUBMIT)
    waiting = (await bot.services.proposals.views.mine(HEAD))[0].id
    assert await reviewer_of(bot, waiting) == (Route.ADMINS, None)
    await bot.outbox_idle(timeout=30)
    notices = [m for m in bot.fake.messages_to(ADMIN_ID) if texts.SUPERIOR_UNSET_LEAD in m.body]
    assert len(notices) == 1, bot.fake.describe_sent()
    notice = notices[0]
    steps = commands_in(notice)
    # Step 1: create the leadership unit, exactly as written.
    created = last_text(await admin.send(pick(steps, "/donvi", "them")))
    assert "Đã lưu" in created, created
    leadership = [u for u in await bot.services.units.units.list_all() if u.kind == LEADERSHIP]
    assert len(leadership) == 1 and bot.services.settings.org_name in leadership[0].name
    # Step 2: each leader into that unit, with the role the notice names; step 3: the chair.
    assert f"«{texts.BTN_ROLE_LEADER}»" in notice.body
    assert f"«{texts.BTN_TOGGLE_HEAD}»" in notice.body
    assign = pick(steps, "/nguoidung", "donvi")
    for person in (CHAIR, VICE):
        card = (await admin.send(assign.replace("MÃ_TELEGRAM", str(person))))[-1]
        card = (await admin.press(card, texts.BTN_ROLE_LEADER))[-1]
        assert texts.KIND_NAMES[LEADERSHIP] in card.body, card.body
    chair_card = (await admin.send(assign.replace("MÃ_TELEGRAM", str(CHAIR))))[-1]
    chair_card = (await admin.press(chair_card, texts.BTN_TOGGLE_HEAD))[-1]
    assert texts.SUPERIOR_CHAIR in chair_card.body, chair_card.body
    assert await reviewer_of(bot, waiting) == (Route.CITY, CHAIR)
    # Step 4: the vice-chair in charge of the plan's field takes it over.
    number = texts.PROPOSAL_FIELDS.index(DIGITAL) + 1
    in_charge = pick(steps, "/nguoidung", "phutrach", "SỐ")
    vice_card = last_text(
        await admin.send(in_charge.replace("MÃ_TELEGRAM", str(VICE)).replace("SỐ", str(number)))
    )
    assert DIGITAL in vice_card
    assert await reviewer_of(bot, waiting) == (Route.CITY, VICE)
    # A working route: the vice-chair decides, the chair is informed, the admins are not asked.
    await bot.outbox_idle(timeout=30)
    admin_cards = len([m for m in bot.fake.messages_to(ADMIN_ID) if "💡" in m.body])
    await head.press(await fill_plan(head, clock, attach=False), texts.BTN_SUBMIT)
    fresh = (await bot.services.proposals.views.mine(HEAD))[0].id
    assert await reviewer_of(bot, fresh) == (Route.CITY, VICE)
    await bot.outbox_idle(timeout=30)
    assert texts.ACTION_BUTTONS["approve"] in buttons(await latest_card(bot, VICE))
    informed = await latest_card(bot, CHAIR)
    assert "ĐX-2026-0002" in informed.body
    assert texts.ACTION_BUTTONS["approve"] not in buttons(informed)
    assert len([m for m in bot.fake.messages_to(ADMIN_ID) if "💡" in m.body]) == admin_cards


async def test_a_units_kind_is_set_by_command_audited_shown_and_reroutes(
    office: RunningBot,
) -> None:
    bot, admin = office, Phone(office, ADMIN_ID)
    await add_user(bot, CHAIR, "Nguyễn Văn Chủ", "LDTP", Role.LEADER, is_head=True)
    waiting = await submit_in(bot, HEAD, "Kế hoạch chờ", DIGITAL)
    assert await reviewer_of(bot, waiting) == (Route.CITY, CHAIR)
    # The unit stops being the leadership: what waited there goes to the admins.
    saved = last_text(await admin.send("/donvi loai LDTP phuong"))
    assert texts.KIND_NAMES["ward"] in saved, saved
    assert await reviewer_of(bot, waiting) == (Route.ADMINS, None)
    listing = "\n".join(m.body for m in await admin.send("/donvi"))
    wards = listing.split(f"\n{texts.KIND_NAMES['ward']} (")[1].split("\n\n")[0]
    assert "LDTP — " in wards and f"\n{texts.KIND_NAMES[LEADERSHIP]} (" not in listing
    # Marked again (Vietnamese spelling, diacritics and spaces as typed): back to the chair.
    saved = last_text(await admin.send("/donvi loai ldtp Lãnh đạo thành phố"))
    assert texts.KIND_NAMES[LEADERSHIP] in saved, saved
    assert await reviewer_of(bot, waiting) == (Route.CITY, CHAIR)
    # Deactivating the unit and bringing it back moves what waits as well.
    await admin.send("/donvi tat LDTP")
    assert await reviewer_of(bot, waiting) == (Route.ADMINS, None)
    await admin.send("/donvi bat LDTP")
    assert await reviewer_of(bot, waiting) == (Route.CITY, CHAIR)
    # Bad input changes nothing and says how; a kind no one knows is refused.
    assert last_text(await admin.send("/donvi loai LDTP sao hoa")) == plain(texts.UNIT_BAD_KIND)
    assert last_text(await admin.send("/donvi loai KHONGCO xa")) == texts.UNIT_NOT_FOUND
    assert "/donvi loai" in plain(texts.UNITS_USAGE)
    # Authority is read again in the service's transaction; staff never get through.
    refused = await bot.services.units.set_kind(STAFF, "LDTP", "ward")
    assert isinstance(refused, Refused) and refused.reason is Reason.NOT_ALLOWED
    assert await reviewer_of(bot, waiting) == (Route.CITY, CHAIR)
    audit = await bot.services.db.fetchall(
        "SELECT action, before, after FROM audit_log WHERE action LIKE '%unit.kind' ORDER BY id"
    )
    assert [r["action"] for r in audit] == ["unit.kind", "unit.kind", "denied:unit.kind"]
    assert "leadership" in audit[0]["before"] and "ward" in audit[0]["after"]
    # A unit added with its kind in one step.
    added = last_text(await admin.send("/donvi them LDT2 | Chủ tịch UBND tỉnh | lanhdao"))
    assert texts.KIND_NAMES[LEADERSHIP] in added, added


async def test_a_vice_chair_in_charge_of_units_gets_their_heads_plans(
    office: RunningBot,
) -> None:
    bot, admin = office, Phone(office, ADMIN_ID)
    await add_user(bot, CHAIR, "Nguyễn Văn Chủ", "LDTP", Role.LEADER, is_head=True)
    await add_user(bot, VICE, "Trần Văn Phụ", "LDTP", Role.LEADER)
    await add_user(bot, VICE2, "Lê Văn Vùng", "LDTP", Role.LEADER)
    await add_user(bot, OTHER_HEAD, "Đỗ Văn Hải", "P-VINHHAI", Role.LEADER, is_head=True)
    number = texts.PROPOSAL_FIELDS.index(DIGITAL) + 1
    await admin.send(f"/nguoidung {VICE} phutrach {number}")
    other = await submit_in(bot, HEAD, "Chợ đêm", OTHER_FIELD)
    assert await reviewer_of(bot, other) == (Route.CITY, CHAIR)
    # The second vice-chair takes Lộc Thọ: its head's plan moves to him, a field match stays.
    card = last_text(await admin.send(f"/nguoidung {VICE2} phutrach donvi P-LOCTHO"))
    assert "Phường Lộc Thọ" in card, card
    assert await reviewer_of(bot, other) == (Route.CITY, VICE2)
    digital = await submit_in(bot, HEAD, "Số hóa", DIGITAL)
    assert await reviewer_of(bot, digital) == (Route.CITY, VICE), "the field comes first"
    elsewhere = await submit_in(bot, OTHER_HEAD, "Vỉa hè", OTHER_FIELD)
    assert await reviewer_of(bot, elsewhere) == (Route.CITY, CHAIR)
    await admin.send(f"/nguoidung {VICE2} phutrach donvi P-VINHHAI")
    assert await reviewer_of(bot, elsewhere) == (Route.CITY, VICE2)
    await bot.outbox_idle(timeout=30)
    assert texts.ACTION_BUTTONS["approve"] in buttons(await latest_card(bot, VICE2))
    # Taken back: to the chair again; someone outside the leadership cannot be given units.
    card = last_text(await admin.send(f"/nguoidung {VICE2} phutrach donvi P-LOCTHO bo"))
    assert "Phường Lộc Thọ" not in card and "Phường Vĩnh Hải" in card, card
    assert await reviewer_of(bot, other) == (Route.CITY, CHAIR)
    refused = last_text(await admin.send(f"/nguoidung {HEAD} phutrach donvi P-VINHHAI"))
    assert refused == texts.USER_IN_CHARGE_NEEDS_SUPERIOR
    assert last_text(await admin.send(f"/nguoidung {VICE2} phutrach donvi KHONGCO")) == (
        texts.UNIT_NOT_FOUND
    )
    # Leaving the leadership unit ends what they were in charge of.
    await admin.send(f"/nguoidung {VICE2} donvi VP")
    assert await reviewer_of(bot, elsewhere) == (Route.CITY, CHAIR)
    audit = await bot.services.db.fetchval(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'user.in_charge_unit'"
    )
    assert audit == 3
