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
    """
    -- 0002: people, units, registration requests, flow drafts, the outbox, the audit log
    CREATE TABLE units (
        id          INTEGER PRIMARY KEY,
        code        TEXT NOT NULL UNIQUE,
        name        TEXT NOT NULL,
        kind        TEXT NOT NULL DEFAULT 'agency',
        search_key  TEXT NOT NULL,
        active      INTEGER NOT NULL DEFAULT 1,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE users (
        telegram_id INTEGER PRIMARY KEY,
        first_name  TEXT NOT NULL DEFAULT '',
        username    TEXT,
        full_name   TEXT,
        search_key  TEXT NOT NULL DEFAULT '',
        position    TEXT,
        unit_id     INTEGER REFERENCES units (id),
        role        TEXT NOT NULL DEFAULT 'guest'
                    CHECK (role IN ('guest', 'staff', 'leader', 'admin')),
        is_head     INTEGER NOT NULL DEFAULT 0,
        is_contact  INTEGER NOT NULL DEFAULT 0,
        status      TEXT NOT NULL DEFAULT 'new'
                    CHECK (status IN ('new', 'pending', 'approved', 'rejected', 'deactivated')),
        blocked     INTEGER NOT NULL DEFAULT 0,
        rejected_at TEXT,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );
    CREATE INDEX users_unit ON users (unit_id);
    CREATE TABLE registrations (
        id          INTEGER PRIMARY KEY,
        telegram_id INTEGER NOT NULL REFERENCES users (telegram_id),
        full_name   TEXT NOT NULL,
        unit_id     INTEGER NOT NULL REFERENCES units (id),
        position    TEXT NOT NULL,
        status      TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'approved', 'rejected')),
        decided_by  INTEGER,
        decided_at  TEXT,
        created_at  TEXT NOT NULL
    );
    CREATE UNIQUE INDEX registrations_one_pending ON registrations (telegram_id)
        WHERE status = 'pending';
    CREATE TABLE drafts (
        id          INTEGER PRIMARY KEY,
        telegram_id INTEGER NOT NULL,
        flow        TEXT NOT NULL,
        step        INTEGER NOT NULL DEFAULT 0,
        answers     TEXT NOT NULL DEFAULT '{}',
        messages    TEXT NOT NULL DEFAULT '{}',
        status      TEXT NOT NULL DEFAULT 'active'
                    CHECK (status IN ('active', 'parked', 'done', 'archived')),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );
    CREATE UNIQUE INDEX drafts_one_active ON drafts (telegram_id) WHERE status = 'active';
    CREATE TABLE outbox (
        id          INTEGER PRIMARY KEY,
        chat_id     INTEGER NOT NULL,
        kind        TEXT NOT NULL,
        method      TEXT NOT NULL DEFAULT 'sendMessage',
        payload     TEXT NOT NULL,
        group_key   TEXT,
        target_id   INTEGER REFERENCES outbox (id),
        status      TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'blocked',
                                      'cancelled')),
        attempts    INTEGER NOT NULL DEFAULT 0,
        not_before  TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        sent_at     TEXT,
        message_id  INTEGER,
        last_error  TEXT
    );
    CREATE INDEX outbox_due ON outbox (status, not_before);
    CREATE INDEX outbox_group ON outbox (group_key);
    CREATE TABLE audit_log (
        id          INTEGER PRIMARY KEY,
        actor_id    INTEGER NOT NULL,
        action      TEXT NOT NULL,
        target      TEXT NOT NULL,
        before      TEXT,
        after       TEXT,
        created_at  TEXT NOT NULL
    );
    """,
    """
    -- 0003: questions asked and their feedback; official texts imported by admins
    CREATE TABLE questions (
        id          INTEGER PRIMARY KEY,
        telegram_id INTEGER,
        text        TEXT NOT NULL,
        normalized  TEXT NOT NULL,
        answered    INTEGER NOT NULL,
        doc         TEXT,
        unit        TEXT,
        score       REAL,
        created_at  TEXT NOT NULL
    );
    CREATE INDEX questions_normalized ON questions (normalized);
    CREATE INDEX questions_created ON questions (created_at);
    CREATE TABLE feedback (
        question_id INTEGER NOT NULL REFERENCES questions (id),
        telegram_id INTEGER NOT NULL,
        useful      INTEGER NOT NULL,
        created_at  TEXT NOT NULL,
        PRIMARY KEY (question_id, telegram_id)
    );
    CREATE TABLE official_units (
        doc         TEXT NOT NULL,
        unit        TEXT NOT NULL,
        title       TEXT NOT NULL DEFAULT '',
        chapter     TEXT,
        body        TEXT NOT NULL,
        position    INTEGER NOT NULL,
        PRIMARY KEY (doc, unit)
    );
    CREATE TABLE official_imports (
        id          INTEGER PRIMARY KEY,
        doc         TEXT NOT NULL,
        file_name   TEXT NOT NULL,
        sha256      TEXT NOT NULL,
        units       INTEGER NOT NULL,
        status      TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'applied', 'discarded')),
        payload     TEXT NOT NULL,
        created_by  INTEGER,
        created_at  TEXT NOT NULL,
        decided_at  TEXT
    );
    """,
    """
    -- 0004: innovation proposals (đề xuất đổi mới, sáng tạo), their history and files
    CREATE TABLE proposals (
        id          INTEGER PRIMARY KEY,
        number      TEXT NOT NULL UNIQUE,
        year        INTEGER NOT NULL,
        seq         INTEGER NOT NULL,
        proposer_id INTEGER NOT NULL REFERENCES users (telegram_id),
        unit_id     INTEGER REFERENCES units (id),
        title       TEXT NOT NULL,
        field       TEXT NOT NULL,
        plan        TEXT NOT NULL,
        status      TEXT NOT NULL,
        route       TEXT NOT NULL,
        reviewer_id INTEGER,
        due_kind    TEXT,
        due_at      TEXT,
        received_at TEXT,
        decision    TEXT,
        result      TEXT,
        evaluation  TEXT,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        UNIQUE (year, seq)
    );
    CREATE INDEX proposals_proposer ON proposals (proposer_id);
    CREATE INDEX proposals_reviewer ON proposals (reviewer_id, status);
    CREATE INDEX proposals_due ON proposals (due_at);
    CREATE TABLE proposal_events (
        id          INTEGER PRIMARY KEY,
        proposal_id INTEGER NOT NULL REFERENCES proposals (id),
        actor_id    INTEGER,
        action      TEXT NOT NULL,
        from_status TEXT,
        to_status   TEXT,
        note        TEXT,
        data        TEXT,
        created_at  TEXT NOT NULL
    );
    CREATE INDEX proposal_events_proposal ON proposal_events (proposal_id, id);
    CREATE TABLE proposal_files (
        id          INTEGER PRIMARY KEY,
        proposal_id INTEGER NOT NULL REFERENCES proposals (id),
        kind        TEXT NOT NULL,
        file_id     TEXT NOT NULL,
        file_name   TEXT,
        created_at  TEXT NOT NULL
    );
    CREATE TABLE due_reminders (
        key         TEXT PRIMARY KEY,
        proposal_id INTEGER,
        created_at  TEXT NOT NULL
    );
    """,
    """
    -- 0005: reporting deadlines, submissions, the reminder ledger, snoozes, digests, broadcasts
    CREATE TABLE deadlines (
        id            INTEGER PRIMARY KEY,
        title         TEXT NOT NULL,
        description   TEXT NOT NULL DEFAULT '',
        first_due     TEXT NOT NULL,
        recurrence    TEXT NOT NULL,
        targets       TEXT NOT NULL,
        offsets       TEXT NOT NULL,
        overdue_daily INTEGER NOT NULL DEFAULT 0,
        status        TEXT NOT NULL DEFAULT 'active'
                      CHECK (status IN ('active', 'paused', 'cancelled')),
        created_by    INTEGER,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
    );
    CREATE TABLE deadline_submissions (
        deadline_id   INTEGER NOT NULL REFERENCES deadlines (id),
        occurrence    INTEGER NOT NULL,
        unit_id       INTEGER NOT NULL REFERENCES units (id),
        submitted_by  INTEGER NOT NULL,
        submitted_at  TEXT NOT NULL,
        PRIMARY KEY (deadline_id, occurrence, unit_id)
    );
    CREATE TABLE reminder_ledger (
        id            INTEGER PRIMARY KEY,
        deadline_id   INTEGER NOT NULL REFERENCES deadlines (id),
        occurrence    INTEGER NOT NULL,
        unit_id       INTEGER NOT NULL,
        slot          TEXT NOT NULL,
        due_at        TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('sent', 'skipped', 'unrouted')),
        recipients    INTEGER NOT NULL DEFAULT 0,
        created_at    TEXT NOT NULL,
        UNIQUE (deadline_id, occurrence, unit_id, slot)
    );
    CREATE TABLE snoozes (
        deadline_id   INTEGER NOT NULL,
        occurrence    INTEGER NOT NULL,
        unit_id       INTEGER NOT NULL,
        telegram_id   INTEGER NOT NULL,
        until         TEXT NOT NULL,
        PRIMARY KEY (deadline_id, occurrence, unit_id, telegram_id)
    );
    CREATE TABLE digest_subscriptions (
        telegram_id   INTEGER PRIMARY KEY,
        mode          TEXT NOT NULL CHECK (mode IN ('daily', 'weekly', 'off')),
        at_time       TEXT NOT NULL DEFAULT '07:30',
        weekday       INTEGER NOT NULL DEFAULT 0,
        last_sent_at  TEXT
    );
    CREATE TABLE broadcasts (
        id            INTEGER PRIMARY KEY,
        created_by    INTEGER NOT NULL,
        text          TEXT NOT NULL,
        audience      TEXT NOT NULL,
        recipients    INTEGER NOT NULL,
        created_at    TEXT NOT NULL
    );
    """,
    """
    -- 0006: the field a city vice-chair is in charge of (phụ trách), for heads' own plans
    ALTER TABLE users ADD COLUMN in_charge TEXT;
    """,
    """
    -- 0007: the units a superior-level vice-chair is in charge of (phụ trách), e.g. a group
    -- of wards: their heads' own plans go to that vice-chair
    CREATE TABLE in_charge_units (
        telegram_id INTEGER NOT NULL REFERENCES users (telegram_id),
        unit_id     INTEGER NOT NULL REFERENCES units (id),
        PRIMARY KEY (telegram_id, unit_id)
    );
    CREATE INDEX in_charge_units_unit ON in_charge_units (unit_id);
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
