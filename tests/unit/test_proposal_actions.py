"""The proposal action table drives the codec, the forms and the buttons; they agree with it."""

from __future__ import annotations

from datetime import date

from bot import texts
from bot.models.outcomes import Reason, Refused
from bot.proposals import action_forms, notices
from bot.proposals.actions import ACTIONS, BY_CODE, BY_FORM, PROPOSAL_FORM
from bot.proposals.callbacks import CODEC, DRAFT_CODES, HISTORY, OPEN


def test_codes_are_unique_and_round_trip() -> None:
    codes = [row.code for row in ACTIONS.values()] + [OPEN, HISTORY, *DRAFT_CODES]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert CODEC.parse(CODEC.build(code, 7)) == {"code": code, "id": "7"}
    assert CODEC.build("ap", 42) == "pr:ap:42"  # stored outbox rows rely on the wire format
    assert BY_CODE["ap"].name == "approve"


def test_forged_presses_parse_to_nothing() -> None:
    for forged in ("pr:zz:1", "pr:ap:abc", "pr:ap", "dl:ap:1", "pr:ap:1:2"):
        assert CODEC.parse(forged) is None


def test_every_action_form_is_built_and_completes_its_action() -> None:
    flows = action_forms.build_all(None, date.today)  # type: ignore[arg-type]
    assert {flow.name for flow in flows} == set(BY_FORM)
    for row in ACTIONS.values():
        assert row.direct == (row.form is None)
        assert row.form is None or row.form == PROPOSAL_FORM or row.form in BY_FORM


def test_direct_actions_are_the_ones_without_details() -> None:
    direct = {row.name for row in ACTIONS.values() if row.direct}
    assert direct == {"withdraw", "resume", "finish"}


def test_refusals_keep_their_sentences() -> None:
    assert notices.refusal(Refused(Reason.NOT_ALLOWED), "approve") == texts.PROPOSAL_NOT_YOURS
    assert notices.refusal(Refused(Reason.NOT_ALLOWED), "withdraw") == texts.NOT_ALLOWED
    assert notices.refusal(Refused(Reason.NOT_ALLOWED)) == texts.NOT_ALLOWED
    assert notices.refusal(Refused(Reason.NOT_FOUND)) == texts.PROPOSAL_NOT_FOUND
    assert notices.refusal(Refused(Reason.STALE), "approve") == texts.PROPOSAL_WRONG_STATE
    assert notices.submit_refusal(Refused(Reason.NOT_ALLOWED)) == texts.PROPOSAL_NEEDS_APPROVAL
