"""Blocking and unblocking the bot in a private chat (my_chat_member updates)."""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.ext import Application, ChatMemberHandler

from handlers.common import tracked
from handlers.context import BotContext


@tracked("membership")
async def membership_changed(update: Update, context: BotContext) -> None:
    """Stop sending to a person who blocked the bot; resume when they unblock it."""
    change = update.my_chat_member
    if change is None or change.chat.type != change.chat.PRIVATE:
        return
    blocked = change.new_chat_member.status in (ChatMember.BANNED, ChatMember.LEFT)
    await context.services.people.set_blocked(change.chat.id, blocked)


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add the membership handler."""
    app.add_handler(ChatMemberHandler(membership_changed, ChatMemberHandler.MY_CHAT_MEMBER))
