"""The leadership collective's vote (NĐ73 Điều 8 khoản 1), the superior level's own decision
(khoản 4 Điều 7) and which time limits are the Decree's."""

from __future__ import annotations

import pytest

from bot.models.proposals import Route
from bot.proposals.actions import due_days, due_kind_for, is_decree_limit
from bot.proposals.procedure import (
    HEAD,
    MAJORITY,
    SUPERIOR,
    TIE_HEAD,
    approval_holds,
    collective_basis,
    decision_basis,
    superior_decides,
)


@pytest.mark.parametrize(
    ("votes_for", "votes_against", "head_vote", "expected"),
    [
        (4, 2, "for", MAJORITY),
        (4, 2, "against", MAJORITY),  # the head outvoted: the collective passed it
        (3, 3, "for", TIE_HEAD),  # a tie follows the head's side
        (3, 3, "against", None),
        (1, 1, "for", TIE_HEAD),
        (2, 4, "for", None),
        (0, 0, "for", None),
    ],
)
def test_collective_basis(
    votes_for: int, votes_against: int, head_vote: str, expected: str | None
) -> None:
    assert collective_basis(votes_for, votes_against, head_vote) == expected


def _decision(votes_for: int, votes_against: int, head_vote: str, basis: str) -> dict[str, object]:
    return {
        "votes_for": votes_for,
        "votes_against": votes_against,
        "head_vote": head_vote,
        "basis": basis,
    }


def test_the_heads_own_responsibility_only_when_the_collective_did_not_pass_it() -> None:
    assert decision_basis(_decision(3, 3, "against", HEAD)) == HEAD
    # A plan the collective passed is the collective's decision, whatever was chosen.
    assert decision_basis(_decision(3, 3, "for", HEAD)) == TIE_HEAD
    assert decision_basis(_decision(3, 3, "against", MAJORITY)) is None
    # The head's vote is one of the votes of its side.
    assert decision_basis(_decision(0, 3, "for", HEAD)) is None
    assert decision_basis({"votes_for": 3}) is None


def test_decree_limits_only_where_the_decree_sets_them() -> None:
    assert due_kind_for("review", Route.HEAD) == "review"
    assert due_kind_for("evaluate", Route.HEAD) == "evaluate"
    for route in (Route.CITY, Route.ADMINS, Route.ASSIGNED):
        assert due_kind_for("review", route) == "review_follow"
        assert due_kind_for("evaluate", route) == "evaluate_follow"
        assert due_kind_for("report", route) == "report"  # Điều 18 khoản 1 applies to all
    assert (due_days("review", 10), due_days("report", 10), due_days("review_follow", 10)) == (
        7,
        5,
        10,
    )
    assert not is_decree_limit("review_follow") and is_decree_limit("report")


def test_the_superior_decides_a_heads_plan_without_the_collectives_vote() -> None:
    # A head's own plan (khoản 4 Điều 7) wherever it waits, and any plan at the superior level.
    for route in Route:
        assert superior_decides(route, head_plan=True)
    assert superior_decides(Route.CITY, head_plan=False)
    for route in (Route.HEAD, Route.ADMINS, Route.ASSIGNED):
        assert not superior_decides(route, head_plan=False)
    plain = {"basis": SUPERIOR, "decision_date": "2026-03-10", "comment": None}
    votes = {**_decision(3, 1, "for", MAJORITY), "meeting_date": "2026-03-10"}
    assert approval_holds(plain, superior=True) and approval_holds(votes, superior=False)
    # Each level takes only its own kind of decision.
    assert not approval_holds(votes, superior=True)
    assert not approval_holds(plain, superior=False)
    assert not approval_holds({**plain, "votes_for": 3}, superior=True)
    assert not approval_holds({"basis": SUPERIOR}, superior=True)
    # The collective's votes must give the basis chosen.
    assert not approval_holds({**votes, "basis": HEAD}, superior=False)
