"""The one answer to "may this person do this now?", read from the database at the moment.

Handlers ask it at entry (commands, buttons, form steps, submit); services ask it again inside
the transaction that applies the change, where the read sees the committed truth, so a role
taken away between the button and the press is honoured. Admins named in the settings are
admins whatever the database says.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from bot.models.people import Role, UserStatus
from storage.users import UserRepository


@dataclass(frozen=True, slots=True)
class Standing:
    """What a person is allowed to be right now."""

    telegram_id: int
    role: Role
    status: UserStatus | None  # None: never pressed /start
    unit_id: int | None
    is_head: bool
    superior: bool = False  # a leader of the city leadership (the heads' superior level)

    def holds(self, roles: Collection[Role]) -> bool:
        """True when the person's current role is one of `roles`."""
        return self.role in roles


# A rule over a person's current standing: may they run this form, press this button, now?
Admits = Callable[[Standing], bool]


def holding(roles: Collection[Role]) -> Admits:
    """The rule "holds one of `roles` now" (an approved account for any role but guest)."""
    allowed = frozenset(roles)

    def admits(standing: Standing) -> bool:
        return standing.holds(allowed)

    return admits


class Authority:
    """Reads a person's standing; the one place roles are decided."""

    def __init__(self, users: UserRepository, admin_ids: Collection[int]) -> None:
        self._users = users
        self._admin_ids = frozenset(admin_ids)

    async def standing(self, telegram_id: int) -> Standing:
        """The person's role, status and unit as stored now (inside a transaction if any)."""
        user = await self._users.get(telegram_id)
        if telegram_id in self._admin_ids:
            role = Role.ADMIN
        elif user is None or not user.approved:
            role = Role.GUEST
        else:
            role = user.role
        if user is None:
            return Standing(telegram_id, role, None, None, False)
        superior = role is Role.LEADER and await self._users.in_leadership(user.unit_id)
        return Standing(telegram_id, role, user.status, user.unit_id, user.is_head, superior)

    async def role_of(self, telegram_id: int) -> Role:
        """The role that governs what the person may do now."""
        return (await self.standing(telegram_id)).role

    async def may(self, telegram_id: int, roles: Collection[Role]) -> bool:
        """True when the person's current role is one of `roles`."""
        return (await self.standing(telegram_id)).holds(roles)
