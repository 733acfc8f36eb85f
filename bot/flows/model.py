"""What a flow is made of, and what the engine tells a handler to show."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiosqlite

from bot.authority import Admits
from bot.texts.forms import StepText, length_hint

# Where a file step keeps the files collected so far, and the choice that removes one
# ("rm<file_ref>"): adding a file never replaces the earlier ones, removing one is a press.
FILES = "_files"
DISPLAY = "_display"  # how each answer is shown at the review
RETURN_TO = "_return"  # the review step an edit goes back to
REMOVE_FILE = "rm"


def file_ref(file: dict[str, Any]) -> str:
    """What a remove button calls a collected file: a short hash of its Telegram file id, never
    its position, so a button from an older prompt still names the same file (or none)."""
    file_id = str(file.get("file_id") or "")
    return hashlib.blake2s(file_id.encode(), digest_size=6).hexdigest()


@dataclass(frozen=True, slots=True)
class Choice:
    """A button offered at a step: the stored value and its label."""

    value: str
    label: str
    stored: Any = None

    @property
    def answer(self) -> Any:
        """What is saved when this button is pressed (the value unless told otherwise)."""
        return self.value if self.stored is None else self.stored


@dataclass(frozen=True, slots=True)
class Accept:
    """A valid answer: the value to store and how to show it in the summary."""

    value: Any
    display: str


@dataclass(frozen=True, slots=True)
class Reject:
    """An invalid answer: what to fix, and optionally buttons to pick from instead."""

    message: str
    choices: tuple[Choice, ...] = ()


Validator = Callable[[str, dict[str, Any]], Awaitable[Accept | Reject]]
ChoiceSource = Callable[[dict[str, Any]], Awaitable[list[Choice]]]
# Buttons under a step that leave the form for another action, as (label, callback data) the
# feature builds with its own codec (e.g. "❌ Không phê duyệt" on the approval's basis step).
ExitSource = Callable[[dict[str, Any]], list[tuple[str, str]]]


@dataclass(frozen=True, slots=True)
class Step:
    """One question of a flow: its key, its words (one `StepText` record) and its check."""

    key: str
    text: StepText
    validate: Validator
    choices: ChoiceSource | None = None
    skippable: bool = False
    # A step that collects documents and photos (its answer is the list of files).
    files: bool = False
    max_files: int = 10
    # The length a typed answer must have (low, high): the one source of the limit, used by
    # the validator made with it (`validators.text_step`) and stated in the hint.
    length: tuple[int, int] | None = None
    exits: ExitSource | None = None

    @property
    def label(self) -> str:
        """What the answer is called in the review and in edit messages."""
        return self.text.label

    @property
    def prompt(self) -> str:
        """The question asked at this step."""
        return self.text.prompt

    @property
    def hint(self) -> str:
        """The line shown under the question (format, limits, an example)."""
        if self.length is None:
            return self.text.shown_hint
        return " ".join(p for p in (length_hint(*self.length), self.text.shown_hint) if p)


@dataclass(frozen=True, slots=True)
class Completion:
    """What the user is told once a flow is submitted."""

    text: str


class SubmitRejected(Exception):
    """A flow's submit refuses the draft; the message is shown above the review."""


@dataclass(frozen=True, slots=True)
class SubmitContext:
    """What a flow's submit function gets: the open transaction and who submitted."""

    conn: aiosqlite.Connection
    telegram_id: int
    draft_id: int
    now: str


Submit = Callable[[dict[str, Any], SubmitContext], Awaitable[Completion]]


@dataclass(frozen=True, slots=True)
class Recheck:
    """What the answers make of the review now: lines recomputed from them (by step key), and
    an answer that no longer holds after another was edited (the step to ask again, and why)."""

    lines: dict[str, str] = field(default_factory=dict)
    again: str | None = None
    reason: str = ""


# Asked every time the review is due, over the answers as they are then.
Rechecks = Callable[[dict[str, Any]], Recheck]


@dataclass(frozen=True, slots=True)
class Flow:
    """A guided conversation: ordered steps, a review, then submit."""

    name: str
    title: str
    steps: tuple[Step, ...]
    submit: Submit
    intro: str = ""
    # Who may run the form, asked of their standing at every answer, button, submit and
    # resume (None: anyone who can reach it). Services still re-check in their transaction.
    admits: Admits | None = None
    # Answers that depend on others (None: every answer stands on its own): recomputed each
    # time the review is due; one that no longer holds is asked again before the review.
    recheck: Rechecks | None = None

    def index_of(self, key: str) -> int:
        """Return the position of a step by key."""
        for index, step in enumerate(self.steps):
            if step.key == key:
                return index
        raise KeyError(key)


# ---------------------------------------------------------------------------
# What the engine asks a handler to show
# ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Prompt:
    """Ask the current step's question."""

    draft_id: int
    flow_title: str
    index: int
    total: int
    step: Step
    choices: tuple[Choice, ...] = ()
    page: int = 0
    pages: int = 1
    error: str | None = None
    intro: str = ""
    current: str | None = None
    answered: str | None = None
    exits: tuple[tuple[str, str], ...] = ()

    @property
    def can_go_back(self) -> bool:
        """True after the first step."""
        return self.index > 0


@dataclass(frozen=True, slots=True)
class Review:
    """Show every answer with edit buttons, then submit or cancel."""

    draft_id: int
    flow_title: str
    index: int
    items: tuple[tuple[int, str, str], ...]
    error: str | None = None
    answered: str | None = None


@dataclass(frozen=True, slots=True)
class Done:
    """The flow was submitted."""

    text: str
    answered: str | None = None


@dataclass(frozen=True, slots=True)
class Info:
    """A short message (nothing to resume, stale button, answer updated, …)."""

    text: str
    then: Prompt | Review | None = None
    # (draft, step) when the message asks to confirm throwing that draft away.
    confirm: tuple[int, int] | None = None
    answered: str | None = None
    # A press on a button that no longer applies: nothing changed, `text` is only a toast.
    stale: bool = False


Outcome = Prompt | Review | Done | Info
# Each outcome's `answered`: set when it follows a button press the engine took, it is what
# the press answered (a choice's label, "(bỏ qua)", …), written on the pressed message when
# its buttons are dropped; None for a press that changed nothing (a stale or refused one).


@dataclass
class FlowRegistry:
    """The flows the engine knows, by name."""

    flows: dict[str, Flow] = field(default_factory=dict)

    def add(self, flow: Flow) -> None:
        """Register a flow."""
        if flow.name in self.flows:
            raise ValueError(f"flow {flow.name!r} registered twice")
        self.flows[flow.name] = flow

    def add_all(self, flows: list[Flow]) -> None:
        """Register the forms a feature hands over."""
        for flow in flows:
            self.add(flow)

    def get(self, name: str) -> Flow:
        """Find a flow."""
        return self.flows[name]
