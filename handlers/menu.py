"""The reply-keyboard main menu: each label runs its command's handler (roles checked there)."""

from __future__ import annotations

from telegram.ext import Application, MessageHandler, filters

from bot import keyboards
from handlers import deadlines, proposals, qa, registration, start, units, users
from handlers.common import Callback

_BY_COMMAND: dict[str, Callback] = {
    "hoi": qa.ask_command,
    "dangky": registration.register_command,
    "dexuat": proposals.propose_command,
    "dexuatcuatoi": proposals.my_proposals_command,
    "duyet": proposals.review_command,
    "hanbaocao": deadlines.deadlines_command,
    "help": start.help_command,
    "toi": start.me_command,
    "choduyet": registration.pending_command,
    "donvi": units.units_command,
    "nguoidung": users.users_command,
}


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add one handler per main-menu label; menu buttons act like their commands."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    for label, command in keyboards.MENU_COMMANDS.items():
        app.add_handler(MessageHandler(private & filters.Text([label]), _BY_COMMAND[command]))
