"""Binds handler callbacks to the declared commands (bot/commands.py) and registers them.

`@command("dexuat")` wraps a callback with the role check and logging of `tracked` using the
command's declared roles, and records it; `register(app)` then adds one CommandHandler per
command (aliases included) and one MessageHandler per main-menu label, so a menu tap runs
exactly what the command runs, with the same role check. Typed or tapped, a command declared
with `pauses_form` first pauses a form in progress (and says how to resume it).
"""

from __future__ import annotations

from collections.abc import Callable

from telegram import Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot import commands, texts
from handlers.common import Callback, reply, tracked
from handlers.context import BotContext

_BOUND: dict[str, Callback] = {}


def command(name: str) -> Callable[[Callback], Callback]:
    """Bind the decorated callback to the declared command `name`."""
    spec = commands.get(name)

    def decorate(func: Callback) -> Callback:
        if spec.name in _BOUND:
            raise ValueError(f"command /{spec.name} is bound twice")
        wrapped = tracked(spec.name, roles=spec.roles if spec.gate else None)(func)
        _BOUND[spec.name] = wrapped
        return wrapped

    return decorate


def bound(name: str) -> Callback:
    """The wrapped callback of a command (for tests and the menu router)."""
    return _BOUND[name]


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add a handler for every declared command and every main-menu label."""
    unbound = [spec.name for spec in commands.COMMANDS if spec.name not in _BOUND]
    if unbound:
        raise RuntimeError(f"declared commands without a handler: {unbound}")
    message = filters.UpdateType.MESSAGE
    private = filters.ChatType.PRIVATE & message
    for spec in commands.COMMANDS:
        chats = message if spec.groups else private
        app.add_handler(CommandHandler(list(spec.names), _entry(spec), filters=chats))


def register_menu(app: Application) -> None:  # type: ignore[type-arg]
    """Add one handler per main-menu label; a menu button acts like its command.

    A form in progress is paused first (and the user told how to resume), so that what is
    typed after the button goes where the button said, never into the form as an answer.
    """
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    for spec in commands.COMMANDS:
        if spec.menu_label is not None:
            label = filters.Text([spec.menu_label])
            app.add_handler(MessageHandler(private & label, _entry(spec)))


def _entry(spec: commands.CommandSpec) -> Callback:
    """The command's callback, pausing a form in progress first when the command says so."""
    bound = _BOUND[spec.name]
    if not spec.pauses_form:
        return bound

    async def pausing(update: Update, context: BotContext) -> None:
        await _pause_form(update, context, spec)
        await bound(update, context)

    return pausing


async def _pause_form(update: Update, context: BotContext, spec: commands.CommandSpec) -> None:
    """Park the active draft of a person who used a command they may use."""
    user = update.effective_user
    services = context.services
    if user is None or await services.updates.seen(update.update_id):
        return
    if spec.gate and await services.people.role_of(user.id) not in spec.roles:
        return  # the command refuses; the form goes on
    parked = await services.flows.park(user.id)
    if parked is not None:
        await reply(update, context, texts.flow_paused_by_menu(services.flows.title(parked)))
