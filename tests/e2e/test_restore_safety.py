"""`python -m bot restore` takes only what the bot's migrations create; backups lose nothing."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from bot import texts
from bot.ops import backup_to, verify
from storage.migrations import LATEST
from tests.e2e.test_ops import cli, migrated

ADMIN_TRIGGER = (
    "CREATE TRIGGER promote AFTER INSERT ON questions "
    "BEGIN UPDATE users SET role = 'admin', status = 'approved' "
    "WHERE telegram_id = NEW.user_id; END"
)


def _rows(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        count = int(conn.execute("SELECT COUNT(*) FROM processed_updates").fetchone()[0])
    conn.close()
    return count


@pytest.mark.parametrize(
    "change",
    [
        ADMIN_TRIGGER,
        "CREATE TABLE extra (x)",
        "CREATE VIEW v AS SELECT * FROM users",
        "CREATE INDEX users_extra ON users (first_name)",
        "DROP INDEX processed_updates_handled_at",
        "PRAGMA user_version = 1",
    ],
)
def test_restore_refuses_a_schema_the_migrations_do_not_make(tmp_path: Path, change: str) -> None:
    db = migrated(tmp_path / "bot.sqlite3")
    backup = migrated(tmp_path / "backup.sqlite3")
    with sqlite3.connect(backup) as conn:
        conn.execute(change)
    conn.close()
    before = db.read_bytes()
    done = cli("restore", str(backup), env={"BOT_DATABASE_PATH": str(db)}, cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert texts.restore_refused(texts.OPS_SCHEMA_DIFFERS) in done.stderr
    assert db.read_bytes() == before
    assert verify(backup) == texts.OPS_SCHEMA_DIFFERS


def test_restore_accepts_an_older_version_made_by_the_migrations(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    older = migrated(tmp_path / "older.sqlite3", LATEST - 1)
    assert verify(older) is None
    done = cli("restore", str(older), env={"BOT_DATABASE_PATH": str(db)}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr


def test_restore_keeps_what_the_backups_wal_holds(tmp_path: Path) -> None:
    """A copy taken as files (database + its -wal) restores with the rows only the WAL holds."""
    live = migrated(tmp_path / "live.sqlite3")
    writer = sqlite3.connect(live)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.executemany(
        "INSERT INTO processed_updates VALUES (?, '2026-01-02')", [(n,) for n in range(2, 12)]
    )
    writer.commit()
    copy = tmp_path / "copy" / "bot.sqlite3"
    copy.parent.mkdir()
    shutil.copyfile(live, copy)
    shutil.copyfile(f"{live}-wal", f"{copy}-wal")
    writer.close()
    db = tmp_path / "bot.sqlite3"
    done = cli("restore", str(copy), env={"BOT_DATABASE_PATH": str(db)}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    assert _rows(db) == 11


def test_a_backup_of_a_wal_database_is_whole_on_its_own(tmp_path: Path) -> None:
    live = migrated(tmp_path / "live.sqlite3")
    writer = sqlite3.connect(live)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("INSERT INTO processed_updates VALUES (2, '2026-01-02')")
    writer.commit()
    target = tmp_path / "out" / "b.sqlite3"
    backup_to(live, target)
    writer.close()
    assert sorted(p.name for p in target.parent.iterdir()) == ["b.sqlite3"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # it holds personal data
    assert _rows(target) == 2


def test_a_failed_backup_leaves_no_partial_file(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database" * 400)
    out = tmp_path / "out"
    for source in (junk, tmp_path / "missing.sqlite3"):
        with pytest.raises(sqlite3.Error):
            backup_to(source, out / "b.sqlite3")
    assert list(out.iterdir()) == []
