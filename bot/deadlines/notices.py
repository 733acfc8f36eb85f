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
    """Tell admins which units of an occurrence have nobody to remind."""
    return texts.deadline_unrouted(deadline.title, due, units)


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


def compliance_card(result: Compliance, local: Local) -> Card:
    """Per-unit compliance; one button per unit lets admins mark (or unmark) it submitted."""
    deadline = result.deadline
    buttons = [
        [
            (
                ("↩️ " if when else "✅ ") + unit.name[:40],
                callbacks.REMINDER.build(
                    callbacks.UNSUBMIT if when else callbacks.SUBMIT,
                    deadline.id,
                    result.occurrence,
                    unit.id,
                ),
            )
        ]
        for unit, when in result.rows
    ][:40]
    rows = [(unit.name, when) for unit, when in result.rows]
    text = texts.compliance(deadline.title, local(result.due), rows)
    return Card(text, keyboards.inline(buttons) if buttons else None)
