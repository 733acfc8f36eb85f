"""The typed callback context: handlers reach services as `context.services`."""

from __future__ import annotations

from typing import Any, cast

from telegram.ext import Application, CallbackContext, ExtBot

from bot.runtime import Services

SERVICES_KEY = "services"


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """CallbackContext with the bot's services attached."""

    @property
    def services(self) -> Services:
        """The process-wide services."""
        return services_of(self.application)


def services_of(application: Application[Any, Any, Any, Any, Any, Any]) -> Services:
    """Return the services stored on an application."""
    return cast(Services, application.bot_data[SERVICES_KEY])
