"""The proposal state machine: which action moves which state where, and who may take it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.models.proposals import Status


class Actor(StrEnum):
    """Who may take an action: the proposer, or the reviewer (the routed leader or an admin)."""

    PROPOSER = "proposer"
    REVIEWER = "reviewer"


@dataclass(frozen=True, slots=True)
class Move:
    """An allowed transition."""

    action: str
    actor: Actor
    sources: frozenset[Status]
    target: Status
    due_kind: str | None  # the time limit that starts: review | report | evaluate | None


_S = Status
MOVES: dict[str, Move] = {
    move.action: move
    for move in (
        Move("request_info", Actor.REVIEWER, frozenset({_S.SUBMITTED}), _S.NEEDS_INFO, None),
        Move("resubmit", Actor.PROPOSER, frozenset({_S.NEEDS_INFO}), _S.SUBMITTED, "review"),
        Move("approve", Actor.REVIEWER, frozenset({_S.SUBMITTED}), _S.APPROVED, None),
        Move("reject", Actor.REVIEWER, frozenset({_S.SUBMITTED}), _S.REJECTED, None),
        Move(
            "withdraw",
            Actor.PROPOSER,
            frozenset({_S.SUBMITTED, _S.NEEDS_INFO}),
            _S.WITHDRAWN,
            None,
        ),
        Move("pause", Actor.REVIEWER, frozenset({_S.APPROVED}), _S.PAUSED, None),
        Move("resume", Actor.REVIEWER, frozenset({_S.PAUSED}), _S.APPROVED, None),
        Move("stop", Actor.REVIEWER, frozenset({_S.APPROVED, _S.PAUSED}), _S.STOPPED, None),
        Move("finish", Actor.PROPOSER, frozenset({_S.APPROVED}), _S.FINISHED, "report"),
        Move("report", Actor.PROPOSER, frozenset({_S.FINISHED}), _S.REPORTED, "evaluate"),
        Move("evaluate", Actor.REVIEWER, frozenset({_S.REPORTED}), _S.EVALUATED, None),
    )
}

# States in which a reviewer still has something to do or watch (re-routed when they leave).
OPEN_FOR_REVIEWER = frozenset({_S.SUBMITTED, _S.APPROVED, _S.PAUSED, _S.FINISHED, _S.REPORTED})
# Final states: nothing can happen any more.
FINAL = frozenset({_S.REJECTED, _S.WITHDRAWN, _S.STOPPED, _S.EVALUATED})


class TransitionError(Exception):
    """An action that is not allowed from the current state."""


def move_for(action: str, current: Status) -> Move:
    """The transition an action makes from a state, or TransitionError."""
    move = MOVES.get(action)
    if move is None or current not in move.sources:
        raise TransitionError(f"{action} not allowed from {current}")
    return move


def actions_for(status: Status, actor: Actor) -> list[str]:
    """The actions an actor may take on a proposal in a state, in MOVES order."""
    return [m.action for m in MOVES.values() if m.actor is actor and status in m.sources]
