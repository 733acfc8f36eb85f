"""One person cannot slow down everyone: per-person order first, rate limits, per-chat 429s."""

from __future__ import annotations

from tests.e2e.harness import Phone, RunningBot

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
