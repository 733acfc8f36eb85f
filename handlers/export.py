"""/xuat: admins export the proposals as an .xlsx register or one plan as a .docx, the
statistics, or the log of questions asked."""

from __future__ import annotations

import io
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot import texts
from bot.clock import from_iso
from bot.knowledge.qa import LoggedQuestion
from bot.models.people import ADMIN_ONLY
from bot.proposals.doc_kit import sheet_xlsx, tables_xlsx
from bot.proposals.plan import proposal_docx
from bot.proposals.register import proposals_xlsx
from handlers.common import reply, tracked
from handlers.context import BotContext


@tracked("export", roles=ADMIN_ONLY)
async def export_command(update: Update, context: BotContext) -> None:
    """Send the register (filters: unit code, year) or one proposal's plan."""
    services = context.services
    message = update.effective_message
    assert message is not None
    args = context.args or []
    settings, now = services.settings, services.clock.now()
    if args and args[0].lower() == "thongke":
        data = tables_xlsx(await services.stats.tables(), texts.STATS_COLUMNS)
        name = f"thong-ke-{now.astimezone(settings.tz):%Y%m%d}.xlsx"
        await message.reply_document(io.BytesIO(data), filename=name, caption=texts.CMD_STATS)
        return
    if args and args[0].lower() in ("cauhoi", "câuhỏi"):
        days = 90
        logged = await services.qa.question_log(days)
        table = [_question_row(q, settings.tz) for q in logged]
        data = sheet_xlsx(texts.QUESTION_LOG_SHEET, texts.QUESTION_LOG_COLUMNS, table)
        name = f"cau-hoi-{now.astimezone(settings.tz):%Y%m%d}.xlsx"
        caption = texts.question_log_caption(len(logged), days)
        await message.reply_document(io.BytesIO(data), filename=name, caption=caption)
        return
    if len(args) == 1 and "-" in args[0] and args[0].upper().lstrip("Đ").startswith(("X", "DX")):
        proposal = await services.proposals.by_number(args[0])
        if proposal is None:
            await reply(update, context, texts.PROPOSAL_NOT_FOUND)
            return
        data = proposal_docx(
            await services.proposals.export_row(proposal),
            org_name=settings.org_name,
            generated_at=now,
            tz=settings.tz,
        )
        name = f"{proposal.number.replace('Đ', 'D')}.docx"
        await message.reply_document(io.BytesIO(data), filename=name, caption=proposal.title[:200])
        return
    year = next((int(a) for a in args if a.isdigit() and len(a) == 4), None)
    unit = next((a for a in args if not a.isdigit()), None)
    if len(args) > 2 or (unit and len(unit) > 32):
        await reply(update, context, texts.EXPORT_USAGE)
        return
    rows = await services.proposals.export_rows(unit_code=unit, year=year)
    if not rows:
        await reply(update, context, texts.EXPORT_EMPTY)
        return
    data = proposals_xlsx(rows, title=texts.EXPORT_LIST_TITLE, generated_at=now, tz=settings.tz)
    await message.reply_document(
        io.BytesIO(data),
        filename=f"de-xuat-{now.astimezone(settings.tz):%Y%m%d}.xlsx",
        caption=texts.export_caption(len(rows)),
    )


def _question_row(q: LoggedQuestion, tz: ZoneInfo) -> tuple[str | int | float | None, ...]:
    return (
        f"{from_iso(q.asked_at).astimezone(tz):%d/%m/%Y %H:%M}",
        q.text,
        texts.QUESTION_LOG_ANSWERED[q.answered],
        q.doc or "",
        q.unit or "",
        None if q.score is None else round(q.score, 2),
        q.useful,
        q.not_useful,
    )


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add the handlers of this module."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("xuat", export_command, filters=private))
