"""One person cannot slow down everyone: other users' replies under a flood, and message cost.

Run: .venv/bin/python bench/abuse.py [--seconds 20] [--users 10] [--latency 0.05]
1. End to end: the fake Bot API (this process) enforces Telegram's rule (30 sends per sliding
   second, 1 per chat per second) and adds `latency` to every call; the bot runs as its own
   process. `users` people press /start every 1-3 s; their reply delay (update available ->
   reply received) is measured for `seconds` without a flood, then for `seconds` while one
   unregistered stranger sends bursts of 40 messages (long words, long questions, commands)
   every 2 s. Prints p50/p99 of both phases, what the stranger got back and 429s served.
2. In process: the Q&A path (input check, answer, log key, caveats) on adversarial messages of
   4,096 characters: the worst CPU time (median of 5 runs per input) and the worst extra
   memory (tracemalloc peak).
Targets (issue 12): flood p99 <= 1.5x the baseline p99 of the same run; <= 20 ms CPU and
<= 5 MiB extra memory per message.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.inputcheck import check  # noqa: E402
from bot.knowledge import normalize  # noqa: E402
from bot.knowledge.answer import Answerer  # noqa: E402
from bot.knowledge.base import load_default  # noqa: E402
from bot.knowledge.normalize import canonical  # noqa: E402
from tests.fakebotapi import BotProcess, FakeBotApi  # noqa: E402
from tests.unit.test_qa_cost import adversarial  # noqa: E402

STRANGER = 777000
FLOOD_BURST = 40
FLOOD_EVERY = 2.0
TARGET_RATIO = 1.5
TARGET_CPU_MS = 20.0
TARGET_MIB = 5.0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def measure_users(fake: FakeBotApi, users: int, seconds: float, seed: int) -> list[float]:
    """Reply delays (ms) of `users` people pressing /start for `seconds`."""
    delays: list[float] = []
    deadline = time.monotonic() + seconds
    rng = random.Random(seed)

    async def user(uid: int) -> None:
        await asyncio.sleep(rng.uniform(0.0, 1.0))
        while time.monotonic() < deadline:
            mark = len(fake.sent)
            sent = time.monotonic()
            fake.send_text(uid, "/start")
            reply = await fake.wait_for_message(uid, after=mark, timeout=60)
            delays.append((reply.sent_at - sent) * 1000)
            await asyncio.sleep(rng.uniform(1.0, 3.0))

    await asyncio.gather(*(user(960000 + i) for i in range(users)))
    return delays


async def flood(fake: FakeBotApi, stop: asyncio.Event) -> int:
    """Bursts of messages from one stranger until `stop`; returns how many were sent."""
    shapes = ["a" * 2000, "câu hỏi về nghị định " * 180, "/start", "/help", "dieu 8"]
    sent = 0
    while not stop.is_set():
        for n in range(FLOOD_BURST):
            fake.send_text(STRANGER, shapes[n % len(shapes)])
            sent += 1
        await asyncio.sleep(FLOOD_EVERY)
    return sent


async def end_to_end(users: int, seconds: float, latency: float) -> None:
    async with FakeBotApi() as fake:
        with tempfile.TemporaryDirectory() as tmp:
            for uid in [STRANGER, *(960000 + i for i in range(users))]:
                fake.send_text(uid, "/start")  # the fake learns every chat
            fake.drop_pending_updates()
            fake.enforce_rates = True
            fake.latency = latency
            proc = BotProcess(fake, Path(tmp) / "bot.sqlite3", env={"BOT_LOG_LEVEL": "WARNING"})
            async with proc:
                await proc.wait_polling(timeout=60)
                await measure_users(fake, users, 3.0, seed=1)  # warm up
                baseline = await measure_users(fake, users, seconds, seed=2)
                stop = asyncio.Event()
                flooding = asyncio.create_task(flood(fake, stop))
                flooded = await measure_users(fake, users, seconds, seed=3)
                stop.set()
                flood_sent = await flooding
                to_stranger = sum(1 for m in fake.sent if m.chat_id == STRANGER)
                await proc.stop()
    limited = [r for r in fake.rejections if r.description.startswith("Too Many")]
    limited_chats = {r.params.get("chat_id") for r in limited}
    b99, f99 = pct(baseline, 0.99), pct(flooded, 0.99)
    print(
        f"end to end: {users} users pressing /start every 1-3 s, {latency * 1000:.0f} ms per "
        f"call, fake rule 30/s overall and 1/s per chat, {seconds:.0f} s per phase"
    )
    print(
        f"  without a flood: {len(baseline)} replies, p50 {pct(baseline, 0.5):.0f} ms, "
        f"p99 {b99:.0f} ms, max {max(baseline):.0f} ms"
    )
    print(
        f"  one stranger flooding ({flood_sent} messages, bursts of {FLOOD_BURST} every "
        f"{FLOOD_EVERY:g} s; {to_stranger} messages back to the stranger): "
        f"{len(flooded)} replies, p50 {pct(flooded, 0.5):.0f} ms, p99 {f99:.0f} ms, "
        f"max {max(flooded):.0f} ms"
    )
    verdict = "meets" if f99 <= TARGET_RATIO * b99 else "MISSES"
    print(
        f"  p99 ratio {f99 / b99:.2f} ({verdict} target <= {TARGET_RATIO}); "
        f"429s: {len(limited)} on {len(limited_chats)} chat(s)"
    )


def _qa_path(answerer: Answerer, text: str) -> None:
    checked = check(text, max_length=len(text))
    answer = answerer.ask(checked.text)
    canonical(checked.text)
    if answer.best is not None:
        answerer.relevant_caveats(answer.best, checked.text)


def in_process() -> None:
    answerer = Answerer(load_default())
    inputs = adversarial()
    cpu: dict[str, float] = {}
    memory: dict[str, float] = {}
    for name, text in inputs.items():
        runs = []
        for _ in range(5):
            normalize._typed_words.cache_clear()
            started = time.process_time()
            _qa_path(answerer, text)
            runs.append((time.process_time() - started) * 1000)
        cpu[name] = statistics.median(runs)
        normalize._typed_words.cache_clear()
        tracemalloc.start()
        _qa_path(answerer, text)
        memory[name] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    print(f"in process: the Q&A path on {len(inputs)} adversarial messages of <= 4,096 chars")
    for name in inputs:
        print(f"  {name:26s} cpu {cpu[name]:6.1f} ms   memory +{memory[name]:.2f} MiB")
    worst_cpu = max(cpu, key=lambda n: cpu[n])
    worst_mem = max(memory, key=lambda n: memory[n])
    print(
        f"  worst CPU {cpu[worst_cpu]:.1f} ms ({worst_cpu}; target <= {TARGET_CPU_MS:g}), "
        f"worst memory +{memory[worst_mem]:.2f} MiB ({worst_mem}; target <= {TARGET_MIB:g})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--skip-e2e", action="store_true")
    args = parser.parse_args()
    in_process()
    if not args.skip_e2e:
        asyncio.run(end_to_end(args.users, args.seconds, args.latency))


if __name__ == "__main__":
    main()
