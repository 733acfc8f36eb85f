"""Operator commands: self-check, online backup and restore of the SQLite file."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Coroutine, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bot import texts
from bot.config import ConfigError, Settings, check_token
from storage.lock import is_locked
from storage.migrations import LATEST, MIGRATIONS


@dataclass(frozen=True, slots=True)
class CheckLine:
    """One line of `python -m bot check`."""

    ok: bool
    text: str


def backup_to(database: Path, target: Path) -> int:
    """Copy the live database with SQLite's online backup API; returns the file size.

    It uses its own connection, so it works while the bot runs and never blocks its handlers.
    The copy reads through SQLite, so what is still only in the -wal file is in it too; the
    result is one self-contained file (0600). A failed backup leaves no partial file behind.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        _copy_database(_read_only(database), partial)
        os.replace(partial, target)
    finally:
        _remove_with_sidecars(partial)
    return target.stat().st_size


class RestoreRefused(Exception):
    """A backup that must not replace the database; `reason` is the sentence for the operator."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def verify(path: Path) -> str | None:
    """Why a database file cannot be used (None when it can).

    It must be intact, not newer than this program, and have exactly the schema the bot's
    migrations create at its version: tables, indexes, triggers and views. A file with one
    added trigger could otherwise rewrite roles at the next question.
    """
    try:
        with closing(sqlite3.connect(_read_only(path), uri=True)) as conn:
            conn.execute("PRAGMA trusted_schema = OFF")
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                return texts.OPS_NOT_INTACT
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > LATEST:
                return texts.database_too_new(version, LATEST)
            if _schema(conn) != expected_schema(version):
                return texts.OPS_SCHEMA_DIFFERS
    except sqlite3.DatabaseError:
        return texts.OPS_NOT_A_DATABASE
    return None


def expected_schema(version: int) -> frozenset[tuple[str, str, str, str | None]]:
    """The schema objects the bot's migrations create up to `version`."""
    with closing(sqlite3.connect(":memory:")) as reference:
        for number in range(1, version + 1):
            reference.executescript(
                f"BEGIN;\n{MIGRATIONS[number - 1]}\nPRAGMA user_version = {number};\nCOMMIT;"
            )
        return _schema(reference)


def _schema(conn: sqlite3.Connection) -> frozenset[tuple[str, str, str, str | None]]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    # Statistics tables come from ANALYZE / PRAGMA optimize, not from the schema's design.
    return frozenset(tuple(row) for row in rows if not str(row[1]).startswith("sqlite_stat"))


def verify_backup(source: Path, work_folder: Path) -> str | None:
    """`verify` of a backup file as it would be restored: together with its -wal sidecar.

    The check runs on a private copy (made in `work_folder`), so the backup itself is never
    touched, not even by SQLite's recovery of its WAL.
    """
    if not source.is_file():
        return texts.OPS_NO_FILE
    with _private_copy(source, work_folder) as copy:
        return verify(copy)


def restore_from(database: Path, source: Path, now: datetime) -> Path:
    """Swap a verified backup in, keeping the current file aside; returns where it was kept.

    The backup is read with what its -wal sidecar holds (copied with it, then read through
    SQLite), verified again, and written as one file. The running bot must be stopped.

    Raises:
        RestoreRefused: the backup is not intact, too new or of another schema.
    """
    partial = database.with_name(database.name + ".restoring")
    try:
        with _private_copy(source, database.parent) as copy:
            problem = verify(copy)
            if problem is not None:
                raise RestoreRefused(problem)
            _copy_database(str(copy), partial, uri=False)
        kept = database.with_name(f"{database.name}.before-restore-{now:%Y%m%d-%H%M%S}")
        if database.exists():
            backup_to(database, kept)
        for suffix in ("-wal", "-shm", "-journal"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        os.replace(partial, database)
    finally:
        _remove_with_sidecars(partial)
    return kept


_SIDECARS = ("-wal", "-journal")


@contextmanager
def _private_copy(source: Path, folder: Path) -> Iterator[Path]:
    """A copy of a database file and its sidecars in a private (0700) temporary folder."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restore-check-", dir=folder) as private:
        copy = Path(private) / "backup.sqlite3"
        shutil.copyfile(source, copy)
        for suffix in _SIDECARS:
            sidecar = source.with_name(source.name + suffix)
            if sidecar.is_file():
                shutil.copyfile(sidecar, copy.with_name(copy.name + suffix))
        yield copy


def _copy_database(source: str, target: Path, *, uri: bool = True) -> None:
    """Write `source` (read through SQLite, WAL included) into a new 0600 file `target`."""
    _remove_with_sidecars(target)
    target.touch(mode=0o600)
    with (
        closing(sqlite3.connect(source, uri=uri)) as reader,
        closing(sqlite3.connect(target)) as copy,
    ):
        reader.backup(copy)


def _read_only(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"


def _remove_with_sidecars(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def prune_backups(folder: Path, keep: int) -> int:
    """Delete the oldest automatic backups beyond `keep`; returns how many went."""
    backups = sorted(folder.glob("bot-*.sqlite3"))
    doomed = backups[:-keep] if keep > 0 else backups
    for path in doomed:
        path.unlink(missing_ok=True)
    return len(doomed)


def run_checks(
    settings: Settings, telegram: Callable[[Settings], Coroutine[Any, Any, CheckLine]]
) -> list[CheckLine]:
    """Settings, database (intact, migrated, not locked), Telegram (getMe).

    `telegram` asks Telegram who the bot is; it lives with the entry points (`bot.runner`),
    the only code here that may speak to Telegram.
    """
    lines: list[CheckLine] = []
    try:
        check_token(settings.token)
        lines.append(CheckLine(True, texts.CHECK_SETTINGS_OK))
    except ConfigError as exc:
        lines.append(CheckLine(False, texts.check_failed(texts.CHECK_SETTINGS, str(exc))))
    db = settings.database_path
    if not db.exists():
        lines.append(CheckLine(False, texts.check_failed(texts.CHECK_DATABASE, texts.OPS_NO_FILE)))
    else:
        problem = verify(db)
        with closing(sqlite3.connect(_read_only(db), uri=True)) as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if problem is None and version < LATEST:
            problem = texts.check_migrations_pending(version, LATEST)
        lines.append(
            CheckLine(problem is None, texts.CHECK_DATABASE_OK.format(version=version))
            if problem is None
            else CheckLine(False, texts.check_failed(texts.CHECK_DATABASE, problem))
        )
        locked = is_locked(db)
        lines.append(
            CheckLine(
                not locked,
                texts.CHECK_LOCK_FREE
                if not locked
                else texts.check_failed(texts.CHECK_LOCK, texts.CHECK_LOCK_HELD),
            )
        )
    if lines[0].ok:
        lines.append(asyncio.run(telegram(settings)))
    return lines
