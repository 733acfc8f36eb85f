"""Turn engine outcomes into message text and inline keyboards (plain dicts, no `telegram`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot import keyboards, texts
from bot.flows.callbacks import FLOW
from bot.flows.model import Done, Info, Outcome, Prompt, Review

# Labels longer than this get a row of their own.
_SHORT_LABEL = 18


@dataclass(frozen=True, slots=True)
class Rendered:
    """One message to send: HTML text and an optional inline keyboard."""

    text: str
    markup: dict[str, Any] | None = None


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
    base = (prompt.draft_id, prompt.index)
    rows: list[list[keyboards.Button]] = []
    row: list[keyboards.Button] = []
    for choice in prompt.choices:
        button = (choice.label, FLOW.build(*base, "c", choice.value))
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
            paging.append((texts.BTN_PREV_PAGE, FLOW.build(*base, "p", prompt.page - 1)))
        if prompt.page < prompt.pages - 1:
            paging.append((texts.BTN_NEXT_PAGE, FLOW.build(*base, "p", prompt.page + 1)))
        rows.append(paging)
    nav = []
    if prompt.can_go_back:
        nav.append((texts.BTN_BACK, FLOW.build(*base, "b")))
    if prompt.step.skippable:
        nav.append((texts.BTN_SKIP, FLOW.build(*base, "s")))
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
    base = (review.draft_id, review.index)
    rows = [
        [(texts.flow_edit_button(label), FLOW.build(*base, "e", i))]
        for i, label, _ in review.items
    ]
    rows.append([(texts.BTN_BACK, FLOW.build(*base, "b"))])
    rows.append(
        [(texts.BTN_SUBMIT, FLOW.build(*base, "ok")), (texts.BTN_CANCEL, FLOW.build(*base, "x"))]
    )
    text = texts.flow_review(review.flow_title, review.items, review.error)
    return Rendered(text, keyboards.inline(rows))
