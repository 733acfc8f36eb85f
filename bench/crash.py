"""Crash suite: kill -9 the real bot process at random moments during mixed traffic.

Run: .venv/bin/python bench/crash.py [--kills 50] [--seed 7]
Traffic: people asking questions, one person filling in a proposal, leaders confirming a
reminder dispatch that is due at start-up, and an admin's broadcast to the 60 leaders
(composed and confirmed in the first run, delivered across the kills). At each kill (some
while the fake server holds a sendMessage response) the bot is restarted on the same
database. At the end the database is compared with what users saw: acknowledged answers lost
(target 0), confirmed submissions lost (0), reminders and broadcast copies never delivered (0),
duplicates of either (at most those in flight at each kill).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import sqlite3
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from bot import texts  # noqa: E402
from bot.emulator.models import SentMessage  # noqa: E402
from bot.models.people import Role  # noqa: E402
from tests.e2e.seed import seed_deadline, seed_users  # noqa: E402
from tests.fakebotapi import BotProcess, FakeBotApi  # noqa: E402

UNITS = ["P-LOCTHO", "P-VINHHAI", "P-PHUOCHAI", "P-TANLAP", "NV", "KT"]
ASKERS = [980000 + i for i in range(8)]
PROPOSER = 981000
LEADERS = [982000 + i for i in range(60)]
TITLE = "Báo cáo kiểm thử sự cố"
ADMIN = 983000
NOTICE = "Thông báo kiểm thử sự cố: họp giao ban lúc 8 giờ"


async def broadcast(fake: FakeBotApi) -> bool:
    """The admin composes and confirms a broadcast to all leaders; True once acknowledged."""

    async def reply_to(mark: int, expect: str) -> SentMessage:
        return await fake.wait_for_message(
            ADMIN, lambda m: expect in m.body, after=mark, timeout=5
        )

    async def say(text: str, expect: str) -> SentMessage:
        mark = len(fake.sent)
        fake.send_text(ADMIN, text)
        return await reply_to(mark, expect)

    async def press(message: SentMessage, label: str, expect: str) -> SentMessage:
        mark = len(fake.sent)
        fake.press_button(ADMIN, message.message_id, message.button_data(label))
        return await reply_to(mark, expect)

    await say("/thongbao", texts.BC_TEXT.prompt)
    files = await say(NOTICE, texts.BC_FILES.prompt)
    audience = await press(files, texts.BTN_SKIP, texts.BC_AUDIENCE.prompt)
    review = await press(audience, texts.BC_AUDIENCES["leader"], texts.BC_TITLE)
    done = await press(review, texts.BTN_SUBMIT, "Đã xếp")
    return f"Đã xếp {len(LEADERS)} tin" in done.body


async def run(kills: int, seed: int) -> None:
    rng = random.Random(seed)
    tomorrow = datetime.now(UTC) + timedelta(days=40)
    period = f"{tomorrow:%d/%m/%Y} - {tomorrow + timedelta(days=90):%d/%m/%Y}"
    plan = [
        "/dexuat",
        "Đề xuất kiểm thử sự cố dừng đột ngột",
        "BUTTON",
        "Sự cần thiết: kiểm tra bot không mất câu trả lời khi bị dừng đột ngột.",
        "Giải pháp: lưu từng câu trả lời trước khi gửi câu hỏi tiếp theo.",
        "Phạm vi: bộ phận thử nghiệm",
        period,
        "Nguồn lực: một máy chủ, không phát sinh kinh phí.",
        "Khả thi: đã có cơ chế bản nháp; rủi ro thấp.",
        "Tác động: không mất dữ liệu người dùng đã gửi.",
    ]
    acked_questions: set[str] = set()
    acked_steps: list[str] = []
    confirmed: set[int] = set()
    async with FakeBotApi() as fake:
        fake.latency = 0.02
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bot.sqlite3"
            people = [
                (uid, f"Lãnh đạo {i}", UNITS[i % len(UNITS)], Role.LEADER, False)
                for i, uid in enumerate(LEADERS)
            ]
            people += [(PROPOSER, "Người Đề Xuất", "P-LOCTHO", Role.STAFF, False)]
            await seed_users(db, people)
            await seed_deadline(
                db,
                title=TITLE,
                first_due=datetime.now(UTC) + timedelta(hours=1),
                offsets=[7200],
                units=UNITS,
            )
            for uid in [*LEADERS, PROPOSER, *ASKERS, ADMIN]:
                fake.send_text(uid, "/start")
            env = {"BOT_QUIET_HOURS": "", "BOT_LOG_LEVEL": "WARNING", "BOT_ADMIN_IDS": str(ADMIN)}
            proc = BotProcess(fake, db, env=env)
            broadcast_acked = False
            counter = 0
            step = 0
            in_flight_at_kills = 0
            for kill in range(kills + 1):
                await proc.start()
                await proc.wait_polling(timeout=60)
                if kill == 0:
                    broadcast_acked = await broadcast(fake)
                stop_at = asyncio.get_running_loop().time() + rng.uniform(0.3, 2.5)
                while asyncio.get_running_loop().time() < stop_at:
                    counter += 1
                    asker = rng.choice(ASKERS)
                    question = f"điều {rng.randint(1, 11)} nđ73 câu số {counter}"
                    mark = len(fake.sent)
                    fake.send_text(asker, question)
                    if step < len(plan) and rng.random() < 0.3:
                        answer = plan[step]
                        pmark = len(fake.sent)
                        if answer == "BUTTON":
                            prompt = fake.last_message_to(PROPOSER)
                            if prompt is not None and prompt.buttons():
                                fake.press_button(
                                    PROPOSER,
                                    prompt.message_id,
                                    prompt.button_data("Chuyển đổi số"),
                                )
                        else:
                            fake.send_text(PROPOSER, answer)
                        try:
                            expected = f"Bước {step + 1}/10"
                            await fake.wait_for_message(
                                PROPOSER,
                                lambda m, e=expected: e in m.body and "⚠️" not in m.body,
                                after=pmark,
                                timeout=2,
                            )
                            acked_steps.append(answer)
                            step += 1
                        except AssertionError:
                            pass
                    leader = rng.choice(LEADERS)
                    reminders = [
                        m for m in fake.messages_to(leader) if TITLE in m.body and m.buttons()
                    ]
                    if reminders and leader not in confirmed and rng.random() < 0.3:
                        answers = len(fake.callback_answers)
                        fake.press_button(
                            leader, reminders[-1].message_id, reminders[-1].button_data("Đã nộp")
                        )
                        try:
                            await fake.wait_until(
                                lambda a=answers: len(fake.callback_answers) > a, timeout=2
                            )
                            if "Đã ghi nhận" in fake.callback_answers[-1].get("text", ""):
                                confirmed.add(leader)
                        except AssertionError:
                            pass
                    try:
                        await fake.wait_for_message(asker, after=mark, timeout=2)
                        acked_questions.add(question)
                    except AssertionError:
                        pass
                if kill == kills:
                    break
                if rng.random() < 0.4:
                    hold = fake.hold("sendMessage")
                    fake.send_text(rng.choice(ASKERS), f"điều 5 nđ73 câu giữ {kill}")
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(hold.arrived.wait(), timeout=3)
                    await proc.kill()
                    hold.release()
                else:
                    await proc.kill()
                in_flight_at_kills += 6
            # Let the last run drain the outbox and the reminder dispatch.
            await fake.wait_until(
                lambda: all(
                    any(TITLE in m.body for m in fake.messages_to(uid))
                    and any(NOTICE in m.body for m in fake.messages_to(uid))
                    for uid in LEADERS
                ),
                timeout=120,
            )
            await asyncio.sleep(2)
            await proc.stop()
            with sqlite3.connect(db) as conn:
                stored = {r[0] for r in conn.execute("SELECT text FROM questions")}
                submitted = {
                    r[0] for r in conn.execute("SELECT submitted_by FROM deadline_submissions")
                }
                draft = conn.execute(
                    "SELECT answers FROM drafts WHERE telegram_id = ? ORDER BY id DESC LIMIT 1",
                    (PROPOSER,),
                ).fetchone()
                proposals = conn.execute("SELECT COUNT(*) FROM proposals").fetchone()[0]
    answers = json.loads(draft[0]) if draft else {}
    lost_answers = len(acked_questions - stored)
    lost_submissions = len(confirmed - submitted)
    steps_text = json.dumps(answers, ensure_ascii=False)
    # The period is stored as ISO dates; every other answer verbatim.
    stored_forms = {period: f"{tomorrow:%Y-%m-%d}"}
    missing = [
        s
        for s in acked_steps
        if s not in ("/dexuat", "BUTTON") and stored_forms.get(s, s) not in steps_text
    ]
    lost_steps = len(missing)
    for item in missing:
        print("  proposal answer not found:", item[:60], "| draft:", steps_text[:300])
    reminders = {
        uid: sum(1 for m in fake.messages_to(uid) if TITLE in m.body and m.buttons())
        for uid in LEADERS
    }
    never = sum(1 for n in reminders.values() if n == 0)
    duplicates = sum(n - 1 for n in reminders.values() if n > 1)
    notices = {uid: sum(1 for m in fake.messages_to(uid) if NOTICE in m.body) for uid in LEADERS}
    notices_never = sum(1 for n in notices.values() if n == 0) if broadcast_acked else 0
    notice_duplicates = sum(n - 1 for n in notices.values() if n > 1)
    print(
        f"{kills} kills with mixed traffic ({len(acked_questions)} answered questions, "
        f"{len(acked_steps)} proposal steps acknowledged, {len(confirmed)} submissions "
        f"confirmed, {len(LEADERS)} reminders)"
    )
    print(
        f"acknowledged answers lost: {lost_answers}; proposal answers lost: {lost_steps}; "
        f"submissions lost: {lost_submissions}; reminders never delivered: {never}; "
        f"duplicate reminders: {duplicates} (bound: {in_flight_at_kills} in flight); "
        f"proposals stored: {proposals}"
    )
    print(
        f"broadcast acknowledged: {broadcast_acked}; copies never delivered: {notices_never} "
        f"of {len(LEADERS)}; duplicate copies: {notice_duplicates} (same bound)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    asyncio.run(run(args.kills, args.seed))


if __name__ == "__main__":
    main()
