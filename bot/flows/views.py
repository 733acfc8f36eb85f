"""What a draft looks like to its owner: the current step's prompt, or the review."""

from __future__ import annotations

from typing import Any

from bot import texts
from bot.flows.model import DISPLAY, FILES, RETURN_TO, Choice, Flow, Prompt, Review, Step
from bot.models.drafts import Draft

PAGE_SIZE = 8


async def prompt(
    flow: Flow,
    draft: Draft,
    index: int,
    *,
    error: str | None = None,
    page: int = 0,
    choices: tuple[Choice, ...] | None = None,
    intro: str = "",
    notice: str | None = None,
) -> Prompt:
    """The question of step `index`, with one page of its buttons."""
    step = flow.steps[index]
    if choices is None and step.choices is not None:
        options = await step.choices(draft.answers)
        pages = max(1, -(-len(options) // PAGE_SIZE))
        page = min(max(page, 0), pages - 1)
        choices = tuple(options[page * PAGE_SIZE : (page + 1) * PAGE_SIZE])
        total_pages = pages
    else:
        total_pages = 1
        page = 0
    return Prompt(
        draft_id=draft.id,
        flow_title=flow.title,
        index=index,
        total=len(flow.steps),
        step=step,
        choices=choices or (),
        page=page,
        pages=total_pages,
        error=error,
        intro=notice or intro,
        current=current(step, draft.answers),
        exits=tuple(step.exits(draft.answers)) if step.exits else (),
    )


def current(step: Step, answers: dict[str, Any]) -> str | None:
    """The "current value" line of a prompt: the answer being edited, or at a file step the
    files collected so far ("(bỏ qua)" only when the step was really skipped)."""
    editing = RETURN_TO in answers
    if not step.files:
        return answers.get(DISPLAY, {}).get(step.key) if editing else None
    if files := collected(answers):
        return texts.p_files_current(files)
    if not editing:
        return None
    return texts.FLOW_SKIPPED if answers.get(step.key) is None else texts.P_FILES_NONE


def collected(answers: dict[str, Any]) -> list[tuple[str, str | None]]:
    """The files a file step holds so far, as (kind, name)."""
    return [(f.get("kind", "document"), f.get("file_name")) for f in answers.get(FILES) or []]


def review(flow: Flow, draft: Draft, error: str | None) -> Review:
    """Every answer of a draft, before it is submitted; what depends on other answers is
    recomputed from them, and one that no longer holds is said above the review."""
    display = draft.answers.get(DISPLAY, {})
    if flow.recheck is not None:
        recheck = flow.recheck(draft.answers)
        display = {**display, **recheck.lines}
        error = error or (recheck.reason if recheck.again else None)
    items = tuple(
        (i, step.label, str(display.get(step.key, texts.FLOW_SKIPPED)))
        for i, step in enumerate(flow.steps)
    )
    return Review(draft.id, flow.title, len(flow.steps), items, error)


def ask_again(flow: Flow, answers: dict[str, Any]) -> tuple[int, str] | None:
    """Before the review: the step whose answer no longer holds with the others (e.g. a basis
    the edited votes do not give) and why, or None when every answer stands."""
    recheck = flow.recheck(answers) if flow.recheck is not None else None
    if recheck is None or recheck.again is None:
        return None
    return flow.index_of(recheck.again), recheck.reason
