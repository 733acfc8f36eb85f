"""Turn engine outcomes into message text and inline keyboards (plain dicts, no `telegram`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot import keyboards, texts
from bot.flows.callbacks import FLOW
from bot.flows.model import Done, Info, Outcome, Prompt, Review

# Labels longer than this get a row of their own.
_SHORT_LABEL = 18
# What one message may hold, in UTF-16 units of its HTML (Telegram counts at most 4,096 after
# parsing; the HTML is never shorter): room is left for a line put in front (a restart notice).
BUDGET = 3800


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
        return _review(outcome)
    if isinstance(outcome, Done):
        return [Rendered(outcome.text)]
    assert isinstance(outcome, Info)
    first = Rendered(outcome.text, _confirm(outcome.confirm) if outcome.confirm else None)
    return [first, *render(outcome.then)] if outcome.then is not None else [first]


def _confirm(target: tuple[int, int]) -> dict[str, Any]:
    """The buttons that confirm or refuse throwing a draft away."""
    return keyboards.inline(
        [
            [(texts.BTN_DISCARD_CONFIRM, FLOW.build(*target, "xy"))],
            [(texts.BTN_DISCARD_KEEP, FLOW.build(*target, "xn"))],
        ]
    )


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
    rows += [[exit_button] for exit_button in prompt.exits]
    return Rendered(_prompt_text(prompt), keyboards.inline(rows) if rows else None)


def _prompt_text(prompt: Prompt) -> str:
    """The question; a long current value (shown when editing) is cut to fit one message."""
    current = prompt.current
    while True:
        text = texts.flow_prompt(
            prompt.flow_title,
            prompt.index,
            prompt.total,
            prompt.step.prompt,
            prompt.step.hint,
            error=prompt.error,
            intro=prompt.intro,
            current=current,
            page=prompt.page,
            pages=prompt.pages,
        )
        over = size(text) - BUDGET
        if over <= 0 or not current:
            return text
        # The review shows the value in full; here its start is enough to recognise it.
        current = _cut(current, max(0, len(current) - over - 1)) + "…"


def _review(review: Review) -> list[Rendered]:
    """The review, split over as many messages as its answers need; the buttons on the last."""
    base = (review.draft_id, review.index)
    rows = [
        [(texts.flow_edit_button(label), FLOW.build(*base, "e", i))]
        for i, label, _ in review.items
    ]
    rows.append([(texts.BTN_BACK, FLOW.build(*base, "b"))])
    rows.append(
        [(texts.BTN_SUBMIT, FLOW.build(*base, "ok")), (texts.BTN_CANCEL, FLOW.build(*base, "x"))]
    )
    blocks = [line for _, label, value in review.items for line in _item_lines(label, value)]
    blocks += ["", texts.flow_review_foot()]
    parts: list[list[str]] = [[texts.flow_review_head(review.flow_title, review.error), ""]]
    for block in blocks:
        if size("\n".join([*parts[-1], block])) > BUDGET:
            parts.append([texts.flow_review_head(review.flow_title, None, len(parts) + 1), ""])
        parts[-1].append(block)
    messages = [Rendered("\n".join(part).strip()) for part in parts]
    messages[-1] = Rendered(messages[-1].text, keyboards.inline(rows))
    return messages


def _item_lines(label: str, value: str) -> list[str]:
    """One answer's lines in the review; an answer too long for one message goes in pieces."""
    room = BUDGET - size(texts.flow_review_head("", None, 99)) - 100
    lines: list[str] = []
    rest = value
    while True:
        line = texts.flow_review_item(label, rest, continued=bool(lines))
        if size(line) <= room:
            return [*lines, line]
        piece = rest
        while (shown := size(texts.flow_review_item(label, piece, continued=True))) > room:
            piece = _cut(piece, len(piece) * room // shown or 1)
        lines.append(texts.flow_review_item(label, piece, continued=bool(lines)))
        rest = rest[len(piece) :].lstrip()


def _cut(text: str, length: int) -> str:
    """At most `length` characters of `text`, ending at a word boundary when there is one."""
    if len(text) <= length:
        return text
    head = text[:length]
    space = head.rfind(" ")
    return head[:space] if space > length // 2 else head


def size(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2
