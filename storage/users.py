"""People, their roles and registration requests."""

from __future__ import annotations

from typing import Any

import aiosqlite

from bot.clock import from_iso
from bot.models.people import LEADERSHIP, Registration, Role, User, UserStatus
from bot.vntext import fold
from storage.db import Database
from storage.units import escape_like

_COLUMNS = (
    "telegram_id, first_name, username, full_name, position, unit_id, role, is_head, "
    "is_contact, status, blocked, rejected_at, created_at, in_charge"
)
_REG_COLUMNS = "id, telegram_id, full_name, unit_id, position, status, decided_by, created_at"

# Columns an admin may change through `update`; names are never taken from user input.
EDITABLE = frozenset(
    {
        "full_name",
        "position",
        "unit_id",
        "role",
        "is_head",
        "is_contact",
        "status",
        "blocked",
        "in_charge",
    }
)


def _user(row: aiosqlite.Row) -> User:
    return User(
        telegram_id=row["telegram_id"],
        first_name=row["first_name"],
        username=row["username"],
        full_name=row["full_name"],
        position=row["position"],
        unit_id=row["unit_id"],
        role=Role(row["role"]),
        is_head=bool(row["is_head"]),
        is_contact=bool(row["is_contact"]),
        status=UserStatus(row["status"]),
        blocked=bool(row["blocked"]),
        rejected_at=from_iso(row["rejected_at"]) if row["rejected_at"] else None,
        created_at=from_iso(row["created_at"]),
        in_charge=row["in_charge"],
    )


def _registration(row: aiosqlite.Row) -> Registration:
    return Registration(
        id=row["id"],
        telegram_id=row["telegram_id"],
        full_name=row["full_name"],
        unit_id=row["unit_id"],
        position=row["position"],
        status=row["status"],
        decided_by=row["decided_by"],
        created_at=from_iso(row["created_at"]),
    )


