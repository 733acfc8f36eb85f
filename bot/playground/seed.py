"""Demo data for a fresh database, written through the bot's own services and repositories.

People first (their accounts and command menus), then, once each has opened their chat,
the work waiting for them: a reporting deadline for the ward due in a few minutes, with
reminders that really fire, and two plans waiting for a decision (the staff member's, with
the ward's head; the head's own, with the Phó Chủ tịch in charge of its field).

The superior level is set up as designed (NĐ73 Điều 7 khoản 4): a Chủ tịch heads the
leadership unit (seeded without a tab of their own, so informed of heads' plans), and the Phó
Chủ tịch persona is in charge of the field «Chuyển đổi số» and of the ward, so every plan of
the ward's head reaches them (field, then unit, then the chair). Nothing is written into a
database that already has people in it, and nothing twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot import texts
from bot.clock import to_iso
from bot.models.outcomes import Refused
from bot.models.people import Role, UserStatus
from bot.playground.personas import (
    ADMIN,
    ADMIN_UNIT,
    CHAIR,
    CITY_LEADERSHIP,
    DEPUTY,
    DEPUTY_FIELD,
    HEAD,
    STAFF,
    WARD,
    Persona,
)
from bot.runtime import Services

logger = logging.getLogger(__name__)

SEED_KEY = "playground.seed"
DEADLINE_IN = timedelta(minutes=7)
DEADLINE_OFFSETS = "5m,2m,0m"
PLAN_STARTS_IN = timedelta(days=14)
PLAN_LASTS = timedelta(days=180)


@dataclass(frozen=True, slots=True)
class Account:
    persona: Persona
    unit: str
    role: Role
    is_head: bool = False
    is_contact: bool = False
    in_charge: str | None = None
    in_charge_units: tuple[str, ...] = ()  # codes of the units a vice-chair is in charge of


ACCOUNTS = (
    Account(STAFF, WARD, Role.STAFF, is_contact=True),
    Account(HEAD, WARD, Role.LEADER, is_head=True),
    Account(DEPUTY, CITY_LEADERSHIP, Role.LEADER, in_charge=DEPUTY_FIELD, in_charge_units=(WARD,)),
    Account(CHAIR, CITY_LEADERSHIP, Role.LEADER, is_head=True),
    Account(ADMIN, ADMIN_UNIT, Role.ADMIN),
)
# Seeded people without a tab of their own: their chats are opened, nobody writes in them.
UNSEEN = (CHAIR,)
REGISTERED = tuple(a.persona for a in ACCOUNTS if a.persona not in UNSEEN)


async def is_fresh(services: Services) -> bool:
    """A database nobody has used yet (the demo never seeds a real one)."""
    for role in Role:
        if await services.people.users.with_role(role):
            return False
    return True


async def seed_people(services: Services) -> bool:
    """The personas' accounts and menus on a fresh database; False when there was nothing
    to do."""
    if not await is_fresh(services):
        return False
    users = services.people.users
    now = to_iso(services.clock.now())
    async with services.db.transaction() as conn:
        if not await services.people.claim_once(conn, SEED_KEY):
            return False
        for account in ACCOUNTS:
            person = account.persona
            unit = await services.units.units.get_by_code(account.unit)
            if unit is None:
                raise RuntimeError(f"the shipped unit {account.unit} is missing")
            await users.touch(
                conn,
                telegram_id=person.user_id,
                first_name=person.first_name,
                username=None,
                role=account.role if account.role is Role.ADMIN else None,
                now=now,
            )
            await users.update(
                conn,
                person.user_id,
                now,
                full_name=person.name,
                unit_id=unit.id,
                position=texts.DEMO_POSITIONS[person.key],
                role=account.role,
                status=UserStatus.APPROVED,
                is_head=int(account.is_head),
                is_contact=int(account.is_contact),
                in_charge=account.in_charge,
            )
            for code in account.in_charge_units:
                in_charge = await services.units.units.get_by_code(code)
                if in_charge is None:
                    raise RuntimeError(f"the shipped unit {code} is missing")
                await users.set_unit_in_charge(conn, person.user_id, in_charge.id, True)
            await services.people.enqueue_menu(conn, person.user_id, account.role)
    logger.info("Demo people seeded")
    return True


async def seed_work(services: Services) -> None:
    """The deadline and the two waiting plans (after `seed_people`)."""
    tz = services.settings.tz
    due = (services.clock.now() + DEADLINE_IN).astimezone(tz)
    created = await services.deadlines.create(
        ADMIN.user_id,
        title=texts.DEMO_DEADLINE_TITLE,
        description=texts.DEMO_DEADLINE_DESCRIPTION,
        due_text=f"{due:%d/%m/%Y %H:%M}",
        recurrence_text="",
        targets_text=WARD,
        offsets_text=DEADLINE_OFFSETS,
        overdue_daily=False,
    )
    _check("deadline", created)
    today = services.clock.now().astimezone(tz).date()
    period = {
        "start": (today + PLAN_STARTS_IN).isoformat(),
        "end": (today + PLAN_STARTS_IN + PLAN_LASTS).isoformat(),
    }
    for person, plan in ((STAFF, texts.DEMO_STAFF_PLAN), (HEAD, texts.DEMO_HEAD_PLAN)):
        answers: dict[str, Any] = {**plan, "period": period}
        async with services.db.transaction() as conn:
            _check("proposal", await services.proposals.submit(conn, person.user_id, answers))
    services.wake_outbox()
    logger.info("Demo deadline and proposals seeded")


def _check(what: str, outcome: object) -> None:
    if isinstance(outcome, Refused):
        raise RuntimeError(f"seeding the demo {what} was refused: {outcome}")
