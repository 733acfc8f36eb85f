"""Clean and check free text typed by users before anything else looks at it."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum

# Default cap for a free-text message outside forms (questions, commands' arguments).
MAX_TEXT = 2000
# The most Telegram lets one message carry. A form's answers are capped only by this before
# the step sees them: each step's own limit (its `Step.length`, which its hint states) decides.
MAX_MESSAGE = 4096

# Invisible characters that change nothing a reader sees: zero-width and bidi controls.
_INVISIBLE = {
    *range(0x200B, 0x2010),  # zero-width space/joiners, LRM, RLM
    *range(0x202A, 0x202F),  # bidi embeddings and overrides
    *range(0x2060, 0x2065),  # word joiner, invisible operators
    *range(0x2066, 0x206A),  # bidi isolates
    0xFEFF,  # byte order mark / zero-width no-break space
    0x00AD,  # soft hyphen
}


class Problem(Enum):
    """Why a text was refused."""

    EMPTY = "empty"
    NO_WORDS = "no_words"
    TOO_LONG = "too_long"


@dataclass(frozen=True, slots=True)
class Checked:
    """The outcome of checking a text: cleaned text or the problem with it."""

    text: str
    problem: Problem | None = None
    length: int = 0

    @property
    def ok(self) -> bool:
        """True when the text can be used."""
        return self.problem is None


def clean(text: str) -> str:
    """NFC-normalise, drop control and invisible characters, collapse blank runs."""
    text = unicodedata.normalize("NFC", text)
    kept = []
    for char in text:
        code = ord(char)
        if char in "\n\t":
            kept.append(" " if char == "\t" else char)
        elif code in _INVISIBLE or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co"):
            continue
        else:
            kept.append(char)
    lines = [" ".join(line.split()) for line in "".join(kept).split("\n")]
    return "\n".join(line for line in lines if line).strip()


def check(text: str | None, *, max_length: int = MAX_TEXT) -> Checked:
    """Clean a text and say whether it is usable."""
    cleaned = clean(text or "")
    if not cleaned:
        return Checked("", Problem.EMPTY)
    if len(cleaned) > max_length:
        return Checked(cleaned, Problem.TOO_LONG, len(cleaned))
    if not any(char.isalnum() for char in cleaned):
        return Checked(cleaned, Problem.NO_WORDS)
    return Checked(cleaned, None, len(cleaned))
