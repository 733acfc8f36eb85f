"""/nguoidung: admins find people and change role, unit, head, reporting contact, status."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot import keyboards, texts
from bot.models.people import ADMIN_ONLY
from bot.people.admin import ROLE_CODES, UserCard
from bot.people.callbacks import USER
from handlers.common import reply, tracked
from handlers.context import BotContext
from handlers.flows import markup_of


def card_markup(card: UserCard) -> dict[str, object]:
    """Buttons under a user's card."""
    uid = card.user.telegram_id
    status_button = (
        (texts.BTN_ACTIVATE, USER.build("a", uid))
        if card.user.status.value == "deactivated"
        else (texts.BTN_DEACTIVATE, USER.build("d", uid))
    )
    return keyboards.inline(
        [
            [
                (texts.BTN_ROLE_STAFF, USER.build("r", uid, "s")),
                (texts.BTN_ROLE_LEADER, USER.build("r", uid, "l")),
                (texts.BTN_ROLE_ADMIN, USER.build("r", uid, "a")),
            ],
            [(texts.BTN_TOGGLE_HEAD, USER.build("h", uid))],
            [(texts.BTN_TOGGLE_CONTACT, USER.build("c", uid))],
            [status_button],
        ]
    )


@tracked("users", roles=ADMIN_ONLY)
async def users_command(update: Update, context: BotContext) -> None:
    """Search people, or move one to another unit."""
    service = context.services.user_admin
    actor = update.effective_user.id  # type: ignore[union-attr]
    args = context.args or []
    if not args:
        await reply(update, context, texts.USERS_USAGE)
        return
    if len(args) == 3 and args[0].isdigit() and args[1].lower() == "donvi":
        result = await service.set_unit(actor, int(args[0]), args[2])
        await _show_card(update, context, result)
        return
    found = await service.find(actor, " ".join(args))
    if isinstance(found, str):
        await reply(update, context, found)
        return
    if not found:
        await reply(update, context, texts.USERS_NONE)
        return
    rows = [[(texts.user_line(user), USER.build("v", user.telegram_id))] for user in found]
    await reply(
        update,
        context,
        texts.users_found(len(found)),
        reply_markup=markup_of(keyboards.inline(rows)),
    )


@tracked("user_button", roles=ADMIN_ONLY)
async def user_button(update: Update, context: BotContext) -> None:
    """Act on a user's card button; the service re-checks the admin role."""
    query = update.callback_query
    assert query is not None
    press = USER.parse(query.data)
    if press is None:
        await query.answer(texts.STALE_BUTTON)
        return
    action, target, arg = press["action"], int(press["id"]), press.get("role")
    service = context.services.user_admin
    actor = query.from_user.id
    if action == "v":
        result = await service.card(actor, target)
    elif action == "r" and arg in ROLE_CODES:
        result = await service.set_role(actor, target, ROLE_CODES[arg])
    elif action == "h":
        result = await service.toggle_head(actor, target)
    elif action == "c":
        result = await service.toggle_contact(actor, target)
    elif action in ("d", "a"):
        result = await service.set_active(actor, target, action == "a")
    else:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    await _show_card(update, context, result)


async def _show_card(update: Update, context: BotContext, result: UserCard | str) -> None:
    if isinstance(result, str):
        await reply(update, context, result)
        return
    await reply(
        update,
        context,
        texts.user_card(result.user, result.unit_name),
        reply_markup=markup_of(card_markup(result)),
    )


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add the handlers of this module."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("nguoidung", users_command, filters=private))
    app.add_handler(CallbackQueryHandler(user_button, pattern=USER.pattern))
