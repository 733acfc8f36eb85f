"""Guided conversations: typed answers, buttons, /huy, /tieptuc and edited messages."""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    MessageHandler,
    filters,
)

from bot import inputcheck, texts
from bot.flows import callbacks, render
from bot.flows.callbacks import FlowPress
from bot.flows.engine import FlowEngine
from bot.flows.model import Outcome, Prompt
from handlers.common import reply, tracked
from handlers.context import BotContext
from handlers.registry import command
from handlers.typed import problem_text

logger = logging.getLogger(__name__)


def markup_of(data: dict[str, Any] | None) -> InlineKeyboardMarkup | None:
    """Turn a plain-dict inline keyboard into PTB's type."""
    if data is None:
        return None
    return InlineKeyboardMarkup.de_json(data, None)


async def show(update: Update, context: BotContext, outcome: Outcome) -> None:
    """Send the messages that show an engine outcome."""
    for message in render.render(outcome):
        await reply(update, context, message.text, reply_markup=markup_of(message.markup))


async def answer_in_flow(update: Update, context: BotContext) -> bool:
    """Give a typed message to the user's active draft; False when there is none."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        return False
    engine = context.services.flows
    if await engine.active(user.id) is None:
        return False
    checked = inputcheck.check(message.text, max_length=inputcheck.MAX_MESSAGE)
    if not checked.ok:
        draft = await engine.active(user.id)
        assert draft is not None
        await show(update, context, await engine.current(draft, error=problem_text(checked)))
        return True
    outcome = await engine.answer_text(user.id, checked.text, message.message_id)
    if outcome is None:
        return False
    await show(update, context, outcome)
    return True


@tracked("flow_button")
async def flow_button(update: Update, context: BotContext) -> None:
    """Handle a flow button: choose, page, back, skip, edit, submit, cancel."""
    query = update.callback_query
    assert query is not None and query.from_user is not None
    press = callbacks.parse(query.data or "")
    if press is None:
        await query.answer(texts.STALE_BUTTON)
    elif press.action == "p":
        await _turn_page(update, context, query, press)
    else:
        outcome = await _step(context.services.flows, query.from_user.id, press)
        await query.answer()
        await _drop_buttons(query, context, outcome.answered)
        await show(update, context, outcome)


async def _turn_page(
    update: Update, context: BotContext, query: CallbackQuery, press: FlowPress
) -> None:
    """Show another page of choices, in place when the answer is still the same prompt."""
    page = int(press.arg or 0)
    outcome = await context.services.flows.page(
        query.from_user.id, press.draft_id, press.index, page
    )
    await query.answer()
    if isinstance(outcome, Prompt):
        shown = render.render(outcome)[0]
        await _edit(query, shown.text, shown.markup)
        return
    await show(update, context, outcome)


async def _step(engine: FlowEngine, user_id: int, press: FlowPress) -> Outcome:
    """Give a choose, back, skip, edit or submit press to the engine."""
    if press.action == "c":
        return await engine.choose(user_id, press.draft_id, press.index, press.arg or "")
    if press.action == "b":
        return await engine.back(user_id, press.draft_id, press.index)
    if press.action == "s":
        return await engine.skip(user_id, press.draft_id, press.index)
    if press.action == "e":
        return await engine.edit(user_id, press.draft_id, press.index, int(press.arg or -1))
    if press.action == "x":
        return await engine.confirm_discard(user_id, press.draft_id, press.index)
    if press.action == "xy":
        return await engine.discard(user_id, press.draft_id, press.index)
    if press.action == "xn":
        return await engine.keep(user_id)
    return await engine.submit(user_id, press.draft_id, press.index)


async def _edit(query: Any, text: str, markup: dict[str, Any] | None) -> None:
    try:
        await query.edit_message_text(text, reply_markup=markup_of(markup))
    except BadRequest as exc:
        if "not modified" not in str(exc):
            raise


DROPPED_KEY = "dropped_buttons"
TEXT_LIMIT = 4096  # what Telegram keeps of a message's text, after parsing
DROPPED_MEMORY = 2000


async def _drop_buttons(
    query: Any, context: BotContext | None = None, answered: str | None = None
) -> None:
    """Remove the buttons of the pressed message so it cannot be pressed twice; when the press
    answered something, write that answer under the message's text."""
    message = query.message
    if message is None or not getattr(message, "reply_markup", None):
        return
    if context is not None:
        # Two quick presses both carry the old keyboard: drop it once, not twice.
        dropped: OrderedDict[tuple[int, int], None] = context.bot_data.setdefault(
            DROPPED_KEY, OrderedDict()
        )
        key = (message.chat.id, message.message_id)
        if key in dropped:
            return
        dropped[key] = None
        if len(dropped) > DROPPED_MEMORY:
            dropped.popitem(last=False)
    text = _with_answer(message, answered)
    try:
        if text is not None:
            await query.edit_message_text(text, reply_markup=None)
            return
    except BadRequest as exc:
        logger.debug("Could not write the answer on the pressed message: %s", exc)
    try:
        await query.edit_message_reply_markup(reply_markup=None)
    except BadRequest as exc:
        logger.debug("Could not drop buttons: %s", exc)


def _with_answer(message: Any, answered: str | None) -> str | None:
    """The pressed message's text (as HTML) with the answer's line; None to leave the text."""
    plain = getattr(message, "text", None)
    if answered is None or not plain:
        return None
    line = texts.flow_answered(answered)
    if render.size(plain) + render.size(line) + 2 > TEXT_LIMIT:
        return None
    return f"{message.text_html}\n\n{line}"


@command("huy")
async def cancel_command(update: Update, context: BotContext) -> None:
    """Park the active draft (nothing is deleted)."""
    user = update.effective_user
    assert user is not None
    parked = await context.services.flows.park(user.id)
    await reply(update, context, texts.FLOW_PARKED if parked else texts.NOTHING_TO_CANCEL)


@command("tieptuc")
async def resume_command(update: Update, context: BotContext) -> None:
    """Resume the latest parked draft."""
    user = update.effective_user
    assert user is not None
    outcome = await context.services.flows.resume(user.id)
    if outcome is None:
        await reply(update, context, texts.FLOW_NOTHING_TO_RESUME)
        return
    await show(update, context, outcome)


@tracked("edited_message")
async def edited_message(update: Update, context: BotContext) -> None:
    """An edited message updates its answer when it belongs to the current or previous step."""
    message = update.edited_message
    user = update.effective_user
    if message is None or user is None or message.text is None:
        return
    checked = inputcheck.check(message.text, max_length=inputcheck.MAX_MESSAGE)
    if not checked.ok:
        await reply(update, context, problem_text(checked))
        return
    outcome = await context.services.flows.edited_message(
        user.id, message.message_id, checked.text
    )
    if outcome is not None:
        await show(update, context, outcome)


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add the flow handlers."""
    private = filters.ChatType.PRIVATE
    app.add_handler(CallbackQueryHandler(flow_button, pattern=callbacks.FLOW.pattern))
    app.add_handler(
        MessageHandler(private & filters.UpdateType.EDITED_MESSAGE & filters.TEXT, edited_message)
    )
