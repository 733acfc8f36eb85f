"""Typed text the bot cannot take: the sentence that says why (too long, no words, empty).

Free text reaches a draft, a question or an edited answer; each refuses bad input the same
way, so the wording lives here, below all three.
"""

from __future__ import annotations

from bot import inputcheck, texts


def problem_text(checked: inputcheck.Checked) -> str:
    """Render why a typed text was refused."""
    if checked.problem is inputcheck.Problem.TOO_LONG:
        return texts.input_too_long(inputcheck.MAX_TEXT, checked.length)
    if checked.problem is inputcheck.Problem.NO_WORDS:
        return texts.INPUT_NO_WORDS
    return texts.INPUT_EMPTY
