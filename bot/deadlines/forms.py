"""The guided form of /taohan: title, description, due, recurrence, units, offsets, overdue."""

from __future__ import annotations

from typing import Any

from bot import texts
from bot.authority import holding
from bot.deadlines import notices
from bot.deadlines.service import DEFAULT_OFFSETS, DeadlineService
from bot.flows.model import (
    Choice,
    Completion,
    Flow,
    Step,
    SubmitContext,
    SubmitRejected,
)
from bot.flows.validators import pick_a_button, text_between, text_step
from bot.models.outcomes import Refused
from bot.models.people import ADMIN_ONLY

NAME = "deadline"


async def _offset_choices(answers: dict[str, Any]) -> list[Choice]:
    return [Choice("default", texts.BTN_DEFAULT_OFFSETS, DEFAULT_OFFSETS)]


async def _yes_no(answers: dict[str, Any]) -> list[Choice]:
    return [Choice("yes", texts.BTN_YES, True), Choice("no", texts.BTN_NO, False)]


def build(service: DeadlineService) -> Flow:
    """The deadline form; values are checked again by the service on submit."""

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
            Step(
                "due",
                texts.DL_DUE,
                text_between(5, 40, texts.DEADLINE_ERRORS["bad_date"]),
            ),
            Step(
                "recurrence",
                texts.DL_REC,
                text_between(2, 100, texts.DEADLINE_ERRORS["bad_recurrence"]),
            ),
            Step(
                "targets",
                texts.DL_TARGETS,
                text_between(2, 1000, texts.DEADLINE_ERRORS["bad_units"]),
            ),
            Step(
                "offsets",
                texts.DL_OFFSETS,
                text_between(2, 100, texts.DEADLINE_ERRORS["bad_offsets"]),
                choices=_offset_choices,
            ),
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


def forms(service: DeadlineService) -> list[Flow]:
    """Every form of the deadlines feature, for the runtime's registry."""
    return [build(service)]
