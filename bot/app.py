"""The composition root: build the PTB Application with its services and handlers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from telegram import BotCommand, BotCommandScopeDefault
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, ContextTypes, Defaults, ExtBot
from telegram.request import HTTPXRequest

import handlers
from bot import commands
from bot.clock import Clock
from bot.config import Settings
from bot.models.people import Role
from bot.runtime import Services
from handlers import health, jobs
from handlers.context import SERVICES_KEY, BotContext, services_of
from handlers.errors import is_expired_query
from handlers.processor import PerChatUpdateProcessor
from handlers.transport import TelegramTransport

logger = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]

# Updates handled at once (different people only; see bot/processor.py).
UPDATE_CONCURRENCY = 8


class TelegramBot(ExtBot[None]):
    """PTB's bot, except that answering an expired button press is not an error.

    Handlers answer a press before or after acting on it; after downtime Telegram refuses
    those answers, and the action must then be applied or refused on its own merits, not
    aborted with an apology. Every `query.answer()` goes through here.
    Every successful getUpdates is reported to `on_contact` (for /healthz).
    """

    def __init__(self, *args: Any, on_contact: Callable[[], None] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._on_contact = on_contact

    async def get_updates(self, *args: Any, **kwargs: Any) -> Any:
        updates = await super().get_updates(*args, **kwargs)
        if self._on_contact is not None:
            self._on_contact()
        return updates

    async def answer_callback_query(self, *args: Any, **kwargs: Any) -> bool:
        try:
            return await super().answer_callback_query(*args, **kwargs)
        except BadRequest as exc:
            if not is_expired_query(exc):
                raise
            logger.info("Answer to a button pressed while the bot was down skipped")
            return False


def build_application(settings: Settings, *, clock: Clock | None = None) -> AnyApplication:
    """Build the application; the database opens in `on_startup`."""
    services = Services.create(settings, clock=clock)
    bot = TelegramBot(
        settings.token_value(),
        base_url=settings.api_base_url,
        base_file_url=settings.api_base_file_url,
        defaults=Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz),
        request=HTTPXRequest(connection_pool_size=16),
        get_updates_request=HTTPXRequest(connection_pool_size=1),
        on_contact=lambda: services.metrics.contact(services.clock.now()),
    )
    app = (
        Application.builder()
        .bot(bot)
        .context_types(ContextTypes(context=BotContext))
        .concurrent_updates(PerChatUpdateProcessor(UPDATE_CONCURRENCY))
        .post_init(on_startup)
        .post_stop(on_stop)
        .post_shutdown(on_shutdown)
        .build()
    )
    app.bot_data[SERVICES_KEY] = services
    handlers.register_all(app)
    return app


async def on_startup(app: AnyApplication) -> None:
    """Open storage, then publish the public command menu."""
    services = services_of(app)
    await services.open()
    await services.start_sender(TelegramTransport(app.bot))
    jobs.schedule(app)
    await health.start(app)
    menu = [BotCommand(spec.name, spec.description) for spec in commands.for_role(Role.GUEST)]
    try:
        await app.bot.set_my_commands(menu, scope=BotCommandScopeDefault())
    except TelegramError as exc:
        # A cosmetic menu must not stop the bot from starting.
        logger.warning("Could not set the command menu: %s", exc)
    logger.info("Bot @%s started", app.bot.username)


async def on_stop(app: AnyApplication) -> None:
    """Stop serving health, then the outbox sender while the bot's HTTP client is open."""
    await health.stop(app)
    await services_of(app).stop_sender()


async def on_shutdown(app: AnyApplication) -> None:
    """Close storage (and the health server, if stop did not run)."""
    await health.stop(app)
    await services_of(app).close()
    logger.info("Bot stopped")
