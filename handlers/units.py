"""/donvi: admins list, add, rename, set the kind of, (de)activate units, and import them
from CSV."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, MessageHandler, filters

from bot import texts
from bot.models.outcomes import Ok, Refused
from bot.models.people import ADMIN_ONLY, OrgUnit
from bot.people import units
from handlers.common import reply, reply_long, tracked
from handlers.context import BotContext
from handlers.registry import command

MAX_CSV_DOWNLOAD = 512 * 1024


def _split_pipe(args: list[str]) -> list[str] | None:
    """`MÃ | Tên` or `MÃ | Tên | loại`: the parts, or None when malformed."""
    text = " ".join(args)
    parts = [part.strip() for part in text.split("|")]
    if not 2 <= len(parts) <= 3 or not all(parts):
        return None
    return parts


_REFUSALS = {
    units.BAD_CODE: texts.CSV_BAD_CODE,
    units.BAD_NAME: texts.CSV_BAD_NAME,
    units.BAD_KIND: texts.UNIT_BAD_KIND,
    units.NO_SUCH_UNIT: texts.UNIT_NOT_FOUND,
}


def refusal_text(refused: Refused) -> str:
    """Today's sentence for why the unit service refused."""
    return _REFUSALS.get(refused.detail or "", texts.NOT_ALLOWED)


@command("donvi")
async def units_command(update: Update, context: BotContext) -> None:
    """List units, or add / rename / set the kind of / (de)activate one."""
    args = context.args or []
    if not args:
        listed = await context.services.units.units.list_all(active_only=False)
        await reply_long(update, context, texts.units_list(listed))
        return
    actor = update.effective_user.id  # type: ignore[union-attr]
    result = await _edit(context, actor, args[0].lower(), args[1:])
    if result is None:
        await reply(update, context, texts.UNITS_USAGE)
    elif isinstance(result, Refused):
        await reply(update, context, await _refusal(context, result, args[1:]))
    else:
        await reply(update, context, texts.unit_saved(result.value))


async def _refusal(context: BotContext, refused: Refused, args: list[str]) -> str:
    """The sentence for a refusal; a code that exists is shown with its unit."""
    parts = _split_pipe(args)
    if refused.detail == units.CODE_TAKEN and parts:
        taken = await context.services.units.units.get_by_code(parts[0].upper())
        if taken is not None:
            return texts.unit_code_taken(taken)
    return refusal_text(refused)


async def _edit(
    context: BotContext, actor: int, action: str, args: list[str]
) -> Ok[OrgUnit] | Refused | None:
    """Call the service the subcommand names; None when the subcommand is malformed."""
    service = context.services.units
    if action == "them" and (parts := _split_pipe(args)):
        return await service.add(actor, *parts)
    if action == "doiten" and (parts := _split_pipe(args)) and len(parts) == 2:
        return await service.rename(actor, *parts)
    if action == "loai" and len(args) >= 2:
        return await service.set_kind(actor, args[0], " ".join(args[1:]))
    if action in ("tat", "bat") and len(args) == 1:
        return await service.set_active(actor, args[0], action == "bat")
    return None


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
    if isinstance(parsed, Refused):
        await reply(update, context, texts.refusal(parsed.reason))
        return
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
