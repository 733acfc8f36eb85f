"""The callback codec: what it builds it parses; forged data parses to None."""

from __future__ import annotations

import pytest

from bot.callbacks import DIGITS, Codec

CODEC = Codec("pr", (("action", "ap|rj"), ("id", DIGITS), ("page", r"\d{1,2}")), optional=1)


def test_round_trip() -> None:
    assert CODEC.build("ap", 42) == "pr:ap:42"
    assert CODEC.parse("pr:ap:42") == {"action": "ap", "id": "42"}
    assert CODEC.parse(CODEC.build("rj", 7, 3)) == {"action": "rj", "id": "7", "page": "3"}


@pytest.mark.parametrize(
    "data",
    [
        "",
        None,
        "pr",
        "pr:xx:1",
        "pr:ap:",
        "pr:ap:1:2:3",
        "dl:ap:1",
        "pr:ap:1x",
        "pr:ap:" + "9" * 70,
    ],
)
def test_forged_data_is_refused(data: str | None) -> None:
    assert CODEC.parse(data) is None


def test_build_refuses_what_parse_would_not_read() -> None:
    with pytest.raises(ValueError):
        CODEC.build("zz", 1)
    assert CODEC.pattern == "^pr:"
