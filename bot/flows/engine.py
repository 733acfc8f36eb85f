"""The flow engine: each answer is validated and saved to the draft row before the next prompt."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from bot import texts
from bot.authority import Authority
from bot.clock import Clock, to_iso
from bot.flows import views
from bot.flows.model import (
    DISPLAY,
    FILES,
    REMOVE_FILE,
    RETURN_TO,
    Accept,
    Choice,
    Done,
    Flow,
    FlowRegistry,
    Info,
    Outcome,
    Prompt,
    Reject,
    Review,
    SubmitContext,
    SubmitRejected,
    file_ref,
)
from bot.models.drafts import Draft, DraftStatus
from storage.db import Database
from storage.drafts import DraftRepository

logger = logging.getLogger(__name__)

# Message ids remembered per draft, to map an edited message back to its step.
REMEMBERED_MESSAGES = 30
# A press on a button that no longer applies (another draft, a step passed, a file gone):
# nothing changes and the person is only told so (a toast), the current prompt stays below.
_STALE = Info(texts.FLOW_STALE_BUTTON, stale=True)


class FlowEngine:
    """Runs guided conversations whose state lives only in `drafts` rows."""

    def __init__(
        self,
        db: Database,
        drafts: DraftRepository,
        registry: FlowRegistry,
        clock: Clock,
        authority: Authority | None = None,
    ) -> None:
        self._db = db
        self._drafts = drafts
        self._registry = registry
        self._clock = clock
        self._authority = authority

    # -- reading -----------------------------------------------------------------------

    def title(self, draft: Draft) -> str:
        """The title of a draft's form, as the user saw it."""
        return self._registry.get(draft.flow).title

    @property
    def flows(self) -> list[Flow]:
        """Every form this engine runs."""
        return list(self._registry.flows.values())

    async def active(self, telegram_id: int) -> Draft | None:
        """The user's active draft, if any."""
        return await self._drafts.active(telegram_id)

    async def current(self, draft: Draft, *, error: str | None = None) -> Prompt | Review:
        """Render where a draft stands: its current step's prompt, or the review."""
        flow = self._registry.get(draft.flow)
        if draft.step >= len(flow.steps):
            return self._review(flow, draft, error)
        return await self._prompt(flow, draft, draft.step, error=error)

    async def pending_prompts(self) -> list[tuple[int, Prompt | Review]]:
        """The current prompt of every active draft (re-sent once at start-up).

        A draft whose owner may no longer run its form is archived instead of re-prompted.
        """
        prompts = []
        for draft in await self._drafts.all_active():
            if await self._admitted(draft.telegram_id, draft.flow):
                prompts.append((draft.telegram_id, await self.current(draft)))
            else:
                await self._set_aside(draft)
        return prompts

    # -- starting, parking, resuming ---------------------------------------------------

    async def start(
        self,
        telegram_id: int,
        flow_name: str,
        answers: dict[str, Any] | None = None,
        *,
        intro: str | None = None,
        at_review: bool = False,
    ) -> Outcome:
        """Start a flow; an already active draft is shown instead of starting another.

        `at_review` opens a draft whose answers are all given (editing a returned proposal).
        """
        existing = await self._drafts.active(telegram_id)
        if existing is not None:
            return Info(texts.FLOW_ALREADY_ACTIVE, then=await self.current(existing))
        if not await self._admitted(telegram_id, flow_name):
            return Info(texts.FLOW_NOT_ALLOWED)
        flow = self._registry.get(flow_name)
        async with self._db.transaction() as conn:
            now = self._now()
            draft_id = await self._drafts.create(
                conn, telegram_id=telegram_id, flow=flow_name, answers=answers or {}, now=now
            )
            if at_review:
                await self._drafts.save(
                    conn,
                    draft_id,
                    step=len(flow.steps),
                    answers=answers or {},
                    messages={},
                    now=now,
                )
        draft = await self._drafts.get(draft_id)
        assert draft is not None
        if at_review:
            return self._review(flow, draft, None)
        return await self._prompt(flow, draft, 0, intro=flow.intro if intro is None else intro)

    async def park(self, telegram_id: int) -> Draft | None:
        """Set the active draft aside (nothing is deleted); return it, or None if none."""
        draft = await self._drafts.active(telegram_id)
        if draft is None:
            return None
        async with self._db.transaction() as conn:
            await self._drafts.set_status(conn, draft.id, DraftStatus.PARKED, self._now())
        return draft

    async def resume(self, telegram_id: int, flow_name: str | None = None) -> Outcome | None:
        """Re-activate the latest parked draft; None when there is nothing to resume."""
        active = await self._drafts.active(telegram_id)
        if active is not None:
            return await self._refusal(active) or await self.current(active)
        parked = await self._drafts.latest_parked(telegram_id, flow_name)
        if parked is None:
            return None
        if refused := await self._refusal(parked):
            return refused
        async with self._db.transaction() as conn:
            await self._drafts.set_status(conn, parked.id, DraftStatus.ACTIVE, self._now())
        return await self.current(parked)

    async def reopen(self, telegram_id: int, draft_id: int) -> Outcome | None:
        """Make one of the user's parked or archived drafts active again."""
        if await self._drafts.active(telegram_id) is not None:
            return None
        draft = await self._drafts.get(draft_id)
        if (
            draft is None
            or draft.telegram_id != telegram_id
            or draft.status not in (DraftStatus.PARKED, DraftStatus.ARCHIVED)
        ):
            return None
        if not await self._admitted(telegram_id, draft.flow):
            return Info(texts.FLOW_NOT_ALLOWED)
        async with self._db.transaction() as conn:
            await self._drafts.set_status(conn, draft.id, DraftStatus.ACTIVE, self._now())
        return await self.current(draft)

    async def discard_parked(self, telegram_id: int, flow_name: str) -> None:
        """Throw away the parked drafts of a flow the user chose to start again.

        They are deleted, not archived: a restart must not leave old drafts to reopen.
        """
        while (parked := await self._drafts.latest_parked(telegram_id, flow_name)) is not None:
            async with self._db.transaction() as conn:
                await self._drafts.delete(conn, parked.id, self._now())
        logger.info("Parked %s drafts of %d discarded on restart", flow_name, telegram_id)

    async def discard(self, telegram_id: int, draft_id: int, index: int) -> Info:
        """Throw away the active draft the user confirmed to cancel (its answers are deleted)."""
        draft = await self._checked(telegram_id, draft_id, index)
        if isinstance(draft, Info):
            return draft
        async with self._db.transaction() as conn:
            await self._drafts.delete(conn, draft.id, self._now())
        return Info(texts.FLOW_DISCARDED, answered=texts.BTN_DISCARD_CONFIRM)

    async def confirm_discard(self, telegram_id: int, draft_id: int, index: int) -> Info:
        """Ask before throwing a draft away; nothing changes yet."""
        draft = await self._checked(telegram_id, draft_id, index)
        if isinstance(draft, Info):
            return draft
        return Info(texts.FLOW_DISCARD_ASK, confirm=(draft.id, index), answered=texts.BTN_CANCEL)

    async def keep(self, telegram_id: int, draft_id: int) -> Outcome:
        """The person kept the draft they were asked to throw away: show where it stands.

        Only that draft: the button of an older question (another draft, one thrown away)
        neither shows nor resumes a different one.
        """
        active = await self._drafts.active(telegram_id)
        if active is not None and active.id != draft_id:
            return _STALE
        if active is not None:
            outcome: Outcome | None = await self._refusal(active) or await self.current(active)
        else:
            parked = await self._drafts.get(draft_id)
            if parked is None or parked.status is not DraftStatus.PARKED:
                return _STALE
            outcome = await self.reopen(telegram_id, draft_id)
        if outcome is None:
            return _STALE
        if isinstance(outcome, Info):  # refused: nothing was kept
            return outcome
        return replace(outcome, answered=texts.BTN_DISCARD_KEEP)

    # -- answering ---------------------------------------------------------------------

    async def answer_text(self, telegram_id: int, text: str, message_id: int) -> Outcome | None:
        """Take a typed answer for the active draft; None when the user has no active draft."""
        draft = await self._drafts.active(telegram_id)
        if draft is None:
            return None
        if refused := await self._refusal(draft):
            return refused
        flow = self._registry.get(draft.flow)
        if draft.step >= len(flow.steps):
            return self._review(flow, draft, texts.FLOW_REVIEW_USE_BUTTONS)
        step = flow.steps[draft.step]
        result = await step.validate(text, draft.answers)
        if isinstance(result, Reject):
            await self._remember(draft, message_id, draft.step)
            return await self._prompt(
                flow, draft, draft.step, error=result.message, choices=result.choices or None
            )
        return await self._store(flow, draft, draft.step, result, message_id)

    async def choose(self, telegram_id: int, draft_id: int, index: int, value: str) -> Outcome:
        """Take a button answer; stale or forged presses change nothing."""
        draft = await self._checked(telegram_id, draft_id, index)
        if isinstance(draft, Info):
            return draft
        flow = self._registry.get(draft.flow)
        step = flow.steps[index]
        options = await step.choices(draft.answers) if step.choices else []
        match = next((c for c in options if c.value == value), None)
        if match is None:
            return _STALE
        if step.files and match.value.startswith(REMOVE_FILE):
            return await self._drop_file(draft, index, match)
        if step.files:
            files = list(draft.answers.get(FILES, []))
            shown = texts.p_files_current(views.collected(draft.answers)) if files else None
            stored = await self._store(
                flow, draft, index, Accept(files, texts.p_files_display(len(files))), None
            )
            return replace(stored, answered=shown or texts.P_FILES_EMPTY)
        stored = await self._store(flow, draft, index, Accept(match.answer, match.label), None)
        return replace(stored, answered=match.label)

    async def page(self, telegram_id: int, draft_id: int, index: int, page: int) -> Outcome:
        """Show another page of a step's buttons."""
        draft = await self._checked(telegram_id, draft_id, index)
        if isinstance(draft, Info):
            return draft
        return await self._prompt(self._registry.get(draft.flow), draft, index, page=page)

    async def skip(self, telegram_id: int, draft_id: int, index: int) -> Outcome:
        """Skip an optional step."""
        draft = await self._checked(telegram_id, draft_id, index)
        if isinstance(draft, Info):
            return draft
        flow = self._registry.get(draft.flow)
        if not flow.steps[index].skippable:
            return _STALE
        if flow.steps[index].files:  # skipped: no files, not the ones sent before the skip
            draft = replace(draft, answers={**draft.answers, FILES: []})
        skipped = await self._store(flow, draft, index, Accept(None, texts.FLOW_SKIPPED), None)
        return replace(skipped, answered=texts.FLOW_SKIPPED)

    async def back(self, telegram_id: int, draft_id: int, index: int) -> Outcome:
        """Go back one step (from the review: to the last step)."""
        draft = await self._checked(telegram_id, draft_id, index)
        if isinstance(draft, Info):
            return draft
        if index == 0:
            return await self.current(draft)
        await self._move(draft, index - 1, return_to=None)
        return replace(await self._reload_current(draft.id), answered=texts.FLOW_WENT_BACK)

    async def edit(self, telegram_id: int, draft_id: int, index: int, target: int) -> Outcome:
        """From the review, re-ask one earlier step, then come back to the review."""
        draft = await self._checked(telegram_id, draft_id, index)
        if isinstance(draft, Info):
            return draft
        flow = self._registry.get(draft.flow)
        if index != len(flow.steps) or not 0 <= target < len(flow.steps):
            return _STALE
        await self._move(draft, target, return_to=len(flow.steps))
        edited = texts.flow_edit_button(flow.steps[target].label)
        return replace(await self._reload_current(draft.id), answered=edited)

    async def submit(self, telegram_id: int, draft_id: int, index: int) -> Outcome:
        """Submit a reviewed draft: the flow's effect and the draft's end in one transaction."""
        draft = await self._checked(telegram_id, draft_id, index)
        if isinstance(draft, Info):
            return draft
        flow = self._registry.get(draft.flow)
        if index != len(flow.steps):
            return _STALE
        answers = {k: v for k, v in draft.answers.items() if k != DISPLAY and k != RETURN_TO}
        try:
            async with self._db.transaction() as conn:
                now = self._now()
                # Read again where the effect is written: a role lost a moment ago counts.
                if not await self._admitted(telegram_id, draft.flow):
                    await self._drafts.set_status(conn, draft.id, DraftStatus.ARCHIVED, now)
                    return Info(texts.FLOW_NOT_ALLOWED)
                completion = await flow.submit(
                    answers, SubmitContext(conn, telegram_id, draft.id, now)
                )
                await self._drafts.set_status(conn, draft.id, DraftStatus.DONE, now)
        except SubmitRejected as exc:
            return self._review(flow, draft, str(exc))
        return Done(completion.text, answered=texts.BTN_SUBMIT)

    async def add_file(
        self, telegram_id: int, kind: str, file_id: str, file_name: str | None
    ) -> Outcome | None:
        """Attach a document or photo at a file step; None when no draft is active."""
        draft = await self._drafts.active(telegram_id)
        if draft is None:
            return None
        if refused := await self._refusal(draft):
            return refused
        flow = self._registry.get(draft.flow)
        if draft.step >= len(flow.steps) or not flow.steps[draft.step].files:
            return Info(texts.P_FILES_NOT_NOW, then=await self.current(draft))
        step = flow.steps[draft.step]
        files = list(draft.answers.get(FILES, []))
        if len(files) >= step.max_files:
            return await self._prompt(
                flow, draft, draft.step, error=texts.p_files_full(step.max_files)
            )
        files.append({"kind": kind, "file_id": file_id, "file_name": file_name})
        await self._save(draft, answers={**draft.answers, FILES: files})
        updated = await self._drafts.get(draft.id)
        assert updated is not None
        return await self._prompt(
            flow, updated, draft.step, error=None, notice=texts.p_files_received(len(files))
        )

    async def _drop_file(self, draft: Draft, index: int, pressed: Choice) -> Outcome:
        """Remove the collected file a button names (an explicit press; adding never
        replaces); `choose` already refused a button whose file is gone."""
        ref = pressed.value[len(REMOVE_FILE) :]
        files = list(draft.answers.get(FILES, []))
        gone = next((f for f in files if file_ref(f) == ref), None)
        if gone is None:
            return _STALE
        files.remove(gone)
        await self._save(draft, step=index, answers={**draft.answers, FILES: files})
        updated = await self._reload_current(draft.id)
        assert isinstance(updated, Prompt)
        kind, name = gone.get("kind", "document"), gone.get("file_name")
        removed = texts.p_file_removed(name, len(files))
        return Info(removed, then=updated, answered=texts.p_file_dropped(kind, name))

    async def edited_message(self, telegram_id: int, message_id: int, text: str) -> Outcome | None:
        """An edited message updates its answer if it answered the current or previous step."""
        draft = await self._drafts.active(telegram_id)
        if draft is None:
            return None
        if refused := await self._refusal(draft):
            return refused
        index = draft.messages.get(str(message_id))
        flow = self._registry.get(draft.flow)
        if index is None or index not in (draft.step, draft.step - 1):
            return Info(texts.FLOW_EDIT_TOO_OLD, then=await self.current(draft))
        step = flow.steps[index]
        result = await step.validate(text, draft.answers)
        if isinstance(result, Reject):
            return Info(texts.flow_edit_rejected(step.label, result.message))
        if index == draft.step:
            return await self._store(flow, draft, index, result, message_id)
        answers = dict(draft.answers)
        answers[step.key] = result.value
        answers[DISPLAY] = {**answers.get(DISPLAY, {}), step.key: result.display}
        await self._save(draft, answers=answers)
        return Info(texts.flow_answer_updated(step.label, result.display))

    # -- internals ---------------------------------------------------------------------

    async def _checked(self, telegram_id: int, draft_id: int, index: int) -> Draft | Info:
        draft = await self._drafts.active(telegram_id)
        if draft is None or draft.id != draft_id:
            return _STALE
        if refused := await self._refusal(draft):
            return refused
        if draft.step != index:
            return _STALE
        return draft

    async def _admitted(self, telegram_id: int, flow_name: str) -> bool:
        """Whether the person may run the form now, by their standing as stored now."""
        admits = self._registry.get(flow_name).admits
        if admits is None or self._authority is None:
            return True
        return admits(await self._authority.standing(telegram_id))

    async def _refusal(self, draft: Draft) -> Info | None:
        """None when the owner may go on; else the draft is set aside and the refusal shown."""
        if await self._admitted(draft.telegram_id, draft.flow):
            return None
        await self._set_aside(draft)
        return Info(texts.FLOW_NOT_ALLOWED)

    async def _set_aside(self, draft: Draft) -> None:
        """Archive a draft its owner may no longer finish (kept, never deleted)."""
        async with self._db.transaction() as conn:
            await self._drafts.set_status(conn, draft.id, DraftStatus.ARCHIVED, self._now())
        logger.info("Draft %d (%s) set aside: owner may no longer run it", draft.id, draft.flow)

    async def _store(
        self, flow: Flow, draft: Draft, index: int, result: Accept, message_id: int | None
    ) -> Outcome:
        answers = dict(draft.answers)
        step = flow.steps[index]
        answers[step.key] = result.value
        answers[DISPLAY] = {**answers.get(DISPLAY, {}), step.key: result.display}
        return_to = answers.pop(RETURN_TO, None)
        next_index = return_to if isinstance(return_to, int) else index + 1
        messages = self._messages_with(draft, message_id, index)
        error = None
        if next_index == len(flow.steps) and (again := views.ask_again(flow, answers)):
            next_index, error = again  # the review comes back after that step
            answers[RETURN_TO] = len(flow.steps)
        await self._save(draft, step=next_index, answers=answers, messages=messages)
        return await self._reload_current(draft.id, error=error)

    async def _move(self, draft: Draft, index: int, *, return_to: int | None) -> None:
        answers = dict(draft.answers)
        answers.pop(RETURN_TO, None)
        if return_to is not None:
            answers[RETURN_TO] = return_to
        await self._save(draft, step=index, answers=answers)

    async def _remember(self, draft: Draft, message_id: int, index: int) -> None:
        await self._save(draft, messages=self._messages_with(draft, message_id, index))

    async def _save(
        self,
        draft: Draft,
        *,
        step: int | None = None,
        answers: dict[str, Any] | None = None,
        messages: dict[str, int] | None = None,
    ) -> None:
        """Write a draft's step, answers and messages (each as it was unless given)."""
        async with self._db.transaction() as conn:
            await self._drafts.save(
                conn,
                draft.id,
                step=draft.step if step is None else step,
                answers=draft.answers if answers is None else answers,
                messages=draft.messages if messages is None else messages,
                now=self._now(),
            )

    @staticmethod
    def _messages_with(draft: Draft, message_id: int | None, index: int) -> dict[str, int]:
        messages = dict(draft.messages)
        if message_id is not None:
            messages[str(message_id)] = index
        # Keep the newest few: only the current and previous steps' messages matter.
        return dict(sorted(messages.items(), key=lambda kv: int(kv[0]))[-REMEMBERED_MESSAGES:])

    async def _reload_current(self, draft_id: int, error: str | None = None) -> Prompt | Review:
        draft = await self._drafts.get(draft_id)
        assert draft is not None
        return await self.current(draft, error=error)

    async def _prompt(self, flow: Flow, draft: Draft, index: int, **how: Any) -> Prompt:
        return await views.prompt(flow, draft, index, **how)

    def _review(self, flow: Flow, draft: Draft, error: str | None) -> Review:
        return views.review(flow, draft, error)

    def _now(self) -> str:
        return to_iso(self._clock.now())
