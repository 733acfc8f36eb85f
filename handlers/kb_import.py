"""Incoming files: attachments of an active draft, or official texts sent by admins."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from bot import keyboards, texts
from bot.knowledge.callbacks import OFFICIAL
from bot.knowledge.official import Refused, Staged, describe, doc_from_name
from bot.models.official import DOCS
from bot.models.people import ADMIN_ONLY
from handlers.common import reply, tracked
from handlers.context import BotContext
from handlers.flows import markup_of, show

MAX_DOWNLOAD = 10 * 1024 * 1024
PENDING_KEY = "kb_pending_files"


def staged_reply(result: Staged | Refused) -> tuple[str, dict[str, Any] | None]:
    """Text and buttons for the outcome of staging a file."""
    if isinstance(result, Refused):
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
    document = message.document
    if (document.file_size or 0) > MAX_DOWNLOAD:
        await reply(update, context, texts.IMPORT_EXTRACT_ERRORS["too_big"])
        return
    data = bytes(await (await document.get_file()).download_as_bytearray())
    name = document.file_name or "van-ban"
    service = context.services.official
    doc = doc_from_name(message.caption or "") or service.guess_doc(data, name)
    if doc is None:
        context.bot_data.setdefault(PENDING_KEY, {})[user.id] = (document.file_id, name)
        choices = keyboards.inline([[(code, OFFICIAL.build("d", code)) for code in DOCS]])
        await reply(update, context, texts.IMPORT_PICK_DOC, reply_markup=markup_of(choices))
        return
    text, markup = staged_reply(await service.stage(user.id, data, name, doc))
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
    action, arg = press["action"], press["arg"]
    service = context.services.official
    await query.answer()
    if action == "d":
        pending = context.bot_data.get(PENDING_KEY, {}).pop(query.from_user.id, None)
        if pending is None or arg not in DOCS:
            await reply(update, context, texts.IMPORT_RESEND)
            return
        file_id, name = pending
        data = bytes(await (await context.bot.get_file(file_id)).download_as_bytearray())
        text, markup = staged_reply(await service.stage(query.from_user.id, data, name, arg))
        await reply(update, context, text, reply_markup=markup_of(markup))
        return
    if not arg.isdigit():
        await reply(update, context, texts.STALE_BUTTON)
        return
    if action == "no":
        done = await service.discard(int(arg))
        await reply(update, context, texts.IMPORT_DISCARDED if done else texts.IMPORT_NOT_PENDING)
        return
    imported = await service.apply(int(arg))
    staged = await service.repo.get_import(int(arg))
    if imported is None or staged is None:
        await reply(update, context, texts.IMPORT_NOT_PENDING)
        return
    await reply(update, context, texts.import_applied(staged.doc, imported))


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add the handlers of this module (after the units CSV handler)."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(
        MessageHandler(private & (filters.Document.ALL | filters.PHOTO), incoming_file)
    )
    app.add_handler(CallbackQueryHandler(official_button, pattern=OFFICIAL.pattern))
