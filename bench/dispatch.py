"""A reminder dispatch to many people, under the fake server's rate rule, with users chatting.

Run: .venv/bin/python bench/dispatch.py [--recipients 2000] [--latency 0.15] [--users 10]
The fake Bot API (this process) enforces its stated rule (30 sends per sliding second, 1 per
chat per second) and adds 150 ms to every call; the bot runs as its own process on a database
seeded with the recipients (leaders of units) and one deadline whose reminder is due at start.
Meanwhile 10 users ask questions (2-4 s apart) and the delay of each reply is measured.
Prints: total dispatch time against the theoretical minimum at the bot's own budget (25/s),
429s received, and the p50/p99 delay of interactive replies. Targets (issue 6): <= 1.15x the
minimum, no 429, reply p99 <= 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.models.people import Role  # noqa: E402
from tests.e2e.seed import seed_deadline, seed_users  # noqa: E402
from tests.fakebotapi import BotProcess, FakeBotApi  # noqa: E402

BUDGET_PER_SECOND = 25
UNITS = ["P-LOCTHO", "P-VINHHAI", "P-PHUOCHAI", "P-TANLAP", "NV", "KT", "VP", "TP"]
TITLE = "Báo cáo quý IV"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def run(recipients: int, latency: float, users: int) -> None:
    async with FakeBotApi() as fake:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bot.sqlite3"
            people = [
                (900000 + i, f"Lãnh đạo {i}", UNITS[i % len(UNITS)], Role.LEADER, False)
                for i in range(recipients)
            ]
            await seed_users(db, people)
            await seed_deadline(
                db,
                title=TITLE,
                first_due=datetime.now(UTC) + timedelta(hours=1),
                offsets=[7200],
                units=UNITS,
            )
            # The fake learns every chat; the bot never sees these set-up messages.
            for person, *_ in people:
                fake.send_text(person, "/start")
            for user in range(users):
                fake.send_text(950000 + user, "/start")
            fake.drop_pending_updates()
            fake.enforce_rates = True
            fake.latency = latency

            def reminders() -> int:
                return sum(1 for m in fake.sent if TITLE in m.body and "Nhắc" in m.body)

            proc = BotProcess(fake, db, env={"BOT_QUIET_HOURS": "", "BOT_LOG_LEVEL": "WARNING"})
            async with proc:
                await proc.wait_polling(timeout=60)
                await fake.wait_until(lambda: reminders() >= 1, timeout=60)
                start = time.monotonic()

                replies: list[float] = []
                done = asyncio.Event()
                rng = random.Random(3)

                async def chat(uid: int) -> None:
                    while not done.is_set():
                        mark = len(fake.sent)
                        sent = time.monotonic()
                        fake.send_text(uid, "điều kiện để được bảo vệ")
                        reply = await fake.wait_for_message(uid, after=mark, timeout=60)
                        replies.append(reply.sent_at - sent)
                        await asyncio.sleep(rng.uniform(2.0, 4.0))

                chatters = [asyncio.create_task(chat(950000 + u)) for u in range(users)]
                await fake.wait_until(lambda: reminders() >= recipients, timeout=recipients)
                elapsed = time.monotonic() - start
                done.set()
                await asyncio.gather(*chatters)
                await proc.stop()
    rate_limited = sum(1 for r in fake.rejections if r.description.startswith("Too Many"))
    for r in fake.rejections[:3]:
        print("  rejected:", r.method, r.params.get("chat_id"), r.description[:80])
    interactive = len(replies)
    minimum = recipients / BUDGET_PER_SECOND
    with_replies = (recipients + interactive) / BUDGET_PER_SECOND
    print(
        f"{recipients} reminders, {latency * 1000:.0f} ms per call, fake rule 30/s overall "
        f"and 1/s per chat, {users} users chatting ({interactive} replies)"
    )
    print(
        f"dispatch took {elapsed:.1f} s; minimum at the bot's budget ({BUDGET_PER_SECOND}/s) "
        f"{minimum:.1f} s -> {elapsed / minimum:.2f}x "
        f"(counting the replies in the budget: {with_replies:.1f} s "
        f"-> {elapsed / with_replies:.2f}x)"
    )
    print(f"429 responses: {rate_limited}")
    print(
        f"interactive replies: p50 {pct(replies, 0.5) * 1000:.0f} ms, "
        f"p99 {pct(replies, 0.99) * 1000:.0f} ms, max {max(replies, default=0) * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--recipients", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.15)
    parser.add_argument("--users", type=int, default=10)
    args = parser.parse_args()
    asyncio.run(run(args.recipients, args.latency, args.users))


if __name__ == "__main__":
    main()
