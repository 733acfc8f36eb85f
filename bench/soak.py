"""Soak: simulated users mixing every feature for minutes against the real bot process.

Run: .venv/bin/python bench/soak.py [--users 30] [--minutes 5]
Each user loops: a question (accented or not), sometimes a proposal step-by-step, /hanbaocao,
/dexuatcuatoi, a feedback button; 1-3 s think time. The fake Bot API adds 50 ms per call.
Prints throughput, p50/p99 reply latency, errors logged by the bot (target 0) and the bot's
resident memory after a one-minute warm-up and at the end (target growth <= 10%).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from bot.models.people import Role  # noqa: E402
from tests.e2e.seed import seed_deadline, seed_users  # noqa: E402
from tests.fakebotapi import BotProcess, FakeBotApi  # noqa: E402

QUESTIONS = [
    "điều kiện để được bảo vệ là gì",
    "de xuat gui cho ai",
    "nđ73 ban hành ngày nào",
    "phòng nội vụ dùng kết quả đề xuất làm gì",
    "dieu 8",
    "thoi tiet hom nay",
    "kl14 muc 2",
    "những việc không được làm",
    "cán bộ là ai theo nđ 73",
    "chính sách khuyến khích",
]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def run(users: int, minutes: float) -> None:
    start_day = date.today() + timedelta(days=30)
    period = f"{start_day:%d/%m/%Y} - {start_day + timedelta(days=90):%d/%m/%Y}"
    async with FakeBotApi() as fake:
        fake.latency = 0.05
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bot.sqlite3"
            ids = [960000 + i for i in range(users)]
            await seed_users(
                db,
                [(960999, "Lãnh đạo Soak", "P-LOCTHO", Role.LEADER, True)]
                + [
                    (uid, f"Người Dùng {i}", "P-LOCTHO", Role.STAFF, False)
                    for i, uid in enumerate(ids)
                ],
            )
            await seed_deadline(
                db,
                title="Báo cáo soak",
                first_due=datetime.now(UTC) + timedelta(days=3),
                offsets=[86400 * 7],
                units=["P-LOCTHO"],
            )
            fake.send_text(960999, "/start")
            proc = BotProcess(fake, db, env={"BOT_QUIET_HOURS": "", "BOT_LOG_LEVEL": "WARNING"})
            latencies: list[float] = []
            stalls = 0
            async with proc:
                await proc.wait_polling(timeout=60)
                assert proc.pid is not None
                began = time.monotonic()
                deadline = began + minutes * 60
                warm_rss: list[float] = []

                async def ask(uid: int, text: str) -> None:
                    nonlocal stalls
                    mark = len(fake.sent)
                    sent = time.monotonic()
                    fake.send_text(uid, text)
                    try:
                        reply = await fake.wait_for_message(uid, after=mark, timeout=30)
                    except AssertionError:
                        stalls += 1
                        return
                    latencies.append(reply.sent_at - sent)

                async def user(uid: int, rng: random.Random) -> None:
                    step = 0
                    while time.monotonic() < deadline:
                        roll = rng.random()
                        if roll < 0.55:
                            await ask(uid, rng.choice(QUESTIONS))
                        elif roll < 0.85:
                            script = [
                                "/dexuat",
                                f"Đề xuất soak của {uid} số {step}",
                                "Chuyển đổi số",
                                "Sự cần thiết: hồ sơ giấy chậm, đi lại nhiều lần.",
                                "Giải pháp: tiếp nhận và trả kết quả trực tuyến.",
                                "Phạm vi: bộ phận một cửa",
                                period,
                                "Nguồn lực: hai công chức, mười triệu đồng.",
                                "Khả thi: phần mềm có sẵn, rủi ro thấp.",
                                "Tác động: giảm thời gian xử lý còn ba ngày.",
                                "/huy",
                            ]
                            await ask(uid, script[step % len(script)])
                            step += 1
                        elif roll < 0.93:
                            await ask(uid, "/hanbaocao")
                        else:
                            await ask(uid, "/dexuatcuatoi")
                        await asyncio.sleep(rng.uniform(1.0, 3.0))

                async def sample() -> None:
                    await asyncio.sleep(60)
                    warm_rss.append(rss_mb(proc.pid or 0))

                sampler = asyncio.create_task(sample())
                await asyncio.gather(*(user(uid, random.Random(uid)) for uid in ids))
                await sampler
                end_rss = rss_mb(proc.pid)
                elapsed = time.monotonic() - began
                await proc.stop()
            errors = proc.output().count("Error while handling an update")
    print(f"{users} users, {elapsed:.0f} s, 50 ms per Bot API call")
    print(
        f"replies: {len(latencies)} ({len(latencies) / elapsed:.1f}/s), p50 "
        f"{pct(latencies, 0.5) * 1000:.0f} ms, p99 {pct(latencies, 0.99) * 1000:.0f} ms; "
        f"unanswered: {stalls}; errors logged: {errors}"
    )
    if warm_rss:
        growth = (end_rss - warm_rss[0]) / warm_rss[0] * 100
        print(
            f"RSS after 1 min warm-up {warm_rss[0]:.1f} MB, at the end {end_rss:.1f} MB "
            f"({growth:+.1f}%)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--minutes", type=float, default=5.0)
    args = parser.parse_args()
    asyncio.run(run(args.users, args.minutes))


if __name__ == "__main__":
    main()
