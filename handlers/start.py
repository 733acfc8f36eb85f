"""/start, /help and /huy: greeting, the generated command list, cancelling."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot import commands, texts
from bot.context import BotContext
from handlers.common import reply, tracked


@tracked("start")
async def start_command(update: Update, context: BotContext) -> None:
    """Greet the user with the organisation's name."""
    user = update.effective_user
    name = user.first_name if user else ""
    await reply(update, context, texts.greeting(name, context.services.settings.org_name))


@tracked("help")
async def help_command(update: Update, context: BotContext) -> None:
    """List the commands the user's role may use."""
    user = update.effective_user
    role = await context.services.role_of(user.id) if user else None
    specs = commands.for_role(role) if role else commands.COMMANDS
    await reply(update, context, texts.help_text((s.name, s.description) for s in specs))


@tracked("cancel")
async def cancel_command(update: Update, context: BotContext) -> None:
    """Cancel whatever the user is doing (nothing yet, so say so)."""
    await reply(update, context, texts.NOTHING_TO_CANCEL)


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add the handlers of this module."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("start", start_command, filters=private))
    # /help also answers in groups, where the gate lets only an explicit /help@bot through.
    app.add_handler(CommandHandler("help", help_command, filters=filters.UpdateType.MESSAGE))
    app.add_handler(
        CommandHandler(list(commands.get("huy").names), cancel_command, filters=private)
    )
