"""One aiosqlite connection with explicit pragmas and a serialised `transaction()`."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import aiosqlite

from bot.clock import Clock, SystemClock, to_iso

# The id of the Telegram update being handled by the current task, if any. Every transaction
# opened while it is set records the id in the same transaction as its effect, so a
# redelivered update can be recognised and skipped (docs/ARCHITECTURE.md, property 2).
current_update_id: ContextVar[int | None] = ContextVar("current_update_id", default=None)
_in_transaction: ContextVar[bool] = ContextVar("in_transaction", default=False)

Params = Sequence[Any] | dict[str, Any]


class Database:
    """The bot's single SQLite connection; share it between tasks."""

    def __init__(self, path: Path | str, *, clock: Clock | None = None) -> None:
        self.path = Path(path)
        self.clock = clock or SystemClock()
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    async def open(self) -> None:
        """Open the file (creating its folder) and set the pragmas."""
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        for pragma in (
            "PRAGMA foreign_keys = ON",
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = NORMAL",
            "PRAGMA busy_timeout = 5000",
        ):
            await conn.execute(pragma)
        self._conn = conn

    async def close(self) -> None:
        """Close the connection if open."""
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    @property
    def conn(self) -> aiosqlite.Connection:
        """The open connection."""
        if self._conn is None:
            raise RuntimeError("database is not open")
        return self._conn

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Run statements atomically; never await a Telegram call inside."""
        if _in_transaction.get():
            raise RuntimeError("nested transaction")
        async with self._lock:
            token = _in_transaction.set(True)
            conn = self.conn
            try:
                # BEGIN inside the try: a task cancelled while it waits still rolls back.
                await conn.execute("BEGIN IMMEDIATE")
                update_id = current_update_id.get()
                if update_id is not None:
                    await conn.execute(
                        "INSERT OR IGNORE INTO processed_updates (update_id, handled_at) "
                        "VALUES (?, ?)",
                        (update_id, to_iso(self.clock.now())),
                    )
                yield conn
            except BaseException:
                with contextlib.suppress(sqlite3.OperationalError):
                    await conn.execute("ROLLBACK")
                raise
            else:
                await conn.execute("COMMIT")
            finally:
                _in_transaction.reset(token)

    @contextlib.asynccontextmanager
    async def _reading(self) -> AsyncIterator[aiosqlite.Connection]:
        # Inside a transaction the lock is already ours; outside, wait so a read never
        # observes another task's uncommitted writes on the shared connection.
        if _in_transaction.get():
            yield self.conn
        else:
            async with self._lock:
                yield self.conn

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        """Run a query and return its first row."""
        async with self._reading() as conn, conn.execute(sql, params) as cursor:
            row: aiosqlite.Row | None = await cursor.fetchone()
            return row

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        """Run a query and return all rows."""
        async with self._reading() as conn, conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        """Run a query and return the first column of its first row (or None)."""
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def execute(self, sql: str, params: Params = ()) -> None:
        """Run one write statement in its own transaction."""
        async with self.transaction() as conn:
            await conn.execute(sql, params)

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        """Run one statement for many rows in one transaction."""
        async with self.transaction() as conn:
            await conn.executemany(sql, rows)
