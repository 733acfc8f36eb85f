"""Short flows for a decision that needs typed details: reasons, approval, result, evaluation.

The approval of a plan sent to one's own head (khoản 3 Điều 7) records the leadership
collective's meeting as khoản 1 Điều 8 NĐ73 has it: the day (between receipt and today), how
the head voted, the votes for and against, who did not vote, and the basis the votes give
(bot/proposals/procedure.py). The superior level's approval of a head's own plan (khoản 4
Điều 7, `pr_decide`) records its own decision: the day and the comment, no vote.
"""

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
    Recheck,
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
from bot.proposals import procedure
from bot.proposals.actions import ACTIONS, BY_FORM, SUPERIOR_FORMS
from bot.proposals.callbacks import CODEC
from bot.proposals.notices import done, refusal
from bot.proposals.service import ProposalService

PROPOSAL_ID = "_proposal_id"
_DATE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")


def _day_between(
    service: ProposalService,
    today: Callable[[], date],
    future: str,
    before_receipt: Callable[[str], str],
) -> Validator:
    """A real day, not after today and not before the plan reached the reviewer."""

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
        if day is None:
            return Reject(texts.D_DATE_INVALID)
        if day > today():
            return Reject(future)
        received = await service.received_on(int(answers[PROPOSAL_ID]))
        if received is not None and day < received:
            return Reject(before_receipt(f"{received:%d/%m/%Y}"))
        return Accept(day.isoformat(), f"{day:%d/%m/%Y}")

    return validate


async def _count(text: str, answers: dict[str, Any]) -> Accept | Reject:
    value = text.strip()
    if not value.isdigit() or not 0 <= int(value) <= 50:
        return Reject(texts.D_NUMBER_INVALID)
    return Accept(int(value), value)


def _side_count(side: str, needs_one: str) -> Validator:
    """A vote count; the head's own vote is one of the votes of the side they chose."""

    async def validate(text: str, answers: dict[str, Any]) -> Accept | Reject:
        counted = await _count(text, answers)
        if isinstance(counted, Accept) and answers.get("head_vote") == side and not counted.value:
            return Reject(needs_one)
        return counted

    return validate


async def _head_votes(answers: dict[str, Any]) -> list[Choice]:
    return [
        Choice(procedure.HEAD_FOR, texts.D_HEAD_FOR),
        Choice(procedure.HEAD_AGAINST, texts.D_HEAD_AGAINST),
    ]


_BASIS_LABELS = {
    procedure.MAJORITY: texts.D_BASIS_MAJORITY,
    procedure.TIE_HEAD: texts.D_BASIS_TIE_HEAD,
    procedure.HEAD: texts.D_BASIS_HEAD,
}


def _votes(answers: dict[str, Any]) -> tuple[int, int, int, str]:
    """For, against, not voting and the head's side, as answered so far."""
    return (
        int(answers.get("votes_for") or 0),
        int(answers.get("votes_against") or 0),
        int(answers.get("not_voting") or 0),
        str(answers.get("head_vote")),
    )


def _passed(answers: dict[str, Any]) -> str | None:
    votes_for, votes_against, _, head_vote = _votes(answers)
    return procedure.collective_basis(votes_for, votes_against, head_vote)


async def _basis(answers: dict[str, Any]) -> list[Choice]:
    """The basis the votes give: the collective's result, or else the head's own decision."""
    basis = _passed(answers) or procedure.HEAD
    return [Choice(basis, _BASIS_LABELS[basis])]


def _leave_for(action: str) -> Callable[[dict[str, Any]], tuple[str, str]]:
    """The button that leaves a decision form for another action on the same plan (its card
    button: the handler throws the form away and opens that action's)."""

    def button(answers: dict[str, Any]) -> tuple[str, str]:
        code = ACTIONS[action].code
        return texts.ACTION_BUTTONS[action], CODEC.build(code, int(answers[PROPOSAL_ID]))

    return button


def _refuse_instead(answers: dict[str, Any]) -> list[tuple[str, str]]:
    """Not passed by the collective: the head may refuse rather than decide on their own."""
    return [] if _passed(answers) else [_leave_for("reject")(answers)]


