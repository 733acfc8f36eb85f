"""Each feature's callback codec writes the same wire format the buttons always carried."""

from __future__ import annotations

import pytest

from bot.callbacks import Codec
from bot.flows.callbacks import FLOW
from bot.knowledge.callbacks import ANSWER, FEEDBACK, OFFICIAL
from bot.people.callbacks import REGISTRATION, USER


@pytest.mark.parametrize(
    ("codec", "values", "data"),
    [
        (USER, ("v", 123456789012345), "nd:v:123456789012345"),
        (USER, ("r", 42, "l"), "nd:r:42:l"),
        (REGISTRATION, ("ok", 7), "rg:ok:7"),
        (REGISTRATION, ("no", 7), "rg:no:7"),
        (OFFICIAL, ("d", "CV2390"), "kb:d:CV2390"),
        (OFFICIAL, ("ok", 12), "kb:ok:12"),
        (ANSWER, ("f", "ND73", "dieu8"), "qa:f:ND73:dieu8"),
        (FEEDBACK, (99, 0, "0123abcd"), "qa:fb:99:0:0123abcd"),
        (FLOW, (12, 3, "c", "45"), "fl:12:3:c:45"),
        (FLOW, (12, 3, "ok"), "fl:12:3:ok"),
    ],
)
def test_wire_format(codec: Codec, values: tuple[str | int, ...], data: str) -> None:
    assert codec.build(*values) == data
    assert codec.parse(data) is not None


@pytest.mark.parametrize(
    ("codec", "data"),
    [
        (USER, "nd:x:1"),
        (USER, "nd:r:1:z"),
        (REGISTRATION, "rg:maybe:1"),
        (OFFICIAL, "kb:ok:abc"),
        (ANSWER, "qa:f:XX99:dieu8"),
        (ANSWER, "qa:fb:1:1"),
        (FEEDBACK, "qa:fb:1:2:0123abcd"),
        (FEEDBACK, "qa:fb:1:1"),
    ],
)
def test_forged_data_is_refused(codec: Codec, data: str) -> None:
    assert codec.parse(data) is None
