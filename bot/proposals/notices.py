"""What the proposal feature says: the text and buttons of its cards, lists and reminders.

Pure functions of values the service has already read (names resolved, times formatted), so
the same card reads the same whether it is queued in the outbox or sent as a reply. Refusals
are turned into sentences here too, for the handlers and the forms; the service only says why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot import keyboards, texts
from bot.flows.model import DISPLAY
from bot.flows.model import FILES as FILES_KEY
from bot.models.drafts import Draft
from bot.models.outcomes import Reason, Refused
from bot.models.proposals import Proposal, Status
from bot.proposals.actions import ACTIONS, Actor, actions_for
from bot.proposals.callbacks import (
    CODEC,
    CONFIRM,
    DRAFT_CONTINUE,
    DRAFT_REOPEN,
    DRAFT_RESTART,
    FILES,
    FULL_TEXT,
    HISTORY,
    KEEP,
    OPEN,
)
from bot.vntext import clip

# How many proposals /duyet lists (the oldest first).
REVIEW_LIST_LIMIT = 30
MY_PAGE_SIZE = 20  # /dexuatcuatoi: one message's worth (tests/e2e/test_long_lists.py)
# Plain characters of plan text in one message of the full text (Telegram allows 4096).
FULL_TEXT_CHUNK = 3500
PROPOSAL_ID = "_proposal_id"  # set when editing a proposal returned for completion
# Why "finish" was refused: the implementation period has not started (Refused.detail).
NOT_STARTED = "implementation period not started"
# Why "approve" was refused: the decision is not the kind the plan's level takes now (the
# collective's vote vs the superior's own decision), or the superior's decision is invalid.
LEVEL_CHANGED = "approval of another level"
_PLAN_SHOWN = ("title", "field", "need", "solution", "scope", "resources", "feasibility", "impact")


@dataclass(frozen=True, slots=True)
class Notice:
    """A message: its text and its inline keyboard (if any)."""

    text: str
    markup: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class CardFacts:
    """What a card shows besides the proposal itself, read by the service."""

    proposer_name: str
    unit_name: str | None
    due: str | None  # "17:00 03/12/2026"
    days_left: int | None
    reviewer: str | None = None  # who decides, with the level: "… (Cấp trên: …)"


def buttons(proposal: Proposal, actor: Actor | None) -> dict[str, Any]:
    """The actions a viewer may take (none for watchers), then the history button."""
    rows: list[list[keyboards.Button]] = []
    if actor is not None:
        names = actions_for(proposal.status, actor)
        if actor is Actor.PROPOSER:
            names.sort(key=lambda name: ACTIONS[name].button_last)
        rows += [[(ACTIONS[n].label, CODEC.build(ACTIONS[n].code, proposal.id))] for n in names]
    rows.append(
        [
            (texts.BTN_PLAN_FULL_TEXT, CODEC.build(FULL_TEXT, proposal.id)),
            (texts.BTN_HISTORY, CODEC.build(HISTORY, proposal.id)),
        ]
    )
    if files := len(proposal.attachments):
        rows.append([(texts.btn_files(files), CODEC.build(FILES, proposal.id))])
    return keyboards.inline(rows)


def confirmation(action: str, proposal: Proposal) -> Notice:
    """The question an irreversible action asks first: go ahead, or leave it as it is."""
    row = ACTIONS[action]
    keyboard = keyboards.inline(
        [
            [(texts.CONFIRM_BUTTONS[action], CONFIRM.build(row.code, proposal.id))],
            [(texts.BTN_CONFIRM_KEEP, CONFIRM.build(KEEP, proposal.id))],
        ]
    )
    return Notice(texts.confirm_question(action, proposal.number, proposal.title), keyboard)


def plan_parts(proposal: Proposal) -> list[tuple[str, str]]:
    """The plan's fields as (label, full value), in the order of the plan."""
    plan = proposal.plan
    period = plan.get("period") or {}
    return [
        (texts.P_NEED.label, str(plan.get("need", ""))),
        (texts.P_SOLUTION.label, str(plan.get("solution", ""))),
        (texts.P_SCOPE.label, str(plan.get("scope", ""))),
        (
            texts.P_PERIOD.label,
            texts.p_period_display(dmy(period.get("start")), dmy(period.get("end"))),
        ),
        (texts.P_RESOURCES.label, str(plan.get("resources", ""))),
        (texts.P_FEASIBILITY.label, str(plan.get("feasibility", ""))),
        (texts.P_IMPACT.label, str(plan.get("impact", ""))),
    ]


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The labels of the plan's fields (not its files) that differ, in the order of the plan."""
    labels = {
        "title": texts.P_TITLE.label,
        "field": texts.P_FIELD.label,
        "need": texts.P_NEED.label,
        "solution": texts.P_SOLUTION.label,
        "scope": texts.P_SCOPE.label,
        "period": texts.P_PERIOD.label,
        "resources": texts.P_RESOURCES.label,
        "feasibility": texts.P_FEASIBILITY.label,
        "impact": texts.P_IMPACT.label,
    }
    return [label for key, label in labels.items() if before.get(key) != after.get(key)]


