"""/donvi: admins list, add, rename, (de)activate units, and import them from CSV."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, MessageHandler, filters

from bot import texts
from bot.models.people import ADMIN_ONLY, OrgUnit
from handlers.common import reply, reply_long, tracked
from handlers.context import BotContext
from handlers.registry import command

MAX_CSV_DOWNLOAD = 512 * 1024


def _split_pipe(args: list[str]) -> tuple[str, str] | None:
    text = " ".join(args)
    if "|" not in text:
        return None
    code, name = (part.strip() for part in text.split("|", 1))
    return (code, name) if code and name else None


@command("donvi")
async def units_command(update: Update, context: BotContext) -> None:
    """List units, or add / rename / (de)activate one."""
    service = context.services.units
    args = context.args or []
    actor = update.effective_user.id  # type: ignore[union-attr]
    action = args[0].lower() if args else ""
    result: OrgUnit | str
    if not args:
        await reply_long(
            update, context, texts.units_list(await service.units.list_all(active_only=False))
        )
        return
    if action in ("them", "doiten") and (parts := _split_pipe(args[1:])):
        code, name = parts
        result = await (
            service.add(actor, code, name)
            if action == "them"
            else service.rename(actor, code, name)
        )
    elif action in ("tat", "bat") and len(args) == 2:
        result = await service.set_active(actor, args[1], action == "bat")
    else:
        await reply(update, context, texts.UNITS_USAGE)
        return
    await reply(update, context, result if isinstance(result, str) else texts.unit_saved(result))


@tracked("units_csv", roles=ADMIN_ONLY)
async def units_csv(update: Update, context: BotContext) -> None:
    """Import a units CSV sent with the caption «donvi them» or «donvi thay»."""
    message = update.effective_message
    assert message is not None and message.document is not None
    caption = (message.caption or "").lower().split()
    if len(caption) < 2 or caption[1] not in ("them", "thay"):
        await reply(update, context, texts.CSV_CAPTION_HINT)
        return
    if (message.document.file_size or 0) > MAX_CSV_DOWNLOAD:
        await reply(update, context, texts.CSV_TOO_BIG)
        return
    file = await message.document.get_file()
    data = bytes(await file.download_as_bytearray())
    actor = update.effective_user.id if update.effective_user else 0
    parsed = await context.services.units.import_csv(actor, data, replace=caption[1] == "thay")
    if parsed.errors:
        await reply(update, context, texts.csv_errors(parsed.errors))
        return
    await reply(update, context, texts.csv_imported(len(parsed.rows), caption[1] == "thay"))


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add the handlers of this module."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(
        MessageHandler(
            private & filters.Document.ALL & filters.CaptionRegex(r"(?i)^\s*/?donvi\b"),
            units_csv,
        )
    )