class UserRepository:
    """Repository over `users` and `registrations`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, telegram_id: int) -> User | None:
        """Return one user."""
        row = await self._db.fetchone(
            f"SELECT {_COLUMNS} FROM users WHERE telegram_id = ?", (telegram_id,)
        )
        return _user(row) if row else None

    async def touch(
        self,
        conn: aiosqlite.Connection,
        *,
        telegram_id: int,
        first_name: str,
        username: str | None,
        role: Role | None,
        now: str,
    ) -> None:
        """Create the user on first contact or refresh their Telegram names (and unblock)."""
        await conn.execute(
            "INSERT INTO users (telegram_id, first_name, username, role, status, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (telegram_id) DO UPDATE SET first_name = excluded.first_name, "
            "username = excluded.username, blocked = 0",
            (
                telegram_id,
                first_name,
                username,
                (role or Role.GUEST).value,
                UserStatus.APPROVED.value if role is Role.ADMIN else UserStatus.NEW.value,
                now,
                now,
            ),
        )

    async def update(
        self, conn: aiosqlite.Connection, telegram_id: int, now: str, **fields: Any
    ) -> None:
        """Change some columns of a user."""
        unknown = set(fields) - EDITABLE
        if unknown:
            raise ValueError(f"not editable: {sorted(unknown)}")
        if "full_name" in fields:
            fields["search_key"] = fold(fields["full_name"] or "")
        assignments = ", ".join(f"{name} = ?" for name in fields)
        values = [v.value if isinstance(v, Role | UserStatus) else v for v in fields.values()]
        await conn.execute(
            f"UPDATE users SET {assignments}, updated_at = ? WHERE telegram_id = ?",
            (*values, now, telegram_id),
        )

    async def set_rejected(self, conn: aiosqlite.Connection, telegram_id: int, now: str) -> None:
        """Mark a user rejected, starting the cooldown."""
        await conn.execute(
            "UPDATE users SET status = 'rejected', rejected_at = ?, updated_at = ? "
            "WHERE telegram_id = ?",
            (now, now, telegram_id),
        )

    async def admins(self) -> list[User]:
        """Every approved admin who has not blocked the bot."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM users WHERE role = 'admin' AND status = 'approved' "
            "AND blocked = 0 ORDER BY telegram_id"
        )
        return [_user(row) for row in rows]

    async def with_role(self, role: Role) -> list[User]:
        """Everyone whose stored role is `role`, whatever their status."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM users WHERE role = ? ORDER BY telegram_id", (role.value,)
        )
        return [_user(row) for row in rows]

    async def search(self, query: str, *, limit: int = 10) -> list[User]:
        """Find registered users by name, username or id, diacritics optional."""
        text = query.strip().lstrip("@")
        if text.isdigit():
            row = await self._db.fetchone(
                f"SELECT {_COLUMNS} FROM users WHERE telegram_id = ?", (int(text),)
            )
            return [_user(row)] if row else []
        words = fold(text).split()
        if not words:
            return []
        # Each word must start a word of the name (or the username).
        clauses = " AND ".join(
            "((' ' || search_key) LIKE ? ESCAPE '\\' OR lower(coalesce(username, '')) LIKE ?"
            " ESCAPE '\\')"
            for _ in words
        )
        params: list[Any] = []
        for word in words:
            escaped = escape_like(word)
            params += [f"% {escaped}%", f"{escaped}%"]
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM users WHERE {clauses} ORDER BY full_name LIMIT ?",
            (*params, limit),
        )
        return [_user(row) for row in rows]

    async def leaders(self, unit_id: int | None) -> list[User]:
        """Approved leaders of a unit (None: city-level leaders), the head first."""
        where = "unit_id = ?" if unit_id is not None else "unit_id IS NULL"
        params: tuple[Any, ...] = (unit_id,) if unit_id is not None else ()
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM users WHERE role = 'leader' AND status = 'approved' "
            f"AND {where} ORDER BY is_head DESC, telegram_id",
            params,
        )
        return [_user(row) for row in rows]

    async def superior_leaders(self) -> list[User]:
        """Approved leaders of the active city-leadership units: the chairs (heads) first."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM users WHERE role = 'leader' AND status = 'approved' "
            "AND unit_id IN (SELECT id FROM units WHERE kind = ? AND active = 1) "
            "ORDER BY is_head DESC, telegram_id",
            (LEADERSHIP,),
        )
        return [_user(row) for row in rows]

    async def in_leadership(self, unit_id: int | None) -> bool:
        """Whether a unit is a city-leadership unit."""
        if unit_id is None:
            return False
        kind = await self._db.fetchval("SELECT kind FROM units WHERE id = ?", (unit_id,))
        return bool(kind == LEADERSHIP)

    async def units_in_charge(self, telegram_id: int) -> list[int]:
        """The units a superior-level leader is in charge of (phụ trách), by id."""
        rows = await self._db.fetchall(
            "SELECT unit_id FROM in_charge_units WHERE telegram_id = ? ORDER BY unit_id",
            (telegram_id,),
        )
        return [int(row["unit_id"]) for row in rows]

    async def in_charge_of_unit(self, unit_id: int) -> list[int]:
        """Who is in charge of a unit at the superior level, by Telegram id."""
        rows = await self._db.fetchall(
            "SELECT telegram_id FROM in_charge_units WHERE unit_id = ? ORDER BY telegram_id",
            (unit_id,),
        )
        return [int(row["telegram_id"]) for row in rows]

    async def set_unit_in_charge(
        self, conn: aiosqlite.Connection, telegram_id: int, unit_id: int, on: bool
    ) -> None:
        """Give a leader charge of a unit, or take it back."""
        if on:
            await conn.execute(
                "INSERT OR IGNORE INTO in_charge_units (telegram_id, unit_id) VALUES (?, ?)",
                (telegram_id, unit_id),
            )
        else:
            await conn.execute(
                "DELETE FROM in_charge_units WHERE telegram_id = ? AND unit_id = ?",
                (telegram_id, unit_id),
            )

    async def clear_units_in_charge(self, conn: aiosqlite.Connection, telegram_id: int) -> None:
        """Take back every unit a leader was in charge of."""
        await conn.execute("DELETE FROM in_charge_units WHERE telegram_id = ?", (telegram_id,))

    async def all_leaders(self) -> list[User]:
        """Every approved leader who has not blocked the bot, city-level ones first."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM users WHERE role = 'leader' AND status = 'approved' "
            "AND blocked = 0 ORDER BY unit_id IS NOT NULL, unit_id, is_head DESC, telegram_id"
        )
        return [_user(row) for row in rows]

    async def clear_other_heads(
        self, conn: aiosqlite.Connection, unit_id: int, keep: int, now: str
    ) -> None:
        """A unit has one head: unset it for everyone but `keep`."""
        await conn.execute(
            "UPDATE users SET is_head = 0, updated_at = ? "
            "WHERE unit_id = ? AND is_head = 1 AND telegram_id != ?",
            (now, unit_id, keep),
        )

    async def in_unit(self, unit_id: int) -> list[User]:
        """Approved users of a unit."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM users WHERE unit_id = ? AND status = 'approved' "
            "ORDER BY full_name",
            (unit_id,),
        )
        return [_user(row) for row in rows]

    # -- registrations -----------------------------------------------------------------

    async def add_registration(
        self,
        conn: aiosqlite.Connection,
        *,
        telegram_id: int,
        full_name: str,
        unit_id: int,
        position: str,
        now: str,
    ) -> int:
        """Store a pending request (at most one per person: a unique index holds it)."""
        cursor = await conn.execute(
            "INSERT INTO registrations (telegram_id, full_name, unit_id, position, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (telegram_id, full_name, unit_id, position, now),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def get_registration(self, registration_id: int) -> Registration | None:
        """Return one request."""
        row = await self._db.fetchone(
            f"SELECT {_REG_COLUMNS} FROM registrations WHERE id = ?", (registration_id,)
        )
        return _registration(row) if row else None

    async def pending_registration(self, telegram_id: int) -> Registration | None:
        """Return a person's pending request, if any."""
        row = await self._db.fetchone(
            f"SELECT {_REG_COLUMNS} FROM registrations WHERE telegram_id = ? "
            "AND status = 'pending'",
            (telegram_id,),
        )
        return _registration(row) if row else None

    async def pending_registrations(self) -> list[Registration]:
        """Every pending request, oldest first."""
        rows = await self._db.fetchall(
            f"SELECT {_REG_COLUMNS} FROM registrations WHERE status = 'pending' ORDER BY id"
        )
        return [_registration(row) for row in rows]

    async def decide_registration(
        self,
        conn: aiosqlite.Connection,
        registration_id: int,
        *,
        status: str,
        decided_by: int,
        now: str,
    ) -> bool:
        """Decide a pending request; False when someone already decided it."""
        cursor = await conn.execute(
            "UPDATE registrations SET status = ?, decided_by = ?, decided_at = ? "
            "WHERE id = ? AND status = 'pending'",
            (status, decided_by, now, registration_id),
        )
        return cursor.rowcount == 1