def full_text(proposal: Proposal) -> list[str]:
    """Every field of the plan in full, as messages within Telegram's limit (a field longer
    than one message goes on in the next, cut at a line or word boundary)."""
    pages: list[list[str]] = [[]]
    used = 0
    fields = [(texts.P_TITLE.label, proposal.title), (texts.P_FIELD.label, proposal.field)]
    for label, value in fields + plan_parts(proposal):
        for number, piece in enumerate(_pieces(value, FULL_TEXT_CHUNK)):
            if used + len(piece) + len(label) > FULL_TEXT_CHUNK and pages[-1]:
                pages.append([])
                used = 0
            pages[-1].append(texts.full_text_part(label, piece, continued=number > 0))
            used += len(piece) + len(label)
    total = len(pages)
    return [
        "\n\n".join([texts.full_text_head(proposal.number, proposal.title, i, total), *page])
        for i, page in enumerate(pages, start=1)
    ]


def _pieces(value: str, size: int) -> list[str]:
    """A text in pieces of at most `size` characters, cut at a line break or a space."""
    pieces = []
    while len(value) > size:
        cut = max(value.rfind("\n", 0, size), value.rfind(" ", 0, size))
        cut = cut if cut > size // 2 else size
        pieces.append(value[:cut].rstrip())
        value = value[cut:].lstrip()
    return [*pieces, value]


def card_text(proposal: Proposal, facts: CardFacts, header: str) -> str:
    """A proposal's card: the plan (shortened), where it stands and the time limit running."""
    note = None
    if proposal.status is Status.EVALUATED and proposal.evaluation:
        note = texts.EVALUATION_LABELS.get(str(proposal.evaluation.get("level")), "")
    elif proposal.result:
        note = proposal.result
    return texts.proposal_card(
        proposal.number,
        proposal.title,
        proposal.field,
        proposal.status.value,
        facts.proposer_name,
        facts.unit_name,
        plan_parts(proposal),
        reviewer=facts.reviewer,
        due_label=texts.DUE_LABELS.get(proposal.due_kind or ""),
        due=facts.due,
        days_left=facts.days_left,
        files=len(proposal.attachments),
        header=header,
        note=note,
    )


def done(action: str, proposal: Proposal) -> str:
    """What the person who took an action is told."""
    return ACTIONS[action].done.format(number=proposal.number)


def due_reminder(proposal: Proposal, due: str, when: str, due_note: str = "") -> Notice:
    """A time limit approaching (before, due) or passed (overdue), with a button to open it;
    `due_note` says whether it is the Decree's limit or the city's internal follow-up."""
    assert proposal.due_kind is not None
    text = texts.proposal_due_reminder(
        proposal.number, proposal.title, texts.DUE_LABELS[proposal.due_kind], due, when, due_note
    )
    button = (texts.BTN_OPEN + " " + proposal.number, CODEC.build(OPEN, proposal.id))
    return Notice(text, keyboards.inline([[button]]))


def parked_draft(draft_id: int) -> Notice:
    """/dexuat found a parked draft: continue it, or start again."""
    row = [
        (texts.DRAFT_CONTINUE, CODEC.build(DRAFT_CONTINUE, draft_id)),
        (texts.DRAFT_RESTART, CODEC.build(DRAFT_RESTART, draft_id)),
    ]
    return Notice(texts.DRAFT_PARKED_FOUND, keyboards.inline([row]))


def reopenable(drafts: Sequence[Draft]) -> list[Draft]:
    """The drafts /dexuatcuatoi offers to reopen: all but the one in progress."""
    return [d for d in drafts if d.status.value != "active"]


@dataclass(frozen=True)
class Page:
    """Which slice of a person's proposals a list shows: page number, items on it, total."""

    number: int
    shown: int
    total: int


def page_argument(args: Sequence[str] | None) -> int:
    """`/dexuatcuatoi 2` asks for page 2; anything else is page 1."""
    if args and args[0].isdigit():
        return max(1, min(int(args[0]), 10_000))
    return 1


