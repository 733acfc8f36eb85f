"""The flow engine over a real SQLite file: save-before-prompt, back, edit, park, resume."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.flows import callbacks
from bot.flows.engine import FlowEngine
from bot.flows.model import (
    FILES,
    Accept,
    Choice,
    Completion,
    Done,
    Flow,
    FlowRegistry,
    Info,
    Prompt,
    Reject,
    Review,
    Step,
    SubmitContext,
)
from bot.flows.validators import files_done, files_only
from bot.texts.forms import StepText
from storage.db import Database
from storage.drafts import DraftRepository
from storage.migrations import migrate

USER = 42


async def _word(text: str, answers: dict[str, Any]) -> Accept | Reject:
    return Accept(text, text) if text.isalpha() else Reject("chỉ chữ")


async def _colours(answers: dict[str, Any]) -> list[Choice]:
    return [Choice(str(i), name) for i, name in enumerate(["đỏ", "xanh", "vàng"] * 4)]


submitted: list[dict[str, Any]] = []


async def _submit(answers: dict[str, Any], ctx: SubmitContext) -> Completion:
    await ctx.conn.execute("SELECT 1")
    submitted.append(answers)
    return Completion("xong")


FLOW = Flow(
    name="demo",
    title="Thử",
    steps=(
        Step("a", StepText("A", "Nhập A"), _word),
        Step("b", StepText("B", "Chọn B"), _word, choices=_colours),
        Step("c", StepText("C", "Nhập C"), _word, skippable=True),
    ),
    submit=_submit,
)
FILE_FLOW = Flow(
    name="files",
    title="Tệp",
    steps=(Step("f", StepText("F", "Gửi tệp"), files_only, choices=files_done, files=True),),
    submit=_submit,
)


@pytest.fixture
async def engine(tmp_path: Path) -> FlowEngine:
    db = Database(tmp_path / "f.sqlite3")
    await db.open()
    await migrate(db.conn)
    registry = FlowRegistry()
    registry.add(FLOW)
    registry.add(FILE_FLOW)
    yield FlowEngine(db, DraftRepository(db), registry, ManualClock())  # type: ignore[misc]
    await db.close()


async def test_answers_are_saved_before_the_next_prompt(engine: FlowEngine) -> None:
    first = await engine.start(USER, "demo")
    assert isinstance(first, Prompt) and first.index == 0
    bad = await engine.answer_text(USER, "123", message_id=1)
    assert isinstance(bad, Prompt) and bad.error == "chỉ chữ" and bad.index == 0
    second = await engine.answer_text(USER, "alpha", message_id=2)
    assert isinstance(second, Prompt) and second.index == 1
    assert len(second.choices) == 8 and second.pages == 2
    draft = await engine.active(USER)
    assert draft is not None and draft.step == 1 and draft.answers["a"] == "alpha"
    assert draft.messages == {"1": 0, "2": 0}


async def test_buttons_skip_review_edit_submit(engine: FlowEngine) -> None:
    start = await engine.start(USER, "demo")
    assert isinstance(start, Prompt)
    await engine.answer_text(USER, "alpha", 1)
    page2 = await engine.page(USER, start.draft_id, 1, 1)
    assert isinstance(page2, Prompt) and page2.page == 1 and len(page2.choices) == 4
    third = await engine.choose(USER, start.draft_id, 1, "1")
    assert isinstance(third, Prompt) and third.index == 2
    review = await engine.skip(USER, start.draft_id, 2)
    assert isinstance(review, Review)
    assert [item[2] for item in review.items] == ["alpha", "xanh", "(bỏ qua)"]
    edit = await engine.edit(USER, start.draft_id, 3, 0)
    assert isinstance(edit, Prompt) and edit.index == 0 and edit.current == "alpha"
    back_to_review = await engine.answer_text(USER, "beta", 5)
    assert isinstance(back_to_review, Review) and back_to_review.items[0][2] == "beta"
    done = await engine.submit(USER, start.draft_id, 3)
    assert isinstance(done, Done) and done.text == "xong"
    assert submitted[-1] == {"a": "beta", "b": "1", "c": None}
    assert await engine.active(USER) is None


async def test_stale_presses_change_nothing(engine: FlowEngine) -> None:
    start = await engine.start(USER, "demo")
    assert isinstance(start, Prompt)
    before = await engine.active(USER)
    for outcome in (
        await engine.choose(USER, start.draft_id, 1, "1"),  # wrong step
        await engine.choose(USER, start.draft_id + 1, 0, "1"),  # wrong draft
        await engine.skip(USER, start.draft_id, 0),  # not skippable
        await engine.submit(USER, start.draft_id, 0),  # not at review
        await engine.choose(7, start.draft_id, 0, "1"),  # someone else
    ):
        assert isinstance(outcome, Info)
    assert await engine.active(USER) == before


async def test_park_resume_and_one_active_draft(engine: FlowEngine) -> None:
    await engine.start(USER, "demo")
    await engine.answer_text(USER, "alpha", 1)
    again = await engine.start(USER, "demo")
    assert isinstance(again, Info) and isinstance(again.then, Prompt) and again.then.index == 1
    assert await engine.park(USER) is not None
    assert await engine.active(USER) is None
    assert await engine.answer_text(USER, "beta", 2) is None
    resumed = await engine.resume(USER)
    assert isinstance(resumed, Prompt) and resumed.index == 1
    assert await engine.pending_prompts() != []


async def test_back_goes_one_step(engine: FlowEngine) -> None:
    start = await engine.start(USER, "demo")
    assert isinstance(start, Prompt)
    await engine.answer_text(USER, "alpha", 1)
    back = await engine.back(USER, start.draft_id, 1)
    assert isinstance(back, Prompt) and back.index == 0


async def test_a_remove_button_names_its_file_not_its_place(engine: FlowEngine) -> None:
    start = await engine.start(USER, "files")
    assert isinstance(start, Prompt)
    for name in ("a", "b", "c"):
        await engine.add_file(USER, "document", f"file-{name}", name)
    shown = await engine.current(await _active(engine))
    assert isinstance(shown, Prompt)
    remove = {c.label.rsplit(" ", 1)[-1]: c.value for c in shown.choices if c.value != "done"}
    assert len(set(remove.values())) == 3
    # Ids, not positions: the data fits Telegram's 64 bytes even for a huge draft id.
    assert callbacks.FLOW.build(10**12 - 1, 999, "c", remove["c"])
    gone = await engine.choose(USER, start.draft_id, 0, remove["a"])
    assert isinstance(gone, Info) and not gone.stale
    # The old button of "b" still removes "b" (now the first file); "a" is gone: refused.
    before = await _active(engine)
    again = await engine.choose(USER, start.draft_id, 0, remove["a"])
    assert isinstance(again, Info) and again.stale and await _active(engine) == before
    await engine.choose(USER, start.draft_id, 0, remove["b"])
    assert [f["file_name"] for f in (await _active(engine)).answers[FILES]] == ["c"]


async def test_a_thrown_away_draft_id_is_never_given_again(engine: FlowEngine) -> None:
    start = await engine.start(USER, "demo")
    assert isinstance(start, Prompt)
    await engine.discard(USER, start.draft_id, 0)
    again = await engine.start(USER, "demo")
    assert isinstance(again, Prompt) and again.draft_id != start.draft_id
    stale = await engine.choose(USER, start.draft_id, 0, "1")
    assert isinstance(stale, Info) and stale.stale


async def _active(engine: FlowEngine) -> Any:
    draft = await engine.active(USER)
    assert draft is not None
    return draft


async def test_keeping_a_draft_keeps_only_the_one_asked_about(engine: FlowEngine) -> None:
    first = await engine.start(USER, "demo")
    assert isinstance(first, Prompt)
    await engine.discard(USER, first.draft_id, 0)
    second = await engine.start(USER, "demo")
    assert isinstance(second, Prompt)
    await engine.park(USER)
    # The old question's «keep» neither shows nor resumes the other draft.
    old = await engine.keep(USER, first.draft_id)
    assert isinstance(old, Info) and old.stale and await engine.active(USER) is None
    kept = await engine.keep(USER, second.draft_id)
    assert isinstance(kept, Prompt) and kept.draft_id == second.draft_id
    assert kept.answered is not None
