"""Incoming files: attachments of an active draft, or official texts sent by admins."""

from __future__ import annotations

from typing import Any

from telegram import Document, Update
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from bot import keyboards, texts
from bot.knowledge.callbacks import OFFICIAL
from bot.knowledge.notices import describe
from bot.knowledge.official import NotStaged, Staged, doc_from_name
from bot.models.official import DOCS
from bot.models.outcomes import Ok, Reason, Refused
from bot.models.people import ADMIN_ONLY
from handlers.common import reply, tracked
from handlers.context import BotContext
from handlers.flows import markup_of, show

MAX_DOWNLOAD = 10 * 1024 * 1024
PENDING_KEY = "kb_pending_files"


def staged_reply(result: Staged | NotStaged) -> tuple[str, dict[str, Any] | None]:
    """Text and buttons for the outcome of staging a file."""
    if isinstance(result, NotStaged):
        return describe(result), None
    markup = keyboards.inline(
        [
            [
                (texts.BTN_IMPORT, OFFICIAL.build("ok", result.import_id)),
                (texts.BTN_IMPORT_CANCEL, OFFICIAL.build("no", result.import_id)),
            ]
        ]
    )
    return describe(result), markup


def refusal_text(refused: Refused) -> str:
    """Today's sentence for a refused apply or cancel."""
    if refused.reason is Reason.NOT_ALLOWED:
        return texts.NOT_ALLOWED
    return texts.IMPORT_NOT_PENDING


@tracked("incoming_file")
async def incoming_file(update: Update, context: BotContext) -> None:
    """A file goes to the user's active draft if any, else an admin's file is an official text."""
    message = update.effective_message
    user = update.effective_user
    assert message is not None and user is not None
    if await context.services.flows.active(user.id) is not None:
        await _attach(update, context, user.id)
        return
    if message.document is None or not await context.services.people.is_admin(user.id):
        await reply(update, context, texts.TEXT_ONLY)
        return
    await _official_file(update, context, user.id, message.document, message.caption or "")


async def _official_file(
    update: Update, context: BotContext, user_id: int, document: Document, caption: str
) -> None:
    """Stage an admin's file as the official text of the document it is (or ask which)."""
    if (document.file_size or 0) > MAX_DOWNLOAD:
        await reply(update, context, texts.IMPORT_EXTRACT_ERRORS["too_big"])
        return
    data = bytes(await (await document.get_file()).download_as_bytearray())
    name = document.file_name or "van-ban"
    doc = doc_from_name(caption) or await context.services.official.guess_doc(data, name)
    if isinstance(doc, NotStaged):
        await reply(update, context, describe(doc))
        return
    if doc is None:
        context.bot_data.setdefault(PENDING_KEY, {})[user_id] = (document.file_id, name)
        choices = keyboards.inline([[(code, OFFICIAL.build("d", code)) for code in DOCS]])
        await reply(update, context, texts.IMPORT_PICK_DOC, reply_markup=markup_of(choices))
        return
    await _stage(update, context, user_id, data, name, doc)


async def _stage(
    update: Update, context: BotContext, user_id: int, data: bytes, name: str, doc: str
) -> None:
    text, markup = staged_reply(await context.services.official.stage(user_id, data, name, doc))
    await reply(update, context, text, reply_markup=markup_of(markup))


async def _attach(update: Update, context: BotContext, user_id: int) -> None:
    message = update.effective_message
    assert message is not None
    if message.document is not None:
        kind, file_id, name = "document", message.document.file_id, message.document.file_name
    elif message.photo:
        kind, file_id, name = "photo", message.photo[-1].file_id, None
    else:
        await reply(update, context, texts.TEXT_ONLY)
        return
    outcome = await context.services.flows.add_file(user_id, kind, file_id, name)
    if outcome is not None:
        await show(update, context, outcome)


@tracked("official_button", roles=ADMIN_ONLY)
async def official_button(update: Update, context: BotContext) -> None:
    """Pick the document, confirm or cancel an import."""
    query = update.callback_query
    assert query is not None
    press = OFFICIAL.parse(query.data)
    if press is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    action, arg, actor = press["action"], press["arg"], query.from_user.id
    if action == "d":
        await _pick_doc(update, context, actor, arg)
    elif not arg.isdigit():
        await reply(update, context, texts.STALE_BUTTON)
    else:
        await reply(update, context, await _decide(context, actor, action == "ok", int(arg)))


async def _pick_doc(update: Update, context: BotContext, user_id: int, doc: str) -> None:
    """Stage the file the admin sent earlier as the document they picked."""
    pending = context.bot_data.get(PENDING_KEY, {}).pop(user_id, None)
    if pending is None or doc not in DOCS:
        await reply(update, context, texts.IMPORT_RESEND)
        return
    file_id, name = pending
    data = bytes(await (await context.bot.get_file(file_id)).download_as_bytearray())
    await _stage(update, context, user_id, data, name, doc)


async def _decide(context: BotContext, actor: int, apply: bool, import_id: int) -> str:
    """Apply or cancel a staged import; the text that says what happened."""
    service = context.services.official
    if not apply:
        discarded = await service.discard(actor, import_id)
        return texts.IMPORT_DISCARDED if isinstance(discarded, Ok) else refusal_text(discarded)
    applied = await service.apply(actor, import_id)
    if isinstance(applied, Refused):
        return refusal_text(applied)
    return texts.import_applied(applied.value.doc, applied.value.units)


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add the handlers of this module (after the units CSV handler)."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(
        MessageHandler(private & (filters.Document.ALL | filters.PHOTO), incoming_file)
    )
    app.add_handler(CallbackQueryHandler(official_button, pattern=OFFICIAL.pattern))
