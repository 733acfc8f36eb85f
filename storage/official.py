"""Official texts imported by admins: staged imports and the units the bot quotes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import aiosqlite

from bot.clock import from_iso, to_iso
from bot.models.official import ParsedDocument, from_payload, to_payload
from storage.db import Database

_UNIT_COLUMNS = "doc, unit, title, chapter, body, position"
_IMPORT_COLUMNS = (
    "id, doc, file_name, sha256, units, status, payload, created_by, created_at, decided_at"
)


class ImportStatus(StrEnum):
    """Where a staged import stands."""

    PENDING = "pending"
    APPLIED = "applied"
    DISCARDED = "discarded"


@dataclass(frozen=True, slots=True)
class OfficialUnit:
    """One unit of an official text as the bot quotes it ("Điều 8" of ND73)."""

    doc: str
    unit: str
    title: str
    chapter: str | None  # chapter number as printed ("II"), None outside chapters
    body: str
    position: int  # 1-based order in the document


@dataclass(frozen=True, slots=True)
class OfficialImport:
    """An uploaded official text, staged for an admin to apply or discard."""

    id: int
    doc: str
    file_name: str
    sha256: str
    units: int
    status: ImportStatus
    document: ParsedDocument
    created_by: int | None
    created_at: datetime
    decided_at: datetime | None


class ImportNotPending(Exception):
    """The import does not exist or was already applied or discarded."""

    def __init__(self, import_id: int, status: ImportStatus | None) -> None:
        super().__init__(f"import {import_id} is {status or 'missing'}")
        self.import_id = import_id
        self.status = status


def _unit(row: aiosqlite.Row) -> OfficialUnit:
    return OfficialUnit(
        doc=row["doc"],
        unit=row["unit"],
        title=row["title"],
        chapter=row["chapter"],
        body=row["body"],
        position=row["position"],
    )


def _import(row: aiosqlite.Row) -> OfficialImport:
    return OfficialImport(
        id=row["id"],
        doc=row["doc"],
        file_name=row["file_name"],
        sha256=row["sha256"],
        units=row["units"],
        status=ImportStatus(row["status"]),
        document=from_payload(json.loads(row["payload"])),
        created_by=row["created_by"],
        created_at=from_iso(row["created_at"]),
        decided_at=from_iso(row["decided_at"]) if row["decided_at"] else None,
    )


class OfficialRepository:
    """Repository over `official_imports` and `official_units`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def stage(
        self,
        conn: aiosqlite.Connection,
        *,
        doc: str,
        file_name: str,
        sha256: str,
        parsed: ParsedDocument,
        created_by: int | None,
        now: datetime,
    ) -> int:
        """Store a parsed text as a pending import inside the caller's transaction.

        Raises:
            ValueError: the text names another document, or two units share an id (applying
                it could not keep both).
        """
        if parsed.doc != doc:
            raise ValueError(f"parsed text is for {parsed.doc}, not {doc}")
        ids = [unit.id for unit in parsed.units]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate unit ids")
        cursor = await conn.execute(
            "INSERT INTO official_imports "
            "(doc, file_name, sha256, units, status, payload, created_by, created_at) "
            "VALUES (?, ?, ?, ?, 'pending', ?, ?, ?) RETURNING id",
            (
                doc,
                file_name,
                sha256,
                len(parsed.units),
                json.dumps(to_payload(parsed), ensure_ascii=False),
                created_by,
                to_iso(now),
            ),
        )
        row = await cursor.fetchone()
        assert row is not None
        return int(row[0])

    async def get_import(self, import_id: int) -> OfficialImport | None:
        """Return one staged import by id."""
        row = await self._db.fetchone(
            f"SELECT {_IMPORT_COLUMNS} FROM official_imports WHERE id = ?", (import_id,)
        )
        return _import(row) if row else None

    async def last_import(self, doc: str) -> OfficialImport | None:
        """Return the most recent import of a document, whatever its status."""
        row = await self._db.fetchone(
            f"SELECT {_IMPORT_COLUMNS} FROM official_imports WHERE doc = ? "
            "ORDER BY id DESC LIMIT 1",
            (doc,),
        )
        return _import(row) if row else None

    async def applied_document(self, doc: str) -> ParsedDocument | None:
        """Return the full parse (clauses, preamble, closing) of the text in force for `doc`."""
        row = await self._db.fetchone(
            "SELECT payload FROM official_imports WHERE doc = ? AND status = 'applied' "
            "ORDER BY decided_at DESC, id DESC LIMIT 1",
            (doc,),
        )
        return from_payload(json.loads(row["payload"])) if row else None

    async def apply(self, conn: aiosqlite.Connection, import_id: int, *, now: datetime) -> int:
        """Make a pending import the official text of its document; return units written.

        Inside the caller's transaction: every unit of that document is replaced by the staged
        ones, the import is marked applied and other pending imports of the document discarded.

        Raises:
            ImportNotPending: the import is missing, applied or discarded (the caller's
                transaction rolls back, so nothing changes).
        """
        stamp = to_iso(now)
        cursor = await conn.execute(
            "SELECT doc, status, payload FROM official_imports WHERE id = ?", (import_id,)
        )
        row = await cursor.fetchone()
        if row is None or row["status"] != ImportStatus.PENDING:
            raise ImportNotPending(
                import_id, ImportStatus(row["status"]) if row is not None else None
            )
        doc = row["doc"]
        parsed = from_payload(json.loads(row["payload"]))
        await conn.execute("DELETE FROM official_units WHERE doc = ?", (doc,))
        await conn.executemany(
            f"INSERT INTO official_units ({_UNIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (doc, unit.id, unit.title, unit.chapter, unit.body, position)
                for position, unit in enumerate(parsed.units, start=1)
            ],
        )
        await conn.execute(
            "UPDATE official_imports SET status = 'applied', decided_at = ? WHERE id = ?",
            (stamp, import_id),
        )
        await conn.execute(
            "UPDATE official_imports SET status = 'discarded', decided_at = ? "
            "WHERE doc = ? AND status = 'pending' AND id != ?",
            (stamp, doc, import_id),
        )
        return len(parsed.units)

    async def discard(self, conn: aiosqlite.Connection, import_id: int, now: datetime) -> bool:
        """Discard a pending import inside the caller's transaction; False if not pending."""
        cursor = await conn.execute(
            "UPDATE official_imports SET status = 'discarded', decided_at = ? "
            "WHERE id = ? AND status = 'pending'",
            (to_iso(now), import_id),
        )
        return cursor.rowcount == 1

    async def units(self, doc: str) -> list[OfficialUnit]:
        """Return the official units of a document in document order."""
        rows = await self._db.fetchall(
            f"SELECT {_UNIT_COLUMNS} FROM official_units WHERE doc = ? ORDER BY position",
            (doc,),
        )
        return [_unit(row) for row in rows]

    async def unit(self, doc: str, unit_id: str) -> OfficialUnit | None:
        """Return one official unit by its id ("Điều 8", "Mục 2")."""
        row = await self._db.fetchone(
            f"SELECT {_UNIT_COLUMNS} FROM official_units WHERE doc = ? AND unit = ?",
            (doc, unit_id),
        )
        return _unit(row) if row else None

    async def docs_with_text(self) -> dict[str, int]:
        """Return how many official units each document has (documents without text absent)."""
        rows = await self._db.fetchall(
            "SELECT doc, COUNT(*) AS n FROM official_units GROUP BY doc ORDER BY doc"
        )
        return {row["doc"]: int(row["n"]) for row in rows}
