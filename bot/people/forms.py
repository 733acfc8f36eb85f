"""The registration flow: full name, unit, position; then approval by an admin."""

from __future__ import annotations

import re
from typing import Any

from bot import inputcheck, texts
from bot.authority import Standing
from bot.flows.model import Accept, Choice, Completion, Flow, Reject, Step, SubmitContext
from bot.models.people import Role, UserStatus
from bot.people.service import PeopleService
from storage.units import UnitRepository

NAME = "registration"
# Letters (any script, with marks), spaces, dots, hyphens and apostrophes.
_NAME_RE = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ .'\-])*$")
_MAX_UNIT_MATCHES = 8


async def _full_name(text: str, answers: dict[str, Any]) -> Accept | Reject:
    checked = inputcheck.check(text, max_length=100)
    if not checked.ok:
        return Reject(texts.REG_NAME_INVALID)
    name = " ".join(checked.text.split())
    if len(name) < 4 or len(name.split()) < 2 or not _NAME_RE.match(name):
        return Reject(texts.REG_NAME_INVALID)
    return Accept(name, name)


async def _position(text: str, answers: dict[str, Any]) -> Accept | Reject:
    checked = inputcheck.check(text, max_length=100)
    if not checked.ok or len(checked.text) < 2:
        return Reject(texts.REG_POSITION_INVALID)
    return Accept(checked.text, checked.text)


async def _positions(answers: dict[str, Any]) -> list[Choice]:
    return [Choice(str(i), label, label) for i, label in enumerate(texts.COMMON_POSITIONS)]


def build(units: UnitRepository, people: PeopleService) -> Flow:
    """Build the registration flow over the unit list and the people service."""

    async def unit_choices(answers: dict[str, Any]) -> list[Choice]:
        return [Choice(str(unit.id), unit.name) for unit in await units.list_all()]

    async def unit_answer(text: str, answers: dict[str, Any]) -> Accept | Reject:
        checked = inputcheck.check(text, max_length=200)
        if not checked.ok:
            return Reject(texts.REG_UNIT_NOT_FOUND)
        found = await units.search(checked.text, limit=_MAX_UNIT_MATCHES + 1)
        if len(found) == 1:
            return Accept(found[0].id, found[0].name)
        if not found:
            return Reject(texts.REG_UNIT_NOT_FOUND)
        shown = found[:_MAX_UNIT_MATCHES]
        return Reject(
            texts.reg_unit_many(len(found), len(found) > _MAX_UNIT_MATCHES),
            tuple(Choice(str(unit.id), unit.name) for unit in shown),
        )

    async def position_button(text: str, answers: dict[str, Any]) -> Accept | Reject:
        return await _position(text, answers)

    async def submit(answers: dict[str, Any], ctx: SubmitContext) -> Completion:
        return Completion(
            await people.submit_registration(ctx.conn, ctx.telegram_id, answers, ctx.now)
        )

    return Flow(
        name=NAME,
        title=texts.REG_TITLE,
        intro=texts.REG_PRIVACY_NOTICE,
        steps=(
            Step(
                "full_name",
                texts.REG_NAME,
                _full_name,
            ),
            Step(
                "unit",
                texts.REG_UNIT,
                unit_answer,
                choices=unit_choices,
            ),
            Step(
                "position",
                texts.REG_POSITION,
                position_button,
                choices=_positions,
            ),
        ),
        submit=submit,
        admits=_may_register,
    )


def _may_register(standing: Standing) -> bool:
    """Only someone not yet approved, not waiting and not deactivated fills in the request."""
    return standing.role is Role.GUEST and standing.status in (
        None,
        UserStatus.NEW,
        UserStatus.REJECTED,
    )


def forms(units: UnitRepository, people: PeopleService) -> list[Flow]:
    """Every form of the people feature, for the runtime's registry."""
    return [build(units, people)]
