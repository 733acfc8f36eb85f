"""Seed a database file with approved users before a bot process starts on it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from bot.authority import Authority
from bot.clock import SystemClock, to_iso
from bot.models.people import Role, UserStatus
from bot.people.units import UnitService
from storage.audit import AuditLog
from storage.db import Database
from storage.migrations import migrate
from storage.units import UnitRepository
from storage.users import UserRepository


async def seed_users(path: Path, users: Iterable[tuple[int, str, str | None, Role, bool]]) -> None:
    """Create (telegram id, full name, unit code, role, is head) users, approved."""
    db = Database(path)
    await db.open()
    try:
        await migrate(db.conn)
        units = UnitRepository(db)
        authority = Authority(UserRepository(db), ())
        await UnitService(db, units, AuditLog(db), SystemClock(), authority).seed_if_empty()
        repo = UserRepository(db)
        async with db.transaction() as conn:
            now = to_iso(SystemClock().now())
            for telegram_id, name, unit_code, role, is_head in users:
                unit = await units.get_by_code(unit_code) if unit_code else None
                await repo.touch(
                    conn,
                    telegram_id=telegram_id,
                    first_name=name.split()[-1],
                    username=None,
                    role=None,
                    now=now,
                )
                await repo.update(
                    conn,
                    telegram_id,
                    now,
                    full_name=name,
                    unit_id=unit.id if unit else None,
                    position="Chuyên viên",
                    role=role,
                    status=UserStatus.APPROVED,
                    is_head=int(is_head),
                )
    finally:
        await db.close()


async def seed_deadline(
    path: Path, *, title: str, first_due: datetime, offsets: list[int], units: list[str] | None
) -> None:
    """Insert a deadline directly (due times relative to the real clock, for process tests)."""
    import json

    db = Database(path)
    await db.open()
    try:
        await migrate(db.conn)
        repo = UnitRepository(db)
        ids = None
        if units is not None:
            ids = [u.id for u in [await repo.get_by_code(c) for c in units] if u is not None]
        async with db.transaction() as conn:
            now = to_iso(SystemClock().now())
            await conn.execute(
                "INSERT INTO deadlines (title, description, first_due, recurrence, targets, "
                "offsets, overdue_daily, created_by, created_at, updated_at) "
                "VALUES (?, '', ?, ?, ?, ?, 0, 0, ?, ?)",
                (
                    title,
                    to_iso(first_due),
                    json.dumps({"kind": "none"}),
                    json.dumps("all" if ids is None else ids),
                    json.dumps(offsets),
                    now,
                    now,
                ),
            )
    finally:
        await db.close()
