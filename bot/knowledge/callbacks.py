"""Callback data of the knowledge feature: answer buttons, feedback, official-text imports.

`ANSWER` is `qa:<f|u>:<doc>:<unit key>` (f: full text, u: a related unit's short answer);
`FEEDBACK` is `qa:fb:<question id>:<1|0>:<tag>`, where the keyed tag matches only the asker's
press; `OFFICIAL` is `kb:<d|ok|no>:<arg>`, where the argument is a document code for d (which
document a file is) and an import id for ok / no.
`ANSWER.pattern` (`^qa:`) also matches feedback data, so feedback must be routed first.
"""

from __future__ import annotations

from bot.callbacks import DIGITS, Codec
from bot.models.official import DOCS

ANSWER = Codec("qa", (("view", "f|u"), ("doc", "|".join(DOCS)), ("key", "[a-z0-9]{1,30}")))
FEEDBACK = Codec("qa:fb", (("id", DIGITS), ("useful", "[01]"), ("tag", "[0-9a-f]{8}")))
OFFICIAL = Codec("kb", (("action", "d|ok|no"), ("arg", "[A-Z0-9]{1,12}")))
