"""Callback data of the people feature: user-card buttons and registration decisions.

`USER` is `nd:<action>:<telegram id>[:<role code>]`: v(iew), r(ole), h(ead), c(ontact),
d(eactivate), a(ctivate); the role code (s, l, a) comes with r only. `REGISTRATION` is
`rg:<ok|no>:<registration id>`.
"""

from __future__ import annotations

from bot.callbacks import DIGITS, Codec

USER = Codec("nd", (("action", "v|r|h|c|d|a"), ("id", r"\d{1,15}"), ("role", "[sla]")), optional=1)
REGISTRATION = Codec("rg", (("decision", "ok|no"), ("id", DIGITS)))
