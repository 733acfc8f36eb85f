"""The proposal state machine (the action table) and period parsing."""

from __future__ import annotations

from datetime import date

import pytest

from bot.models.proposals import Status
from bot.proposals.actions import ACTIONS as MOVES
from bot.proposals.actions import FINAL, Actor, TransitionError, actions_for, move_for
from bot.proposals.dates import PeriodError, parse_period

ALLOWED = {(move.name, source): move.target for move in MOVES.values() for source in move.sources}


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", sorted(MOVES))
def test_no_transition_outside_the_machine(status: Status, action: str) -> None:
    if (action, status) in ALLOWED:
        assert move_for(action, status).target is ALLOWED[(action, status)]
    else:
        with pytest.raises(TransitionError):
            move_for(action, status)


def test_final_states_allow_nothing() -> None:
    for status in FINAL:
        assert actions_for(status, Actor.PROPOSER) == []
        assert actions_for(status, Actor.REVIEWER) == []


def test_unknown_action_is_refused() -> None:
    with pytest.raises(TransitionError):
        move_for("delete", Status.SUBMITTED)


def test_who_acts_where() -> None:
    assert actions_for(Status.SUBMITTED, Actor.REVIEWER) == ["request_info", "approve", "reject"]
    assert actions_for(Status.SUBMITTED, Actor.PROPOSER) == ["withdraw"]
    assert actions_for(Status.NEEDS_INFO, Actor.PROPOSER) == ["resubmit", "withdraw"]
    assert actions_for(Status.APPROVED, Actor.PROPOSER) == ["finish"]
    assert actions_for(Status.REPORTED, Actor.REVIEWER) == ["evaluate"]


def test_time_limits_start_with_the_right_moves() -> None:
    assert MOVES["resubmit"].due_kind == "review"
    assert MOVES["finish"].due_kind == "report"
    assert MOVES["report"].due_kind == "evaluate"


TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("01/03/2027 - 30/6/2027", date(2027, 3, 1), date(2027, 6, 30)),
        ("tháng 3/2027 đến tháng 12/2027", date(2027, 3, 1), date(2027, 12, 31)),
        ("thang 2/2028 - thang 2/2028", date(2028, 2, 1), date(2028, 2, 29)),
        ("từ 25/11/2026 đến 1/1/2027", date(2026, 11, 25), date(2027, 1, 1)),
        ("01-12-2026 – 28-02-2027", date(2026, 12, 1), date(2027, 2, 28)),
    ],
)
def test_period_parsing(text: str, start: date, end: date) -> None:
    period = parse_period(text, TODAY)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("24/11/2026 - 1/1/2027", "past"),
        ("1/6/2027 - 1/3/2027", "order"),
        ("31/2/2027 - 1/3/2027", "bad_date"),
        ("sang năm", "bad_format"),
        ("01/03/2027", "bad_format"),
        ("1/1/2027 - 1/1/2040", "too_long"),
    ],
)
def test_period_errors(text: str, code: str) -> None:
    with pytest.raises(PeriodError) as info:
        parse_period(text, TODAY)
    assert info.value.code == code
