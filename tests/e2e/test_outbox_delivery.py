"""The outbox end to end: real PTB Bot, real SQLite file, the fake Bot API server."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.clock import SystemClock
from bot.outbox.budget import RateBudget
from bot.outbox.sender import OutboxSender
from handlers.transport import TelegramTransport
from storage.db import Database
from storage.migrations import migrate
from storage.outbox import OutboxRepository
from tests.fakebotapi import FakeBotApi

# Short enough that an injected "timeout" fault really times the client out.
READ_TIMEOUT = 0.5
BUTTONS = {"inline_keyboard": [[{"text": "Duyệt", "callback_data": "reg:ok:42"}]]}


@pytest.fixture(autouse=True)
def _timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB 22 warns when it builds a RetryAfter unless opted in; the suite turns warnings into
    # errors, so a 429 would surface as PTBDeprecationWarning instead of RetryAfter.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


class SpyBudget(RateBudget):
    """The real budget, telling when a bulk sender starts waiting for it."""

    def __init__(self, **limits: Any) -> None:
        super().__init__(**limits)
        self.entered = asyncio.Event()

    async def acquire_bulk(self, chat_id: int, *, per_chat: bool = True) -> None:
        self.entered.set()
        await super().acquire_bulk(chat_id, per_chat=per_chat)


@dataclass
class World:
    fake: FakeBotApi
    bot: Bot
    db: Database
    repo: OutboxRepository
    clock: SystemClock = field(default_factory=SystemClock)
    blocked_calls: list[int] = field(default_factory=list)
    senders: list[OutboxSender] = field(default_factory=list)

    def sender(self, budget: RateBudget | None = None, **options: Any) -> OutboxSender:
        async def on_blocked(chat_id: int) -> None:
            self.blocked_calls.append(chat_id)

        sender = OutboxSender(
            self.repo,
            TelegramTransport(self.bot),
            budget or RateBudget(chat_interval=0.1),
            self.clock,
            on_blocked=on_blocked,
            **options,
        )
        self.senders.append(sender)
        return sender

    async def enqueue(self, chat_id: int, text: str | None, **options: Any) -> int:
        async with self.db.transaction() as conn:
            return await self.repo.enqueue(
                conn, chat_id=chat_id, kind="test", text=text, now=self.clock.now(), **options
            )

    async def enqueue_many(self, items: list[tuple[int, str]]) -> list[int]:
        async with self.db.transaction() as conn:
            return [
                await self.repo.enqueue(
                    conn, chat_id=chat, kind="test", text=text, now=self.clock.now()
                )
                for chat, text in items
            ]

    async def status(self, row_id: int) -> str:
        msg = await self.repo.get(row_id)
        assert msg is not None
        return msg.status


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async with FakeBotApi() as fake:
        request = HTTPXRequest(connection_pool_size=16, read_timeout=READ_TIMEOUT)
        bot = Bot(
            fake.token,
            base_url=fake.base_url,
            base_file_url=fake.base_file_url,
            request=request,
        )
        db = Database(tmp_path / "bot.sqlite3")
        await db.open()
        await migrate(db.conn)
        world = World(fake, bot, db, OutboxRepository(db))
        try:
            async with bot:
                yield world
                for sender in world.senders:
                    await sender.stop()
        finally:
            await db.close()


async def drain(sender: OutboxSender, within: float = 10.0) -> None:
    sender.wake()
    async with asyncio.timeout(within):
        await sender.wait_drained()


def meet(fake: FakeBotApi, *chats: int) -> None:
    for chat in chats:
        fake.send_text(chat, "/start")


async def test_outbox_delivers_every_message_once_in_order_through_faults(world: World) -> None:
    fake = world.fake
    chats = list(range(1001, 1051))
    blocked = chats[-1]
    meet(fake, *chats)
    fake.block(blocked)
    fake.enforce_rates = True
    fake.inject("sendMessage", "500", times=1, chat_id=1001)
    fake.inject("sendMessage", "502", times=1, chat_id=1002)
    fake.inject("sendMessage", "429", times=1, retry_after=1, chat_id=1003)
    fake.inject("sendMessage", "timeout", chat_id=1004, delay=READ_TIMEOUT * 2)
    fake.inject("sendMessage", "timeout", chat_id=1005, delay=READ_TIMEOUT * 2, delivered=True)
    items = [(chats[number % 50], f"tin {number:03d}") for number in range(200)]
    expected = {chat: [text for to, text in items if to == chat] for chat in chats}
    await world.enqueue_many(items)

    # Telegram's per-chat limit; the overall one raised on both sides (at 25/s the 200 messages
    # alone would take 8 s): the fake still rejects any send beyond either.
    fake.rate_overall = 100
    sender = world.sender(RateBudget(per_second=90))
    await sender.start()
    await drain(sender, within=15.0)

    for chat in chats[:-1]:
        got = [message.text for message in fake.messages_to(chat)]
        if chat == 1005:  # Telegram took the first one, the bot never heard: sent again
            assert got == [expected[chat][0], *expected[chat]]
        else:
            assert got == expected[chat], chat
    assert fake.messages_to(blocked) == []
    assert len(fake.sent) == 196 + 1
    assert fake.rejections == []  # in particular no 429 for breaking the rate limits
    assert world.blocked_calls == [blocked]
    blocked_rows = await world.repo.rows(chat_id=blocked)
    assert [row.status for row in blocked_rows] == ["blocked"] * 4
    assert await world.repo.counts() == {
        "pending": 0, "sending": 0, "sent": 196, "failed": 0, "blocked": 4, "cancelled": 0
    }  # fmt: skip
    stats = sender.stats
    assert (stats.sent, stats.failed, stats.blocked) == (196, 0, 4)
    assert stats.retried == 1 + 1 + 1 + 1 + 1
    first_of_1001 = (await world.repo.rows(chat_id=1001))[0]
    assert first_of_1001.attempts == 2
    assert (
        first_of_1001.last_error is not None
        and "Internal Server Error" in first_of_1001.last_error
    )
    flooded = (await world.repo.rows(chat_id=1003))[0]
    assert flooded.attempts == 1  # flood control is not counted against max_attempts


async def test_group_decision_goes_out_decided_or_edits_sent_copies(world: World) -> None:
    fake = world.fake
    meet(fake, 11, 12, 13)
    payload = {"parse_mode": "HTML", "reply_markup": BUTTONS}
    sent = await world.enqueue(11, "Đăng ký mới <b>#42</b>", payload=payload, group_key="reg:42")
    pressed = await world.enqueue(
        13, "Đăng ký mới <b>#42</b>", payload=payload, group_key="reg:42"
    )
    first = world.sender()
    await first.start()
    await drain(first)
    await first.stop()
    pending = await world.enqueue(
        12, "Đăng ký mới <b>#42</b>", payload=payload, group_key="reg:42"
    )

    decided = "Đăng ký <b>#42</b> đã được duyệt"
    async with world.db.transaction() as conn:
        touched = await world.repo.rewrite_group(
            conn, "reg:42", decided, now=world.clock.now(), exclude_id=pressed
        )
    assert touched == [sent, pending]
    second = world.sender()
    await second.start()
    await drain(second)

    (late_copy,) = fake.messages_to(12)
    assert (late_copy.text, late_copy.buttons(), late_copy.edits) == (
        "Đăng ký #42 đã được duyệt", [], []
    )  # fmt: skip
    (edited,) = fake.messages_to(11)
    assert (edited.text, edited.buttons(), edited.edits) == (
        "Đăng ký #42 đã được duyệt", [], ["Đăng ký mới #42"]
    )  # fmt: skip
    (untouched,) = fake.messages_to(13)
    assert untouched.edits == [] and untouched.buttons()
    assert await world.status(sent) == await world.status(pending) == "sent"
    assert fake.rejections == []


async def test_edit_to_identical_content_counts_as_sent(world: World) -> None:
    meet(world.fake, 21)
    target = await world.enqueue(21, "Nhắc hạn nộp báo cáo")
    sender = world.sender()
    await sender.start()
    await drain(sender)
    async with world.db.transaction() as conn:
        edit = await world.repo.enqueue_edit(
            conn, target_id=target, text="Nhắc hạn nộp báo cáo", now=world.clock.now()
        )
    await drain(sender)
    row = await world.repo.get(edit)
    assert row is not None
    assert (row.status, row.message_id) == ("sent", world.fake.messages_to(21)[0].message_id)
    assert [r.description for r in world.fake.rejections] == [
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    ]
    assert sender.stats.failed == 0


async def test_restart_resends_rows_a_crash_left_sending(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    meet(world.fake, 31, 32, 33)
    ids = await world.enqueue_many([(31, "a1"), (32, "b1"), (33, "c1"), (31, "a2")])
    # The killed process had claimed these and never recorded an outcome.
    crashed = await world.repo.claim_due(world.clock.now(), 10, set())
    assert [msg.id for msg in crashed] == ids[:3]

    sender = world.sender()
    with caplog.at_level(logging.WARNING, logger="storage.outbox"):
        await sender.start()
        await drain(sender)
    assert "3 message(s) were in flight" in caplog.text
    assert [m.text for m in world.fake.messages_to(31)] == ["a1", "a2"]
    assert [m.text for m in world.fake.messages_to(32)] == ["b1"]
    assert [m.text for m in world.fake.messages_to(33)] == ["c1"]
    rows = await world.repo.rows()
    assert [(row.status, row.attempts) for row in rows] == [("sent", 2)] * 3 + [("sent", 1)]


async def test_stop_waits_for_a_send_on_the_wire(world: World) -> None:
    meet(world.fake, 41)
    hold = world.fake.hold("sendMessage", chat_id=41)
    row_id = await world.enqueue(41, "đang gửi")
    sender = world.sender()
    await sender.start()
    sender.wake()
    await asyncio.wait_for(hold.arrived.wait(), 5)
    stopping = asyncio.create_task(sender.stop())
    await asyncio.sleep(0)
    assert not stopping.done()
    hold.release()
    await asyncio.wait_for(stopping, 5)
    assert await world.status(row_id) == "sent"


async def test_stop_hands_back_rows_still_waiting_for_the_budget(world: World) -> None:
    meet(world.fake, 42)
    budget = SpyBudget(per_second=1, window=60)
    await budget.acquire_interactive(0)  # the only slot for a minute
    row_id = await world.enqueue(42, "chờ")
    sender = world.sender(budget)
    await sender.start()
    sender.wake()
    await asyncio.wait_for(budget.entered.wait(), 5)
    await asyncio.wait_for(sender.stop(), 2)
    row = await world.repo.get(row_id)
    assert row is not None
    assert (row.status, row.attempts) == ("pending", 0)
    assert world.fake.sent == []


async def test_permanent_failure_is_logged_clipped_and_the_chat_moves_on(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    meet(world.fake, 51)
    broken = "<b>chưa đóng thẻ " + "x" * 200
    bad = await world.enqueue(51, broken, payload={"parse_mode": "HTML"})
    good = await world.enqueue(51, "tin tiếp theo")
    sender = world.sender()
    with caplog.at_level(logging.ERROR, logger="bot.outbox.sender"):
        await sender.start()
        await drain(sender)
    assert await world.status(bad) == "failed"
    assert await world.status(good) == "sent"
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert broken[:79] in record.getMessage()
    assert broken[:81] not in record.getMessage()
    assert sender.stats.failed == 1


async def test_transient_errors_give_up_after_max_attempts(world: World) -> None:
    meet(world.fake, 61)
    world.fake.inject("sendMessage", "500", times=2, chat_id=61)
    row_id = await world.enqueue(61, "không tới")
    sender = world.sender(max_attempts=2)
    await sender.start()
    await drain(sender)
    row = await world.repo.get(row_id)
    assert row is not None
    assert (row.status, row.attempts) == ("failed", 2)
    assert world.fake.sent == []


async def test_documents_command_menus_and_deletes(world: World, tmp_path: Path) -> None:
    fake = world.fake
    meet(fake, 71)
    report = tmp_path / "bao_cao.pdf"
    report.write_bytes(b"%PDF-1.4 fake")
    first = await world.enqueue(71, "sẽ bị xoá")
    document = await world.enqueue(
        71, None, method="sendDocument", payload={"path": str(report), "caption": "Báo cáo"}
    )
    menu = {
        "commands": [{"command": "start", "description": "Bắt đầu"}, ["hoi", "Hỏi đáp"]],
        "scope": {"type": "chat", "chat_id": 71},
    }
    await world.enqueue(71, None, method="setMyCommands", payload=menu)
    sender = world.sender()
    await sender.start()
    await drain(sender)
    sent_first = await world.repo.get(first)
    assert sent_first is not None and sent_first.message_id is not None
    await world.enqueue(
        71, None, method="deleteMessage", payload={"message_id": sent_first.message_id}
    )
    await drain(sender)

    (doc,) = fake.messages_to(71)
    assert (doc.document, doc.file_name, doc.caption) == (
        b"%PDF-1.4 fake",
        "bao_cao.pdf",
        "Báo cáo",
    )
    assert await world.status(document) == "sent"
    commands = fake.my_commands({"type": "chat", "chat_id": 71})
    assert [c["command"] for c in commands] == ["start", "hoi"]
    assert fake.rejections == []


async def test_a_missing_file_fails_without_retrying(world: World, tmp_path: Path) -> None:
    meet(world.fake, 81)
    row_id = await world.enqueue(
        81, None, method="sendDocument", payload={"path": str(tmp_path / "missing.pdf")}
    )
    sender = world.sender()
    await sender.start()
    await drain(sender)
    row = await world.repo.get(row_id)
    assert row is not None
    assert (row.status, row.attempts) == ("failed", 1)
    assert row.last_error is not None and "cannot read" in row.last_error


async def test_edit_of_a_message_that_never_went_out_is_cancelled(world: World) -> None:
    target = await world.enqueue(999, "tới một chat không tồn tại")  # 400 chat not found
    async with world.db.transaction() as conn:
        edit = await world.repo.enqueue_edit(
            conn, target_id=target, text="sửa", now=world.clock.now()
        )
    sender = world.sender()
    await sender.start()
    await drain(sender)
    assert await world.status(target) == "failed"
    row = await world.repo.get(edit)
    assert row is not None
    assert (row.status, row.last_error) == ("cancelled", "target failed")
    assert (sender.stats.failed, sender.stats.cancelled) == (1, 1)


async def test_flood_control_on_one_chat_does_not_hold_the_others(world: World) -> None:
    fake = world.fake
    meet(fake, 81, 82)
    fake.inject("sendMessage", "429", times=1, retry_after=10, chat_id=81)
    held = await world.enqueue(81, "tin bị giới hạn")
    sender = world.sender()
    await sender.start()
    sender.wake()
    await fake.wait_until(lambda: len(fake.faults_served) == 1)
    other = await world.enqueue(82, "tin cho người khác")
    sender.wake()
    # Chat 81 waits its 10 s out; chat 82 goes now, not after the pause.
    await fake.wait_until(lambda: sender.stats.sent == 1, timeout=5)
    assert await world.status(other) == "sent"
    assert await world.status(held) == "pending"
    assert [m.chat_id for m in fake.sent] == [82]
