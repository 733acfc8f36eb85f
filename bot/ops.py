"""Operator commands: self-check, online backup and restore of the SQLite file."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bot import texts
from bot.config import ConfigError, Settings, check_token
from storage.lock import is_locked
from storage.migrations import LATEST


@dataclass(frozen=True, slots=True)
class CheckLine:
    """One line of `python -m bot check`."""

    ok: bool
    text: str


def backup_to(database: Path, target: Path) -> int:
    """Copy the live database with SQLite's online backup API; returns the file size.

    It uses its own connection, so it works while the bot runs and never blocks its handlers.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with (
        sqlite3.connect(f"file:{database}?mode=ro", uri=True) as source,
        sqlite3.connect(partial) as copy,
    ):
        source.backup(copy)
    os.replace(partial, target)
    return target.stat().st_size


def verify(path: Path) -> str | None:
    """Why a database file cannot be used (None when it can): integrity and schema version."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                return texts.OPS_NOT_INTACT
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError:
        return texts.OPS_NOT_A_DATABASE
    if version > LATEST:
        return texts.database_too_new(version, LATEST)
    return None


def restore_from(database: Path, source: Path, now: datetime) -> Path:
    """Swap a verified backup in, keeping the current file aside; returns where it was kept."""
    kept = database.with_name(f"{database.name}.before-restore-{now:%Y%m%d-%H%M%S}")
    if database.exists():
        backup_to(database, kept)
    partial = database.with_name(database.name + ".restoring")
    shutil.copyfile(source, partial)
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    os.replace(partial, database)
    return kept


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
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
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
