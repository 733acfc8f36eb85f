"""Every bot command, declared once: name, description, who may use it, its menu label.

From these records come /help, the per-chat Telegram command menus, the reply-keyboard labels,
the menu-label router and the role check at entry (handlers bind a callback to a record with
`handlers.registry.command`). `gate=False` leaves the role check to the handler, for commands
that explain themselves to people who cannot use them (/dangky tells a registered person so).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import texts
from bot.models.people import ADMIN_ONLY, ALL_ROLES, APPROVED_ROLES, Role

REVIEWER_ROLES = frozenset({Role.LEADER, Role.ADMIN})


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """A bot command: its name (ASCII, as Telegram requires), help text and who may use it."""

    name: str
    description: str
    roles: frozenset[Role] = ALL_ROLES
    aliases: tuple[str, ...] = ()
    menu_label: str | None = None  # its button on the reply-keyboard main menu, if any
    gate: bool = True  # refuse people outside `roles` before the handler runs
    groups: bool = False  # also answered in groups (the gate lets only /cmd@bot through)
    # Typed or tapped in the middle of a form, it pauses the form first so that what is typed
    # next goes where the command said; False for commands that only show something or that
    # act on the form itself.
    pauses_form: bool = True

    @property
    def names(self) -> tuple[str, ...]:
        """The command and its aliases."""
        return (self.name, *self.aliases)


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("start", texts.CMD_START),
    CommandSpec(
        "help", texts.CMD_HELP, menu_label=texts.MENU_HELP, groups=True, pauses_form=False
    ),
    CommandSpec("hoi", texts.CMD_ASK, menu_label=texts.MENU_ASK),
    CommandSpec("dieu", texts.CMD_ARTICLE, pauses_form=False),
    CommandSpec("toi", texts.CMD_ME, menu_label=texts.MENU_ME, pauses_form=False),
    CommandSpec(
        "dangky",
        texts.CMD_REGISTER,
        roles=frozenset({Role.GUEST}),
        menu_label=texts.MENU_REGISTER,
        gate=False,
    ),
    CommandSpec("dexuat", texts.CMD_PROPOSE, roles=APPROVED_ROLES, menu_label=texts.MENU_PROPOSE),
    CommandSpec(
        "dexuatcuatoi",
        texts.CMD_MY_PROPOSALS,
        roles=APPROVED_ROLES,
        menu_label=texts.MENU_MY_PROPOSALS,
    ),
    CommandSpec("duyet", texts.CMD_REVIEW, roles=REVIEWER_ROLES, menu_label=texts.MENU_REVIEW),
    CommandSpec(
        "hanbaocao", texts.CMD_DEADLINES, roles=APPROVED_ROLES, menu_label=texts.MENU_DEADLINES
    ),
    CommandSpec("tonghop", texts.CMD_DIGEST, roles=REVIEWER_ROLES),
    CommandSpec("huy", texts.CMD_CANCEL, aliases=("cancel",), pauses_form=False),
    CommandSpec("tieptuc", texts.CMD_RESUME, pauses_form=False),
    CommandSpec("choduyet", texts.CMD_PENDING, roles=ADMIN_ONLY, menu_label=texts.MENU_PENDING),
    CommandSpec("donvi", texts.CMD_UNITS, roles=ADMIN_ONLY, menu_label=texts.MENU_UNITS),
    CommandSpec("nguoidung", texts.CMD_USERS, roles=ADMIN_ONLY, menu_label=texts.MENU_USERS),
    CommandSpec("cauhoi", texts.CMD_QUESTIONS, roles=ADMIN_ONLY),
    CommandSpec("xuat", texts.CMD_EXPORT, roles=ADMIN_ONLY),
    CommandSpec("chuyenduyet", texts.CMD_REASSIGN, roles=ADMIN_ONLY),
    CommandSpec("taohan", texts.CMD_NEW_DEADLINE, roles=ADMIN_ONLY),
    CommandSpec("suahan", texts.CMD_EDIT_DEADLINE, roles=ADMIN_ONLY),
    CommandSpec("thongbao", texts.CMD_BROADCAST, roles=ADMIN_ONLY),
    CommandSpec("saoluu", texts.CMD_BACKUP, roles=ADMIN_ONLY),
    CommandSpec("thongke", texts.CMD_STATS, roles=ADMIN_ONLY),
)

# Which commands each role's reply keyboard shows, row by row (labels come from the records).
# At most two buttons a row: a phone shows three long labels cut off ("📂 Đề xuất c…").
MENU_LAYOUT: dict[Role, tuple[tuple[str, ...], ...]] = {
    Role.GUEST: (("hoi", "dangky"), ("toi", "help")),
    Role.STAFF: (("hoi", "dexuat"), ("dexuatcuatoi", "hanbaocao"), ("toi", "help")),
    Role.LEADER: (("duyet", "hanbaocao"), ("dexuat", "dexuatcuatoi"), ("hoi", "toi"), ("help",)),
    Role.ADMIN: (
        ("hoi", "duyet", "hanbaocao"),
        ("choduyet", "donvi", "nguoidung"),
        ("toi", "help"),
    ),
}


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


def by_menu_label(label: str) -> CommandSpec | None:
    """The command a main-menu label stands for."""
    return next((spec for spec in COMMANDS if spec.menu_label == label), None)


def menu_labels(role: Role) -> list[list[str]]:
    """Labels of a role's main menu, row by row."""
    return [[_label(name) for name in row] for row in MENU_LAYOUT[role]]


def _label(name: str) -> str:
    label = get(name).menu_label
    if label is None:
        raise ValueError(f"command {name!r} has no menu label")
    return label
