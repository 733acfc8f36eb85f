"""/saoluu (a fresh backup for the admins named in BOT_ADMIN_IDS) and /thongke (figures)."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from telegram import Message, Update
from telegram.ext import Application, CallbackQueryHandler

from bot import keyboards, texts
from bot.callbacks import Codec
from bot.models.outcomes import Refused
from bot.models.people import ADMIN_ONLY
from bot.ops import backup_to
from handlers.common import reply, reply_long, send_paced, tracked
from handlers.context import BotContext
from handlers.flows import markup_of
from handlers.registry import command

UPLOAD_LIMIT = 50 * 1024 * 1024
# The one button of /saoluu: "sl:ok" confirms that the file (personal data) may be sent.
CONFIRM = Codec("sl", (("answer", "ok"),))


def _main_admin(context: BotContext, user_id: int) -> bool:
    return user_id in context.services.settings.admin_ids


@command("saoluu")
async def backup_command(update: Update, context: BotContext) -> None:
    """Ask for confirmation: the file holds personal data."""
    user = update.effective_user
    assert user is not None
    if not _main_admin(context, user.id):
        await reply(update, context, texts.BACKUP_ONLY_MAIN_ADMINS)
        return
    markup = keyboards.inline([[(texts.BTN_BACKUP_OK, CONFIRM.build("ok"))]])
    await reply(update, context, texts.BACKUP_CONFIRM, reply_markup=markup_of(markup))


@tracked("backup_button", roles=ADMIN_ONLY)
async def backup_button(update: Update, context: BotContext) -> None:
    """Make the backup, record who took it, and send it as a file."""
    query = update.callback_query
    assert query is not None and query.message is not None
    if CONFIRM.parse(query.data) is None or not _main_admin(context, query.from_user.id):
        await query.answer(texts.BACKUP_ONLY_MAIN_ADMINS, show_alert=True)
        return
    await query.answer()
    services = context.services
    now = services.clock.now().astimezone(services.settings.tz)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"tro-ly-nd73-{now:%Y%m%d-%H%M}.sqlite3"
        size = await asyncio.to_thread(backup_to, services.settings.database_path, target)
        if size > UPLOAD_LIMIT:
            await reply(update, context, texts.BACKUP_TOO_BIG)
            return
        recorded = await services.privacy.record_backup(query.from_user.id, target.name)
        if isinstance(recorded, Refused):
            await reply(update, context, texts.BACKUP_ONLY_MAIN_ADMINS)
            return
        await _send_backup(context, query.message.chat.id, target, size)


async def _send_backup(context: BotContext, chat_id: int, target: Path, size: int) -> None:
    """Send the file, riding out flood control as replies do (each attempt reopens it)."""

    async def send() -> Message:
        with target.open("rb") as handle:
            return await context.bot.send_document(
                chat_id, handle, filename=target.name, caption=texts.backup_done(target.name, size)
            )

    await send_paced(context, chat_id, send)


@command("thongke")
async def stats_command(update: Update, context: BotContext) -> None:
    """Show usage figures to admins."""
    await reply_long(update, context, await context.services.stats.report())


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add the handlers of this module."""
    app.add_handler(CallbackQueryHandler(backup_button, pattern=CONFIRM.pattern))
