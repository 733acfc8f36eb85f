"""The vote of the leadership collective on a plan (NĐ73 Điều 8 khoản 1), as plain rules.

The plan passes with more than 50% of the votes cast in favour; when the two sides are equal
the result follows the side the head voted for. The deputy who made the proposal does not
vote. If the collective did not pass it, the head may still decide to implement it on their
own responsibility (a separate basis, recorded as such).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

# How an approval came about (stored as decision["basis"]).
MAJORITY: Final = "majority"  # more than 50% of the votes in favour
TIE_HEAD: Final = "tie_head"  # equal votes, the head in favour: the collective passed it
HEAD: Final = "head"  # not passed by the collective; the head decided on their own responsibility
BASES: Final = (MAJORITY, TIE_HEAD, HEAD)

HEAD_FOR: Final = "for"
HEAD_AGAINST: Final = "against"


def collective_basis(votes_for: int, votes_against: int, head_vote: str) -> str | None:
    """MAJORITY or TIE_HEAD when the collective passed the plan, None when it did not."""
    if votes_for * 2 > votes_for + votes_against:
        return MAJORITY
    if votes_for == votes_against and votes_for > 0 and head_vote == HEAD_FOR:
        return TIE_HEAD
    return None


def counts_agree(votes_for: int, votes_against: int, head_vote: str) -> bool:
    """The head's own vote is among the counted votes of its side."""
    if head_vote == HEAD_FOR:
        return votes_for >= 1
    return head_vote == HEAD_AGAINST and votes_against >= 1


def decision_basis(decision: Mapping[str, Any]) -> str | None:
    """The basis a recorded decision is entitled to, or None when it is inconsistent.

    The collective's result when it passed the plan (whatever was chosen); HEAD only when the
    collective did not pass it and the head chose to decide on their own responsibility.
    """
    try:
        votes_for = int(decision["votes_for"])
        votes_against = int(decision["votes_against"])
        head_vote = str(decision["head_vote"])
    except (KeyError, TypeError, ValueError):
        return None
    if min(votes_for, votes_against) < 0 or not counts_agree(votes_for, votes_against, head_vote):
        return None
    passed = collective_basis(votes_for, votes_against, head_vote)
    if passed is not None:
        return passed
    return HEAD if decision.get("basis") == HEAD else None
