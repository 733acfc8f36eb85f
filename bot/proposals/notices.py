"""What the proposal feature says: the text and buttons of its cards, lists and reminders.

Pure functions of values the service has already read (names resolved, times formatted), so
the same card reads the same whether it is queued in the outbox or sent as a reply. Refusals
are turned into sentences here too, for the handlers and the forms; the service only says why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot import keyboards, texts
from bot.models.drafts import Draft
from bot.models.outcomes import Reason, Refused
from bot.models.proposals import Proposal, Status
from bot.proposals.actions import ACTIONS, Actor, actions_for
from bot.proposals.callbacks import (
    CODEC,
    DRAFT_CONTINUE,
    DRAFT_REOPEN,
    DRAFT_RESTART,
    HISTORY,
    OPEN,
)

# How many proposals /duyet lists (the oldest first).
REVIEW_LIST_LIMIT = 30
_PLAN_SHOWN = ("title", "field", "need", "solution", "scope", "resources", "feasibility", "impact")


@dataclass(frozen=True, slots=True)
class Notice:
    """A message: its text and its inline keyboard (if any)."""

    text: str
    markup: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class CardFacts:
    """What a card shows besides the proposal itself, read by the service."""

    proposer_name: str
    unit_name: str | None
    due: str | None  # "17:00 03/12/2026"
    days_left: int | None


def buttons(proposal: Proposal, actor: Actor | None) -> dict[str, Any]:
    """The actions a viewer may take (none for watchers), then the history button."""
    rows: list[list[keyboards.Button]] = []
    if actor is not None:
        names = actions_for(proposal.status, actor)
        if actor is Actor.PROPOSER:
            names.sort(key=lambda name: ACTIONS[name].button_last)
        rows += [[(ACTIONS[n].label, CODEC.build(ACTIONS[n].code, proposal.id))] for n in names]
    rows.append([(texts.BTN_HISTORY, CODEC.build(HISTORY, proposal.id))])
    return keyboards.inline(rows)


def card_text(proposal: Proposal, facts: CardFacts, header: str) -> str:
    """A proposal's card: the plan, where it stands and the time limit running."""
    plan = proposal.plan
    period = plan.get("period") or {}
    parts = [
        (texts.P_NEED.label, str(plan.get("need", ""))),
        (texts.P_SOLUTION.label, str(plan.get("solution", ""))),
        (texts.P_SCOPE.label, str(plan.get("scope", ""))),
        (
            texts.P_PERIOD.label,
            texts.p_period_display(dmy(period.get("start")), dmy(period.get("end"))),
        ),
        (texts.P_RESOURCES.label, str(plan.get("resources", ""))),
        (texts.P_FEASIBILITY.label, str(plan.get("feasibility", ""))),
        (texts.P_IMPACT.label, str(plan.get("impact", ""))),
    ]
    note = None
    if proposal.status is Status.EVALUATED and proposal.evaluation:
        note = texts.EVALUATION_LABELS.get(str(proposal.evaluation.get("level")), "")
    elif proposal.result:
        note = proposal.result
    return texts.proposal_card(
        proposal.number,
        proposal.title,
        proposal.field,
        proposal.status.value,
        facts.proposer_name,
        facts.unit_name,
        parts,
        due_label=texts.DUE_LABELS.get(proposal.due_kind or ""),
        due=facts.due,
        days_left=facts.days_left,
        files=len(proposal.attachments or plan.get("attachments") or []),
        header=header,
        note=note,
    )


def done(action: str, proposal: Proposal) -> str:
    """What the person who took an action is told."""
    return ACTIONS[action].done.format(number=proposal.number)


def due_reminder(proposal: Proposal, due: str, when: str, due_note: str = "") -> Notice:
    """A time limit approaching (before, due) or passed (overdue), with a button to open it;
    `due_note` says whether it is the Decree's limit or the city's internal follow-up."""
    assert proposal.due_kind is not None
    text = texts.proposal_due_reminder(
        proposal.number, proposal.title, texts.DUE_LABELS[proposal.due_kind], due, when, due_note
    )
    button = (texts.BTN_OPEN + " " + proposal.number, CODEC.build(OPEN, proposal.id))
    return Notice(text, keyboards.inline([[button]]))