def _other_decisions(answers: dict[str, Any]) -> list[tuple[str, str]]:
    return [_leave_for("reject")(answers), _leave_for("request_info")(answers)]


def _approval_recheck(answers: dict[str, Any]) -> Recheck:
    """The approval as the review shows it, from the answers now: a count the head's edited
    vote contradicts, or a basis the edited votes no longer give, is asked again; else the
    basis line says the vote as counted."""
    votes_for, votes_against, not_voting, head_vote = _votes(answers)
    if not procedure.counts_agree(votes_for, votes_against, head_vote):
        if head_vote == procedure.HEAD_FOR:
            return Recheck(again="votes_for", reason=texts.D_HEAD_FOR_NEEDS_ONE)
        return Recheck(again="votes_against", reason=texts.D_HEAD_AGAINST_NEEDS_ONE)
    basis = answers.get("basis")
    if basis not in _BASIS_LABELS or procedure.decision_basis(answers) != basis:
        return Recheck(again="basis", reason=texts.D_BASIS_STALE)
    tally = texts.d_vote_tally(votes_for, votes_against, not_voting)
    return Recheck(lines={"basis": f"{_BASIS_LABELS[basis]}. {tally}"})


def _approval(answers: dict[str, Any]) -> dict[str, Any]:
    """The decision as stored, or SubmitRejected when the votes and the basis disagree (an
    answer edited after the basis was chosen)."""
    decision = {
        "meeting_date": answers["meeting_date"],
        "head_vote": answers.get("head_vote"),
        "votes_for": int(answers["votes_for"]),
        "votes_against": int(answers["votes_against"]),
        "not_voting": int(answers.get("not_voting") or 0),
        "basis": answers["basis"],
        "comment": answers.get("comment"),
    }
    if procedure.decision_basis(decision) != decision["basis"]:
        raise SubmitRejected(texts.D_BASIS_CHANGED)
    return decision


def _superior_decision(answers: dict[str, Any]) -> dict[str, Any]:
    """The superior level's decision as stored: its day and comment, no vote."""
    return {
        "basis": procedure.SUPERIOR,
        "decision_date": answers["decision_date"],
        "comment": answers.get("comment"),
    }


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
            elif action == "approve" and "decision_date" in answers:
                decision = details["decision"] = _superior_decision(answers)
                day = date.fromisoformat(decision["decision_date"])
                details["note"] = texts.superior_approval_note(
                    f"{day:%d/%m/%Y}", decision["comment"]
                )
            elif action == "approve":
                decision = details["decision"] = _approval(answers)
                details["note"] = texts.approval_note(
                    decision["basis"],
                    decision["votes_for"],
                    decision["votes_against"],
                    decision["not_voting"],
                    decision["comment"],
                )
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
                    _day_between(
                        service, today, texts.D_MEETING_FUTURE, texts.d_meeting_before_receipt
                    ),
                ),
                Step("head_vote", texts.D_HEAD_VOTE, pick_a_button, choices=_head_votes),
                Step(
                    "votes_for",
                    texts.D_VOTES_FOR,
                    _side_count(procedure.HEAD_FOR, texts.D_HEAD_FOR_NEEDS_ONE),
                ),
                Step(
                    "votes_against",
                    texts.D_VOTES_AGAINST,
                    _side_count(procedure.HEAD_AGAINST, texts.D_HEAD_AGAINST_NEEDS_ONE),
                ),
                Step("not_voting", texts.D_NOT_VOTING, _count),
                Step(
                    "basis",
                    texts.D_BASIS,
                    pick_a_button,
                    choices=_basis,
                    exits=_refuse_instead,
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
            recheck=_approval_recheck,
        ),
        Flow(
            name=SUPERIOR_FORMS["pr_approve"],
            title=texts.D_DECIDE_TITLE,
            intro=texts.D_DECIDE_INTRO,
            steps=(
                Step(
                    "decision_date",
                    texts.D_DECISION_DATE,
                    _day_between(
                        service, today, texts.D_DECISION_FUTURE, texts.d_decision_before_receipt
                    ),
                    exits=_other_decisions,
                ),
                Step("comment", texts.D_COMMENT, text_between(2, 1000), skippable=True),
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
