"""/start, /help and /toi: greeting with the main menu, the generated command list, own card."""

from __future__ import annotations

from telegram import ReplyKeyboardMarkup, Update

from bot import commands, keyboards, texts
from bot.models.people import Role
from handlers.common import reply
from handlers.context import BotContext
from handlers.registry import command


def main_menu(role: Role) -> ReplyKeyboardMarkup:
    """The role's reply-keyboard main menu as PTB's type."""
    return ReplyKeyboardMarkup.de_json(keyboards.main_menu(role), None)


@command("start")
async def start_command(update: Update, context: BotContext) -> None:
    """Greet the user with the organisation's name and show their main menu."""
    user = update.effective_user
    assert user is not None
    people = context.services.people
    await people.seen(user.id, user.first_name, user.username)
    role = await people.role_of(user.id)
    greeting = texts.greeting(user.first_name, context.services.settings.org_name)
    await reply(update, context, greeting, reply_markup=main_menu(role))


async def own_commands(update: Update, context: BotContext) -> list[tuple[str, str]]:
    """The commands the user's role may use, as (name, description)."""
    user = update.effective_user
    role = await context.services.people.role_of(user.id) if user else Role.GUEST
    return [(spec.name, spec.description) for spec in commands.for_role(role)]


@command("help")
async def help_command(update: Update, context: BotContext) -> None:
    """List the commands the user's role may use."""
    await reply(update, context, texts.help_text(await own_commands(update, context)))


@command("toi")
async def me_command(update: Update, context: BotContext) -> None:
    """Show the user's own name, unit, role and status."""
    user = update.effective_user
    assert user is not None
    await reply(update, context, await context.services.people.describe(user.id))
