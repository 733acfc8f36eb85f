"""/nguoidung: admins find people and change role, unit, head, reporting contact, status."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot import keyboards, texts
from bot.models.outcomes import Ok, Refused
from bot.models.people import ADMIN_ONLY, User
from bot.people import admin
from bot.people.admin import ROLE_CODES, UserCard
from bot.people.callbacks import USER
from handlers.common import reply, tracked
from handlers.context import BotContext
from handlers.flows import markup_of
from handlers.registry import command


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


_REFUSALS = {
    admin.NO_SUCH_USER: texts.USER_NOT_FOUND,
    admin.NO_SUCH_UNIT: texts.UNIT_NOT_FOUND,
    admin.NOT_SELF: texts.USER_NOT_SELF,
    admin.NEEDS_UNIT: texts.USER_NEEDS_UNIT,
    admin.HEAD_NEEDS_LEADER: texts.USER_HEAD_NEEDS_LEADER,
    admin.NEEDS_SUPERIOR: texts.USER_IN_CHARGE_NEEDS_SUPERIOR,
}


def refusal_text(refused: Refused) -> str:
    """Today's sentence for why the user admin service refused."""
    return _REFUSALS.get(refused.detail or "", texts.NOT_ALLOWED)


@command("nguoidung")
async def users_command(update: Update, context: BotContext) -> None:
    """Search people, or move one to another unit."""
    service = context.services.user_admin
    actor = update.effective_user.id  # type: ignore[union-attr]
    args = context.args or []
    if not args:
        await reply(update, context, texts.USERS_USAGE)
        return
    if len(args) == 3 and args[0].isdigit() and args[1].lower() == "donvi":
        await _show_card(update, context, await service.set_unit(actor, int(args[0]), args[2]))
        return
    if len(args) >= 2 and args[0].isdigit() and args[1].lower() == "phutrach":
        await _in_charge(update, context, int(args[0]), [a.lower() for a in args[2:]])
        return
    found = await service.find(actor, " ".join(args))
    if isinstance(found, Refused):
        await reply(update, context, refusal_text(found))
        return
    await _show_found(update, context, found.value)


async def _in_charge(update: Update, context: BotContext, target: int, rest: list[str]) -> None:
    """`phutrach N` (a field by its number), `phutrach bo` (no field), `phutrach donvi MÃ`
    (a unit too) or `phutrach donvi MÃ bo` (not that unit)."""
    service, actor = context.services.user_admin, update.effective_user.id  # type: ignore[union-attr]
    if len(rest) in (2, 3) and rest[0] == "donvi" and rest[2:] in ([], ["bo"]):
        result = await service.set_unit_in_charge(actor, target, rest[1], len(rest) == 2)
        await _show_card(update, context, result)
        return
    fields = texts.PROPOSAL_FIELDS
    choice = rest[0] if len(rest) == 1 else ""
    if choice != "bo" and not (choice.isdigit() and 1 <= int(choice) <= len(fields)):
        await reply(update, context, texts.bad_field(fields))
        return
    field = None if choice == "bo" else fields[int(choice) - 1]
    await _show_card(update, context, await service.set_in_charge(actor, target, field))


async def _show_found(update: Update, context: BotContext, found: list[User]) -> None:
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
    result = await _act(context, query.from_user.id, press) if press else None
    if result is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    await _show_card(update, context, result)


async def _act(
    context: BotContext, actor: int, press: dict[str, str]
) -> Ok[UserCard] | Refused | None:
    """Call the service a card button asks for; None for a button it does not know."""
    service = context.services.user_admin
    action, target, role = press["action"], int(press["id"]), press.get("role")
    if action == "v":
        return await service.card(actor, target)
    if action == "r" and role in ROLE_CODES:
        return await service.set_role(actor, target, ROLE_CODES[role])
    if action == "h":
        return await service.toggle_head(actor, target)
    if action == "c":
        return await service.toggle_contact(actor, target)
    if action in ("d", "a"):
        return await service.set_active(actor, target, action == "a")
    return None


async def _show_card(update: Update, context: BotContext, result: Ok[UserCard] | Refused) -> None:
    if isinstance(result, Refused):
        await reply(update, context, refusal_text(result))
        return
    card = result.value
    text = texts.user_card(
        card.user, card.unit_name, card.admin, card.unit_kind, card.in_charge_units
    )
    if card.replaced_field and card.user.in_charge:
        text = texts.in_charge_replaced(card.user.in_charge, card.replaced_field) + "\n\n" + text
    await reply(update, context, text, reply_markup=markup_of(card_markup(card)))


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add the handlers of this module."""
    app.add_handler(CallbackQueryHandler(user_button, pattern=USER.pattern))
