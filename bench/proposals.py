"""Many people filling in proposals at once: all stored, none mixed up, prompt latency.

Run: .venv/bin/python bench/proposals.py [--users 200] [--min-think 2] [--max-think 5]
The fake Bot API server and the load generator run in this process; the bot runs as its own
process on a fresh database seeded with approved users (a head in each unit, so every proposal
is routed). Each user walks the 10-step plan, answering a step every 2-5 s, and submits.
Latency: from an answer being available to the bot (a waiting long poll returns it at once) to
the arrival of the next prompt. Target (issue 5): p99 <= 300 ms with 50 ms per Bot API call.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot import texts  # noqa: E402
from bot.models.people import Role  # noqa: E402
from tests.e2e.seed import seed_users  # noqa: E402
from tests.fakebotapi import BotProcess, FakeBotApi, SentMessage  # noqa: E402

UNITS = ["P-LOCTHO", "P-VINHHAI", "P-PHUOCHAI", "P-TANLAP", "NV", "KT"]
HEADS = {unit: 800000 + i for i, unit in enumerate(UNITS)}
FIRST_USER = 810000


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run(users: int, think: tuple[float, float]) -> None:
    start = date.today() + timedelta(days=30)
    period = f"{start:%d/%m/%Y} - {start + timedelta(days=120):%d/%m/%Y}"
    async with FakeBotApi() as fake:
        fake.latency = 0.05
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bot.sqlite3"
            people = [(HEADS[u], f"Lãnh đạo {u}", u, Role.LEADER, True) for u in UNITS]
            people += [
                (FIRST_USER + i, f"Cán bộ Số {i}", UNITS[i % len(UNITS)], Role.STAFF, False)
                for i in range(users)
            ]
            await seed_users(db, people)
            for head in HEADS.values():
                fake.send_text(head, "/start")
            latencies: list[float] = []
            errors: list[str] = []
            proc = BotProcess(fake, db, env={"BOT_LOG_LEVEL": "WARNING"})
            async with proc:
                await proc.wait_polling(timeout=30)
                rng = random.Random(5)

                async def step(uid: int, action: object, expect: str) -> SentMessage:
                    mark = len(fake.sent)
                    sent = time.monotonic()
                    action()  # type: ignore[operator]
                    reply = await fake.wait_for_message(
                        uid, lambda m: expect in m.body, after=mark, timeout=60
                    )
                    latencies.append((reply.sent_at - sent) * 1000)
                    return reply

                async def user(i: int) -> None:
                    uid = FIRST_USER + i
                    await asyncio.sleep(rng.uniform(0, think[1]))
                    try:
                        await step(uid, lambda: fake.send_text(uid, "/dexuat"), "Bước 1/10")
                        await asyncio.sleep(rng.uniform(*think))
                        prompt = await step(
                            uid,
                            lambda: fake.send_text(uid, f"Đề xuất số {i} của cán bộ {uid}"),
                            "Bước 2/10",
                        )
                        await asyncio.sleep(rng.uniform(*think))
                        data = prompt.button_data("Chuyển đổi số")
                        await step(
                            uid,
                            lambda: fake.press_button(uid, prompt.message_id, data),
                            "Bước 3/10",
                        )
                        answers = [
                            f"Sự cần thiết của đề xuất {i}: hồ sơ giấy chậm, đi lại nhiều lần.",
                            f"Giải pháp của đề xuất {i}: tiếp nhận và trả kết quả trực tuyến.",
                            f"Phạm vi đề xuất {i}: bộ phận một cửa",
                            period,
                            f"Nguồn lực đề xuất {i}: hai công chức, mười triệu đồng.",
                            f"Khả thi đề xuất {i}: phần mềm có sẵn, rủi ro thấp.",
                            f"Tác động đề xuất {i}: giảm thời gian xử lý còn ba ngày.",
                        ]
                        for number, answer in enumerate(answers, start=4):
                            await asyncio.sleep(rng.uniform(*think))
                            prompt = await step(
                                uid, lambda a=answer: fake.send_text(uid, a), f"Bước {number}/10"
                            )
                        await asyncio.sleep(rng.uniform(*think))
                        data = prompt.button_data(texts.BTN_SKIP)
                        review = await step(
                            uid, lambda: fake.press_button(uid, prompt.message_id, data), "Xem lại"
                        )
                        await asyncio.sleep(rng.uniform(*think))
                        data = review.button_data(texts.BTN_SUBMIT)
                        await step(
                            uid, lambda: fake.press_button(uid, review.message_id, data), "ĐX-"
                        )
                    except AssertionError as exc:
                        errors.append(f"user {uid}: {str(exc)[:200]}")

                began = time.monotonic()
                await asyncio.gather(*(user(i) for i in range(users)))
                elapsed = time.monotonic() - began
                await asyncio.sleep(2)
                await proc.stop()
            with sqlite3.connect(db) as raw:
                rows = raw.execute("SELECT proposer_id, title, plan FROM proposals").fetchall()
    mixed = 0
    for proposer_id, title, plan in rows:
        i = proposer_id - FIRST_USER
        content = json.loads(plan)
        if (
            title != f"Đề xuất số {i} của cán bộ {proposer_id}"
            or f"đề xuất {i}:" not in content["need"]
        ):
            mixed += 1
    print(
        f"{users} users, think {think[0]:.0f}-{think[1]:.0f} s, 50 ms per Bot API call, "
        f"{elapsed:.0f} s"
    )
    print(
        f"proposals stored: {len(rows)} of {users}; mixed up: {mixed}; users with errors: "
        f"{len(errors)}"
    )
    print(
        f"answer -> next prompt over {len(latencies)} steps: p50 {pct(latencies, 0.5):.0f} ms, "
        f"p99 {pct(latencies, 0.99):.0f} ms, max {max(latencies):.0f} ms, "
        f"mean {statistics.mean(latencies):.0f} ms"
    )
    for line in errors[:5]:
        print("  " + line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--min-think", type=float, default=2.0)
    parser.add_argument("--max-think", type=float, default=5.0)
    args = parser.parse_args()
    asyncio.run(run(args.users, (args.min_think, args.max_think)))


if __name__ == "__main__":
    main()
