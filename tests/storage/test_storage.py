"""Database, migrations, transactions, the update log and the instance lock."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.clock import ManualClock
from storage.db import Database, current_update_id
from storage.lock import AlreadyRunning, InstanceLock, is_locked
from storage.migrations import LATEST, MIGRATIONS, SchemaTooNew, migrate, schema_version
from storage.updates import UpdateLog


@pytest.fixture
async def db(tmp_path: Path) -> Database:
    database = Database(tmp_path / "bot.sqlite3", clock=ManualClock())
    await database.open()
    await migrate(database.conn)
    yield database  # type: ignore[misc]
    await database.close()


async def test_fresh_database_reaches_latest_and_twice_changes_nothing(tmp_path: Path) -> None:
    database = Database(tmp_path / "x" / "bot.sqlite3")
    await database.open()
    assert await schema_version(database.conn) == 0
    assert await migrate(database.conn) == LATEST == len(MIGRATIONS)
    before = await database.fetchall("SELECT type, name, sql FROM sqlite_master ORDER BY name")
    assert await migrate(database.conn) == LATEST
    after = await database.fetchall("SELECT type, name, sql FROM sqlite_master ORDER BY name")
    assert [tuple(r) for r in before] == [tuple(r) for r in after]
    assert await database.fetchval("PRAGMA journal_mode") == "wal"
    assert await database.fetchval("PRAGMA foreign_keys") == 1
    await database.close()


async def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {LATEST + 1}")
    database = Database(path)
    await database.open()
    with pytest.raises(SchemaTooNew):
        await migrate(database.conn)
    await database.close()


async def test_transaction_rolls_back_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO processed_updates (update_id, handled_at) VALUES (1, 'x')"
            )
            raise RuntimeError("boom")
    assert await db.fetchval("SELECT COUNT(*) FROM processed_updates") == 0


async def test_nested_transaction_is_an_error(db: Database) -> None:
    async with db.transaction():
        with pytest.raises(RuntimeError, match="nested"):
            async with db.transaction():
                pass


async def test_transactions_record_the_current_update(db: Database) -> None:
    log = UpdateLog(db)
    token = current_update_id.set(77)
    try:
        async with db.transaction():
            pass
    finally:
        current_update_id.reset(token)
    assert await log.seen(77)
    assert not await log.seen(78)


async def test_update_log_prune(db: Database) -> None:
    clock = db.clock
    assert isinstance(clock, ManualClock)
    log = UpdateLog(db)
    await log.record(1)
    from datetime import timedelta

    clock.advance(timedelta(days=3))
    await log.record(2)
    assert await log.prune(clock.now() - timedelta(days=2)) == 1
    assert (await log.seen(1), await log.seen(2)) == (False, True)


def test_lock_refuses_a_second_holder(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    with InstanceLock(path):
        assert is_locked(path)
        with pytest.raises(AlreadyRunning):
            InstanceLock(path).acquire()
    assert not is_locked(path)


def test_lock_of_a_killed_process_does_not_block(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    code = (
        "import sys,time; sys.path.insert(0, sys.argv[2]);"
        "from pathlib import Path; from storage.lock import InstanceLock;"
        "InstanceLock(Path(sys.argv[1])).acquire(); print('held', flush=True); time.sleep(60)"
    )
    root = str(Path(__file__).resolve().parents[2])
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(path), root], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        assert is_locked(path)
        with pytest.raises(AlreadyRunning):
            InstanceLock(path).acquire()
        proc.kill()
        proc.wait(timeout=10)
        deadline = time.monotonic() + 5
        while is_locked(path) and time.monotonic() < deadline:
            time.sleep(0.01)
        with InstanceLock(path):
            assert is_locked(path)
    finally:
        proc.kill()
        proc.wait()
        if proc.stdout:
            proc.stdout.close()
