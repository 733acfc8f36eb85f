"""What deadline messages say and which buttons they carry: reminders, admin notices, listings.

The service writes reminders to the outbox and the handlers reply with listings; both take the
wording from `bot.texts` and the button data from `bot.deadlines.callbacks` through here, so a
message looks the same whoever sends it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot import keyboards, texts
from bot.deadlines import callbacks
from bot.models.deadlines import Deadline
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
