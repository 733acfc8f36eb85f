"""The one error handler: log with the exception, count, tell the user in Vietnamese."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application

from bot import texts
from handlers.context import BotContext, services_of

logger = logging.getLogger(__name__)


async def error_handler(update: object, context: BotContext) -> None:
    """Log the error first, then apologise to the user if there is one."""
    logger.error("Error while handling an update", exc_info=context.error)
    services_of(context.application).metrics.errors += 1
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if update.effective_chat.type != update.effective_chat.PRIVATE:
        return
    try:
        await context.bot.send_message(update.effective_chat.id, texts.GENERIC_ERROR)
    except TelegramError:
        logger.warning("Could not tell user %s about the error", update.effective_chat.id)


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Install the error handler."""
    app.add_error_handler(error_handler)
