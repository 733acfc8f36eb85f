"""One person cannot slow down everyone: per-person order first, rate limits, per-chat 429s."""

from __future__ import annotations

from bot import texts
from bot.models.people import Role
from bot.ratelimit import BUTTON_LIMIT, TEXT_LIMIT, RateLimiter
from tests.e2e.harness import STAFF_ID, Phone, RunningBot, add_user, plain

STRANGER = 555001


async def test_a_strangers_backlog_does_not_delay_another_users_start(bot: RunningBot) -> None:
    fake = bot.fake
    # The stranger's first reply hangs on the network; forty more messages wait behind it.
    hold = fake.hold("sendMessage", chat_id=STRANGER)
    first = fake.send_text(STRANGER, "/start")
    await hold.arrived.wait()
    for n in range(40):
        fake.send_text(STRANGER, f"câu hỏi {n}")
    try:
        # Another person is answered while the stranger's line is still stuck.
        replies = await Phone(bot, 555002).send("/start")
        assert replies, "the other user got no reply"
        assert int(first["update_id"]) not in bot.services.metrics.finished
    finally:
        hold.release()
    await bot.drained()


class Ticks:
    """The rate limiter's monotonic clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_flood_gets_one_notice_then_is_dropped_without_database_writes(
    bot: RunningBot,
) -> None:
    ticks = Ticks()
    bot.services.limiter = RateLimiter(clock=ticks)
    await add_user(bot, STAFF_ID, "Trần Thị Bình", "NV", Role.STAFF)  # its /start: one token
    await bot.drained()
    phone = Phone(bot, STAFF_ID)
    for _ in range(TEXT_LIMIT.burst - 1):
        assert await phone.send("Điều 8 quy định gì?"), (
            "a message within the limit went unanswered"
        )
    notice = await phone.send("Điều 8 quy định gì?")
    assert [plain(m.body) for m in notice] == [plain(texts.too_fast(20))]
    changes = bot.services.db.conn.total_changes
    for _ in range(4):
        assert await phone.send("Điều 8 quy định gì?") == []
    assert bot.services.db.conn.total_changes == changes
    assert bot.services.metrics.outcomes["ratelimited"] == 5
    ticks.now += TEXT_LIMIT.period  # the bucket has refilled
    assert await phone.send("Điều 8 quy định gì?"), "the person is still muted after refilling"


async def test_button_presses_have_a_more_generous_limit_and_an_alert(bot: RunningBot) -> None:
    bot.services.limiter = RateLimiter(clock=Ticks())
    await add_user(bot, STAFF_ID, "Trần Thị Bình", "NV", Role.STAFF)
    await bot.drained()
    phone = Phone(bot, STAFF_ID)
    [menu] = await phone.send("/help")
    for _ in range(BUTTON_LIMIT.burst):
        await phone.press(menu, "forged:data")
    answered = len(bot.fake.callback_answers)
    assert bot.fake.callback_answers[-1].get("text") != texts.too_fast(20)
    # A slow network: the press counts as handled only once its alert went out.
    bot.fake.method_latency["answerCallbackQuery"] = 0.1
    await phone.press(menu, "forged:data")
    assert len(bot.fake.callback_answers) == answered + 1
    assert bot.fake.callback_answers[-1].get("text") == texts.too_fast(20)
    await phone.press(menu, "forged:data")
    assert len(bot.fake.callback_answers) == answered + 1  # dropped, not even answered


async def test_flood_control_on_one_chat_does_not_delay_another_users_reply(
    bot: RunningBot,
) -> None:
    fake = bot.fake
    # Telegram answers the stranger's reply with a 6 s flood-control pause for that chat.
    fake.inject("sendMessage", "429", times=1, retry_after=6, chat_id=STRANGER)
    first = fake.send_text(STRANGER, "/start")
    await fake.wait_until(lambda: len(fake.faults_served) == 1)
    # Another person is answered at once, well inside the stranger's pause.
    replies = await Phone(bot, 555002).send("/start")
    assert replies, "the other user got no reply"
    assert int(first["update_id"]) not in bot.services.metrics.finished
    await bot.handled(int(first["update_id"]), timeout=10)
