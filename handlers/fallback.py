"""Last handlers: free text (draft first, then main menu), unknown commands, other content."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from bot import texts
from handlers import flows, qa
from handlers.common import reply, tracked
from handlers.context import BotContext


@tracked("unknown_command")
async def unknown_command(update: Update, context: BotContext) -> None:
    """Point the user to /help."""
    await reply(update, context, texts.UNKNOWN_COMMAND)


@tracked("text")
async def text_message(update: Update, context: BotContext) -> None:
    """Route free text: an active draft first, otherwise it is a question."""
    if await flows.answer_in_flow(update, context):
        return
    message = update.effective_message
    await qa.answer_question(update, context, message.text if message and message.text else "")


@tracked("other_content")
async def other_content(update: Update, context: BotContext) -> None:
    """Explain that only text is taken here."""
    await reply(update, context, texts.TEXT_ONLY)


@tracked("unknown_button")
async def unknown_button(update: Update, context: BotContext) -> None:
    """Answer a button press no handler knows (forged or from an old version)."""
    query = update.callback_query
    assert query is not None
    await query.answer(texts.STALE_BUTTON)


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add the fallback handlers; they must come after every feature's handlers."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(private & filters.COMMAND, unknown_command))
    app.add_handler(MessageHandler(private & filters.TEXT, text_message))
    app.add_handler(MessageHandler(private & ~filters.StatusUpdate.ALL, other_content))
    app.add_handler(CallbackQueryHandler(unknown_button))
