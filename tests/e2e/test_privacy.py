"""Personal data: files only the bot's account can read, retention, access recorded."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot import texts
from bot.clock import ManualClock, to_iso
from bot.models.people import Role
from handlers import jobs
from tests.e2e.harness import ADMIN_ID, GUEST_ID, STAFF_ID, Phone, RunningBot, add_user, last_text
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


async def test_saoluu_and_every_xuat_are_audited(bot: RunningBot) -> None:
    admin = Phone(bot, ADMIN_ID)
    await admin.send("/start")
    confirm = (await admin.send("/saoluu"))[-1]
    backup = (await admin.press(confirm, texts.BTN_BACKUP_OK))[-1]
    stats = (await admin.send("/xuat thongke"))[-1]
    questions = (await admin.send("/xuat cauhoi"))[-1]
    assert last_text(await admin.send("/xuat 2031")) == texts.EXPORT_EMPTY  # no file, no record
    rows = await bot.services.db.fetchall(
        "SELECT actor_id, action, target, after, created_at FROM audit_log "
        "WHERE action LIKE 'privacy.%' ORDER BY id"
    )
    assert [(r["actor_id"], r["action"], r["target"]) for r in rows] == [
        (ADMIN_ID, "privacy.backup", backup.file_name),
        (ADMIN_ID, "privacy.export", stats.file_name),
        (ADMIN_ID, "privacy.export", questions.file_name),
    ]
    assert json.loads(rows[1]["after"]) == ["thongke"]
    assert all(r["created_at"] == to_iso(bot.services.clock.now()) for r in rows)


async def test_a_strangers_question_is_stored_without_an_id(bot: RunningBot) -> None:
    await add_user(bot, STAFF_ID, "Lê Văn Cán", None, Role.STAFF)
    await Phone(bot, GUEST_ID).send("điều kiện được bảo vệ")
    await Phone(bot, STAFF_ID).send("điều kiện được bảo vệ")
    rows = await bot.services.db.fetchall("SELECT telegram_id FROM questions ORDER BY id")
    assert [r["telegram_id"] for r in rows] == [None, STAFF_ID]


async def test_daily_retention_forgets_askers_and_deletes_old_messages_and_update_ids(
    bot: RunningBot, clock: ManualClock
) -> None:
    services = bot.services
    await add_user(bot, STAFF_ID, "Lê Văn Cán", None, Role.STAFF)
    staff = Phone(bot, STAFF_ID)
    await staff.send("điều kiện được bảo vệ")
    old_question = await services.db.fetchval("SELECT MAX(id) FROM questions")
    tag = services.qa.feedback_tag(old_question, STAFF_ID)
    assert await services.qa.feedback(old_question, STAFF_ID, True, tag)
    await notice(bot, "Thông báo cũ")
    await Phone(bot, GUEST_ID).send("/dangky")  # a form left half-way
    clock.advance(timedelta(days=61))
    await staff.send("quy trình đề xuất")  # a question of these two months: keeps its asker
    recent_question = await services.db.fetchval("SELECT MAX(id) FROM questions")
    clock.advance(timedelta(days=30))  # the first question is now 91 days old
    await notice(bot, "Thông báo mới")
    await notice(bot, "Thông báo hẹn giờ", later=timedelta(days=1))
    await staff.send("/start")
    await jobs.retention_job(SimpleNamespace(application=bot.app))  # type: ignore[arg-type]

    askers = dict(await services.db.fetchall("SELECT id, telegram_id FROM questions"))
    assert askers[old_question] is None and askers[recent_question] == STAFF_ID
    voters = await services.db.fetchall("SELECT telegram_id, useful FROM feedback")
    assert [(v["telegram_id"] < 0, v["useful"]) for v in voters] == [(True, 1)]
    left = [(m.payload.get("text"), m.status) for m in await services.outbox.rows()]
    assert left == [("Thông báo mới", "sent"), ("Thông báo hẹn giờ", "pending")]
    drafts = await services.db.fetchall(
        "SELECT status FROM drafts WHERE telegram_id = ?", (GUEST_ID,)
    )
    assert [d["status"] for d in drafts] == ["archived"]
    oldest = await services.db.fetchval("SELECT MIN(handled_at) FROM processed_updates")
    assert oldest >= to_iso(clock.now() - timedelta(days=2))


async def notice(bot: RunningBot, text: str, later: timedelta | None = None) -> None:
    """Queue a notice to the staff member (sent now, or scheduled `later`)."""
    now = bot.services.clock.now()
    async with bot.services.db.transaction() as conn:
        await bot.services.outbox.enqueue(
            conn,
            chat_id=STAFF_ID,
            kind="test",
            text=text,
            not_before=now + later if later else None,
            now=now,
        )
    bot.services.wake_outbox()
    if later is None:
        await bot.outbox_idle()
