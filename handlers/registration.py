"""Registration: /dangky starts the flow; admins decide requests (/choduyet, Approve/Reject)."""

from __future__ import annotations

import contextlib

from telegram import CallbackQuery, Update
from telegram.error import BadRequest
from telegram.ext import Application, CallbackQueryHandler

from bot import keyboards, texts
from bot.models.outcomes import Ok, Reason, Refused
from bot.models.people import ADMIN_ONLY
from bot.people import forms as registration_flow
from bot.people.callbacks import REGISTRATION
from bot.people.service import PERSON_CHANGED, PeopleService
from handlers.common import reply, tracked
from handlers.context import BotContext
from handlers.flows import markup_of, show
from handlers.registry import command


@command("dangky")
async def register_command(update: Update, context: BotContext) -> None:
    """Start (or continue) the registration flow."""
    user = update.effective_user
    assert user is not None
    people = context.services.people
    await people.seen(user.id, user.first_name, user.username)
    blocker = await people.registration_blocker(user.id)
    if blocker is not None:
        await reply(update, context, blocker)
        return
    engine = context.services.flows
    outcome = await engine.resume(user.id, registration_flow.NAME)
    if outcome is None:
        outcome = await engine.start(user.id, registration_flow.NAME)
    await show(update, context, outcome)


@command("choduyet")
async def pending_command(update: Update, context: BotContext) -> None:
    """List pending registration requests with their buttons."""
    pending = await context.services.people.pending()
    if not pending:
        await reply(update, context, texts.PENDING_NONE)
        return
    await reply(update, context, texts.pending_header(len(pending)))
    for registration, unit_name in pending[:20]:
        markup = keyboards.inline(
            [
                [
                    (texts.BTN_APPROVE, REGISTRATION.build("ok", registration.id)),
                    (texts.BTN_REJECT, REGISTRATION.build("no", registration.id)),
                ]
            ]
        )
        await reply(
            update,
            context,
            texts.registration_request(registration, unit_name),
            reply_markup=markup_of(markup),
        )


@tracked("registration_decision", roles=ADMIN_ONLY)
async def decision_button(update: Update, context: BotContext) -> None:
    """Approve or reject a request; the service re-checks the role, refuses a second decision."""
    query = update.callback_query
    assert query is not None
    press = REGISTRATION.parse(query.data)
    if press is None:
        await query.answer(texts.STALE_BUTTON)
        return
    people = context.services.people
    approve, registration_id = press["decision"] == "ok", int(press["id"])
    decided = await people.decide(query.from_user.id, registration_id, approve)
    if isinstance(decided, Ok):
        ack = texts.registration_decision_ack(approve, decided.value.full_name)
        await query.answer(ack, show_alert=False)
        await _mark_decided(query, registration_id, people)
        return
    text = await _refusal_text(people, decided, registration_id)
    await query.answer(text, show_alert=True)


async def _refusal_text(people: PeopleService, refused: Refused, registration_id: int) -> str:
    """Today's sentence for a refused decision; an earlier decision names who made it."""
    if refused.detail == PERSON_CHANGED:
        return texts.REG_PERSON_CHANGED
    if refused.reason is Reason.STALE:
        return texts.registration_already_decided(await people.decider_name(registration_id))
    return texts.STALE_BUTTON if refused.reason is Reason.NOT_FOUND else texts.NOT_ALLOWED


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add the handlers of this module."""
    app.add_handler(CallbackQueryHandler(decision_button, pattern=REGISTRATION.pattern))


async def _mark_decided(query: CallbackQuery, registration_id: int, people: PeopleService) -> None:
    """The pressed /choduyet card says who decided and loses its buttons (the outbox does the
    same for the notices it sent)."""
    message = query.message
    if message is None:
        return
    text = await people.decided_text(registration_id, message.chat.id, message.message_id)
    if text is None:
        return
    # An old or already rewritten copy cannot be edited; the decision stands all the same.
    with contextlib.suppress(BadRequest):
        await query.edit_message_text(text, reply_markup=None)
