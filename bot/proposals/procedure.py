"""How an approval is recorded: the leadership collective's vote (NĐ73 Điều 8 khoản 1), or the
superior level's own decision, as plain rules.

Khoản 1 Điều 8 is for a plan sent to one's own head (khoản 3 Điều 7). A head's own plan is
decided by the head of the level above (khoản 4 Điều 7); for that case the project's sources
confirm no procedure, vote or time limit, so the bot records the superior's written decision
as it is (SUPERIOR) and attributes no rule of Điều 8 to it.

Khoản 1 Điều 8, as the project records it, passes the plan "khi có trên 50% ý kiến tán
thành"; when the two sides are equal the result follows the side the head voted for. The
sources do not say over what the 50% is taken: the bot counts it over the votes cast (for and
against) and says so as its own count (texts.D_MAJORITY_COUNTED), showing the members and
those who did not vote beside it, never attributing that denominator to the Decree. The deputy
who made the proposal does not vote. If the collective did not pass it, the head may still
decide to implement it on their own responsibility (a separate basis, recorded as such).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from bot.models.proposals import Route

# How an approval came about (stored as decision["basis"]).
MAJORITY: Final = "majority"  # more than 50% of the votes cast in favour (the bot's count)
TIE_HEAD: Final = "tie_head"  # equal votes, the head in favour: the collective passed it
HEAD: Final = "head"  # not passed by the collective; the head decided on their own responsibility
SUPERIOR: Final = "superior"  # the superior level's written decision (khoản 4 Điều 7), no vote
BASES: Final = (MAJORITY, TIE_HEAD, HEAD, SUPERIOR)

# What only the collective's vote records.
VOTE_KEYS: Final = frozenset({"meeting_date", "head_vote", "votes_for", "votes_against"})
# The day an approval records, by whether the superior level decided (True) or the collective.
DAY_KEYS: Final = {True: "decision_date", False: "meeting_date"}

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


def superior_decides(route: Route, head_plan: bool) -> bool:
    """Whether an approval is the superior level's own decision rather than the collective's
    vote: a head's own plan (khoản 4 Điều 7), wherever it waits, or any plan waiting at the
    superior level (whose leaders are not the proposer's unit's collective)."""
    return head_plan or route is Route.CITY


def superior_decision_holds(decision: Mapping[str, Any]) -> bool:
    """A superior decision records its basis and day, and no vote of the collective."""
    return (
        decision.get("basis") == SUPERIOR
        and bool(decision.get("decision_date"))
        and not VOTE_KEYS & set(decision)
    )


def approval_holds(decision: Mapping[str, Any], superior: bool) -> bool:
    """Whether an approval is the kind its level takes and consistent: the superior level's
    own decision, or the collective's votes giving the basis chosen."""
    if superior:
        return superior_decision_holds(decision)
    return decision_basis(decision) == decision.get("basis")
