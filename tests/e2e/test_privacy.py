"""Personal data: files only the bot's account can read, retention, access recorded."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.harness import GUEST_ID
from tests.e2e.test_ops import cli
from tests.e2e.test_process import ENV, reply_to
from tests.fakebotapi import BotProcess, FakeBotApi


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """Start the bot the way a careless shell would: umask 022 (files readable by all)."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.usefixtures("loose_umask")
async def test_database_and_backups_are_private_files_in_private_folders(
    fake: FakeBotApi, tmp_path: Path
) -> None:
    db = tmp_path / "data" / "bot.sqlite3"
    async with BotProcess(fake, db, env=ENV, log_path=tmp_path / "bot.log") as proc:
        await proc.wait_polling()
        assert "Xin chào" in await reply_to(fake, GUEST_ID, "/start")
        created = [p for p in db.parent.iterdir() if p.name.startswith("bot.sqlite3")]
        assert {p.name for p in created} >= {"bot.sqlite3", "bot.sqlite3-wal", "bot.sqlite3.lock"}
        assert {p.name: mode(p) for p in created} == {p.name: 0o600 for p in created}
        assert mode(db.parent) == 0o700
        await proc.stop()
    target = tmp_path / "backups" / "manual.sqlite3"
    done = cli("backup", str(target), env={"BOT_DATABASE_PATH": str(db)}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (mode(target), mode(target.parent)) == (0o600, 0o700)
