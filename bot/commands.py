"""The one command registry: it feeds /help, the Telegram command menus and role checks."""

from __future__ import annotations

from dataclasses import dataclass

from bot import texts
from bot.models.people import ADMIN_ONLY, ALL_ROLES, APPROVED_ROLES, Role


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """A bot command: its name (ASCII, as Telegram requires), help text and who may use it."""

    name: str
    description: str
    roles: frozenset[Role] = ALL_ROLES
    aliases: tuple[str, ...] = ()
    in_menu: bool = True

    @property
    def names(self) -> tuple[str, ...]:
        """The command and its aliases."""
        return (self.name, *self.aliases)


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("start", texts.CMD_START),
    CommandSpec("help", texts.CMD_HELP),
    CommandSpec("hoi", texts.CMD_ASK),
    CommandSpec("dieu", texts.CMD_ARTICLE),
    CommandSpec("toi", texts.CMD_ME),
    CommandSpec("dangky", texts.CMD_REGISTER, roles=frozenset({Role.GUEST})),
    CommandSpec("dexuat", texts.CMD_PROPOSE, roles=APPROVED_ROLES),
    CommandSpec("dexuatcuatoi", texts.CMD_MY_PROPOSALS, roles=APPROVED_ROLES),
    CommandSpec("duyet", texts.CMD_REVIEW, roles=frozenset({Role.LEADER, Role.ADMIN})),
    CommandSpec("hanbaocao", texts.CMD_DEADLINES, roles=APPROVED_ROLES),
    CommandSpec("tonghop", texts.CMD_DIGEST, roles=frozenset({Role.LEADER, Role.ADMIN})),
    CommandSpec("huy", texts.CMD_CANCEL, aliases=("cancel",)),
    CommandSpec("tieptuc", texts.CMD_RESUME),
    CommandSpec("choduyet", texts.CMD_PENDING, roles=ADMIN_ONLY),
    CommandSpec("donvi", texts.CMD_UNITS, roles=ADMIN_ONLY),
    CommandSpec("nguoidung", texts.CMD_USERS, roles=ADMIN_ONLY),
    CommandSpec("cauhoi", texts.CMD_QUESTIONS, roles=ADMIN_ONLY),
    CommandSpec("xuat", texts.CMD_EXPORT, roles=ADMIN_ONLY),
    CommandSpec("chuyenduyet", texts.CMD_REASSIGN, roles=ADMIN_ONLY),
    CommandSpec("taohan", texts.CMD_NEW_DEADLINE, roles=ADMIN_ONLY),
    CommandSpec("suahan", texts.CMD_EDIT_DEADLINE, roles=ADMIN_ONLY),
    CommandSpec("thongbao", texts.CMD_BROADCAST, roles=ADMIN_ONLY),
    CommandSpec("saoluu", texts.CMD_BACKUP, roles=ADMIN_ONLY),
    CommandSpec("thongke", texts.CMD_STATS, roles=ADMIN_ONLY),
)


def get(name: str) -> CommandSpec:
    """Find a registered command by name or alias."""
    for spec in COMMANDS:
        if name in spec.names:
            return spec
    raise KeyError(name)


def for_role(role: Role) -> list[CommandSpec]:
    """The commands a role may use, in registry order."""
    return [spec for spec in COMMANDS if role in spec.roles]


def known_names() -> set[str]:
    """Every registered command name and alias."""
    return {name for spec in COMMANDS for name in spec.names}
