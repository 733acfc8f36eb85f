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
    kb_import,
    membership,
    menu,
    proposals,
    qa,
    registration,
    start,
    units,
    users,
)


def register_all(app: Application) -> None:  # type: ignore[type-arg]
    """Register every handler. Order matters: the gate first, fallbacks last."""
    # Group -1 runs before everything and may stop an update (channels, groups).
    app.add_handler(TypeHandler(Update, common.gate), group=-1)
    start.register(app)
    membership.register(app)
    flows.register(app)  # /huy, /tieptuc, flow buttons, edited messages
    registration.register(app)
    units.register(app)
    kb_import.register(app)  # documents not captioned «donvi»
    users.register(app)
    qa.register(app)
    proposals.register(app)
    export.register(app)
    deadlines.register(app)
    broadcast.register(app)
    backup.register(app)
    # Main-menu labels come before free text, so a menu tap is never taken as an answer.
    menu.register(app)
    fallback.register(app)  # unknown commands, free text (drafts first), other content
    errors.register(app)