def my_proposals(
    proposals: Sequence[Proposal],
    drafts: Sequence[Draft],
    due_of: Callable[[Proposal], str | None],
    page: Page | None = None,
) -> Notice:
    """/dexuatcuatoi: one line and one button a proposal, then a button a reopenable draft.

    When the person has more proposals than one page holds, a last line says which ones are
    shown and how to see the next page.
    """
    rows = [
        [(f"{p.number} · {texts.STATUS_LABELS[p.status.value]}", CODEC.build(OPEN, p.id))]
        for p in proposals
    ]
    rows += [
        [
            (
                f"📝 {clip(str(d.answers.get('title') or texts.PROPOSAL_TITLE), 40)}",
                CODEC.build(DRAFT_REOPEN, d.id),
            )
        ]
        for d in drafts
    ]
    lines = [_line(p, due_of) for p in proposals]
    if page is not None and (page.number > 1 or page.shown < page.total):
        lines.append(texts.my_proposals_page(page.number, page.shown, page.total, MY_PAGE_SIZE))
    return Notice("\n".join(lines) or texts.PROPOSAL_TITLE, keyboards.inline(rows))


def _line(proposal: Proposal, due_of: Callable[[Proposal], str | None]) -> str:
    p = proposal
    return texts.proposal_line(p.number, p.title, p.status.value, due_of(p), p.due_kind)


def review_list(
    waiting: Sequence[Proposal],
    due_of: Callable[[Proposal], str | None],
    levels: Mapping[int, str | None],
) -> Notice:
    """/duyet: what waits on a leader, oldest first within each level that decides
    (`levels`: "Thủ trưởng đơn vị" or "Cấp trên: …" by proposal id), a button each."""
    groups: dict[str | None, list[Proposal]] = {}
    for proposal in waiting[:REVIEW_LIST_LIMIT]:
        groups.setdefault(levels.get(proposal.id), []).append(proposal)
    lines = [texts.review_header(len(waiting))]
    rows: list[list[keyboards.Button]] = []
    for level, group in groups.items():
        lines += [texts.review_group(level)] if level else []
        lines += [_line(p, due_of) for p in group]
        rows += [[(f"{p.number}", CODEC.build(OPEN, p.id))] for p in group]
    return Notice("\n".join(lines), keyboards.inline(rows))


def plan_display(plan: dict[str, Any]) -> dict[str, str]:
    """The review's display values of a plan (to edit a proposal returned for completion)."""
    period = plan.get("period") or {}
    shown = {key: str(plan.get(key) or "") for key in _PLAN_SHOWN}
    shown["period"] = texts.p_period_display(dmy(period.get("start")), dmy(period.get("end")))
    shown["attachments"] = texts.p_files_display(len(plan.get("attachments") or []))
    return shown


def returned_answers(proposal: Proposal) -> dict[str, Any]:
    """The answers that reopen a returned proposal at the review: the plan with its files as
    recorded, already collected at the file step (a file sent there is added to them)."""
    files = [
        {"kind": f.kind, "file_id": f.file_id, "file_name": f.file_name}
        for f in proposal.attachments
    ]
    plan = {**proposal.plan, "attachments": files}
    return {**plan, PROPOSAL_ID: proposal.id, FILES_KEY: files, DISPLAY: plan_display(plan)}


def dmy(iso: Any) -> str:
    """An ISO date as 03/12/2026 ("?" when missing)."""
    if not iso:
        return "?"
    return f"{date.fromisoformat(str(iso)):%d/%m/%Y}"


def refusal(refused: Refused, action: str | None = None) -> str:
    """The sentence for a refused proposal action (the wording depends on who could act)."""
    if refused.reason is Reason.NOT_ALLOWED:
        row = ACTIONS.get(action or "")
        reviewer_action = row is not None and row.actor is Actor.REVIEWER
        return texts.PROPOSAL_NOT_YOURS if reviewer_action else texts.NOT_ALLOWED
    if refused.reason is Reason.NOT_FOUND:
        return texts.PROPOSAL_NOT_FOUND
    if refused.reason is Reason.INVALID and refused.detail == NOT_STARTED:
        return texts.PROPOSAL_NOT_STARTED
    if refused.reason is Reason.INVALID:
        if action == "approve" and refused.detail == LEVEL_CHANGED:
            return texts.D_LEVEL_CHANGED  # the decision is not the one the plan's level takes
        if action == "approve":  # the votes, the head's vote and the basis disagree
            return texts.D_BASIS_CHANGED
        return texts.P_PERIOD_ERRORS["past"]  # the other input a transition checks: the period
    return texts.PROPOSAL_WRONG_STATE  # STALE, CONFLICT


def submit_refusal(refused: Refused) -> str:
    """The sentence for a refused submission (a new proposal, not an action on one)."""
    if refused.reason is Reason.NOT_ALLOWED:
        return texts.PROPOSAL_NEEDS_APPROVAL
    return refusal(refused)
