"""Turn engine outcomes into message text and inline keyboards (plain dicts, no `telegram`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot import keyboards, texts
from bot.flows.model import Done, Info, Outcome, Prompt, Review

# Callback data of flow buttons: fl:<draft>:<step>:<action>[:<arg>]
_FLOW_DATA = re.compile(r"^fl:(\d{1,12}):(\d{1,3}):(c|p|b|s|e|ok|x)(?::([A-Za-z0-9_\-]{1,40}))?$")
# Labels longer than this get a row of their own.
_SHORT_LABEL = 18


@dataclass(frozen=True, slots=True)
class Rendered:
    """One message to send: HTML text and an optional inline keyboard."""

    text: str
    markup: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class FlowPress:
    """A parsed flow button."""

    draft_id: int
    index: int
    action: str
    arg: str | None


def parse(data: str) -> FlowPress | None:
    """Parse flow callback data; None for anything malformed (forged or foreign)."""
    match = _FLOW_DATA.match(data)
    if match is None:
        return None
    draft_id, index, action, arg = match.groups()
    needs_arg = action in ("c", "p", "e")
    if needs_arg != (arg is not None):
        return None
    return FlowPress(int(draft_id), int(index), action, arg)


def render(outcome: Outcome) -> list[Rendered]:
    """Messages that show an outcome, in order."""
    if isinstance(outcome, Prompt):
        return [_prompt(outcome)]
    if isinstance(outcome, Review):
        return [_review(outcome)]
    if isinstance(outcome, Done):
        return [Rendered(outcome.text)]
    assert isinstance(outcome, Info)
    first = Rendered(outcome.text)
    return [first, *render(outcome.then)] if outcome.then is not None else [first]


def _prompt(prompt: Prompt) -> Rendered:
    base = f"fl:{prompt.draft_id}:{prompt.index}"
    rows: list[list[keyboards.Button]] = []
    row: list[keyboards.Button] = []
    for choice in prompt.choices:
        button = (choice.label, f"{base}:c:{choice.value}")
        if len(choice.label) > _SHORT_LABEL:
            if row:
                rows.append(row)
                row = []
            rows.append([button])
        else:
            row.append(button)
            if len(row) == 2:
                rows.append(row)
                row = []
    if row:
        rows.append(row)
    if prompt.pages > 1:
        paging = []
        if prompt.page > 0:
            paging.append((texts.BTN_PREV_PAGE, f"{base}:p:{prompt.page - 1}"))
        if prompt.page < prompt.pages - 1:
            paging.append((texts.BTN_NEXT_PAGE, f"{base}:p:{prompt.page + 1}"))
        rows.append(paging)
    nav = []
    if prompt.can_go_back:
        nav.append((texts.BTN_BACK, f"{base}:b"))
    if prompt.step.skippable:
        nav.append((texts.BTN_SKIP, f"{base}:s"))
    if nav:
        rows.append(nav)
    text = texts.flow_prompt(
        prompt.flow_title,
        prompt.index,
        prompt.total,
        prompt.step.prompt,
        prompt.step.hint,
        error=prompt.error,
        intro=prompt.intro,
        current=prompt.current,
        page=prompt.page,
        pages=prompt.pages,
    )
    return Rendered(text, keyboards.inline(rows) if rows else None)


def _review(review: Review) -> Rendered:
    base = f"fl:{review.draft_id}:{review.index}"
    rows = [[(texts.flow_edit_button(label), f"{base}:e:{i}")] for i, label, _ in review.items]
    rows.append([(texts.BTN_BACK, f"{base}:b")])
    rows.append([(texts.BTN_SUBMIT, f"{base}:ok"), (texts.BTN_CANCEL, f"{base}:x")])
    text = texts.flow_review(review.flow_title, review.items, review.error)
    return Rendered(text, keyboards.inline(rows))