def parked_draft(draft_id: int) -> Notice:
    """/dexuat found a parked draft: continue it, or start again."""
    row = [
        (texts.DRAFT_CONTINUE, CODEC.build(DRAFT_CONTINUE, draft_id)),
        (texts.DRAFT_RESTART, CODEC.build(DRAFT_RESTART, draft_id)),
    ]
    return Notice(texts.DRAFT_PARKED_FOUND, keyboards.inline([row]))


def reopenable(drafts: Sequence[Draft]) -> list[Draft]:
    """The drafts /dexuatcuatoi offers to reopen: all but the one in progress."""
    return [d for d in drafts if d.status.value != "active"]


def my_proposals(
    proposals: Sequence[Proposal],
    drafts: Sequence[Draft],
    due_of: Callable[[Proposal], str | None],
) -> Notice:
    """/dexuatcuatoi: one line and one button a proposal, then a button a reopenable draft."""
    rows = [
        [(f"{p.number} · {texts.STATUS_LABELS[p.status.value]}", CODEC.build(OPEN, p.id))]
        for p in proposals
    ]
    rows += [
        [
            (
                f"📝 {str(d.answers.get('title') or texts.PROPOSAL_TITLE)[:40]}",
                CODEC.build(DRAFT_REOPEN, d.id),
            )
        ]
        for d in drafts
    ]
    lines = [texts.proposal_line(p.number, p.title, p.status.value, due_of(p)) for p in proposals]
    return Notice("\n".join(lines) or texts.PROPOSAL_TITLE, keyboards.inline(rows))


def review_list(waiting: Sequence[Proposal], due_of: Callable[[Proposal], str | None]) -> Notice:
    """/duyet: what waits on a leader, oldest first, a button each."""
    shown = waiting[:REVIEW_LIST_LIMIT]
    lines = [texts.review_header(len(waiting))]
    lines += [texts.proposal_line(p.number, p.title, p.status.value, due_of(p)) for p in shown]
    rows = [[(f"{p.number}", CODEC.build(OPEN, p.id))] for p in shown]
    return Notice("\n".join(lines), keyboards.inline(rows))


def plan_display(plan: dict[str, Any]) -> dict[str, str]:
    """The review's display values of a plan (to edit a proposal returned for completion)."""
    period = plan.get("period") or {}
    shown = {key: str(plan.get(key) or "") for key in _PLAN_SHOWN}
    shown["period"] = texts.p_period_display(dmy(period.get("start")), dmy(period.get("end")))
    shown["attachments"] = texts.p_files_display(len(plan.get("attachments") or []))
    return shown


def dmy(iso: Any) -> str:
    """An ISO date as 03/12/2026 ("?" when missing)."""
    if not iso:
        return "?"
    return f"{date.fromisoformat(str(iso)):%d/%m/%Y}"


def refusal(refused: Refused, action: str | None = None) -> str:
    """The sentence for a refused proposal action (the wording depends on who could act)."""
    if refused.reason is Reason.NOT_ALLOWED:
        row = ACTIONS.get(action or "")
        reviewer_action = row is not None and row.actor is Actor.REVIEWER
        return texts.PROPOSAL_NOT_YOURS if reviewer_action else texts.NOT_ALLOWED
    if refused.reason is Reason.NOT_FOUND:
        return texts.PROPOSAL_NOT_FOUND
    if refused.reason is Reason.INVALID:
        if action == "approve":  # the votes, the head's vote and the basis disagree
            return texts.D_BASIS_CHANGED
        return texts.P_PERIOD_ERRORS["past"]  # the other input a transition checks: the period
    return texts.PROPOSAL_WRONG_STATE  # STALE, CONFLICT


def submit_refusal(refused: Refused) -> str:
    """The sentence for a refused submission (a new proposal, not an action on one)."""
    if refused.reason is Reason.NOT_ALLOWED:
        return texts.PROPOSAL_NEEDS_APPROVAL
    return refusal(refused)
