"""Callback data of form buttons: `fl:<draft>:<step>:<action>[:<arg>]`.

Actions: c(hoose) p(age) e(dit) carry an argument (the choice value, page or item);
b(ack) s(kip) ok (submit) x (cancel: asks first) xy (discard, confirmed) xn (keep) carry none.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.callbacks import DIGITS, Codec

FLOW = Codec(
    "fl",
    (
        ("draft", DIGITS),
        ("step", r"\d{1,3}"),
        ("action", "c|p|b|s|e|ok|xy|xn|x"),
        ("arg", r"[A-Za-z0-9_\-]{1,40}"),
    ),
    optional=1,
)
_WITH_ARG = frozenset({"c", "p", "e"})


@dataclass(frozen=True, slots=True)
class FlowPress:
    """A parsed flow button."""

    draft_id: int
    index: int
    action: str
    arg: str | None


def parse(data: str) -> FlowPress | None:
    """Parse flow callback data; None for anything malformed (forged or foreign)."""
    fields = FLOW.parse(data)
    if fields is None:
        return None
    arg = fields.get("arg")
    if (fields["action"] in _WITH_ARG) != (arg is not None):
        return None
    return FlowPress(int(fields["draft"]), int(fields["step"]), fields["action"], arg)
