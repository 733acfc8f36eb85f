"""The submission flow of an innovation proposal: the plan of NĐ73 Điều 7, one field a step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from bot import texts
from bot.authority import holding
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
from bot.flows.validators import files_done, files_only, text_step
from bot.models.outcomes import Refused
from bot.models.people import APPROVED_ROLES
from bot.proposals import action_forms
from bot.proposals.actions import PROPOSAL_FORM
from bot.proposals.dates import PeriodError, parse_period
from bot.proposals.notices import done, refusal, submit_refusal
from bot.proposals.service import ProposalService
from bot.vntext import fold

NAME = PROPOSAL_FORM
PROPOSAL_ID = "_proposal_id"  # set when editing a proposal returned for completion


async def _fields(answers: dict[str, Any]) -> list[Choice]:
    return [Choice(str(i), label, label) for i, label in enumerate(texts.PROPOSAL_FIELDS)]


async def _field(text: str, answers: dict[str, Any]) -> Accept | Reject:
    wanted = fold(text)
    for label in texts.PROPOSAL_FIELDS:
        if wanted and wanted in fold(label):
            return Accept(label, label)
    return Reject(texts.P_FIELD_UNKNOWN)


def _period(today: Callable[[], date]) -> Validator:
    async def validate(text: str, answers: dict[str, Any]) -> Accept | Reject:
        try:
            period = parse_period(text, today())
        except PeriodError as exc:
            return Reject(texts.P_PERIOD_ERRORS[exc.code])
        display = texts.p_period_display(f"{period.start:%d/%m/%Y}", f"{period.end:%d/%m/%Y}")
        return Accept({"start": period.start.isoformat(), "end": period.end.isoformat()}, display)

    return validate


def steps(today: Callable[[], date]) -> tuple[Step, ...]:
    """The ten steps, in the order of the plan."""
    return (
        text_step("title", texts.P_TITLE, 10, 200),
        Step(
            "field",
            texts.P_FIELD,
            _field,
            choices=_fields,
        ),
        text_step("need", texts.P_NEED, 20, 3000),
        text_step("solution", texts.P_SOLUTION, 20, 3000),
        text_step("scope", texts.P_SCOPE, 10, 2000),
        Step(
            "period",
            texts.P_PERIOD,
            _period(today),
        ),
        text_step("resources", texts.P_RESOURCES, 20, 2000),
        text_step("feasibility", texts.P_FEASIBILITY, 20, 2000),
        text_step("impact", texts.P_IMPACT, 20, 3000),
        Step(
            "attachments",
            texts.P_FILES,
            files_only,
            choices=files_done,
            skippable=True,
            files=True,
        ),
    )


def intro(is_canbo: bool) -> str:
    """The form's introduction; NĐ73's rules for "cán bộ" are pointed out to others."""
    return (
        texts.PROPOSAL_INTRO
        if is_canbo
        else f"{texts.PROPOSAL_INTRO}\n\n{texts.PROPOSAL_NOT_CANBO}"
    )


def build(service: ProposalService, today: Callable[[], date]) -> Flow:
    """The submission flow over the proposal service."""

    async def submit(answers: dict[str, Any], ctx: SubmitContext) -> Completion:
        proposal_id = answers.get(PROPOSAL_ID)
        if proposal_id is None:
            receipt = await service.submit(ctx.conn, ctx.telegram_id, answers)
            if isinstance(receipt, Refused):
                raise SubmitRejected(submit_refusal(receipt))
            return Completion(receipt.value)
        moved = await service.resubmit(ctx.conn, ctx.telegram_id, int(proposal_id), answers)
        if isinstance(moved, Refused):
            raise SubmitRejected(refusal(moved, "resubmit"))
        return Completion(done("resubmit", moved.value))

    return Flow(
        name=NAME,
        title=texts.PROPOSAL_TITLE,
        intro=texts.PROPOSAL_INTRO,
        steps=steps(today),
        submit=submit,
        admits=holding(APPROVED_ROLES),
    )


def forms(service: ProposalService, today: Callable[[], date]) -> list[Flow]:
    """Every form of the proposals feature (the plan and the decision forms)."""
    return [build(service, today), *action_forms.build_all(service, today)]
