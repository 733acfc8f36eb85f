"""Repository over the `outbox` table (schema in migration 0002).

`enqueue`, `enqueue_edit`, `rewrite_group` and `record_sent` write through the caller's open
transaction, so a change and the messages announcing it commit together; the sender's
bookkeeping methods open their own short transactions.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Collection, Mapping
from datetime import datetime
from typing import Any

import aiosqlite

from bot.clock import from_iso, to_iso
from bot.models.outbox import METHODS, STATUSES, OutboxMessage
from storage.db import Database

logger = logging.getLogger(__name__)

MAX_ERROR = 500
EDIT_METHOD = "editMessageText"

_COLUMNS = (
    "id, chat_id, kind, method, payload, group_key, target_id, status, attempts, not_before, "
    "created_at, sent_at, message_id, last_error"
)

# A chat's next message is its lowest-id pending row that is due or waiting for a retry: a row
# in backoff holds back the rows queued after it (order per chat), while a row scheduled for
# later that was never tried does not.
_HEADS = """
    WITH heads AS (
        SELECT MIN(id) AS id FROM outbox
        WHERE status = 'pending' AND (not_before <= :now OR last_error IS NOT NULL)
        GROUP BY chat_id
    )
"""

_CLAIMABLE = (
    _HEADS
    + """
    SELECT o.id FROM heads JOIN outbox AS o ON o.id = heads.id
    WHERE o.not_before <= :now
      AND o.chat_id NOT IN (SELECT value FROM json_each(:exclude))
      AND NOT EXISTS (
          SELECT 1 FROM outbox AS busy WHERE busy.status = 'sending' AND busy.chat_id = o.chat_id
      )
    ORDER BY o.id
    LIMIT :limit
