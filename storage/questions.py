"""Questions asked in Q&A and the feedback on their answers."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from storage.db import Database

# Stored question text is clipped: enough to read, never a whole pasted document.
MAX_STORED = 500


@dataclass(frozen=True, slots=True)
class QuestionCount:
    """A question (as first typed) and how often it was asked."""

    text: str
    count: int
    answered: bool


@dataclass(frozen=True, slots=True)
class LoggedQuestion:
    """One asked question as logged, with the votes on its answer (no asker identity)."""

    asked_at: str
    text: str
    answered: bool
    doc: str | None
    unit: str | None
    score: float | None
    useful: int
    not_useful: int


class QuestionLog:
    """Repository over `questions` and `feedback`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self,
        conn: aiosqlite.Connection,
        *,
        telegram_id: int | None,
        text: str,
        normalized: str,
        answered: bool,
        doc: str | None,
        unit: str | None,
        score: float | None,
        now: str,
    ) -> int:
        """Log one question inside the caller's transaction.

        The asker's id is kept only for registered people (approved, or admins): a stranger's
        question is stored without any identity.
        """
        cursor = await conn.execute(
            "INSERT INTO questions (telegram_id, text, normalized, answered, doc, unit, score, "
            "created_at) VALUES ((SELECT telegram_id FROM users WHERE telegram_id = ? "
            "AND (status = 'approved' OR role = 'admin')), ?, ?, ?, ?, ?, ?, ?)",
            (telegram_id, text[:MAX_STORED], normalized, int(answered), doc, unit, score, now),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def forget_askers(self, conn: aiosqlite.Connection, before: str) -> tuple[int, int]:
        """Drop the asker's id from questions asked before a moment, and the voter's id from
        the feedback on them (the vote stays; a negative id marks it anonymous and unique).
        Returns how many questions and votes lost their identity."""
        asked = await conn.execute(
            "UPDATE questions SET telegram_id = NULL "
            "WHERE telegram_id IS NOT NULL AND created_at < ?",
            (before,),
        )
        voted = await conn.execute(
            "UPDATE feedback SET telegram_id = -rowid WHERE telegram_id > 0 "
            "AND question_id IN (SELECT id FROM questions WHERE created_at < ?)",
            (before,),
        )
        return asked.rowcount, voted.rowcount

    async def exists(self, question_id: int) -> bool:
        """Tell whether a question id is real."""
        row = await self._db.fetchone("SELECT 1 FROM questions WHERE id = ?", (question_id,))
        return row is not None

    async def asked_by(self, question_id: int) -> int | None:
        """Who asked a question (None when unknown or stored without the asker's id)."""
        value = await self._db.fetchval(
            "SELECT telegram_id FROM questions WHERE id = ?", (question_id,)
        )
        return None if value is None else int(value)

    async def set_feedback(
        self,
        conn: aiosqlite.Connection,
        question_id: int,
        telegram_id: int,
        useful: bool,
        now: str,
    ) -> None:
        """Record (or change) one person's feedback on an answer."""
        await conn.execute(
            "INSERT INTO feedback (question_id, telegram_id, useful, created_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (question_id, telegram_id) DO UPDATE SET "
            "useful = excluded.useful, created_at = excluded.created_at",
            (question_id, telegram_id, int(useful), now),
        )

    async def top(self, *, answered: bool | None, since: str, limit: int) -> list[QuestionCount]:
        """The most asked questions since a moment (optionally only (un)answered ones)."""
        where = "created_at >= ?"
        params: list[object] = [since]
        if answered is not None:
            where += " AND answered = ?"
            params.append(int(answered))
        rows = await self._db.fetchall(
            f"SELECT MIN(text) AS text, COUNT(*) AS n, MAX(answered) AS answered FROM questions "
            f"WHERE {where} GROUP BY normalized ORDER BY n DESC, MAX(id) DESC LIMIT ?",
            (*params, limit),
        )
        return [QuestionCount(r["text"], r["n"], bool(r["answered"])) for r in rows]

    async def recent(self, since: str, limit: int) -> list[LoggedQuestion]:
        """Questions asked since a moment, newest first, with their feedback counts."""
        rows = await self._db.fetchall(
            "SELECT q.created_at, q.text, q.answered, q.doc, q.unit, q.score, "
            "COALESCE(SUM(f.useful), 0) AS useful, COALESCE(SUM(1 - f.useful), 0) AS not_useful "
            "FROM questions q LEFT JOIN feedback f ON f.question_id = q.id "
            "WHERE q.created_at >= ? GROUP BY q.id ORDER BY q.id DESC LIMIT ?",
            (since, limit),
        )
        return [
            LoggedQuestion(
                r["created_at"],
                r["text"],
                bool(r["answered"]),
                r["doc"],
                r["unit"],
                r["score"],
                int(r["useful"]),
                int(r["not_useful"]),
            )
            for r in rows
        ]

    async def totals(self, since: str) -> tuple[int, int, int, int]:
        """Asked, answered, useful and not-useful counts since a moment."""
        row = await self._db.fetchone(
            "SELECT COUNT(*), COALESCE(SUM(answered), 0) FROM questions WHERE created_at >= ?",
            (since,),
        )
        votes = await self._db.fetchone(
            "SELECT COALESCE(SUM(useful), 0), COALESCE(SUM(1 - useful), 0) FROM feedback "
            "WHERE created_at >= ?",
            (since,),
        )
        assert row is not None and votes is not None
        return int(row[0]), int(row[1]), int(votes[0]), int(votes[1])
