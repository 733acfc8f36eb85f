"""The figures /healthz and /metrics read from the database at request time."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Database

# Outbox kind of a deadline reminder (bot/deadlines/reminders.py).
REMINDER_KIND = "deadline_reminder"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What the database holds now, in one read."""

    outbox_open: int
    outbox_oldest: str | None  # created_at (ISO) of the oldest pending or sending row
    reminders_sent: int
    reminders_pending: int
    questions_answered: int
    questions_refused: int
    database_bytes: int


class HealthRepository:
    """Read-only queries for health checks and metrics."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def ping(self) -> None:
        """Read the schema table; raises when the database does not answer."""
        await self._db.fetchval("SELECT COUNT(*) FROM sqlite_master")

    async def snapshot(self) -> Snapshot:
        """Every gauge in one statement (one turn of the shared connection)."""
        row = await self._db.fetchone(
            "SELECT "
            "(SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')), "
            "(SELECT MIN(created_at) FROM outbox WHERE status IN ('pending', 'sending')), "
            "(SELECT COUNT(*) FROM reminder_ledger WHERE status = 'sent'), "
            "(SELECT COUNT(*) FROM outbox WHERE kind = :reminder "
            " AND status IN ('pending', 'sending')), "
            "(SELECT COUNT(*) FROM questions WHERE answered = 1), "
            "(SELECT COUNT(*) FROM questions WHERE answered = 0), "
            "(SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size())",
            {"reminder": REMINDER_KIND},
        )
        assert row is not None
        return Snapshot(
            outbox_open=int(row[0]),
            outbox_oldest=row[1],
            reminders_sent=int(row[2]),
            reminders_pending=int(row[3]),
            questions_answered=int(row[4]),
            questions_refused=int(row[5]),
            database_bytes=int(row[6] or 0),
        )
