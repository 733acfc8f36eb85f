"""What deadline messages say and which buttons they carry: reminders, admin notices, listings.

The dispatcher writes reminders to the outbox and the handlers and the form reply with
listings and confirmations; all take the wording from `bot.texts` and the button data from
`bot.deadlines.callbacks` through here, so a message looks the same whoever sends it. The
refusals of admin input are worded here too (the service only names the reason).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot import keyboards, texts
from bot.deadlines import callbacks
from bot.models.deadlines import Compliance, Created, Deadline, Progress, UnitStatus
from bot.models.outcomes import Reason, Refused
from bot.models.people import OrgUnit

Local = Callable[[datetime], str]

# Telegram takes 4,096 characters per message; lists that grow with data stay well below.
TEXT_BUDGET = 3500
# Units per compliance message: one button each, a keyboard a phone can still scroll.
UNITS_PER_CARD = 25
BUTTON_LABEL = 40


@dataclass(frozen=True, slots=True)
class Card:
    """One message: its HTML text and, when it has buttons, its inline keyboard."""

    text: str
    markup: dict[str, Any] | None = None


def reminder(deadline: Deadline, occurrence: int, due: str, unit: OrgUnit, kind: str) -> Card:
    """A reminder to one of a unit's leaders or reporting contacts, with its three buttons."""
    key = (deadline.id, occurrence, unit.id)
    markup = keyboards.inline(
        [
            [(texts.BTN_SUBMITTED, callbacks.REMINDER.build(callbacks.SUBMIT, *key))],
            [
                (texts.BTN_SNOOZE_HOUR, callbacks.REMINDER.build(callbacks.SNOOZE_HOUR, *key)),
                (
                    texts.BTN_SNOOZE_MORNING,
                    callbacks.REMINDER.build(callbacks.SNOOZE_MORNING, *key),
                ),
            ],
        ]
    )
    text = texts.deadline_reminder(deadline.title, due, unit.name, kind, deadline.description)
    return Card(text, markup)


def unrouted(deadline: Deadline, due: str, units: Sequence[str]) -> str:
    """Tell admins which units of an occurrence have nobody to remind; a long list is cut
    (with how many more) so the notice stays one message."""
    shown = list(units)
    text = texts.deadline_unrouted(deadline.title, due, shown)
    while len(text) > TEXT_BUDGET and shown:
        shown = shown[: max(len(shown) * 3 // 4, len(shown) - 50, 0)]
        text = texts.deadline_unrouted(deadline.title, due, shown, len(units) - len(shown))
    return text


def created(result: Created, local: Local) -> str:
    """The confirmation of a new or rescheduled deadline."""
    return texts.deadline_created(
        result.deadline.title, local(result.deadline.first_due), result.units
    )


def input_refusal(refused: Refused) -> str:
    """Why admin input for a deadline was refused, in the words of today's messages."""
    if refused.reason is Reason.NOT_ALLOWED:
        return texts.NOT_ALLOWED
    return texts.DEADLINE_ERRORS.get(refused.detail or "", texts.DEADLINE_USAGE)


def status_line(progress: Progress, local: Local) -> str:
    """One deadline in the admins' listing: state, due moment, units done."""
    deadline = progress.deadline
    return texts.deadline_line(
        deadline.title,
        local(progress.due),
        deadline.status,
        len(progress.submitted),
        len(progress.targets),
    )


def admin_card(progress: Progress, local: Local) -> Card:
    """A deadline in the admins' listing, with compliance, pause/resume and cancel buttons."""
    deadline_id = progress.deadline.id
    toggle = (
        (texts.BTN_RESUME, callbacks.ADMIN.build(callbacks.RESUME, deadline_id))
        if progress.deadline.status == "paused"
        else (texts.BTN_PAUSE, callbacks.ADMIN.build(callbacks.PAUSE, deadline_id))
    )
    markup = keyboards.inline(
        [
            [(texts.BTN_COMPLIANCE, callbacks.ADMIN.build(callbacks.COMPLIANCE, deadline_id))],
            [
                toggle,
                (texts.BTN_CANCEL_DEADLINE, callbacks.ADMIN.build(callbacks.CANCEL, deadline_id)),
            ],
        ]
    )
    return Card(status_line(progress, local), markup)


def cancel_question(deadline: Deadline) -> Card:
    """ "🗑 Hủy hạn" asks first: cancel for good, or keep the deadline."""
    markup = keyboards.inline(
        [
            [
                (
                    texts.BTN_CANCEL_DEADLINE_CONFIRM,
                    callbacks.ADMIN.build(callbacks.CANCEL_CONFIRMED, deadline.id),
                )
            ],
            [(texts.BTN_KEEP_DEADLINE, callbacks.ADMIN.build(callbacks.KEEP, deadline.id))],
        ]
    )
    return Card(texts.deadline_cancel_question(deadline.title), markup)


def unit_card(item: UnitStatus, local: Local) -> Card:
    """A deadline as a unit sees it, with the button to mark (or unmark) it submitted."""
    key = (item.deadline.id, item.occurrence, item.unit_id)
    button = (
        (texts.BTN_UNSUBMIT, callbacks.REMINDER.build(callbacks.UNSUBMIT, *key))
        if item.submitted
        else (texts.BTN_SUBMITTED, callbacks.REMINDER.build(callbacks.SUBMIT, *key))
    )
    text = texts.deadline_unit_line(item.deadline.title, local(item.due), item.submitted)
    return Card(text, keyboards.inline([[button]]))


def compliance_cards(result: Compliance, local: Local) -> list[Card]:
    """Per-unit compliance, split into messages of at most UNITS_PER_CARD units and
    TEXT_BUDGET characters; each unit has its button to mark (or unmark) it submitted."""
    due = local(result.due)
    chunks: list[list[tuple[OrgUnit, str | None]]] = [[]]
    for row in result.rows:
        candidate = [*chunks[-1], row]
        too_long = len(_compliance_text(result, due, candidate, (1, 1))) > TEXT_BUDGET
        if chunks[-1] and (len(candidate) > UNITS_PER_CARD or too_long):
            chunks.append([row])
        else:
            chunks[-1] = candidate
    return [
        _compliance_card(result, due, chunk, (number, len(chunks)))
        for number, chunk in enumerate(chunks, start=1)
    ]


def _compliance_text(
    result: Compliance, due: str, rows: list[tuple[OrgUnit, str | None]], part: tuple[int, int]
) -> str:
    return texts.compliance(
        result.deadline.title, due, [(unit.name, when) for unit, when in rows], part
    )


def _compliance_card(
    result: Compliance, due: str, rows: list[tuple[OrgUnit, str | None]], part: tuple[int, int]
) -> Card:
    buttons = [
        [
            (
                ("↩️ " if when else "✅ ") + _label(unit),
                callbacks.REMINDER.build(
                    callbacks.UNSUBMIT if when else callbacks.SUBMIT,
                    result.deadline.id,
                    result.occurrence,
                    unit.id,
                ),
            )
        ]
        for unit, when in rows
    ]
    markup = keyboards.inline(buttons) if buttons else None
    return Card(_compliance_text(result, due, rows, part), markup)


def _label(unit: OrgUnit) -> str:
    """The unit's name, or when too long for a button its start and its code (which tells
    apart names that begin alike)."""
    if len(unit.name) <= BUTTON_LABEL:
        return unit.name
    suffix = f" ({unit.code})"
    return unit.name[: max(BUTTON_LABEL - len(suffix) - 1, 10)] + "…" + suffix
