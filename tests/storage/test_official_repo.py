"""Staged imports of official texts and the units they replace."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.knowledge.importer import parse_legal
from bot.models.official import ParsedDocument, to_payload
from storage.db import Database
from storage.migrations import migrate
from storage.official import ImportNotPending, ImportStatus, OfficialRepository, OfficialUnit
from tests.unit.test_importer import CV2390_TEXT, KL14_TEXT, nd73_text

T0 = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "bot.sqlite3", clock=ManualClock(T0))
    await database.open()
    await migrate(database.conn)
    yield database
    await database.close()


@pytest.fixture
def repo(db: Database) -> OfficialRepository:
    return OfficialRepository(db)


async def stage(
    db: Database,
    repo: OfficialRepository,
    parsed: ParsedDocument,
    *,
    file_name: str = "file.docx",
    now: datetime = T0,
) -> int:
    async with db.transaction() as conn:
        return await repo.stage(
            conn,
            doc=parsed.doc,
            file_name=file_name,
            sha256="ab" * 32,
            parsed=parsed,
            created_by=42,
            now=now,
        )


async def apply(db: Database, repo: OfficialRepository, import_id: int, *, now: datetime) -> int:
    async with db.transaction() as conn:
        return await repo.apply(conn, import_id, now=now)


async def discard(db: Database, repo: OfficialRepository, import_id: int, now: datetime) -> bool:
    async with db.transaction() as conn:
        return await repo.discard(conn, import_id, now)


async def test_stage_stores_a_pending_import_and_changes_no_units(
    db: Database, repo: OfficialRepository
) -> None:
    parsed = parse_legal(nd73_text(), "ND73")
    import_id = await stage(db, repo, parsed, file_name="nd73.docx")

    staged = await repo.get_import(import_id)
    assert staged is not None
    assert (staged.doc, staged.file_name, staged.units, staged.status) == (
        "ND73",
        "nd73.docx",
        24,
        ImportStatus.PENDING,
    )
    assert (staged.created_by, staged.created_at, staged.decided_at) == (42, T0, None)
    assert staged.document == parsed
    assert await repo.units("ND73") == []
    assert await repo.docs_with_text() == {}
    assert await repo.last_import("ND73") == staged
    assert await repo.get_import(import_id + 1) is None


async def test_apply_writes_units_in_order(db: Database, repo: OfficialRepository) -> None:
    parsed = parse_legal(nd73_text(), "ND73")
    import_id = await stage(db, repo, parsed)

    assert await apply(db, repo, import_id, now=T0 + timedelta(minutes=1)) == 24
    units = await repo.units("ND73")
    assert [u.unit for u in units] == [f"Điều {n}" for n in range(1, 25)]
    assert [u.position for u in units] == list(range(1, 25))
    eight = parsed.unit("Điều 8")
    assert eight is not None
    assert await repo.unit("ND73", "Điều 8") == OfficialUnit(
        doc="ND73",
        unit="Điều 8",
        title=eight.title,
        chapter="II",
        body=eight.body,
        position=8,
    )
    assert await repo.unit("ND73", "Điều 99") is None
    applied = await repo.get_import(import_id)
    assert applied is not None
    assert (applied.status, applied.decided_at) == (
        ImportStatus.APPLIED,
        T0 + timedelta(minutes=1),
    )
    assert await repo.applied_document("ND73") == parsed


async def test_apply_replaces_the_document_and_leaves_others_alone(
    db: Database, repo: OfficialRepository
) -> None:
    await apply(db, repo, await stage(db, repo, parse_legal(KL14_TEXT, "KL14")), now=T0)
    await apply(db, repo, await stage(db, repo, parse_legal(nd73_text(), "ND73")), now=T0)
    shorter = parse_legal(nd73_text(missing=[9, 10]), "ND73")
    second = await stage(db, repo, shorter, file_name="v2.pdf")

    assert await apply(db, repo, second, now=T0 + timedelta(hours=1)) == 22
    assert [u.unit for u in await repo.units("ND73")] == [
        f"Điều {n}" for n in range(1, 25) if n not in (9, 10)
    ]
    assert await repo.unit("ND73", "Điều 9") is None
    assert [u.unit for u in await repo.units("KL14")] == ["Mục 1", "Mục 2", "Mục 3"]
    assert await repo.docs_with_text() == {"KL14": 3, "ND73": 22}
    assert await repo.applied_document("ND73") == shorter
    last = await repo.last_import("ND73")
    assert last is not None and (last.id, last.file_name) == (second, "v2.pdf")


async def test_apply_discards_other_pending_imports_of_the_same_doc(
    db: Database, repo: OfficialRepository
) -> None:
    first = await stage(db, repo, parse_legal(nd73_text(), "ND73"))
    second = await stage(db, repo, parse_legal(nd73_text(missing=[3]), "ND73"))
    letter = await stage(db, repo, parse_legal(CV2390_TEXT, "CV2390"))

    await apply(db, repo, second, now=T0)

    statuses = [(await repo.get_import(i)) for i in (first, second, letter)]
    assert [s.status if s else None for s in statuses] == [
        ImportStatus.DISCARDED,
        ImportStatus.APPLIED,
        ImportStatus.PENDING,
    ]
    with pytest.raises(ImportNotPending) as refused:
        await apply(db, repo, first, now=T0)
    assert refused.value.status is ImportStatus.DISCARDED
    assert len(await repo.units("ND73")) == 23


async def test_second_apply_is_refused_and_changes_nothing(
    db: Database, repo: OfficialRepository
) -> None:
    import_id = await stage(db, repo, parse_legal(nd73_text(), "ND73"))
    await apply(db, repo, import_id, now=T0)

    with pytest.raises(ImportNotPending) as refused:
        await apply(db, repo, import_id, now=T0 + timedelta(days=1))
    assert (refused.value.import_id, refused.value.status) == (import_id, ImportStatus.APPLIED)
    applied = await repo.get_import(import_id)
    assert applied is not None and applied.decided_at == T0
    with pytest.raises(ImportNotPending) as missing:
        await apply(db, repo, 999, now=T0)
    assert missing.value.status is None


async def test_discard(db: Database, repo: OfficialRepository) -> None:
    import_id = await stage(db, repo, parse_legal(KL14_TEXT, "KL14"))

    assert await discard(db, repo, import_id, T0 + timedelta(seconds=5)) is True
    assert await discard(db, repo, import_id, T0 + timedelta(seconds=9)) is False
    discarded = await repo.get_import(import_id)
    assert discarded is not None
    assert (discarded.status, discarded.decided_at) == (
        ImportStatus.DISCARDED,
        T0 + timedelta(seconds=5),
    )
    with pytest.raises(ImportNotPending):
        await apply(db, repo, import_id, now=T0)
    assert await repo.units("KL14") == []
    assert await discard(db, repo, 12345, T0) is False


async def test_failed_apply_rolls_back_everything(db: Database, repo: OfficialRepository) -> None:
    await apply(db, repo, await stage(db, repo, parse_legal(KL14_TEXT, "KL14")), now=T0)
    before = await repo.units("KL14")
    broken = await stage(db, repo, parse_legal(KL14_TEXT, "KL14"))
    # Corrupt the staged payload so the insert fails half-way (two units with one id).
    payload = to_payload(parse_legal(KL14_TEXT, "KL14"))
    payload["units"][2]["id"] = payload["units"][0]["id"]
    await db.execute(
        "UPDATE official_imports SET payload = ? WHERE id = ?", (json.dumps(payload), broken)
    )

    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        await apply(db, repo, broken, now=T0)
    assert await repo.units("KL14") == before
    still = await repo.get_import(broken)
    assert still is not None and still.status is ImportStatus.PENDING


async def test_stage_refuses_duplicates_and_mismatched_doc(
    db: Database, repo: OfficialRepository
) -> None:
    doubled = parse_legal(nd73_text(extra=[4]), "ND73")
    async with db.transaction() as conn:
        with pytest.raises(ValueError, match="duplicate"):
            await repo.stage(
                conn,
                doc="ND73",
                file_name="x",
                sha256="0",
                parsed=doubled,
                created_by=None,
                now=T0,
            )
        with pytest.raises(ValueError, match="not KL14"):
            await repo.stage(
                conn,
                doc="KL14",
                file_name="x",
                sha256="0",
                parsed=parse_legal(nd73_text(), "ND73"),
                created_by=None,
                now=T0,
            )
    assert await repo.last_import("ND73") is None
