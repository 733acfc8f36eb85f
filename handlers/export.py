"""/xuat: admins export the proposals as an .xlsx register or one plan as a .docx, the
statistics, or the log of questions asked."""

from __future__ import annotations

import io
from zoneinfo import ZoneInfo

from telegram import Update

from bot import texts
from bot.clock import from_iso
from bot.knowledge.qa import LoggedQuestion
from bot.models.outcomes import Refused
from bot.proposals.doc_kit import sheet_xlsx, tables_xlsx
from bot.proposals.files import ExportFile
from handlers.common import reply, send_paced
from handlers.context import BotContext
from handlers.registry import command


@command("xuat")
async def export_command(update: Update, context: BotContext) -> None:
    """Send the register (filters: unit code, year), one proposal's plan, the statistics or
    the question log; every file handed out is audited first (who, which file, what asked)."""
    args = context.args or []
    file = await _build(update, context, args)
    if file is None:
        return
    actor = update.effective_user.id  # type: ignore[union-attr]
    recorded = await context.services.privacy.record_export(actor, file.filename, args)
    if isinstance(recorded, Refused):
        await reply(update, context, texts.NOT_ALLOWED)
        return
    await _send(update, context, file)


async def _build(update: Update, context: BotContext, args: list[str]) -> ExportFile | None:
    """The file asked for; None when the reason was already told."""
    kind = args[0].lower() if args else ""
    if kind == "thongke":
        return await _stats_file(context)
    if kind in ("cauhoi", "câuhỏi"):
        return await _question_log_file(context)
    if _is_number(args):
        return await _plan(update, context, args[0])
    return await _register(update, context, args)


async def _plan(update: Update, context: BotContext, number: str) -> ExportFile | None:
    file = await context.services.proposals.files.plan(number)
    if file is None:
        await reply(update, context, texts.PROPOSAL_NOT_FOUND)
    return file


async def _register(update: Update, context: BotContext, args: list[str]) -> ExportFile | None:
    year = next((int(a) for a in args if a.isdigit() and len(a) == 4), None)
    unit = next((a for a in args if not a.isdigit()), None)
    if len(args) > 2 or (unit and len(unit) > 32):
        await reply(update, context, texts.EXPORT_USAGE)
        return None
    file = await context.services.proposals.files.register(unit_code=unit, year=year)
    if file is None:
        await reply(update, context, texts.EXPORT_EMPTY)
    return file


def _is_number(args: list[str]) -> bool:
    """A proposal number such as "ĐX-2026-0001" (also typed "dx-2026-1")."""
    return (
        len(args) == 1 and "-" in args[0] and args[0].upper().lstrip("Đ").startswith(("X", "DX"))
    )


async def _send(update: Update, context: BotContext, file: ExportFile) -> None:
    chat = update.effective_chat
    assert chat is not None
    await send_paced(
        context,
        chat.id,
        lambda: context.bot.send_document(
            chat.id, io.BytesIO(file.data), filename=file.filename, caption=file.caption
        ),
    )


async def _stats_file(context: BotContext) -> ExportFile:
    services = context.services
    data = tables_xlsx(await services.stats.tables(), texts.STATS_COLUMNS)
    name = f"thong-ke-{services.clock.now().astimezone(services.settings.tz):%Y%m%d}.xlsx"
    return ExportFile(name, data, texts.CMD_STATS)


async def _question_log_file(context: BotContext) -> ExportFile:
    services, tz = context.services, context.services.settings.tz
    days = services.settings.question_log_days
    logged = await services.qa.question_log(days)
    table = [_question_row(q, tz) for q in logged]
    data = sheet_xlsx(texts.QUESTION_LOG_SHEET, texts.QUESTION_LOG_COLUMNS, table)
    name = f"cau-hoi-{services.clock.now().astimezone(tz):%Y%m%d}.xlsx"
    return ExportFile(name, data, texts.question_log_caption(len(logged), days))


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
