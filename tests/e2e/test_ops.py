"""Operations: self-check, backups taken mid-traffic, restore, /saoluu, migration upgrades."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from bot import texts
from bot.ops import backup_to, prune_backups, verify
from storage.lock import InstanceLock
from storage.migrations import LATEST, MIGRATIONS
from tests.e2e.harness import ADMIN_ID, GUEST_ID, Phone, RunningBot, last_text
from tests.fakebotapi import FakeBotApi

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**base, **env, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=False,
    )


def migrated(path: Path, version: int = LATEST) -> Path:
    """A database file as the bot's migrations leave it at `version`."""
    with sqlite3.connect(path) as conn:
        for number in range(1, version + 1):
            conn.executescript(
                f"BEGIN;\n{MIGRATIONS[number - 1]}\nPRAGMA user_version = {number};\nCOMMIT;"
            )
        conn.execute("INSERT INTO processed_updates VALUES (1, '2026-01-01')")
    conn.close()
    return path


async def test_backup_mid_traffic_then_restore_keeps_every_committed_row(
    bot: RunningBot, tmp_path: Path
) -> None:
    fake = bot.fake
    users = [GUEST_ID + i for i in range(20)]
    for round_ in range(3):
        for user in users:
            fake.send_text(user, f"điều {round_ + 5} nghị định 73 {user}")
        if round_ == 1:
            committed = await bot.services.db.fetchval("SELECT COUNT(*) FROM questions")
            target = tmp_path / "mid.sqlite3"
            await asyncio.to_thread(backup_to, bot.settings.database_path, target)
    await bot.wait_for(lambda: len(bot.services.metrics.finished) >= 60, timeout=30)
    assert verify(target) is None
    with sqlite3.connect(target) as copy:
        in_backup = copy.execute("SELECT COUNT(*) FROM questions").fetchone()[0]
    assert in_backup >= committed
    # Restore into a fresh location (the running bot holds its own file).
    env = {"BOT_DATABASE_PATH": str(tmp_path / "restored.sqlite3")}
    done = cli("restore", str(target), env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "restored.sqlite3") as restored:
        assert restored.execute("SELECT COUNT(*) FROM questions").fetchone()[0] == in_backup


def test_restore_refuses_while_running_and_bad_files(tmp_path: Path) -> None:
    db = migrated(tmp_path / "bot.sqlite3")
    good = tmp_path / "good.sqlite3"
    backup_to(db, good)
    env = {"BOT_DATABASE_PATH": str(db)}
    with InstanceLock(db):
        refused = cli("restore", str(good), env=env, cwd=tmp_path)
    assert refused.returncode == 3 and texts.OPS_RESTORE_RUNNING in refused.stderr
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    bad = cli("restore", str(junk), env=env, cwd=tmp_path)
    assert bad.returncode == 1 and "Không khôi phục" in bad.stderr
    newer = tmp_path / "newer.sqlite3"
    with sqlite3.connect(newer) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST + 5}")
    assert cli("restore", str(newer), env=env, cwd=tmp_path).returncode == 1
    ok = cli("restore", str(good), env=env, cwd=tmp_path)
    assert ok.returncode == 0 and list(tmp_path.glob("bot.sqlite3.before-restore-*"))


