"""The guided form of /taohan: title, description, due, recurrence, units, offsets, overdue."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from bot import texts
from bot.authority import holding
from bot.clock import Clock
from bot.deadlines import notices
from bot.deadlines.admin_input import parse_due, parse_recurrence
from bot.deadlines.offsets import parse_offsets
from bot.deadlines.recurrence import ScheduleError
from bot.deadlines.service import DEFAULT_OFFSETS, DeadlineService
from bot.flows.model import (
    Accept,
    Choice,
    Completion,
    Flow,
    Reject,
    Step,
    SubmitContext,
    SubmitRejected,
    Validator,
)
from bot.flows.validators import pick_a_button, text_step
from bot.models.outcomes import Refused
from bot.models.people import ADMIN_ONLY
from storage.units import UnitRepository

NAME = "deadline"


async def _offset_choices(answers: dict[str, Any]) -> list[Choice]:
    return [Choice("default", texts.BTN_DEFAULT_OFFSETS, DEFAULT_OFFSETS)]


async def _yes_no(answers: dict[str, Any]) -> list[Choice]:
    return [Choice("yes", texts.BTN_YES, True), Choice("no", texts.BTN_NO, False)]


ALL_UNITS = ("", "all", "tất cả", "tat ca")


def _due(tz: ZoneInfo, clock: Clock) -> Validator:
    """A real moment in the future, kept in the one form every reader accepts."""

    async def validate(text: str, answers: dict[str, Any]) -> Accept | Reject:
        try:
            due = parse_due(text, tz, clock.now()).astimezone(tz)
        except ScheduleError as exc:
            return Reject(texts.DL_DUE_ERRORS.get(exc.code, texts.DL_DUE_ERRORS["bad_date"]))
        shown = f"{due:%d/%m/%Y %H:%M}"
        return Accept(shown, texts.dl_due_display(due.weekday(), shown))

    return validate


async def _recurrence(text: str, answers: dict[str, Any]) -> Accept | Reject:
    try:
        parse_recurrence(text)
    except ScheduleError:
        return Reject(texts.DEADLINE_ERRORS["bad_recurrence"])
    return Accept(text, text)


async def _offsets(text: str, answers: dict[str, Any]) -> Accept | Reject:
    try:
        parse_offsets(text)
    except ScheduleError:
        return Reject(texts.DEADLINE_ERRORS["bad_offsets"])
    return Accept(text, text)


def _targets(units: UnitRepository) -> Validator:
    """«all», or unit codes that exist; every unknown code is named."""

    async def validate(text: str, answers: dict[str, Any]) -> Accept | Reject:
        if text.strip().lower() in ALL_UNITS:
            return Accept("all", texts.DL_ALL_UNITS)
        codes = [c.strip().upper() for c in text.replace(";", ",").split(",") if c.strip()]
        found = {code: await units.get_by_code(code) for code in dict.fromkeys(codes)}
        unknown = [code for code, unit in found.items() if unit is None or not unit.active]
        if unknown or not found:
            return Reject(texts.dl_units_unknown(unknown))
        named = [f"{unit.name} ({unit.code})" for unit in found.values() if unit is not None]
        return Accept(", ".join(found), "; ".join(named))

    return validate


def build(service: DeadlineService, units: UnitRepository, clock: Clock) -> Flow:
    """The deadline form: each answer is checked at its step (a real future moment, units
    that exist), and again by the service on submit."""

    async def submit(answers: dict[str, Any], ctx: SubmitContext) -> Completion:
        created = await service.create(
            ctx.telegram_id,
            title=answers["title"],
            description=answers.get("description") or "",
            due_text=answers["due"],
            recurrence_text=answers["recurrence"],
            targets_text=answers["targets"],
            offsets_text=answers.get("offsets") or DEFAULT_OFFSETS,
            overdue_daily=bool(answers.get("overdue")),
            conn=ctx.conn,
        )
        if isinstance(created, Refused):
            raise SubmitRejected(notices.input_refusal(created))
        return Completion(notices.created(created.value, service.local))

    return Flow(
        name=NAME,
        title=texts.DL_TITLE,
        steps=(
            text_step("title", texts.DL_HEADING, 5, 200),
            text_step("description", texts.DL_DESC, 2, 2000, skippable=True),
            Step("due", texts.DL_DUE, _due(service.timeline.tz, clock)),
            Step("recurrence", texts.DL_REC, _recurrence),
            Step("targets", texts.DL_TARGETS, _targets(units)),
            Step("offsets", texts.DL_OFFSETS, _offsets, choices=_offset_choices),
            Step(
                "overdue",
                texts.DL_OVERDUE,
                pick_a_button,
                choices=_yes_no,
            ),
        ),
        submit=submit,
        admits=holding(ADMIN_ONLY),
    )


def forms(service: DeadlineService, units: UnitRepository, clock: Clock) -> list[Flow]:
    """Every form of the deadlines feature, for the runtime's registry."""
    return [build(service, units, clock)]
