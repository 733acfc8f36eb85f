"""What a leader's digest says, and the settings card with its buttons.

The words (headings, items) and the layout of a digest (non-empty sections, at most 15 items
each) are in `bot/texts/deadlines.py`; this module picks what goes in.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from bot import keyboards, texts
from bot.digest import callbacks


@dataclass(frozen=True, slots=True)
class Ahead:
    """A deadline due in the next 7 days and how many of the leader's units submitted."""

    title: str
    due: str  # as shown to users
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class Overdue:
    """A deadline past due and the leader's units that have not submitted."""

    title: str
    units: list[str]


@dataclass(frozen=True, slots=True)
class DigestFacts:
    """What one leader's digest reports; every text in it is user text, not yet escaped."""

    new: list[tuple[str, str]]  # (number, title) of proposals created since the last digest
    waiting: list[tuple[str, str]]  # proposals waiting for a decision
    late: list[tuple[str, str]]  # waiting proposals past their due date
    ahead: list[Ahead]
    overdue: list[Overdue]
    unrouted: int  # reminders that found nobody to go to
    asked: int  # questions asked since the last digest
    answered: int


@dataclass(frozen=True, slots=True)
class Card:
    """One message: its HTML text and its inline keyboard."""

    text: str
    markup: dict[str, Any] | None = None


def digest(facts: DigestFacts) -> str:
    """The digest message (HTML)."""
    heading = texts.DIGEST_SECTIONS
    sections = [
        (heading["new"], [f"{number} {title[:60]}" for number, title in facts.new]),
        (heading["waiting"], [f"{number} {title[:60]}" for number, title in facts.waiting]),
        (heading["late"], [f"{number} {title[:60]}" for number, title in facts.late]),
        (
            heading["ahead"],
            [texts.digest_ahead_item(a.title, a.due, a.done, a.total) for a in facts.ahead],
        ),
        (heading["overdue"], [f"{o.title}: {', '.join(o.units)}" for o in facts.overdue]),
        (heading["unrouted"], [str(facts.unrouted)] if facts.unrouted else []),
        (
            heading["qa"],
            [texts.digest_qa_item(facts.asked, facts.asked - facts.answered)]
            if facts.asked
            else [],
        ),
    ]
    return texts.digest(
        texts.DIGEST_TITLE,
        [(title, [escape(i) for i in items]) for title, items in sections],
    )


def settings_text(mode: str, at_time: str) -> str:
    """A leader's digest subscription."""
    return texts.digest_settings(mode, at_time)


def settings_card(mode: str, at_time: str) -> Card:
    """The subscription with buttons: daily, weekly, off, and one digest now."""
    build = callbacks.DIGEST.build
    markup = keyboards.inline(
        [
            [
                (texts.DIGEST_MODES["daily"], build(callbacks.DAILY)),
                (texts.DIGEST_MODES["weekly"], build(callbacks.WEEKLY)),
            ],
            [
                (texts.DIGEST_MODES["off"], build(callbacks.OFF)),
                (texts.BTN_DIGEST_NOW, build(callbacks.NOW)),
            ],
        ]
    )
    return Card(settings_text(mode, at_time), markup)
