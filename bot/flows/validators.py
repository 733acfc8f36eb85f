"""Validators shared by flows."""

from __future__ import annotations

from typing import Any

from bot import inputcheck, texts
from bot.flows.model import (
    FILES,
    REMOVE_FILE,
    Accept,
    Choice,
    Reject,
    Step,
    Validator,
    file_ref,
)
from bot.texts.forms import StepText


def text_between(low: int, high: int, error: str | None = None) -> Validator:
    """Accept cleaned text of `low` to `high` characters; else `error` (default: the bounds)."""

    async def validate(text: str, answers: dict[str, Any]) -> Accept | Reject:
        checked = inputcheck.check(text, max_length=high)
        if not checked.ok or len(checked.text) < low:
            return Reject(error or texts.p_length(low, high, len(checked.text)))
        return Accept(checked.text, checked.text)

    return validate


def text_step(
    key: str,
    text: StepText,
    low: int,
    high: int,
    *,
    error: str | None = None,
    skippable: bool = False,
) -> Step:
    """A free-text step whose limits are declared once: checked by its validator, stated in
    its hint (`Step.length`)."""
    return Step(
        key,
        text,
        text_between(low, high, error),
        skippable=skippable,
        length=(low, high),
    )


async def pick_a_button(text: str, answers: dict[str, Any]) -> Accept | Reject:
    """Steps answered only with buttons refuse typed text."""
    return Reject(texts.D_PICK_BUTTON)


async def files_done(answers: dict[str, Any]) -> list[Choice]:
    """The button that closes a file step, then one that removes each file collected (named
    by the file, not its place: an older prompt's button removes what it said or nothing)."""
    files = answers.get(FILES) or []
    return [
        Choice("done", texts.P_FILES_DONE),
        *(
            Choice(
                f"{REMOVE_FILE}{file_ref(f)}",
                texts.p_file_remove_button(i + 1, f.get("file_name")),
            )
            for i, f in enumerate(files)
        ),
    ]


async def files_only(text: str, answers: dict[str, Any]) -> Accept | Reject:
    """File steps take documents and photos, not text."""
    return Reject(texts.P_FILES_TEXT)
