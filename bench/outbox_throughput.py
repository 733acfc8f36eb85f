"""Outbox throughput against the fake Bot API on loopback, with 100 ms per call.

Run from the repository root: .venv/bin/python bench/outbox_throughput.py [--quick]

Each run enqueues messages in one transaction, drains them with an OutboxSender under
Telegram's limits (RateBudget defaults: 25/s overall, 1/s per chat; the fake enforces 30/s and
1/s and would answer 429 to any excess) and prints messages/s, enqueue-to-sent latency and
the outcome counts.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# PTB 22 warns on every RetryAfter it builds unless it may use timedelta; we handle both.
os.environ.setdefault("PTB_TIMEDELTA", "true")

from telegram import Bot  # noqa: E402
from telegram.request import HTTPXRequest  # noqa: E402

from bot.clock import SystemClock  # noqa: E402
from bot.outbox.budget import RateBudget  # noqa: E402
from bot.outbox.sender import OutboxSender  # noqa: E402
from handlers.transport import TelegramTransport  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrations import migrate  # noqa: E402
from storage.outbox import OutboxRepository  # noqa: E402
from tests.fakebotapi import FakeBotApi  # noqa: E402

LATENCY = 0.1
RUN_TIMEOUT = 180.0
FIRST_CHAT = 10_000


@dataclass
class Result:
    messages: int
    chats: int
    concurrency: int
    seconds: float
    p50: float
    p95: float
    counts: dict[str, int]
    retried: int
    rejections: int

    def line(self) -> str:
        rate = self.messages / self.seconds if self.seconds else float("inf")
        counts = " ".join(f"{key}={value}" for key, value in self.counts.items() if value)
        return (
            f"{self.messages:>5} msgs {self.chats:>4} chats  conc={self.concurrency}  "
            f"{self.seconds:6.2f}s  {rate:6.1f} msg/s  p50={self.p50:6.2f}s  "
            f"p95={self.p95:6.2f}s  {counts} retried={self.retried} 429s={self.rejections}"
        )


async def run_once(messages: int, chats: int, concurrency: int, folder: Path) -> Result:
    async with FakeBotApi() as fake:
        chat_ids = [FIRST_CHAT + number for number in range(chats)]
        for chat in chat_ids:
            fake.send_text(chat, "/start")
        fake.latency = LATENCY
        fake.enforce_rates = True
        request = HTTPXRequest(connection_pool_size=max(8, concurrency * 2))
        bot = Bot(
            fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url, request=request
        )
        db = Database(folder / f"bench-{messages}-{chats}-{concurrency}.sqlite3")
        await db.open()
        await migrate(db.conn)
        repo = OutboxRepository(db)
        clock = SystemClock()
        sender = OutboxSender(
            repo, TelegramTransport(bot), RateBudget(), clock, concurrency=concurrency
        )
        try:
            async with bot:
                await enqueue(repo, db, clock, chat_ids, messages)
                started = time.perf_counter()
                await sender.start()
                sender.wake()
                async with asyncio.timeout(RUN_TIMEOUT):
                    await sender.wait_drained()
                seconds = time.perf_counter() - started
                await sender.stop()
            latencies = await latencies_of(repo)
            return Result(
                messages=messages,
                chats=chats,
                concurrency=concurrency,
                seconds=seconds,
                p50=statistics.median(latencies),
                p95=statistics.quantiles(latencies, n=20)[18],
                counts=await repo.counts(),
                retried=sender.stats.retried,
                rejections=sum(1 for item in fake.rejections if item.error_code == 429),
            )
        finally:
            await sender.stop()
            await db.close()


async def enqueue(
    repo: OutboxRepository, db: Database, clock: SystemClock, chat_ids: list[int], count: int
) -> None:
    async with db.transaction() as conn:
        for number in range(count):
            chat = chat_ids[number % len(chat_ids)]
            await repo.enqueue(
                conn, chat_id=chat, kind="bench", text=f"Tin số {number}", now=clock.now()
            )


async def latencies_of(repo: OutboxRepository) -> list[float]:
    rows = await repo.rows()
    return [(row.sent_at - row.created_at).total_seconds() for row in rows if row.sent_at]


async def main(quick: bool) -> None:
    logging.basicConfig(level=logging.ERROR)
    big = 200 if quick else 500
    plan = [(big, big, 6), (big, big, 1), (big, big, 8)]
    plan += [(100, 20, 6), (100, 20, 1), (100, 20, 8)]
    print(f"fake Bot API latency {LATENCY * 1000:.0f} ms/call; budget 25/s overall, 1/s per chat")
    with tempfile.TemporaryDirectory() as folder:
        for messages, chats, concurrency in plan:
            result = await run_once(messages, chats, concurrency, Path(folder))
            print(result.line(), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 instead of 500 chats")
    asyncio.run(main(parser.parse_args().quick))
