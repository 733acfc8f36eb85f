"""People: first contact, roles, registration and its approval by admins."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import aiosqlite

from bot import commands, keyboards, texts
from bot.authority import Authority
from bot.clock import Clock, to_iso
from bot.config import Settings
from bot.models.outcomes import Ok, Reason, Refused
from bot.models.people import ADMIN_ONLY, Registration, Role, User, UserStatus
from bot.people.callbacks import REGISTRATION
from storage.audit import AuditLog
from storage.db import Database
from storage.outbox import OutboxRepository
from storage.units import UnitRepository
from storage.users import UserRepository

logger = logging.getLogger(__name__)

REJECTION_COOLDOWN = timedelta(hours=24)
# The audit log's actor for what the bot does by itself (settings applied at start-up).
SYSTEM_ACTOR = 0
# Audit actions that give or take the admin role: from BOT_ADMIN_IDS, by an admin in the bot
# (/nguoidung, "user.role"), or taken back because the id left BOT_ADMIN_IDS.
ADMIN_FROM_SETTINGS = "admin.config"
ADMIN_APPOINTED = "user.role"
ADMIN_REVOKED = "admin.revoked"
# Detail of a STALE decision: the person's account changed since they asked (deactivated,
# approved or given a role by an admin), so the request no longer applies.
PERSON_CHANGED = "person_changed"


class PeopleService:
    """Users, roles and registration."""

    def __init__(
        self,
        *,
        db: Database,
        users: UserRepository,
        units: UnitRepository,
        audit: AuditLog,
        outbox: OutboxRepository,
        settings: Settings,
        clock: Clock,
    ) -> None:
        self._db = db
        self.users = users
        self._units = units
        self._audit = audit
        self._outbox = outbox
        self._settings = settings
        self._clock = clock
        self.authority = Authority(users, settings.admin_ids)

    # -- identity and roles ------------------------------------------------------------

    async def seen(self, telegram_id: int, first_name: str, username: str | None) -> User:
        """Record a contact (first /start creates the user; configured admins become admins)."""
        existing = await self.users.get(telegram_id)
        is_admin = telegram_id in self._settings.admin_ids
        needs_write = (
            existing is None
            or existing.first_name != first_name
            or existing.username != username
            or existing.blocked
            or (is_admin and not (existing.role is Role.ADMIN and existing.approved))
        )
        if needs_write:
            async with self._db.transaction() as conn:
                now = self._now()
                await self.users.touch(
                    conn,
                    telegram_id=telegram_id,
                    first_name=first_name,
                    username=username,
                    role=Role.ADMIN if is_admin else None,
                    now=now,
                )
                if is_admin and existing is not None and existing.role is not Role.ADMIN:
                    await self.users.update(
                        conn, telegram_id, now, role=Role.ADMIN, status=UserStatus.APPROVED
                    )
                if is_admin and (existing is None or existing.role is not Role.ADMIN):
                    await self.enqueue_menu(conn, telegram_id, Role.ADMIN)
                    await self._audit.add(
                        conn,
                        actor_id=SYSTEM_ACTOR,
                        action=ADMIN_FROM_SETTINGS,
                        target=f"user:{telegram_id}",
                        before={"role": existing.role.value if existing else None},
                        after={"role": Role.ADMIN.value},
                        now=now,
                    )
        user = await self.users.get(telegram_id)
        assert user is not None
        return user

    async def set_blocked(self, telegram_id: int, blocked: bool) -> None:
        """Record that a person blocked (or unblocked) the bot; nothing is sent while blocked."""
        user = await self.users.get(telegram_id)
        if user is None or user.blocked == blocked:
            return
        admins = [a for a in await self.admin_chat_ids() if a != telegram_id] if blocked else []
        async with self._db.transaction() as conn:
            await self.users.update(conn, telegram_id, self._now(), blocked=int(blocked))
            # Admins are told, so a person who stopped receiving reminders is not missed.
            for admin_id in admins:
                await self._outbox.enqueue(
                    conn,
                    chat_id=admin_id,
                    kind="user_blocked",
                    text=texts.user_blocked_bot(user.display_name, telegram_id),
                    now=self._clock.now(),
                )

    @property
    def configured_admins(self) -> frozenset[int]:
        """The admins BOT_ADMIN_IDS names: admins whatever the database says."""
        return frozenset(self._settings.admin_ids)

    async def role_of(self, telegram_id: int) -> Role:
        """The role that governs what a person may do now (admins from settings always)."""
        return await self.authority.role_of(telegram_id)

    async def is_admin(self, telegram_id: int) -> bool:
        """True for admins."""
        return await self.role_of(telegram_id) is Role.ADMIN

    async def claim_once(self, conn: aiosqlite.Connection, key: str) -> bool:
        """Whether this is the first claim of `key` (kept in the audit log, in the caller's
        transaction): for notices admins get once."""
        if await self._audit.latest(key, ("once",)) is not None:
            return False
        now = to_iso(self._clock.now())
        await self._audit.add(conn, actor_id=SYSTEM_ACTOR, action="once", target=key, now=now)
        return True

    async def admin_chat_ids(self) -> list[int]:
        """Everyone who receives admin notices: configured admins and approved admin users."""
        ids = dict.fromkeys(self._settings.admin_ids)
        for admin in await self.users.admins():
            ids.setdefault(admin.telegram_id)
        users = {i: await self.users.get(i) for i in ids}
        # Telegram refuses messages to people who never opened the bot: prefer admins who did,
        # but never drop a notice when none has yet (the outbox records the failure).
        reachable = [i for i, u in users.items() if u is not None and not u.blocked]
        return reachable or [i for i, u in users.items() if u is None]

    async def describe(self, telegram_id: int) -> str:
        """The /toi card."""
        user = await self.users.get(telegram_id)
        if user is None:
            return texts.ME_UNKNOWN
        unit = await self._units.get(user.unit_id) if user.unit_id else None
        pending = await self.users.pending_registration(telegram_id)
        return texts.me_card(
            user, await self.role_of(telegram_id), unit.name if unit else None, pending is not None
        )

    # -- registration ------------------------------------------------------------------

    async def registration_blocker(self, telegram_id: int) -> str | None:
        """Why a person may not start registering now, or None when they may."""
        user = await self.users.get(telegram_id)
        if user is None:
            return None
        if user.approved or telegram_id in self._settings.admin_ids:
            return texts.REG_ALREADY_APPROVED
        if user.status is UserStatus.DEACTIVATED:
            return texts.REG_DEACTIVATED
        if await self.users.pending_registration(telegram_id):
            return texts.REG_ALREADY_PENDING
        if user.status is UserStatus.REJECTED and user.rejected_at is not None:
            until = user.rejected_at + REJECTION_COOLDOWN
            if self._clock.now() < until:
                return texts.reg_cooldown(until.astimezone(self._settings.tz))
        return None

    async def submit_registration(
        self, conn: Any, telegram_id: int, answers: dict[str, Any], now: str
    ) -> str:
        """Store the request and notify every admin, inside the flow's transaction."""
        unit_id = int(answers["unit"])
        reg_id = await self.users.add_registration(
            conn,
            telegram_id=telegram_id,
            full_name=answers["full_name"],
            unit_id=unit_id,
            position=answers["position"],
            now=now,
        )
        await self.users.update(
            conn,
            telegram_id,
            now,
            full_name=answers["full_name"],
            position=answers["position"],
            unit_id=unit_id,
            status=UserStatus.PENDING,
        )
        registration = Registration(
            reg_id,
            telegram_id,
            answers["full_name"],
            unit_id,
            answers["position"],
            "pending",
            None,
            self._clock.now(),
        )
        unit = await self._units.get(unit_id)
        text = texts.registration_request(registration, unit.name if unit else "?")
        markup = keyboards.inline(
            [
                [
                    (texts.BTN_APPROVE, REGISTRATION.build("ok", reg_id)),
                    (texts.BTN_REJECT, REGISTRATION.build("no", reg_id)),
                ]
            ]
        )
        for admin_id in await self.admin_chat_ids():
            await self._outbox.enqueue(
                conn,
                chat_id=admin_id,
                kind="registration_request",
                text=text,
                payload={"reply_markup": markup},
                group_key=f"reg:{reg_id}",
                now=self._clock.now(),
            )
        return texts.REG_SUBMITTED

    async def pending(self) -> list[tuple[Registration, str]]:
        """Pending requests with their unit names (for /choduyet)."""
        result = []
        for registration in await self.users.pending_registrations():
            unit = await self._units.get(registration.unit_id)
            result.append((registration, unit.name if unit else "?"))
        return result

    async def decide(
        self, actor_id: int, registration_id: int, approve: bool
    ) -> Ok[Registration] | Refused:
        """Approve or reject a request; a second decision is refused, roles re-checked here.

        The actor's role and the request's status are read inside the transaction that
        decides, so an admin demoted meanwhile, or a request another admin decided, is refused.
        """
        actor = await self.users.get(actor_id)
        actor_name = actor.display_name if actor else str(actor_id)
        async with self._db.transaction() as conn:
            now = self._now()
            if not await self.authority.may(actor_id, ADMIN_ONLY):
                await self._audit.add(
                    conn,
                    actor_id=actor_id,
                    action="denied:registration.decide",
                    target=f"registration:{registration_id}",
                    now=now,
                )
                return Refused(Reason.NOT_ALLOWED, "registration.decide")
            registration = await self.users.get_registration(registration_id)
            if registration is None:
                return Refused(Reason.NOT_FOUND, f"registration:{registration_id}")
            if registration.status != "pending":
                return Refused(Reason.STALE, f"registration:{registration_id}")
            person = await self.users.get(registration.telegram_id)
            if person is None or person.status is not UserStatus.PENDING:
                return Refused(Reason.STALE, PERSON_CHANGED)
            status = "approved" if approve else "rejected"
            if not await self.users.decide_registration(
                conn, registration_id, status=status, decided_by=actor_id, now=now
            ):
                return Refused(Reason.STALE, f"registration:{registration_id}")
            await self._apply_decision(conn, registration, approve, now)
            await self._audit.add(
                conn,
                actor_id=actor_id,
                action=f"registration.{status}",
                target=f"user:{registration.telegram_id}",
                before={"status": "pending"},
                after={"status": status},
                now=now,
            )
            await self._tell_decision(conn, registration, approve, actor_name)
        return Ok(registration)

    async def _apply_decision(
        self, conn: Any, registration: Registration, approve: bool, now: str
    ) -> None:
        if approve:
            await self.users.update(
                conn, registration.telegram_id, now, status=UserStatus.APPROVED, role=Role.STAFF
            )
            await self.enqueue_menu(conn, registration.telegram_id, Role.STAFF)
        else:
            await self.users.set_rejected(conn, registration.telegram_id, now)

    async def _tell_decision(
        self, conn: Any, registration: Registration, approve: bool, actor_name: str
    ) -> None:
        """Tell the person, and rewrite the request every admin received to say who decided."""
        await self._outbox.enqueue(
            conn,
            chat_id=registration.telegram_id,
            kind="registration_result",
            text=texts.registration_result(approve, REJECTION_COOLDOWN),
            payload={"reply_markup": keyboards.main_menu(Role.STAFF if approve else Role.GUEST)},
            now=self._clock.now(),
        )
        unit = await self._units.get(registration.unit_id)
        await self._outbox.rewrite_group(
            conn,
            f"reg:{registration.id}",
            texts.registration_decided(
                registration,
                unit.name if unit else "?",
                approve,
                actor_name,
                self._clock.now().astimezone(self._settings.tz),
            ),
            now=self._clock.now(),
        )

    async def decided_text(
        self, registration_id: int, chat_id: int, message_id: int
    ) -> str | None:
        """How a decided request reads on a copy pressed outside the outbox (a /choduyet card).

        None while undecided, or when the copy is one the outbox sent: it rewrites those.
        """
        current = await self.users.get_registration(registration_id)
        if current is None or current.status == "pending":
            return None
        if await self._outbox.in_group(f"reg:{registration_id}", chat_id, message_id):
            return None
        unit = await self._units.get(current.unit_id)
        return texts.registration_decided(
            current,
            unit.name if unit else "?",
            current.status == "approved",
            await self.decider_name(registration_id),
            self._clock.now().astimezone(self._settings.tz),
        )

    async def decider_name(self, registration_id: int) -> str:
        """Who decided a request, as admins know them ("?" when unknown)."""
        current = await self.users.get_registration(registration_id)
        by = await self.users.get(current.decided_by) if current and current.decided_by else None
        return by.display_name if by else "?"

    # -- helpers -----------------------------------------------------------------------

    async def enqueue_menu(self, conn: Any, telegram_id: int, role: Role) -> None:
        """Queue the per-chat command menu for a role (cosmetic: handlers check roles)."""
        menu = [
            {"command": spec.name, "description": spec.description}
            for spec in commands.for_role(role)
        ]
        await self._outbox.enqueue(
            conn,
            chat_id=telegram_id,
            kind="menu",
            method="setMyCommands",
            payload={"commands": menu, "scope": {"type": "chat", "chat_id": telegram_id}},
            now=self._clock.now(),
        )

    async def deny(self, actor_id: int, action: str, target: str) -> None:
        """Record a refused privileged action in the audit log."""
        async with self._db.transaction() as conn:
            await self._audit.add(
                conn, actor_id=actor_id, action=f"denied:{action}", target=target, now=self._now()
            )

    def _now(self) -> str:
        return to_iso(self._clock.now())
