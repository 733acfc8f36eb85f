"""/thongbao: admins compose a broadcast (through a flow) and see its delivery report."""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.broadcasts.service import FLOW
from handlers.common import reply
from handlers.context import BotContext
from handlers.flows import show
from handlers.registry import command


@command("thongbao")
async def broadcast_command(update: Update, context: BotContext) -> None:
    """Start composing a broadcast, or `/thongbao ketqua` for the delivery report."""
    user = update.effective_user
    assert user is not None
    if context.args and context.args[0].lower() in ("ketqua", "kết quả", "ket"):
        report = await context.services.broadcasts.report()
        await reply(update, context, texts.broadcast_report(report))
        return
    await show(update, context, await context.services.flows.start(user.id, FLOW))
