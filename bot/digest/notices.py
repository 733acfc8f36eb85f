"""What a leader's digest says, and the settings card with its buttons.

The section headings are the digest's wording (Vietnamese, as sent today); the layout of a
digest (non-empty sections, at most 15 items each) is `bot.texts.digest`.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from bot import keyboards, texts
from bot.digest import callbacks

DIGEST_TITLE = "Bản tổng hợp"


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
    sections = [
        ("Đề xuất mới", [f"{number} {title[:60]}" for number, title in facts.new]),
        ("Đề xuất chờ xử lý", [f"{number} {title[:60]}" for number, title in facts.waiting]),
        ("Đề xuất quá hạn xử lý", [f"{number} {title[:60]}" for number, title in facts.late]),
        (
            "Hạn báo cáo 7 ngày tới",
            [f"{a.title} — {a.due} — đã nộp {a.done}/{a.total}" for a in facts.ahead],
        ),
        ("Đơn vị quá hạn báo cáo", [f"{o.title}: {', '.join(o.units)}" for o in facts.overdue]),
        ("Nhắc hạn không có người nhận", [str(facts.unrouted)] if facts.unrouted else []),
        (
            "Hỏi đáp",
            [f"{facts.asked} câu hỏi, {facts.asked - facts.answered} chưa trả lời được"]
            if facts.asked
            else [],
        ),
    ]
    return texts.digest(
        DIGEST_TITLE, [(heading, [escape(i) for i in items]) for heading, items in sections]
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
