"""What deadline messages say and which buttons they carry: reminders, admin notices, listings.

The dispatcher writes reminders to the outbox and the handlers and the form reply with
listings and confirmations; all take the wording from `bot.texts` and the button data from
`bot.deadlines.callbacks` through here, so a message looks the same whoever sends it. The
refusals of admin input are worded here too (the service only names the reason).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from bot import keyboards, texts
from bot.deadlines import callbacks
from bot.models.deadlines import Compliance, Created, Deadline, Progress, UnitStatus
from bot.models.outcomes import Reason, Refused
from bot.models.people import OrgUnit

Local = Callable[[datetime], str]
Row = tuple[OrgUnit, tuple[str, str] | None]

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


@dataclass(frozen=True, slots=True)
class When:
    """A due moment seen from `now`: what a reminder needs to say where things stand."""

    due: datetime
    now: datetime
    tz: ZoneInfo
    shown: str  # the due moment as users read it


def standing(when: When) -> str:
    """How long is left, "hôm nay là hạn", or how many days late."""
    due_day, today = when.due.astimezone(when.tz).date(), when.now.astimezone(when.tz).date()
    if when.now >= when.due:
        return texts.deadline_overdue_by((today - due_day).days)
    # Rounded: a reminder the dispatcher sends a few seconds late still says "còn 5 phút".
    minutes = int((when.due - when.now + timedelta(seconds=30)) / timedelta(minutes=1))
    if due_day == today:
        return texts.deadline_due_today(minutes)
    if when.due - when.now < timedelta(days=1):
        return texts.deadline_time_left(minutes)
    return texts.deadline_days_left((due_day - today).days)


def copies_key(deadline_id: int, occurrence: int, unit_id: int) -> str:
    """The outbox group of every reminder copy of a unit's occurrence (updated together)."""
    return f"dl:{deadline_id}:{occurrence}:{unit_id}"


@dataclass(frozen=True, slots=True)
class Offer:
    """The buttons a reminder copy offers its reader."""

    confirm: bool = True  # "✅ Đã nộp báo cáo" and the snoozes (only those who may act)
    hour: bool = True  # "in an hour" fits before the due time
    morning: bool = True  # "tomorrow morning" fits before the due time
    confirmers: tuple[str, ...] = ()  # named for those who may not confirm


def reminder(
    deadline: Deadline,
    occurrence: int,
    when: When,
    unit: OrgUnit,
    kind: str,
    offer: Offer = Offer(),
) -> Card:
    """A reminder to one of a unit's people, with the buttons `offer` allows; a reader who
    may not confirm is told who does instead."""
    key = (deadline.id, occurrence, unit.id)
    text = texts.deadline_reminder(
        deadline.title,
        when.shown,
        unit.name,
        kind,
        deadline.description,
        standing(when),
        None if offer.confirm else offer.confirmers,
    )
    if not offer.confirm:
        return Card(text)
    snoozes = []
    if offer.hour:
        snoozes.append(
            (texts.BTN_SNOOZE_HOUR, callbacks.REMINDER.build(callbacks.SNOOZE_HOUR, *key))
        )
    if offer.morning:
        snoozes.append(
            (texts.BTN_SNOOZE_MORNING, callbacks.REMINDER.build(callbacks.SNOOZE_MORNING, *key))
        )
    rows = [[(texts.BTN_SUBMITTED, callbacks.REMINDER.build(callbacks.SUBMIT, *key))]]
    return Card(text, keyboards.inline([*rows, snoozes] if snoozes else rows))


def snoozed(until: datetime, now: datetime, tz: ZoneInfo) -> str:
    """The toast of a snooze: the moment the bot reminds again (with its day when not today)."""
    local = until.astimezone(tz)
    day = "" if local.date() == now.astimezone(tz).date() else f" ngày {local:%d/%m}"
    return texts.snoozed_ack(f"{local:%H:%M}{day}")


def unsubmitted(deadline: Deadline, due: str, unit: OrgUnit, by: str) -> str:
    """Tell a unit's people that its "submitted" mark was undone."""
    return texts.deadline_unsubmitted_notice(deadline.title, due, unit.name, by)


def submitted_copy(deadline: Deadline, due: str, unit: OrgUnit, at: str, by: str) -> str:
    """What every reminder copy of a unit's occurrence says once the unit has submitted."""
    return texts.deadline_submitted_copy(deadline.title, due, unit.name, at, by)


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
    """The confirmation of a new deadline."""
    return texts.deadline_created(
        result.deadline.title, local(result.deadline.first_due), result.units
    )


def updated(result: Created, local: Local) -> str:
    """The confirmation of a rescheduled deadline."""
    deadline = result.deadline
    return texts.deadline_updated(deadline.id, deadline.title, local(deadline.first_due))


def edit_listing(listed: Sequence[Progress], local: Local) -> str:
    """The deadlines /suahan can change, each with the number to type."""
    return texts.edit_deadline_pick([status_line(p, local) for p in listed])


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
        deadline.id,
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
    """A deadline as a unit sees it, with the button to mark (or unmark) it submitted for
    those who may; the others are told who confirms."""
    key = (item.deadline.id, item.occurrence, item.unit_id, callbacks.LISTING)
    text = texts.deadline_unit_line(
        item.deadline.title, local(item.due), item.submitted, item.submitted_by
    )
    if item.submitted and item.may_undo:
        button = (texts.BTN_UNSUBMIT, callbacks.REMINDER.build(callbacks.UNSUBMIT, *key))
    elif not item.submitted and item.may_confirm:
        button = (texts.BTN_SUBMITTED, callbacks.REMINDER.build(callbacks.SUBMIT, *key))
    else:
        if not item.submitted:
            text += "\n" + escape(texts.deadline_confirmers(item.confirmers))
        return Card(text)
    return Card(text, keyboards.inline([[button]]))


def unit_card_of(items: Sequence[UnitStatus], deadline_id: int) -> UnitStatus | None:
    """The item of a deadline in a unit's listing."""
    return next((item for item in items if item.deadline.id == deadline_id), None)


def compliance_cards(result: Compliance, local: Local) -> list[Card]:
    """Per-unit compliance, split into messages of at most UNITS_PER_CARD units and
    TEXT_BUDGET characters; each unit has its button to mark (or unmark) it submitted."""
    due = local(result.due)
    chunks: list[list[Row]] = [[]]
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


def compliance_card_of(result: Compliance, local: Local, unit_id: int) -> Card | None:
    """The compliance message that carries a unit's button (to show it again after a press)."""
    for card in compliance_cards(result, local):
        rows = (card.markup or {}).get("inline_keyboard", [])
        pressed = [callbacks.REMINDER.parse(b["callback_data"]) for row in rows for b in row]
        if any(fields and fields["unit"] == str(unit_id) for fields in pressed):
            return card
    return None


def _compliance_text(result: Compliance, due: str, rows: list[Row], part: tuple[int, int]) -> str:
    shown = [(unit.name, texts.submitted_when(*when) if when else None) for unit, when in rows]
    return texts.compliance(result.deadline.title, due, shown, part)


def _compliance_card(result: Compliance, due: str, rows: list[Row], part: tuple[int, int]) -> Card:
    buttons = [
        [
            (
                texts.btn_unsubmit_unit(_label(unit)) if when else "✅ " + _label(unit),
                callbacks.REMINDER.build(
                    callbacks.UNSUBMIT if when else callbacks.SUBMIT,
                    result.deadline.id,
                    result.occurrence,
                    unit.id,
                    callbacks.STATUS,
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
