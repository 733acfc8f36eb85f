"""Callback data, declared once per button family: one codec builds, parses and routes it.

A `Codec` has a short prefix ("pr", "dl") and named fields, each with a regex its value must
match. `build` writes `prefix:v1:v2`, `parse` reads it back (None for anything forged or
malformed) and `pattern` is what the handler registers. Telegram allows 64 bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_BYTES = 64
DIGITS = r"\d{1,12}"


@dataclass(frozen=True)
class Codec:
    """One family of callback data: `prefix` then one value per field, joined by ":"."""

    prefix: str
    fields: tuple[tuple[str, str], ...]  # (name, regex of its value)
    optional: int = 0  # how many trailing fields may be left out
    _regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parts = [f"(?P<{name}>{regex})" for name, regex in self.fields]
        required = len(parts) - self.optional
        body = "".join(f":{part}" for part in parts[:required])
        body += "".join(f"(?::{part})?" for part in parts[required:])
        object.__setattr__(self, "_regex", re.compile(f"^{re.escape(self.prefix)}{body}$"))

    @property
    def pattern(self) -> str:
        """The regex a CallbackQueryHandler registers for this family."""
        return f"^{re.escape(self.prefix)}:"

    def build(self, *values: str | int) -> str:
        """The callback data for these values; refuses values its own parser would not read."""
        data = ":".join([self.prefix, *(str(v) for v in values)])
        if len(data.encode()) > MAX_BYTES or self.parse(data) is None:
            raise ValueError(f"bad callback data {data!r} for {self.prefix!r}")
        return data

    def parse(self, data: str | None) -> dict[str, str] | None:
        """The named values of `data`, or None when it is not this family's or malformed."""
        if not data or len(data.encode()) > MAX_BYTES:
            return None
        match = self._regex.match(data)
        if match is None:
            return None
        return {name: value for name, value in match.groupdict().items() if value is not None}
