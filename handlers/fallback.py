"""Last handlers: unknown commands, free text, and content the bot does not take."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, MessageHandler, filters

from bot import inputcheck, texts
from bot.context import BotContext
from handlers.common import reply, tracked


def problem_text(checked: inputcheck.Checked) -> str:
    """Render why a typed text was refused."""
    if checked.problem is inputcheck.Problem.TOO_LONG:
        return texts.input_too_long(inputcheck.MAX_TEXT, checked.length)
    if checked.problem is inputcheck.Problem.NO_WORDS:
        return texts.INPUT_NO_WORDS
    return texts.INPUT_EMPTY


@tracked("unknown_command")
async def unknown_command(update: Update, context: BotContext) -> None:
    """Point the user to /help."""
    await reply(update, context, texts.UNKNOWN_COMMAND)


@tracked("text")
async def text_message(update: Update, context: BotContext) -> None:
    """Check free text; nothing consumes it yet beyond the checks."""
    message = update.effective_message
    checked = inputcheck.check(message.text if message else None)
    await reply(update, context, texts.TEXT_RECEIVED if checked.ok else problem_text(checked))


@tracked("other_content")
async def other_content(update: Update, context: BotContext) -> None:
    """Explain that only text is taken here."""
    await reply(update, context, texts.TEXT_ONLY)


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add the fallback handlers; they must come after every feature's handlers."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(private & filters.COMMAND, unknown_command))
    app.add_handler(MessageHandler(private & filters.TEXT, text_message))
    app.add_handler(MessageHandler(private & ~filters.StatusUpdate.ALL, other_content))
