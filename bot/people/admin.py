"""What admins do to people: role, unit, head, reporting contact, deactivation; all audited."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

import aiosqlite

from bot import keyboards, texts
from bot.clock import Clock, to_iso
from bot.models.outcomes import Ok, Reason, Refused
from bot.models.people import ADMIN_ONLY, Role, User, UserStatus
from bot.people.service import (
    ADMIN_APPOINTED,
    ADMIN_FROM_SETTINGS,
    ADMIN_REVOKED,
    SYSTEM_ACTOR,
    PeopleService,
)
from bot.people.units import CAUSE_IN_CHARGE, CAUSE_ROLE, SuperiorHook
from storage.audit import AuditLog
from storage.db import Database
from storage.outbox import OutboxRepository
from storage.units import UnitRepository
from storage.users import UserRepository

# Called when a person leaves a role, inside the transaction of the change, so later features
# re-route what waited on them atomically with it: (connection, the person, the role they
# left, the admin who made the change or None for the system).
RoleLeftHook = Callable[[aiosqlite.Connection, int, Role, int | None], Awaitable[object]]
# `superior_hooks` (SuperiorHook, bot/people/units.py) are called, inside the change's
# transaction, whenever a change may alter who at the superior level (the city leadership)
# receives heads' plans, so what waits there is routed again.

ROLE_CODES = {"s": Role.STAFF, "l": Role.LEADER, "a": Role.ADMIN}

# Details of refusals: what was missing or wrong, for the handler to pick its sentence.
NO_SUCH_USER = "no_such_user"
NO_SUCH_UNIT = "no_such_unit"
NOT_SELF = "not_self"  # an admin may not demote or deactivate themselves
NEEDS_UNIT = "needs_unit"  # a head must belong to a unit
HEAD_NEEDS_LEADER = "head_needs_leader"  # only a leader can be a unit's head
NEEDS_SUPERIOR = "needs_superior"  # only a superior-level leader can be in charge of a field/unit

Fields = dict[str, Any]
# Reads the person (None when unknown) inside the change's transaction: more fields, or why not.
MoreFields = Callable[[User | None], Awaitable[Fields | Refused]]


class AdminSource(StrEnum):
    """Where a person's admin role comes from."""

    SETTINGS = "settings"  # BOT_ADMIN_IDS names them
    APPOINTED = "appointed"  # an admin gave the role in the bot (/nguoidung), audited


@dataclass(frozen=True, slots=True)
class UserCard:
    """A user as an admin sees them, with the unit name resolved."""

    user: User
    unit_name: str | None
    admin: AdminSource | None = None
    unit_kind: str = ""
    in_charge_units: tuple[str, ...] = ()  # names of the units a vice-chair is in charge of
    replaced_field: str | None = None  # the field in charge that a new one just replaced


