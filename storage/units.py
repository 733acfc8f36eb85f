"""Units (agencies, wards/communes)."""

from __future__ import annotations

import aiosqlite

from bot.models.people import OrgUnit
from bot.vntext import fold
from storage.db import Database

_COLUMNS = "id, code, name, kind, active"


def _unit(row: aiosqlite.Row) -> OrgUnit:
    return OrgUnit(
        id=row["id"],
        code=row["code"],
        name=row["name"],
        kind=row["kind"],
        active=bool(row["active"]),
    )


class UnitRepository:
    """Repository over `units`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, unit_id: int) -> OrgUnit | None:
        """Return one unit by id."""
        row = await self._db.fetchone(f"SELECT {_COLUMNS} FROM units WHERE id = ?", (unit_id,))
        return _unit(row) if row else None

    async def get_by_code(self, code: str) -> OrgUnit | None:
        """Return one unit by its code."""
        row = await self._db.fetchone(f"SELECT {_COLUMNS} FROM units WHERE code = ?", (code,))
        return _unit(row) if row else None

    async def list_all(self, *, active_only: bool = True) -> list[OrgUnit]:
        """Return units ordered by name."""
        where = "WHERE active = 1" if active_only else ""
        rows = await self._db.fetchall(f"SELECT {_COLUMNS} FROM units {where} ORDER BY id")
        return [_unit(row) for row in rows]

    async def of_kind(self, kind: str) -> list[OrgUnit]:
        """Active units of one kind, in the order they were added."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM units WHERE active = 1 AND kind = ? ORDER BY id", (kind,)
        )
        return [_unit(row) for row in rows]

    async def count(self) -> int:
        """Return how many units exist (active or not)."""
        return int(await self._db.fetchval("SELECT COUNT(*) FROM units"))

    async def search(self, query: str, *, limit: int = 20) -> list[OrgUnit]:
        """Find active units whose name contains every word of the query, diacritics optional."""
        words = fold(query).split()
        if not words:
            return []
        # Every word must start a word of the name: "hai" finds "Vĩnh Hải", not "Vĩnh Thái".
        clauses = " AND ".join("(' ' || search_key) LIKE ? ESCAPE '\\'" for _ in words)
        params = [f"% {escape_like(word)}%" for word in words]
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM units WHERE active = 1 AND {clauses} ORDER BY id LIMIT ?",
            (*params, limit),
        )
        return [_unit(row) for row in rows]

    async def upsert(
        self, conn: aiosqlite.Connection, *, code: str, name: str, kind: str, now: str
    ) -> int:
        """Insert a unit or update the one with the same code (reactivating it)."""
        cursor = await conn.execute(
            "INSERT INTO units (code, name, kind, search_key, active, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, 1, ?, ?) "
            "ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, "
            "search_key = excluded.search_key, active = 1, updated_at = excluded.updated_at "
            "RETURNING id",
            (code, name, kind, fold(name), now, now),
        )
        row = await cursor.fetchone()
        assert row is not None
        return int(row[0])

    async def rename(self, conn: aiosqlite.Connection, unit_id: int, name: str, now: str) -> None:
        """Rename a unit."""
        await conn.execute(
            "UPDATE units SET name = ?, search_key = ?, updated_at = ? WHERE id = ?",
            (name, fold(name), now, unit_id),
        )

    async def set_kind(
        self, conn: aiosqlite.Connection, unit_id: int, kind: str, now: str
    ) -> None:
        """Change a unit's kind."""
        await conn.execute(
            "UPDATE units SET kind = ?, updated_at = ? WHERE id = ?", (kind, now, unit_id)
        )

    async def set_active(
        self, conn: aiosqlite.Connection, unit_id: int, active: bool, now: str
    ) -> None:
        """Activate or deactivate a unit (units are never deleted: people refer to them)."""
        await conn.execute(
            "UPDATE units SET active = ?, updated_at = ? WHERE id = ?",
            (int(active), now, unit_id),
        )

    async def deactivate_missing(
        self, conn: aiosqlite.Connection, keep_codes: set[str], now: str
    ) -> int:
        """Deactivate every unit whose code is not kept (CSV replace)."""
        rows = await (await conn.execute("SELECT id, code FROM units WHERE active = 1")).fetchall()
        gone = [row[0] for row in rows if row[1] not in keep_codes]
        for unit_id in gone:
            await self.set_active(conn, unit_id, False, now)
        return len(gone)


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
