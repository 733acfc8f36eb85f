"""Hạn báo cáo: /taohan, /hanbaocao, reminder buttons and admin controls; /tonghop digests."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot import texts
from bot.deadlines import callbacks as dl
from bot.deadlines import forms as deadline_flow
from bot.deadlines import notices
from bot.deadlines.notices import Card
from bot.deadlines.service import DeadlineService
from bot.digest import callbacks as dg
from bot.digest import notices as digest_notices
from bot.digest.service import LEADER_ROLES
from bot.models.outcomes import Reason, Refused
from bot.models.people import ADMIN_ONLY
from handlers.common import reply, reply_long, tracked
from handlers.context import BotContext
from handlers.flows import markup_of, show
from handlers.registry import command

LISTED = 20  # deadlines shown by /hanbaocao
# How a refused reminder button is answered (by action, then reason: the real reason), and
# which answers need an alert.
_BUTTON_REFUSALS = {
    Reason.NOT_FOUND: texts.DEADLINE_NOT_FOUND,
    Reason.NOT_ALLOWED: texts.DEADLINE_NOT_YOURS,
    Reason.STALE: texts.SUBMITTED_ALREADY,
}
_ACTION_REFUSALS = {
    (dl.UNSUBMIT, Reason.NOT_ALLOWED): texts.UNSUBMIT_NOT_YOURS,
    (dl.UNSUBMIT, Reason.STALE): texts.SUBMITTED_NOT_YET,
    (dl.SNOOZE_HOUR, Reason.NOT_ALLOWED): texts.SNOOZE_NOT_YOURS,
    (dl.SNOOZE_HOUR, Reason.INVALID): texts.SNOOZE_HOUR_TOO_LATE,
    (dl.SNOOZE_MORNING, Reason.NOT_ALLOWED): texts.SNOOZE_NOT_YOURS,
    (dl.SNOOZE_MORNING, Reason.INVALID): texts.SNOOZE_TOO_LATE,
}
_ALERTS = frozenset({Reason.NOT_FOUND, Reason.NOT_ALLOWED, Reason.INVALID})
_STATUSES = {dl.PAUSE: "paused", dl.RESUME: "active", dl.CANCEL_CONFIRMED: "cancelled"}


def _one_line(text: str) -> dict[str, Any] | None:
    """`/taohan <hạn> | <tên> [| <đơn vị> [| <mốc nhắc> [| <lặp lại>]]]` as service input."""
    parts = [p.strip() for p in text.split("|")]
    if len(parts) < 3:
        return None
    return {
        "title": parts[1],
        "description": "",
        "due_text": parts[0],
        "recurrence_text": parts[4] if len(parts) > 4 else "không",
        "targets_text": parts[2],
        "offsets_text": parts[3] if len(parts) > 3 else "",
        "overdue_daily": False,
    }


async def _reply_cards(update: Update, context: BotContext, cards: list[Card]) -> None:
    if not cards:
        await reply(update, context, texts.DEADLINES_NONE)
    for card in cards:
        await reply(update, context, card.text, reply_markup=markup_of(card.markup))


@command("taohan")
async def new_deadline_command(update: Update, context: BotContext) -> None:
    """Create a deadline: in one line, or through the guided form."""
    user = update.effective_user
    assert user is not None and update.effective_message is not None
    text = (update.effective_message.text or "").split(maxsplit=1)
    if len(text) < 2:
        start = await context.services.flows.start(user.id, deadline_flow.NAME)
        await show(update, context, start)
        return
    fields = _one_line(text[1])
    if fields is None:
        # Without its units the deadline is not guessed (it used to go to every unit).
        two = len(text[1].split("|")) == 2
        await reply(
            update, context, texts.deadline_needs_targets(text[1]) if two else texts.DEADLINE_USAGE
        )
        return
    service = context.services.deadlines
    created = await service.create(user.id, **fields)
    if isinstance(created, Refused):
        await reply(update, context, notices.input_refusal(created))
        return
    await reply(update, context, notices.created(created.value, service.local))


@command("hanbaocao")
async def deadlines_command(update: Update, context: BotContext) -> None:
    """Show the deadlines of the user's unit; admins see every deadline with its controls."""
    user = update.effective_user
    assert user is not None
    service = context.services.deadlines
    if await context.services.people.is_admin(user.id):
        listed = await service.progress(limit=LISTED)
        cards = [notices.admin_card(p, service.local) for p in listed]
    else:
        mine = (await service.for_user(user.id))[:LISTED]
        cards = [notices.unit_card(item, service.local) for item in mine]
    await _reply_cards(update, context, cards)


