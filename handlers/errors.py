"""The one error handler: log with the exception, count, tell the user in Vietnamese."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application

from bot import texts
from handlers.context import BotContext, services_of

logger = logging.getLogger(__name__)


def is_expired_query(error: BaseException | None) -> bool:
    """Telegram's answer to answerCallbackQuery for a button pressed long ago (the bot was
    down): the spinner is gone on the phone, nothing is wrong with the press itself."""
    return isinstance(error, BadRequest) and "query is too old" in error.message.lower()


async def error_handler(update: object, context: BotContext) -> None:
    """Log the error first, then apologise to the user if there is one."""
    if is_expired_query(context.error):
        # A button pressed while the bot was down: nothing went wrong, nothing to apologise for.
        logger.info("Expired button press: %s", context.error)
        return
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