def test_backup_cli_and_pruning(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (42)")
    result = cli(
        "backup",
        str(tmp_path / "out" / "b.sqlite3"),
        env={"BOT_DATABASE_PATH": str(db)},
        cwd=tmp_path,
    )
    assert result.returncode == 0 and "Đã sao lưu" in result.stdout
    folder = tmp_path / "auto"
    for day in range(1, 6):
        backup_to(db, folder / f"bot-2026010{day}-020000.sqlite3")
    assert prune_backups(folder, 3) == 2
    assert sorted(p.name for p in folder.glob("*.sqlite3"))[0] == "bot-20260103-020000.sqlite3"


async def test_check_command(fake: FakeBotApi, tmp_path: Path) -> None:
    env = {
        "BOT_TOKEN": fake.token,
        "BOT_API_BASE_URL": fake.base_url,
        "BOT_API_BASE_FILE_URL": fake.base_file_url,
        "BOT_DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
    }
    missing = await asyncio.to_thread(cli, "check", env=env, cwd=tmp_path)
    assert missing.returncode == 1 and "LỖI Cơ sở dữ liệu" in missing.stdout
    db = tmp_path / "bot.sqlite3"
    with sqlite3.connect(db) as conn:
        for number, script in enumerate(MIGRATIONS, start=1):
            conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
    good = await asyncio.to_thread(cli, "check", env=env, cwd=tmp_path)
    assert good.returncode == 0, good.stdout
    assert good.stdout.count("OK") == 4 and "@nd73_test_bot" in good.stdout
    with InstanceLock(db):
        locked = await asyncio.to_thread(cli, "check", env=env, cwd=tmp_path)
    assert locked.returncode == 1 and "LỖI Khóa phiên chạy" in locked.stdout


async def test_saoluu_sends_a_backup_to_main_admins_only(bot: RunningBot) -> None:
    admin = Phone(bot, ADMIN_ID)
    confirm = (await admin.send("/saoluu"))[-1]
    assert confirm.body == texts.BACKUP_CONFIRM
    sent = (await admin.press(confirm, texts.BTN_BACKUP_OK))[-1]
    assert sent.method == "sendDocument" and (sent.document or b"").startswith(b"SQLite format 3")
    assert last_text(await Phone(bot, GUEST_ID).send("/saoluu")) == texts.NOT_ALLOWED


async def test_migrations_upgrade_a_filled_first_version_database(tmp_path: Path) -> None:
    from storage.db import Database
    from storage.migrations import migrate

    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(f"BEGIN;\n{MIGRATIONS[0]}\nPRAGMA user_version = 1;\nCOMMIT;")
        conn.executemany(
            "INSERT INTO processed_updates (update_id, handled_at) VALUES (?, ?)",
            [(i, "2026-01-01T00:00:00+00:00") for i in range(1, 101)],
        )
    db = Database(path)
    await db.open()
    assert await migrate(db.conn) == LATEST
    assert await db.fetchval("SELECT COUNT(*) FROM processed_updates") == 100
    assert await db.fetchval("SELECT MAX(update_id) FROM processed_updates") == 100
    tables = {r[0] for r in await db.fetchall("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"users", "outbox", "proposals", "deadlines", "questions"} <= tables
    await db.close()


async def test_thongke_for_admins(bot: RunningBot) -> None:
    await Phone(bot, GUEST_ID).send("điều kiện được bảo vệ")
    await Phone(bot, GUEST_ID).send("thời tiết hôm nay")
    report = last_text(await Phone(bot, ADMIN_ID).send("/thongke"))
    assert "Thống kê" in report and "Đã hỏi 2; trả lời được 1" in report
    assert "Hoạt động 7 ngày: 1" in report
    assert last_text(await Phone(bot, GUEST_ID).send("/thongke")) == texts.NOT_ALLOWED


async def test_stats_as_xlsx(bot: RunningBot) -> None:
    import io

    import openpyxl

    await Phone(bot, GUEST_ID).send('=HYPERLINK("x") điều 8')
    sent = (await Phone(bot, ADMIN_ID).send("/xuat thongke"))[-1]
    assert sent.method == "sendDocument" and (sent.file_name or "").startswith("thong-ke-")
    book = openpyxl.load_workbook(io.BytesIO(sent.document or b""))
    assert texts.STATS_SHEETS["questions"] in book.sheetnames
    sheet = book[texts.STATS_SHEETS["questions"]]
    assert sheet.cell(row=2, column=1).value.startswith("=HYPERLINK")
    assert sheet.cell(row=2, column=1).data_type == "s" and sheet.cell(row=2, column=2).value == 1
