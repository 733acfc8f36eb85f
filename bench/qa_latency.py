"""Q&A speed and memory: in process, then end to end through the fake Bot API server.

Run: .venv/bin/python bench/qa_latency.py [--seconds 60] [--users 30]
1. In process: knowledge base load + index build time; p50/p99 of answering each evaluation
   question (many rounds); resident memory (VmRSS) of a started bot process.
2. End to end: the fake server (this process) with 50 ms latency per call, the bot as its own
   process, N users asking continuously with 1-3 s of think time; latency is measured from the
   moment an update is available to the bot's poll to the arrival of its reply (an upper bound
   of delivery-to-reply, since a waiting long poll returns the update at once).
Targets (issue 4): p99 <= 2 ms in process, build <= 1 s, RSS <= 150 MB, e2e p99 <= 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.knowledge.answer import Answerer  # noqa: E402
from bot.knowledge.base import load_default  # noqa: E402
from bot.knowledge.index import Index  # noqa: E402
from tests.fakebotapi import BotProcess, FakeBotApi  # noqa: E402


def questions() -> list[str]:
    found = []
    for part in ("dev", "test"):
        path = ROOT / "bench" / "qa" / f"questions_{part}.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                found.append(json.loads(line)["q"])
    return found


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def in_process(qs: list[str], rounds: int) -> None:
    start = time.perf_counter()
    kb = load_default()
    loaded = time.perf_counter()
    index = Index(kb)
    built = time.perf_counter()
    answerer = Answerer(kb, index)
    times = []
    for _ in range(rounds):
        for q in qs:
            t = time.perf_counter()
            answerer.ask(q)
            times.append((time.perf_counter() - t) * 1000)
    print(
        f"knowledge base load {1000 * (loaded - start):.1f} ms, index build "
        f"{1000 * (built - loaded):.1f} ms ({len(kb.units)} units)"
    )
    print(
        f"answer latency over {len(times)} questions: p50 {pct(times, 0.5):.3f} ms, "
        f"p99 {pct(times, 0.99):.3f} ms, max {max(times):.3f} ms"
    )


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def end_to_end(qs: list[str], users: int, seconds: float) -> None:
    async with FakeBotApi() as fake:
        fake.latency = 0.05
        with tempfile.TemporaryDirectory() as tmp:
            proc = BotProcess(fake, Path(tmp) / "bot.sqlite3", env={"BOT_LOG_LEVEL": "WARNING"})
            async with proc:
                await proc.wait_polling(timeout=30)
                warm = len(fake.sent)
                fake.send_text(1, "điều kiện được khuyến khích")
                await fake.wait_for_message(1, after=warm, timeout=30)
                assert proc.pid is not None
                print(f"bot process RSS after start and one answer: {rss_mb(proc.pid):.1f} MB")
                latencies: list[float] = []
                deadline = time.monotonic() + seconds
                rng = random.Random(7)

                async def user(uid: int) -> None:
                    while time.monotonic() < deadline:
                        mark = len(fake.sent)
                        sent = time.monotonic()
                        fake.send_text(uid, rng.choice(qs))
                        reply = await fake.wait_for_message(uid, after=mark, timeout=30)
                        latencies.append((reply.sent_at - sent) * 1000)
                        await asyncio.sleep(rng.uniform(1.0, 3.0))

                await asyncio.gather(*(user(1000 + i) for i in range(users)))
                print(f"bot process RSS after the load: {rss_mb(proc.pid):.1f} MB")
                await proc.stop()
        print(
            f"end to end, {users} users, {seconds:.0f} s, 50 ms per Bot API call: "
            f"{len(latencies)} questions ({len(latencies) / seconds:.1f}/s), "
            f"p50 {pct(latencies, 0.5):.0f} ms, p99 {pct(latencies, 0.99):.0f} ms, "
            f"max {max(latencies):.0f} ms, mean {statistics.mean(latencies):.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    qs = questions()
    in_process(qs, args.rounds)
    asyncio.run(end_to_end(qs, args.users, args.seconds))


if __name__ == "__main__":
    main()