class UserAdminService:
    """Admin edits to users; every call re-checks that the actor is an admin."""

    def __init__(
        self,
        *,
        db: Database,
        users: UserRepository,
        units: UnitRepository,
        audit: AuditLog,
        outbox: OutboxRepository,
        people: PeopleService,
        clock: Clock,
    ) -> None:
        self._db = db
        self._users = users
        self._units = units
        self._audit = audit
        self._outbox = outbox
        self._people = people
        self._clock = clock
        self.role_left_hooks: list[RoleLeftHook] = []
        self.superior_hooks: list[SuperiorHook] = []

    async def find(self, actor_id: int, query: str) -> Ok[list[User]] | Refused:
        """Search users by name, username or id."""
        if not await self._people.authority.may(actor_id, ADMIN_ONLY):
            return Refused(Reason.NOT_ALLOWED, "users.find")
        return Ok(await self._users.search(query))

    async def card(self, actor_id: int, telegram_id: int) -> Ok[UserCard] | Refused:
        """One user's card."""
        if not await self._people.authority.may(actor_id, ADMIN_ONLY):
            return Refused(Reason.NOT_ALLOWED, "users.card")
        user = await self._users.get(telegram_id)
        if user is None:
            return Refused(Reason.NOT_FOUND, NO_SUCH_USER)
        return Ok(await self._card(user))

    async def set_role(
        self, actor_id: int, telegram_id: int, role: Role
    ) -> Ok[UserCard] | Refused:
        """Change a person's role (approving them if they were not)."""
        return await self._change(
            actor_id, telegram_id, "user.role", role=role, status=UserStatus.APPROVED
        )

    async def set_unit(self, actor_id: int, telegram_id: int, code: str) -> Ok[UserCard] | Refused:
        """Move a person to another unit (they stop being its head or contact)."""

        async def to_unit(user: User | None) -> Fields | Refused:
            unit = await self._units.get_by_code(code.strip().upper())
            if unit is None or not unit.active:
                return Refused(Reason.NOT_FOUND, NO_SUCH_UNIT)
            return {"unit_id": unit.id, "is_head": 0, "is_contact": 0, "in_charge": None}

        return await self._change(actor_id, telegram_id, "user.unit", to_unit)

    async def toggle_head(self, actor_id: int, telegram_id: int) -> Ok[UserCard] | Refused:
        """Make a leader the head of their unit, or take it back (one head per unit)."""

        async def flip(user: User | None) -> Fields | Refused:
            if user is not None and not user.is_head and user.unit_id is None:
                return Refused(Reason.INVALID, NEEDS_UNIT)
            if user is not None and not user.is_head and user.role is not Role.LEADER:
                return Refused(Reason.INVALID, HEAD_NEEDS_LEADER)
            return {"is_head": 0 if user and user.is_head else 1}

        return await self._change(actor_id, telegram_id, "user.head", flip)

    async def set_in_charge(
        self, actor_id: int, telegram_id: int, field: str | None
    ) -> Ok[UserCard] | Refused:
        """Make a city leader the one in charge (phụ trách) of a proposal field, or not.

        Heads' own plans in that field go to them instead of the chair.
        """

        before: list[str] = []

        async def in_charge(user: User | None) -> Fields | Refused:
            superior = user is not None and user.role is Role.LEADER
            if field is not None and user is not None:
                superior = superior and await self._users.in_leadership(user.unit_id)
                if not superior:
                    return Refused(Reason.INVALID, NEEDS_SUPERIOR)
            if user is not None and user.in_charge and field and user.in_charge != field:
                before.append(user.in_charge)
            return {"in_charge": field}

        done = await self._change(actor_id, telegram_id, "user.in_charge", in_charge)
        if isinstance(done, Refused) or not before:
            return done
        return Ok(replace(done.value, replaced_field=before[0]))

    async def _denied(
        self, conn: aiosqlite.Connection, actor_id: int, action: str, telegram_id: int, now: str
    ) -> Refused | None:
        """Refuse (and audit) an actor who is no admin at the moment of the write."""
        if await self._people.authority.may(actor_id, ADMIN_ONLY):
            return None
        target = f"user:{telegram_id}"
        action = f"denied:{action}"
        await self._audit.add(conn, actor_id=actor_id, action=action, target=target, now=now)
        return Refused(Reason.NOT_ALLOWED, action)

    async def set_unit_in_charge(
        self, actor_id: int, telegram_id: int, code: str, on: bool
    ) -> Ok[UserCard] | Refused:
        """Give a superior-level leader charge (phụ trách) of a unit, or take it back: heads'
        own plans from that unit go to them unless another is in charge of the plan's field.
        """
        now = to_iso(self._clock.now())
        action = "user.in_charge_unit"
        async with self._db.transaction() as conn:
            if denied := await self._denied(conn, actor_id, action, telegram_id, now):
                return denied
            user = await self._users.get(telegram_id)
            if user is None:
                return Refused(Reason.NOT_FOUND, NO_SUCH_USER)
            unit = await self._units.get_by_code(code.strip().upper())
            if unit is None or not unit.active:
                return Refused(Reason.NOT_FOUND, NO_SUCH_UNIT)
            superior = user.role is Role.LEADER and await self._users.in_leadership(user.unit_id)
            if on and not superior:
                return Refused(Reason.INVALID, NEEDS_SUPERIOR)
            before = await self._users.units_in_charge(telegram_id)
            await self._users.set_unit_in_charge(conn, telegram_id, unit.id, on)
            await self._audit.add(
                conn,
                actor_id=actor_id,
                action=action,
                target=f"user:{telegram_id}",
                before={"units": before},
                after={"units": await self._users.units_in_charge(telegram_id)},
                now=now,
            )
            for hook in self.superior_hooks:
                await hook(conn, actor_id, CAUSE_IN_CHARGE)
            return Ok(await self._card(user))

    async def toggle_contact(self, actor_id: int, telegram_id: int) -> Ok[UserCard] | Refused:
        """Mark or unmark the unit's reporting contact (đầu mối báo cáo)."""

        async def flip(user: User | None) -> Fields | Refused:
            return {"is_contact": 0 if user and user.is_contact else 1}

        return await self._change(actor_id, telegram_id, "user.contact", flip)

    async def set_active(
        self, actor_id: int, telegram_id: int, active: bool
    ) -> Ok[UserCard] | Refused:
        """Deactivate a person (kept, not deleted) or reactivate them."""
        if active:
            return await self._change(
                actor_id, telegram_id, "user.activate", status=UserStatus.APPROVED
            )
        return await self._change(
            actor_id,
            telegram_id,
            "user.deactivate",
            status=UserStatus.DEACTIVATED,
            is_head=0,
            is_contact=0,
        )

    async def _change(
        self,
        actor_id: int,
        telegram_id: int,
        action: str,
        more: MoreFields | None = None,
        **fields: Any,
    ) -> Ok[UserCard] | Refused:
        """Apply `fields` (and what `more` adds, read in the same transaction) to a person.

        The actor's standing and the person are read inside the transaction that writes, so
        an admin demoted a moment ago is refused and a toggle flips the current value.
        """
        now = to_iso(self._clock.now())
        async with self._db.transaction() as conn:
            if denied := await self._denied(conn, actor_id, action, telegram_id, now):
                return denied
            user = await self._users.get(telegram_id)
            if more is not None:
                added = await more(user)
                if isinstance(added, Refused):
                    return added
                fields |= added
            if user is None:
                return Refused(Reason.NOT_FOUND, NO_SUCH_USER)
            if actor_id == telegram_id and (
                fields.get("status") is UserStatus.DEACTIVATED
                or ("role" in fields and fields["role"] is not Role.ADMIN)
            ):
                return Refused(Reason.NOT_ALLOWED, NOT_SELF)
            before = _snapshot(user)
            replaced: list[User] = []
            if fields.get("is_head") == 1 and user.unit_id is not None:
                replaced = [
                    u
                    for u in await self._users.leaders(user.unit_id)
                    if u.is_head and u.telegram_id != telegram_id
                ]
                await self._users.clear_other_heads(conn, user.unit_id, telegram_id, now)
            await self._users.update(conn, telegram_id, now, **fields)
            changed = await self._users.get(telegram_id)
            assert changed is not None
            after = _snapshot(changed)
            await self._audit.add(
                conn,
                actor_id=actor_id,
                action=action,
                target=f"user:{telegram_id}",
                before=before,
                after=after,
                now=now,
            )
            cause = CAUSE_IN_CHARGE if action == "user.in_charge" else CAUSE_ROLE
            await self._after_change(conn, actor_id, user, changed, replaced, now, cause)
        return Ok(await self._card(changed))

    async def _after_change(
        self,
        conn: aiosqlite.Connection,
        actor_id: int,
        user: User,
        changed: User,
        replaced: list[User],
        now: str,
        cause: str = CAUSE_ROLE,
    ) -> None:
        """Tell the person of a new role; hand over what waited on whoever left a post.

        A person leaves a post when their role, status, unit or headship changes; a head
        replaced by a newly appointed one leaves it too. All in the change's transaction.
        """
        role = Role.GUEST if not changed.approved else changed.role
        old_role = Role.GUEST if not user.approved else user.role
        if role is not old_role:
            await self._enqueue_role_notice(conn, changed, role)
        left = (
            old_role is not role
            or (user.is_head and not changed.is_head)
            or user.unit_id != changed.unit_id
        )
        leaving = [(user.telegram_id, old_role)] if left else []
        if user.unit_id != changed.unit_id:
            await self._users.clear_units_in_charge(conn, user.telegram_id)
        for head in replaced:
            await self._audit.add(
                conn,
                actor_id=actor_id,
                action="user.head.replaced",
                target=f"user:{head.telegram_id}",
                before={"is_head": True},
                after={"is_head": False, "new_head": changed.telegram_id},
                now=now,
            )
            leaving.append((head.telegram_id, head.role))
        actor = None if actor_id == SYSTEM_ACTOR else actor_id
        for person, was in leaving:
            for hook in self.role_left_hooks:
                await hook(conn, person, was, actor)
        if await self._users.in_leadership(user.unit_id) or await self._users.in_leadership(
            changed.unit_id
        ):
            for superior_hook in self.superior_hooks:
                await superior_hook(conn, actor, cause)

    async def _card(self, user: User) -> UserCard:
        unit = await self._units.get(user.unit_id) if user.unit_id else None
        if user.telegram_id in self._people.configured_admins:
            source: AdminSource | None = AdminSource.SETTINGS
        elif user.role is Role.ADMIN and user.approved:
            source = AdminSource.APPOINTED
        else:
            source = None
        in_charge = [
            await self._units.get(i) for i in await self._users.units_in_charge(user.telegram_id)
        ]
        return UserCard(
            user,
            unit.name if unit else None,
            source,
            unit.kind if unit else "",
            tuple(u.name for u in in_charge if u is not None),
        )

    # -- BOT_ADMIN_IDS ------------------------------------------------------------------

    async def enforce_configured_admins(self) -> int:
        """At start-up: take the admin role from whoever got it from BOT_ADMIN_IDS only and is
        no longer named there; return how many lost it.

        An admin appointed in the bot (the latest grant in the audit log is an admin's
        "user.role") keeps the role. The others become staff of their unit, or, without a
        unit, new users who may register; each change is audited, the person told and what
        waited on them handed over, in one transaction per person.
        """
        revoked = 0
        for user in await self._users.with_role(Role.ADMIN):
            if user.telegram_id in self._people.configured_admins:
                continue
            grant = await self._audit.latest(
                f"user:{user.telegram_id}",
                (ADMIN_FROM_SETTINGS, ADMIN_APPOINTED, ADMIN_REVOKED),
            )
            if grant is not None and grant[0] == ADMIN_APPOINTED:
                continue
            await self._revoke(user)
            revoked += 1
        return revoked

    async def _revoke(self, user: User) -> None:
        now = to_iso(self._clock.now())
        fields: Fields = {"role": Role.STAFF, "is_head": 0}
        if user.unit_id is None:
            fields = {"role": Role.GUEST, "status": UserStatus.NEW, "is_head": 0}
        async with self._db.transaction() as conn:
            await self._users.update(conn, user.telegram_id, now, **fields)
            changed = await self._users.get(user.telegram_id)
            assert changed is not None
            await self._audit.add(
                conn,
                actor_id=SYSTEM_ACTOR,
                action=ADMIN_REVOKED,
                target=f"user:{user.telegram_id}",
                before=_snapshot(user),
                after=_snapshot(changed),
                now=now,
            )
            await self._outbox.enqueue(
                conn,
                chat_id=user.telegram_id,
                kind="admin_revoked",
                text=texts.ADMIN_REVOKED,
                now=self._clock.now(),
            )
            await self._after_change(conn, SYSTEM_ACTOR, user, changed, [], now)

    async def _enqueue_role_notice(self, conn: Any, user: User, role: Role) -> None:
        await self._people.enqueue_menu(conn, user.telegram_id, role)
        await self._outbox.enqueue(
            conn,
            chat_id=user.telegram_id,
            kind="role_changed",
            text=texts.role_changed(role),
            payload={"reply_markup": keyboards.main_menu(role)},
            now=self._clock.now(),
        )


def _snapshot(user: User) -> dict[str, Any]:
    return {
        "role": user.role.value,
        "status": user.status.value,
        "unit_id": user.unit_id,
        "is_head": user.is_head,
        "is_contact": user.is_contact,
        "in_charge": user.in_charge,
    }
