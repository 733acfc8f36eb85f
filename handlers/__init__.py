"""Telegram handlers: thin adapters registered in one ordered place."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, TypeHandler

from handlers import (
    backup,
    broadcast,
    common,
    deadlines,
    errors,
    export,
    fallback,
    flows,
    health,
    kb_import,
    membership,
    proposals,
    qa,
    registration,
    registry,
    start,
    units,
    users,
)

# Importing a feature module binds its commands (@command); modules with nothing else to
# register are listed here so the import is explicit.
COMMAND_ONLY = (broadcast, export, start)


def register_all(app: Application) -> None:  # type: ignore[type-arg]
    """Register every handler. Order matters: the gate first, fallbacks last."""
    # Group -2: contact with Telegram, for /healthz (records, never stops the update).
    health.register(app)
    # Group -1 runs before everything and may stop an update (channels, groups).
    app.add_handler(TypeHandler(Update, common.gate), group=-1)
    # Every declared command (bot/commands.py), bound by @command in the feature modules.
    registry.register(app)
    membership.register(app)
    flows.register(app)  # flow buttons, edited messages
    registration.register(app)
    units.register(app)
    kb_import.register(app)  # documents not captioned «donvi»
    users.register(app)
    qa.register(app)
    proposals.register(app)
    deadlines.register(app)
    backup.register(app)
    # Main-menu labels come before free text, so a menu tap is never taken as an answer.
    registry.register_menu(app)
    fallback.register(app)  # unknown commands, free text (drafts first), other content
    errors.register(app)
