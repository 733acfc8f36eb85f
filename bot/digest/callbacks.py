"""The callback data of the digest settings buttons: `dg:<choice>`, declared once."""

from __future__ import annotations

from bot.callbacks import Codec

DAILY, WEEKLY, OFF, NOW = "daily", "weekly", "off", "now"

DIGEST = Codec("dg", (("choice", "daily|weekly|off|now"),))