async def _act(context: BotContext, actor: int, fields: dict[str, str]) -> str | Refused:
    """Apply a reminder button; the acknowledgement to show, or why it was refused."""
    action, service = fields["action"], context.services.deadlines
    key = (int(fields["deadline"]), int(fields["occurrence"]), int(fields["unit"]))
    if action == dl.SUBMIT:
        done = await service.submit(actor, *key)
        return done if isinstance(done, Refused) else texts.submitted_ack(done.value.name)
    if action == dl.UNSUBMIT:
        undone = await service.unsubmit(actor, *key)
        return undone if isinstance(undone, Refused) else texts.UNSUBMITTED
    snoozed = await service.snooze(actor, *key, until_morning=action == dl.SNOOZE_MORNING)
    if isinstance(snoozed, Refused):
        return snoozed
    return notices.snoozed(snoozed.value, context.services.clock.now(), service.timeline.tz)


async def _shown_again(context: BotContext, actor: int, fields: dict[str, str]) -> Card | None:
    """The pressed listing or compliance message as it reads after the press (reminder
    copies are updated through the outbox)."""
    service = context.services.deadlines
    if fields.get("view") == dl.STATUS:
        report = await service.compliance(int(fields["deadline"]))
        if isinstance(report, Refused):
            return None
        return notices.compliance_card_of(report.value, service.local, int(fields["unit"]))
    if fields.get("view") == dl.LISTING:
        item = notices.unit_card_of(await service.for_user(actor), int(fields["deadline"]))
        return None if item is None else notices.unit_card(item, service.local)
    return None


@tracked("deadline_button")
async def deadline_button(update: Update, context: BotContext) -> None:
    """Submitted / undo / snooze; the service checks that the person may act for the unit."""
    query = update.callback_query
    assert query is not None
    fields = dl.REMINDER.parse(query.data)
    if fields is None:
        await query.answer(texts.STALE_BUTTON)
        return
    result = await _act(context, query.from_user.id, fields)
    if isinstance(result, Refused):
        text = _ACTION_REFUSALS.get((fields["action"], result.reason)) or _BUTTON_REFUSALS.get(
            result.reason, texts.STALE_BUTTON
        )
        await query.answer(text, show_alert=result.reason in _ALERTS)
        return
    await query.answer(result)
    card = await _shown_again(context, query.from_user.id, fields)
    if card is not None:
        await query.edit_message_text(card.text, reply_markup=markup_of(card.markup))


async def _admin_cards(
    service: DeadlineService, actor: int, fields: dict[str, str]
) -> list[Card] | Refused:
    """Apply an admin button: compliance of the current occurrence, or a status change."""
    deadline_id = int(fields["deadline"])
    if fields["action"] in (dl.CANCEL, dl.KEEP):
        return await _cancel_question(service, deadline_id, fields["action"])
    if fields["action"] == dl.COMPLIANCE:
        report = await service.compliance(deadline_id)
        if isinstance(report, Refused):
            return report
        return notices.compliance_cards(report.value, service.local)
    changed = await service.set_status(actor, deadline_id, _STATUSES[fields["action"]])
    if isinstance(changed, Refused):
        return changed
    return [Card(notices.status_line(changed.value, service.local))]


async def _cancel_question(
    service: DeadlineService, deadline_id: int, action: str
) -> list[Card] | Refused:
    """Cancelling asks first ("x"); "n" answers that the deadline stays as it is."""
    deadline = await service.repo.get(deadline_id)
    if deadline is None:
        return Refused(Reason.NOT_FOUND, "no such deadline")
    if action == dl.KEEP:
        return [Card(texts.DEADLINE_CANCEL_KEPT)]
    return [notices.cancel_question(deadline)]


