"""Append-only schema migrations tracked by PRAGMA user_version; never edit a shipped entry."""

from __future__ import annotations

import logging

import aiosqlite

logger = logging.getLogger(__name__)


class SchemaTooNew(Exception):
    """The database was written by a newer version of the program."""

    def __init__(self, found: int, known: int) -> None:
        super().__init__(f"schema version {found} is newer than {known}")
        self.found = found
        self.known = known


# Index + 1 is the schema version each script brings the database to.
MIGRATIONS: tuple[str, ...] = (
    """
    -- 0001: updates the bot acted on (idempotent handling of redelivered updates)
    CREATE TABLE processed_updates (
        update_id   INTEGER PRIMARY KEY,
        handled_at  TEXT NOT NULL
    );
    CREATE INDEX processed_updates_handled_at ON processed_updates (handled_at);
    """,
)

LATEST = len(MIGRATIONS)


async def schema_version(conn: aiosqlite.Connection) -> int:
    """Return the database's PRAGMA user_version."""
    async with conn.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def migrate(conn: aiosqlite.Connection) -> int:
    """Apply every pending migration, each in its own transaction; return the new version."""
    version = await schema_version(conn)
    if version > LATEST:
        raise SchemaTooNew(version, LATEST)
    for number in range(version + 1, LATEST + 1):
        script = MIGRATIONS[number - 1]
        # executescript commits any open transaction first, so the script carries its own.
        await conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
        logger.info("Applied migration %04d", number)
    return LATEST
