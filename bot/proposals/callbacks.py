"""The proposal buttons' callback data: `pr:<code>:<id>`, built and read by one codec.

The code is an action's two letters (actions.py), or one of the view and draft codes below.
The wire format is stored in outbox rows and pressed days later: never change a code.
"""

from __future__ import annotations

from bot.callbacks import DIGITS, Codec
from bot.proposals.actions import ACTIONS

OPEN = "op"  # show a proposal's card
HISTORY = "hs"  # show its history
DRAFT_CONTINUE = "dc"  # continue a parked draft
DRAFT_RESTART = "dr"  # discard it and start afresh
DRAFT_REOPEN = "dd"  # reopen an archived draft from /dexuatcuatoi
DRAFT_CODES = frozenset({DRAFT_CONTINUE, DRAFT_RESTART, DRAFT_REOPEN})

_CODES = (OPEN, HISTORY, *sorted(DRAFT_CODES), *(row.code for row in ACTIONS.values()))
CODEC = Codec("pr", (("code", "|".join(_CODES)), ("id", DIGITS)))
