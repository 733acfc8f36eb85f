"""Guided conversations: typed answers, buttons, /huy, /tieptuc and edited messages."""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, TelegramError
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
from bot.flows.model import Info, Outcome, Prompt
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
    """Send the messages that show an engine outcome; the prompt shown before it in this chat
    loses its buttons (only the newest prompt is pressable)."""
    for message in render.render(outcome):
        sent = await reply(update, context, message.text, reply_markup=markup_of(message.markup))
        if sent is not None and message.markup is not None:
            await _replace_prompt(context, sent.chat_id, sent.message_id)


PROMPTS_KEY = "flow_prompts"


async def _replace_prompt(context: BotContext, chat_id: int, message_id: int) -> None:
    """Remember the newest message with form buttons in a chat; drop the previous one's
    buttons unless a press already did (one edit per typed answer or file, none per press).
    Kept in memory: after a restart an old prompt is still refused by the engine if stale."""
    prompts: OrderedDict[int, int] = context.bot_data.setdefault(PROMPTS_KEY, OrderedDict())
    previous = prompts.pop(chat_id, None)
    prompts[chat_id] = message_id
    if len(prompts) > DROPPED_MEMORY:
        prompts.popitem(last=False)
    if previous is None or previous == message_id or _was_dropped(context, chat_id, previous):
        return
    try:
        await context.bot.edit_message_reply_markup(chat_id, previous, reply_markup=None)
    except TelegramError as exc:  # a courtesy: the engine refuses its stale presses anyway
        logger.debug("Could not drop the previous prompt's buttons: %s", exc)


def _was_dropped(context: BotContext, chat_id: int, message_id: int) -> bool:
    dropped = context.bot_data.get(DROPPED_KEY)
    return dropped is not None and (chat_id, message_id) in dropped


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
        return
    outcome = await _step(context.services.flows, query.from_user.id, press)
    if isinstance(outcome, Info) and outcome.stale:  # nothing changed: only say so
        await query.answer(outcome.text)
    elif press.action == "p":
        await query.answer()
        await _turn_page(update, context, query, outcome)
    else:
        await query.answer()
        await _drop_buttons(query, context, outcome.answered)
        await show(update, context, outcome)


async def _turn_page(
    update: Update, context: BotContext, query: CallbackQuery, outcome: Outcome
) -> None:
    """Show another page of choices, in place when the answer is still the same prompt."""
    if isinstance(outcome, Prompt):
        shown = render.render(outcome)[0]
        await _edit(query, shown.text, shown.markup)
        return
    await show(update, context, outcome)


async def _step(engine: FlowEngine, user_id: int, press: FlowPress) -> Outcome:
    """Give a choose, page, back, skip, edit or submit press to the engine."""
    if press.action == "c":
        return await engine.choose(user_id, press.draft_id, press.index, press.arg or "")
    if press.action == "p":
        return await engine.page(user_id, press.draft_id, press.index, int(press.arg or 0))
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
        return await engine.keep(user_id, press.draft_id)
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