"""
)


def row_to_message(row: aiosqlite.Row | tuple[Any, ...]) -> OutboxMessage:
    """Map an outbox row (columns in `_COLUMNS` order) to an OutboxMessage."""
    (id_, chat_id, kind, method, payload, group_key, target_id, status, attempts,
     not_before, created_at, sent_at, message_id, last_error) = tuple(row)  # fmt: skip
    return OutboxMessage(
        id=int(id_),
        chat_id=int(chat_id),
        kind=str(kind),
        method=str(method),
        payload=json.loads(payload),
        group_key=group_key,
        target_id=target_id,
        status=str(status),
        attempts=int(attempts),
        not_before=from_iso(not_before),
        created_at=from_iso(created_at),
        sent_at=None if sent_at is None else from_iso(sent_at),
        message_id=message_id,
        last_error=last_error,
    )


def _dump(payload: Mapping[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _clip_error(error: str) -> str:
    return error if len(error) <= MAX_ERROR else error[: MAX_ERROR - 1] + "…"


def _exclude(chats: Collection[int]) -> str:
    return json.dumps(sorted(chats))


class OutboxRepository:
    """The durable queue of messages the bot starts by itself."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # Writes inside the caller's transaction -----------------------------------------------

    async def enqueue(
        self,
        conn: aiosqlite.Connection,
        *,
        chat_id: int,
        kind: str,
        text: str | None = None,
        payload: Mapping[str, Any] | None = None,
        method: str = "sendMessage",
        group_key: str | None = None,
        not_before: datetime | None = None,
        now: datetime,
    ) -> int:
        """Queue one message in the caller's open transaction; return its row id.

        `payload` carries the method's JSON-able parameters (parse_mode, reply_markup as a plain
        dict, disable_notification, ...); `text`, when given, becomes payload["text"].
        """
        if method not in METHODS:
            raise ValueError(f"unsupported outbox method {method!r}")
        body = dict(payload or {})
        if text is not None:
            body["text"] = text
        if method in ("sendMessage", EDIT_METHOD) and not body.get("text"):
            raise ValueError(f"{method} needs a text")
        return await self._insert(
            conn,
            chat_id=chat_id,
            kind=kind,
            method=method,
            payload=body,
            group_key=group_key,
            target_id=None,
            not_before=not_before or now,
            now=now,
        )

    async def enqueue_edit(
        self,
        conn: aiosqlite.Connection,
        *,
        target_id: int,
        text: str,
        reply_markup: Mapping[str, Any] | None = None,
        now: datetime,
    ) -> int:
        """Queue an edit of the message sent for row `target_id`; an older pending edit of the
        same message is superseded. Without reply_markup the edit removes the buttons."""
        target = await self._get_in(conn, target_id)
        if target is None:
            raise ValueError(f"no outbox row {target_id}")
        await conn.execute(
            "UPDATE outbox SET status = 'cancelled', last_error = 'superseded' "
            "WHERE target_id = ? AND status = 'pending' AND method = ?",
            (target_id, EDIT_METHOD),
        )
        body: dict[str, Any] = {"text": text}
        if "parse_mode" in target.payload:
            body["parse_mode"] = target.payload["parse_mode"]
        if reply_markup is not None:
            body["reply_markup"] = dict(reply_markup)
        return await self._insert(
            conn,
            chat_id=target.chat_id,
            kind="edit",
            method=EDIT_METHOD,
            payload=body,
            group_key=target.group_key,
            target_id=target_id,
            not_before=now,
            now=now,
        )

    async def rewrite_group(
        self,
        conn: aiosqlite.Connection,
        group_key: str,
        text: str,
        *,
        now: datetime,
        exclude_id: int | None = None,
        reply_markup: Mapping[str, Any] | None = None,
        regroup: str | None = None,
    ) -> list[int]:
        """Show a decision on every copy of a message sent to several people.

        A copy still pending gets the new text and loses its buttons (or gets `reply_markup`),
        so it goes out decided; a copy sent (or on the wire) gets an edit queued. Failed,
        blocked and cancelled copies are left alone, as is `exclude_id` (e.g. the copy whose
        button was pressed, which the callback handler edits itself). With `regroup`, the
        copies touched move to that group, so a later rewrite of `group_key` leaves them as they
        are. Returns the ids of the copies touched.
        """
        return await self.rewrite_each(
            conn,
            group_key,
            lambda _chat: (text, reply_markup),
            now=now,
            exclude_id=exclude_id,
            regroup=regroup,
        )

    async def rewrite_each(
        self,
        conn: aiosqlite.Connection,
        group_key: str,
        render: Callable[[int], tuple[str, Mapping[str, Any] | None]],
        *,
        now: datetime,
        exclude_id: int | None = None,
        regroup: str | None = None,
    ) -> list[int]:
        """`rewrite_group` with each copy's text and buttons given by `render(chat_id)`."""
        async with conn.execute(
            f"SELECT {_COLUMNS} FROM outbox WHERE group_key = ? AND target_id IS NULL "
            "AND method = 'sendMessage' ORDER BY id",
            (group_key,),
        ) as cursor:
            copies = [row_to_message(row) for row in await cursor.fetchall()]
        touched: list[int] = []
        for copy in copies:
            if copy.id == exclude_id or copy.status not in ("pending", "sending", "sent"):
                continue
            if regroup is not None:
                await conn.execute(
                    "UPDATE outbox SET group_key = ? WHERE id = ?", (regroup, copy.id)
                )
            text, reply_markup = render(copy.chat_id)
            if copy.status in ("pending", "sending"):
                # A copy on the wire may still be retried: let that retry show the decision too.
                await self._replace_text(conn, copy, text, reply_markup)
            if copy.status in ("sending", "sent"):
                await self.enqueue_edit(
                    conn, target_id=copy.id, text=text, reply_markup=reply_markup, now=now
                )
            touched.append(copy.id)
        return touched

    async def record_sent(
        self,
        conn: aiosqlite.Connection,
        *,
        chat_id: int,
        message_id: int,
        kind: str,
        payload: Mapping[str, Any],
        group_key: str,
        now: datetime,
    ) -> int:
        """Record a message already sent as an interactive reply as a sent copy of a group, so
        a later rewrite of the group edits it too (the sender never sends it); its row id."""
        async with conn.execute(
            "INSERT INTO outbox (chat_id, kind, method, payload, group_key, status, not_before, "
            "created_at, sent_at, message_id) "
            "VALUES (?, ?, 'sendMessage', ?, ?, 'sent', ?, ?, ?, ?)",
            (chat_id, kind, _dump(payload), group_key, to_iso(now), to_iso(now), to_iso(now),
             message_id),
        ) as cursor:  # fmt: skip
            row_id = cursor.lastrowid
        assert row_id is not None
        return row_id

    async def _replace_text(
        self,
        conn: aiosqlite.Connection,
        copy: OutboxMessage,
        text: str,
        reply_markup: Mapping[str, Any] | None = None,
    ) -> None:
        body = {key: value for key, value in copy.payload.items() if key != "reply_markup"}
        body["text"] = text
        if reply_markup is not None:
            body["reply_markup"] = dict(reply_markup)
        await conn.execute("UPDATE outbox SET payload = ? WHERE id = ?", (_dump(body), copy.id))

    async def _insert(
        self,
        conn: aiosqlite.Connection,
        *,
        chat_id: int,
        kind: str,
        method: str,
        payload: Mapping[str, Any],
        group_key: str | None,
        target_id: int | None,
        not_before: datetime,
        now: datetime,
    ) -> int:
        async with conn.execute(
            "INSERT INTO outbox (chat_id, kind, method, payload, group_key, target_id, "
            "not_before, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (chat_id, kind, method, _dump(payload), group_key, target_id,
             to_iso(not_before), to_iso(now)),
        ) as cursor:  # fmt: skip
            row_id = cursor.lastrowid
        assert row_id is not None
        return row_id

    async def _get_in(self, conn: aiosqlite.Connection, row_id: int) -> OutboxMessage | None:
        async with conn.execute(f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (row_id,)) as cur:
            row = await cur.fetchone()
        return None if row is None else row_to_message(row)

    # Reads ---------------------------------------------------------------------------------

    async def get(self, row_id: int) -> OutboxMessage | None:
        """Return one row."""
        row = await self._db.fetchone(f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (row_id,))
        return None if row is None else row_to_message(row)

    async def rows(
        self, *, chat_id: int | None = None, group_key: str | None = None
    ) -> list[OutboxMessage]:
        """Return rows by id, optionally only one chat's or one group's."""
        sql = f"SELECT {_COLUMNS} FROM outbox WHERE (:chat IS NULL OR chat_id = :chat) "
        sql += "AND (:group IS NULL OR group_key = :group) ORDER BY id"
        rows = await self._db.fetchall(sql, {"chat": chat_id, "group": group_key})
        return [row_to_message(row) for row in rows]

    async def counts(self) -> dict[str, int]:
        """Return the number of rows in each status (every status present, zeros included)."""
        rows = await self._db.fetchall("SELECT status, COUNT(*) FROM outbox GROUP BY status")
        found = {str(row[0]): int(row[1]) for row in rows}
        return {status: found.get(status, 0) for status in STATUSES}

    async def in_group(self, group_key: str, chat_id: int, message_id: int) -> bool:
        """True when a delivered message is one of a group's copies (the outbox edits those)."""
        found = await self._db.fetchval(
            "SELECT 1 FROM outbox WHERE group_key = ? AND chat_id = ? AND message_id = ?",
            (group_key, chat_id, message_id),
        )
        return found is not None

    async def group_counts(self, group_key: str) -> dict[str, int]:
        """Rows of one group (e.g. a broadcast) in each status that occurs."""
        rows = await self._db.fetchall(
            "SELECT status, COUNT(*) FROM outbox WHERE group_key = ? GROUP BY status",
            (group_key,),
        )
        return {str(row[0]): int(row[1]) for row in rows}

    async def open_count(self) -> int:
        """Return how many rows are pending or sending."""
        value = await self._db.fetchval(
            "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')"
        )
        return int(value or 0)

    async def next_due(self, now: datetime, exclude_chats: Collection[int]) -> datetime | None:
        """Return the earliest future not_before of a pending row outside `exclude_chats`."""
        value = await self._db.fetchval(
            "SELECT MIN(not_before) FROM outbox WHERE status = 'pending' AND not_before > ? "
            "AND chat_id NOT IN (SELECT value FROM json_each(?))",
            (to_iso(now), _exclude(exclude_chats)),
        )
        return None if value is None else from_iso(value)

    # The sender's bookkeeping --------------------------------------------------------------

    async def claim_due(
        self, now: datetime, limit: int, exclude_chats: Collection[int] = ()
    ) -> list[OutboxMessage]:
        """Mark up to `limit` due rows `sending` (attempts + 1) and return them, oldest first.

        At most one row per chat, the chat's lowest pending id, and none for a chat in
        `exclude_chats` or with a row already sending.
        """
        if limit < 1:
            return []
        params = {"now": to_iso(now), "exclude": _exclude(exclude_chats), "limit": limit}
        async with self._db.transaction() as conn:
            async with conn.execute(_CLAIMABLE, params) as cursor:
                ids = [int(row[0]) for row in await cursor.fetchall()]
            if not ids:
                return []
            marks = ",".join("?" * len(ids))
            async with conn.execute(
                f"UPDATE outbox SET status = 'sending', attempts = attempts + 1 "
                f"WHERE id IN ({marks}) RETURNING {_COLUMNS}",
                ids,
            ) as cursor:
                claimed = [row_to_message(row) for row in await cursor.fetchall()]
        return sorted(claimed, key=lambda msg: msg.id)

    async def mark_sent(self, row_id: int, message_id: int | None, now: datetime) -> None:
        """Record a delivery and the Telegram message id it produced."""
        await self._update(
            "UPDATE outbox SET status = 'sent', sent_at = ?, message_id = ? "
            "WHERE id = ? AND status = 'sending'",
            (to_iso(now), message_id, row_id),
            row_id,
        )

    async def reschedule(
        self, row_id: int, not_before: datetime, error: str, *, count_attempt: bool = True
    ) -> None:
        """Put a claimed row back in the queue until `not_before`.

        With count_attempt=False (flood control, an edit waiting for its target) the claim's
        attempt is taken back, so it does not count towards the sender's max_attempts.
        """
        undo = 0 if count_attempt else 1
        await self._update(
            "UPDATE outbox SET status = 'pending', not_before = ?, last_error = ?, "
            "attempts = MAX(0, attempts - ?) WHERE id = ? AND status = 'sending'",
            (to_iso(not_before), _clip_error(error), undo, row_id),
            row_id,
        )

    async def release(self, row_id: int) -> None:
        """Return a claimed row that never reached Telegram to the queue, attempt undone."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE outbox SET status = 'pending', attempts = MAX(0, attempts - 1) "
                "WHERE id = ? AND status = 'sending'",
                (row_id,),
            )

    async def mark_failed(self, row_id: int, error: str) -> None:
        """Give up on a row."""
        await self._finish(row_id, "failed", error)

    async def mark_cancelled(self, row_id: int, error: str) -> None:
        """Drop a row that no longer makes sense (an edit whose target never went out)."""
        await self._finish(row_id, "cancelled", error)

    async def mark_blocked_chat(self, chat_id: int, error: str) -> int:
        """Mark every pending or sending row of a chat that refuses the bot `blocked`."""
        async with (
            self._db.transaction() as conn,
            conn.execute(
                "UPDATE outbox SET status = 'blocked', last_error = ? "
                "WHERE chat_id = ? AND status IN ('pending', 'sending')",
                (_clip_error(error), chat_id),
            ) as cursor,
        ):
            return cursor.rowcount

    async def reset_inflight(self) -> int:
        """At start-up, return rows left `sending` by a crash to the queue; return how many.

        These are the only messages that may reach a user twice: the process may have died
        after Telegram accepted them but before their delivery was recorded.
        """
        async with (
            self._db.transaction() as conn,
            conn.execute(
                "UPDATE outbox SET status = 'pending' WHERE status = 'sending'"
            ) as cursor,
        ):
            count = cursor.rowcount
        if count:
            logger.warning("Outbox: %d message(s) were in flight at shutdown; resending", count)
        return count

    async def delete_finished(self, conn: aiosqlite.Connection, before: datetime) -> int:
        """Delete rows delivered (or given up: failed, blocked, cancelled) before a moment.

        A row that a remaining row still edits (`target_id`) stays until that row goes too.
        Returns how many rows were deleted.
        """
        deleted = 0
        while True:
            cursor = await conn.execute(
                "DELETE FROM outbox WHERE status IN ('sent', 'failed', 'blocked', 'cancelled') "
                "AND COALESCE(sent_at, created_at) < ? AND id NOT IN "
                "(SELECT target_id FROM outbox WHERE target_id IS NOT NULL)",
                (to_iso(before),),
            )
            if cursor.rowcount <= 0:
                return deleted
            deleted += cursor.rowcount

    async def _finish(self, row_id: int, status: str, error: str) -> None:
        await self._update(
            "UPDATE outbox SET status = ?, last_error = ? WHERE id = ? AND status = 'sending'",
            (status, _clip_error(error), row_id),
            row_id,
        )

    async def _update(self, sql: str, params: tuple[Any, ...], row_id: int) -> None:
        async with self._db.transaction() as conn, conn.execute(sql, params) as cursor:
            changed = cursor.rowcount
        if not changed:
            logger.warning("Outbox: row %d was not sending; outcome not recorded", row_id)
