"""The proposal buttons' callback data: `pr:<code>:<id>`, built and read by one codec.

The code is an action's two letters (actions.py), or one of the view and draft codes below.
`pc:<code>:<id>` answers the question an irreversible action asks first: the action's code
to go ahead, `no` to leave the proposal as it is.
The wire format is stored in outbox rows and pressed days later: never change a code.
"""

from __future__ import annotations

from bot.callbacks import DIGITS, Codec
from bot.proposals.actions import ACTIONS, CONFIRMED

OPEN = "op"  # show a proposal's card
HISTORY = "hs"  # show its history
FULL_TEXT = "ft"  # every field of the plan in full
FILES = "fa"  # send every attached file
DRAFT_CONTINUE = "dc"  # continue a parked draft
DRAFT_RESTART = "dr"  # discard it and start afresh
DRAFT_REOPEN = "dd"  # reopen an archived draft from /dexuatcuatoi
DRAFT_CODES = frozenset({DRAFT_CONTINUE, DRAFT_RESTART, DRAFT_REOPEN})
VIEW_CODES = frozenset({OPEN, HISTORY, FULL_TEXT, FILES})

_CODES = (*sorted(VIEW_CODES), *sorted(DRAFT_CODES), *(row.code for row in ACTIONS.values()))
CODEC = Codec("pr", (("code", "|".join(_CODES)), ("id", DIGITS)))

KEEP = "no"  # the confirmation's "leave it" button
CONFIRM = Codec("pc", (("code", "|".join((KEEP, *sorted(CONFIRMED)))), ("id", DIGITS)))
