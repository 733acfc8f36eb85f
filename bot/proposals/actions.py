"""The proposal actions, one row each: the state machine, who acts, the button and what it opens.

Everything else reads this table: the callback codes (callbacks.py), the buttons on a card
(notices.py), the transitions and role checks (service.py), which press opens a form and
which acts at once (handlers/proposals.py), and which action form completes which action
(action_forms.py). Adding an action is adding a row (and its texts).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot import texts
from bot.models.proposals import Route, Status


class Actor(StrEnum):
    """Who may take an action: the proposer, or the reviewer (the routed leader or an admin)."""

    PROPOSER = "proposer"
    REVIEWER = "reviewer"


# The submission form; resubmitting reopens it on the returned plan.
PROPOSAL_FORM = "proposal"


@dataclass(frozen=True, slots=True)
class ProposalAction:
    """One allowed transition and everything that hangs on it."""

    name: str  # as stored in the events ("approve")
    code: str  # two letters in the button's callback data ("ap")
    actor: Actor
    sources: frozenset[Status]
    target: Status
    due_kind: str | None  # the time limit that starts: review | report | evaluate | None
    form: str | None  # the form a press opens for the details; None: no form
    direct: bool  # a press acts at once (no form, no details)
    label: str  # the button
    done: str  # what the person who acted is told ({number})
    button_last: bool = False  # shown below the other buttons
    confirm: bool = False  # irreversible: a press asks "are you sure?" before acting


_S = Status


def _row(
    name: str,
    code: str,
    actor: Actor,
    sources: set[Status],
    target: Status,
    *,
    due: str | None = None,
    form: str | None = None,
    button_last: bool = False,
    confirm: bool = False,
) -> ProposalAction:
    return ProposalAction(
        name=name,
        code=code,
        actor=actor,
        sources=frozenset(sources),
        target=target,
        due_kind=due,
        form=form,
        direct=form is None,
        label=texts.ACTION_BUTTONS[name],
        done=texts.ACTION_DONE[name],
        button_last=button_last,
        confirm=confirm,
    )


_P, _R = Actor.PROPOSER, Actor.REVIEWER
ACTIONS: dict[str, ProposalAction] = {
    row.name: row
    for row in (
        _row("request_info", "rq", _R, {_S.SUBMITTED}, _S.NEEDS_INFO, form="pr_request_info"),
        _row(
            "resubmit",
            "rb",
            _P,
            {_S.NEEDS_INFO},
            _S.SUBMITTED,
            due="review",
            form=PROPOSAL_FORM,
            button_last=True,
        ),
        _row("approve", "ap", _R, {_S.SUBMITTED}, _S.APPROVED, form="pr_approve"),
        _row("reject", "rj", _R, {_S.SUBMITTED}, _S.REJECTED, form="pr_reject"),
        _row("withdraw", "wd", _P, {_S.SUBMITTED, _S.NEEDS_INFO}, _S.WITHDRAWN, confirm=True),
        _row("pause", "ps", _R, {_S.APPROVED}, _S.PAUSED, form="pr_pause"),
        _row("resume", "rs", _R, {_S.PAUSED}, _S.APPROVED),
        _row("stop", "st", _R, {_S.APPROVED, _S.PAUSED}, _S.STOPPED, form="pr_stop"),
        _row("finish", "fn", _P, {_S.APPROVED}, _S.FINISHED, due="report", confirm=True),
        _row("report", "rp", _P, {_S.FINISHED}, _S.REPORTED, due="evaluate", form="pr_report"),
        _row("evaluate", "ev", _R, {_S.REPORTED}, _S.EVALUATED, form="pr_evaluate"),
    )
}
BY_CODE: dict[str, ProposalAction] = {row.code: row for row in ACTIONS.values()}
# Actions that ask for confirmation first (their codes ride on the confirmation buttons).
CONFIRMED: dict[str, ProposalAction] = {row.code: row for row in ACTIONS.values() if row.confirm}
# The form an action opens when the superior level decides (a head's own plan, khoản 4
# Điều 7): its own written decision, not the collective's vote of khoản 1 Điều 8.
SUPERIOR_FORMS: dict[str, str] = {"pr_approve": "pr_decide"}
# The action forms (not the submission form) and the action each completes.
BY_FORM: dict[str, ProposalAction] = {
    row.form: row for row in ACTIONS.values() if row.form not in (None, PROPOSAL_FORM)
}
BY_FORM.update({form: BY_FORM[usual] for usual, form in SUPERIOR_FORMS.items()})

# Time limits the Decree sets, in working days: the review of a plan sent to one's own head
# (Điều 8 khoản 1, for plans under khoản 3 Điều 7), the result report (Điều 18 khoản 1) and
# the evaluation of a plan approved under khoản 1 Điều 8 (Điều 18).
DECREE_DUE_DAYS = {"review": 7, "report": 5, "evaluate": 7}
# Where the Decree's limit is not confirmed (a head's own plan sent to the superior, khoản 4
# Điều 7; a plan given to someone else), the bot keeps the city's internal follow-up date
# instead (BOT_FOLLOW_UP_DAYS working days), under its own kind so it is never worded as the
# Decree's.
FOLLOW_UP = {"review": "review_follow", "evaluate": "evaluate_follow"}
DUE_ACTOR = {
    "review": Actor.REVIEWER,
    "report": Actor.PROPOSER,
    "evaluate": Actor.REVIEWER,
    "review_follow": Actor.REVIEWER,
    "evaluate_follow": Actor.REVIEWER,
}


def due_kind_for(kind: str, route: Route) -> str:
    """The time limit that starts: the Decree's for a plan reviewed by the proposer's own
    head (Route.HEAD), else the internal follow-up of that step (the report limit always)."""
    if route is Route.HEAD or kind not in FOLLOW_UP:
        return kind
    return FOLLOW_UP[kind]


def due_days(kind: str, follow_up_days: int) -> int:
    """Working days of a time limit kind."""
    return DECREE_DUE_DAYS.get(kind, follow_up_days)


def is_decree_limit(kind: str) -> bool:
    """Whether a time limit is one the Decree sets (else the city's internal follow-up)."""
    return kind in DECREE_DUE_DAYS


# States in which a reviewer still has something to do or watch (re-routed when they leave).
OPEN_FOR_REVIEWER = frozenset({_S.SUBMITTED, _S.APPROVED, _S.PAUSED, _S.FINISHED, _S.REPORTED})
# States re-routed when the reviewer leaves: also returned proposals, which come back to them.
WAITING_ON_REVIEWER = OPEN_FOR_REVIEWER | {_S.NEEDS_INFO}
# States in which the reviewer has a decision to make: a plan submitted (or sent back for
# completion, which returns to them), a result report to evaluate. A change of who is
# designated moves these; a plan already approved stays with whoever decided it while they
# still hold the review (`routing.holds_review`).
AWAITING_DECISION = frozenset({_S.SUBMITTED, _S.NEEDS_INFO, _S.REPORTED})
# Final states: nothing can happen any more.
FINAL = frozenset({_S.REJECTED, _S.WITHDRAWN, _S.STOPPED, _S.EVALUATED})


class TransitionError(Exception):
    """An action that is not allowed from the current state."""


def move_for(action: str, current: Status) -> ProposalAction:
    """The row of an action allowed from a state, or TransitionError."""
    row = ACTIONS.get(action)
    if row is None or current not in row.sources:
        raise TransitionError(f"{action} not allowed from {current}")
    return row


def actions_for(status: Status, actor: Actor) -> list[str]:
    """The actions an actor may take on a proposal in a state, in table order."""
    return [row.name for row in ACTIONS.values() if row.actor is actor and status in row.sources]
