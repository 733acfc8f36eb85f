"""/thongbao: admins compose a broadcast (through a flow) and see its delivery report."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot import texts
from bot.broadcasts.service import FLOW
from bot.models.people import ADMIN_ONLY
from handlers.common import reply, tracked
from handlers.context import BotContext
from handlers.flows import show


@tracked("broadcast", roles=ADMIN_ONLY)
async def broadcast_command(update: Update, context: BotContext) -> None:
    """Start composing a broadcast, or `/thongbao ketqua` for the delivery report."""
    user = update.effective_user
    assert user is not None
    if context.args and context.args[0].lower() in ("ketqua", "kết quả", "ket"):
        report = await context.services.broadcasts.report()
        await reply(update, context, texts.broadcast_report(report))
        return
    await show(update, context, await context.services.flows.start(user.id, FLOW))


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add the handlers of this module."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("thongbao", broadcast_command, filters=private))