@tracked("deadline_admin", roles=ADMIN_ONLY)
async def deadline_admin_button(update: Update, context: BotContext) -> None:
    """Pause, resume, cancel a deadline, or show per-unit compliance."""
    query = update.callback_query
    assert query is not None
    fields = dl.ADMIN.parse(query.data)
    if fields is None:
        await query.answer(texts.STALE_BUTTON)
        return
    cards = await _admin_cards(context.services.deadlines, query.from_user.id, fields)
    if isinstance(cards, Refused):
        if cards.reason is Reason.NOT_ALLOWED:
            await query.answer(texts.NOT_ALLOWED, show_alert=True)
        else:
            await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    await _reply_cards(update, context, cards)


@command("suahan")
async def edit_deadline_command(update: Update, context: BotContext) -> None:
    """Change a deadline's due time and offsets: `/suahan <số> 20/12/2026 17:00 | 3d,1d`;
    `/suahan` alone lists the deadlines with their numbers."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    parts = (message.text or "").split(maxsplit=2)
    await reply(update, context, await _edit_deadline(context, user.id, parts[1:]))


async def _edit_deadline(context: BotContext, actor: int, args: list[str]) -> str:
    """What /suahan answers: the list, the usage, "not found", the refusal or the change."""
    service = context.services.deadlines
    if not args:
        return notices.edit_listing(await service.progress(limit=LISTED), service.local)
    if not args[0].isdigit():
        return texts.EDIT_DEADLINE_USAGE
    number = int(args[0])
    if await service.repo.get(number) is None:
        return texts.deadline_not_found(number)
    if len(args) < 2:
        return texts.EDIT_DEADLINE_USAGE
    due_text, _, offsets = args[1].partition("|")
    changed = await service.reschedule(actor, number, due_text.strip(), offsets.strip())
    if not isinstance(changed, Refused):
        return notices.updated(changed.value, service.local)
    if changed.reason is Reason.NOT_FOUND:
        return texts.deadline_not_found(number)
    return notices.input_refusal(changed)


@command("tonghop")
async def digest_command(update: Update, context: BotContext) -> None:
    """Show or change the digest subscription: /tonghop [hangngay|hangtuan|tat] [HH:MM]."""
    user = update.effective_user
    assert user is not None
    digests = context.services.digests
    if context.args:
        changed = await digests.configure(user.id, context.args)
        if isinstance(changed, Refused):
            current = digest_notices.settings_text(*(await digests.settings_of(user.id)))
            refused = changed.reason is Reason.NOT_ALLOWED
            await reply(update, context, texts.NOT_ALLOWED if refused else current)
            return
    card = digest_notices.settings_card(*(await digests.settings_of(user.id)))
    await reply(update, context, card.text, reply_markup=markup_of(card.markup))


@tracked("digest_button", roles=LEADER_ROLES)
async def digest_button(update: Update, context: BotContext) -> None:
    """Change the digest mode or send one now."""
    query = update.callback_query
    assert query is not None
    fields = dg.DIGEST.parse(query.data)
    if fields is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    digests = context.services.digests
    if fields["choice"] == dg.NOW:
        await reply_long(update, context, await digests.build(query.from_user.id))
        return
    changed = await digests.configure(query.from_user.id, [fields["choice"]])
    if isinstance(changed, Refused):
        await reply(update, context, texts.NOT_ALLOWED)
        return
    await reply(update, context, digest_notices.settings_text(*changed.value))


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add the handlers of this module."""
    app.add_handler(CallbackQueryHandler(deadline_button, pattern=dl.REMINDER.pattern))
    app.add_handler(CallbackQueryHandler(deadline_admin_button, pattern=dl.ADMIN.pattern))
    app.add_handler(CallbackQueryHandler(digest_button, pattern=dg.DIGEST.pattern))
