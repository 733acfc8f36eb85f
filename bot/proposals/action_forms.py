"""Short flows for a decision that needs typed details: reasons, approval, result, evaluation."""

from __future__ import annotations

import re
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
from bot.flows.validators import pick_a_button, text_between
from bot.models.outcomes import Refused
from bot.models.people import APPROVED_ROLES
from bot.models.proposals import Evaluation
from bot.proposals.actions import BY_FORM
from bot.proposals.notices import done, refusal
from bot.proposals.service import ProposalService

PROPOSAL_ID = "_proposal_id"
_DATE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")


def _meeting_date(today: Callable[[], date]) -> Validator:
    async def validate(text: str, answers: dict[str, Any]) -> Accept | Reject:
        match = _DATE.match(text)
        try:
            day = (
                date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
                if match
                else None
            )
        except ValueError:
            day = None
        if day is None or day > today():
            return Reject(texts.D_DATE_INVALID)
        return Accept(day.isoformat(), f"{day:%d/%m/%Y}")

    return validate


async def _count(text: str, answers: dict[str, Any]) -> Accept | Reject:
    value = text.strip()
    if not value.isdigit() or not 0 <= int(value) <= 50:
        return Reject(texts.D_NUMBER_INVALID)
    return Accept(int(value), value)


async def _basis(answers: dict[str, Any]) -> list[Choice]:
    return [
        Choice("majority", texts.D_BASIS_MAJORITY, "majority"),
        Choice("head", texts.D_BASIS_HEAD, "head"),
    ]


async def _levels(answers: dict[str, Any]) -> list[Choice]:
    return [
        Choice(level.value, texts.EVALUATION_LABELS[level.value], level.value)
        for level in Evaluation
    ]


def build_all(service: ProposalService, today: Callable[[], date]) -> list[Flow]:
    """Every decision flow, each completing one proposal action on submit."""

    def submit_for(action: str) -> Callable[[dict[str, Any], SubmitContext], Any]:
        async def submit(answers: dict[str, Any], ctx: SubmitContext) -> Completion:
            proposal_id = int(answers[PROPOSAL_ID])
            details: dict[str, Any] = {}
            if action in ("request_info", "reject", "pause", "stop"):
                details["note"] = answers["reason"]
            elif action == "approve":
                votes_for, votes_against = int(answers["votes_for"]), int(answers["votes_against"])
                if answers["basis"] == "majority" and votes_for * 2 <= votes_for + votes_against:
                    raise SubmitRejected(texts.D_NOT_MAJORITY)
                details["decision"] = {
                    "meeting_date": answers["meeting_date"],
                    "votes_for": votes_for,
                    "votes_against": votes_against,
                    "basis": answers["basis"],
                    "comment": answers.get("comment"),
                }
                details["note"] = answers.get("comment")
            elif action == "report":
                details["result"] = answers["result"]
            elif action == "evaluate":
                details["evaluation"] = {"level": answers["level"], "comment": answers["comment"]}
                details["note"] = (
                    texts.EVALUATION_LABELS[answers["level"]] + ". " + answers["comment"]
                )
            result = await service.apply(ctx.conn, ctx.telegram_id, proposal_id, action, **details)
            if isinstance(result, Refused):
                raise SubmitRejected(refusal(result, action))
            return Completion(done(action, result.value))

        return submit

    reason = text_between(5, 1000)
    # Who acts on which proposal is the service's rule, read again in its transaction.
    approved = holding(APPROVED_ROLES)

    def reason_flow(name: str, title: str, text: texts.StepText) -> Flow:
        return Flow(
            name=name,
            title=title,
            steps=(Step("reason", text, reason),),
            submit=submit_for(BY_FORM[name].name),
            admits=approved,
        )

    return [
        reason_flow("pr_request_info", texts.D_REQUEST_TITLE, texts.D_REQUEST_REASON),
        reason_flow("pr_reject", texts.D_REJECT_TITLE, texts.D_REJECT_REASON),
        reason_flow("pr_pause", texts.D_PAUSE_TITLE, texts.D_PAUSE_REASON),
        reason_flow("pr_stop", texts.D_STOP_TITLE, texts.D_STOP_REASON),
        Flow(
            name="pr_approve",
            title=texts.D_APPROVE_TITLE,
            steps=(
                Step(
                    "meeting_date",
                    texts.D_MEETING,
                    _meeting_date(today),
                ),
                Step(
                    "votes_for",
                    texts.D_VOTES_FOR,
                    _count,
                ),
                Step(
                    "votes_against",
                    texts.D_VOTES_AGAINST,
                    _count,
                ),
                Step(
                    "basis",
                    texts.D_BASIS,
                    pick_a_button,
                    choices=_basis,
                ),
                Step(
                    "comment",
                    texts.D_COMMENT,
                    text_between(2, 1000),
                    skippable=True,
                ),
            ),
            submit=submit_for("approve"),
            admits=approved,
        ),
        Flow(
            name="pr_report",
            title=texts.D_REPORT_TITLE,
            steps=(
                Step(
                    "result",
                    texts.D_RESULT,
                    text_between(20, 3000),
                ),
            ),
            submit=submit_for("report"),
            admits=approved,
        ),
        Flow(
            name="pr_evaluate",
            title=texts.D_EVALUATE_TITLE,
            steps=(
                Step(
                    "level",
                    texts.D_LEVEL,
                    pick_a_button,
                    choices=_levels,
                ),
                Step(
                    "comment",
                    texts.D_EVAL_COMMENT,
                    text_between(5, 1000),
                ),
            ),
            submit=submit_for("evaluate"),
            admits=approved,
        ),
    ]
