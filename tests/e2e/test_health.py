"""/healthz and /metrics: served by the running bot, answering from its real state."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from telegram import Update

from bot.app import on_startup
from bot.clock import ManualClock
from bot.health import stale_after
from handlers.health import server_of
from tests.conftest import SettingsFactory
from tests.e2e.harness import ADMIN_ID, GUEST_ID, Phone, RunningBot
from tests.fakebotapi import FakeBotApi

WEBHOOK_SECRET = "Zq7-kP2_xV9mR4tL8wN3bH6yC1dF5gJ0aE"
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


@pytest.fixture
async def monitored(
    fake: FakeBotApi, make_settings: SettingsFactory, clock: ManualClock
) -> AsyncIterator[RunningBot]:
    """The bot with BOT_METRICS_PORT set (0: a free port) and the default host."""
    running = RunningBot(make_settings(metrics_port=0), fake, clock=clock)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


async def get(bot: RunningBot, path: str) -> httpx.Response:
    server = server_of(bot.app)
    assert server is not None, "no health server running"
    async with httpx.AsyncClient() as client:
        return await client.get(f"http://127.0.0.1:{server.port}{path}")


def samples(text: str) -> Samples:
    found: Samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[sample.name, tuple(sorted(sample.labels.items()))] = sample.value
    return found


async def scrape_until(bot: RunningBot, wanted: Samples, timeout: float = 10.0) -> Samples:
    """Scrape /metrics until every wanted sample has its value (the sender works meanwhile)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        response = await get(bot, "/metrics")
        assert response.status_code == 200
        got = samples(response.text)
        if all(got.get(key) == value for key, value in wanted.items()):
            return got
        if loop.time() > deadline:
            missing = {k: (v, got.get(k)) for k, v in wanted.items() if got.get(k) != v}
            raise AssertionError(f"metrics never reached (wanted, got): {missing}")
        await asyncio.sleep(0.05)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def polled(bot: RunningBot) -> None:
    await bot.wait_for(lambda: bot.services.metrics.last_contact is not None)


async def test_healthz_is_200_when_healthy(monitored: RunningBot) -> None:
    await polled(monitored)
    response = await get(monitored, "/healthz")
    assert (response.status_code, response.text) == (200, "ok\n")


async def test_metrics_server_binds_loopback_by_default(monitored: RunningBot) -> None:
    assert monitored.settings.metrics_host == "127.0.0.1"
    server = server_of(monitored.app)
    assert server is not None and server.addresses == ["127.0.0.1"]


async def test_no_server_without_a_port(bot: RunningBot) -> None:
    assert bot.settings.metrics_port is None
    assert server_of(bot.app) is None


async def test_healthz_is_503_when_the_database_is_closed(monitored: RunningBot) -> None:
    await polled(monitored)
    await monitored.services.db.close()
    response = await get(monitored, "/healthz")
    assert response.status_code == 503
    assert response.text.startswith("database unreadable:") and response.text.count("\n") == 1
    # /metrics still answers: the event counters, and that the database did not.
    scraped = samples((await get(monitored, "/metrics")).text)
    assert scraped["bot_database_up", ()] == 0


async def test_healthz_is_503_when_the_sender_task_died(monitored: RunningBot) -> None:
    await polled(monitored)
    task = next(t for t in asyncio.all_tasks() if t.get_name() == "outbox-sender")
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    response = await get(monitored, "/healthz")
    assert (response.status_code, response.text) == (503, "outbox sender task was cancelled\n")
    # Shutting down after the loop died must not re-raise its end into the stopper.
    try:
        await monitored.services.stop_sender()
    except asyncio.CancelledError:
        pytest.fail("stopping a dead sender re-raised its cancellation")


async def test_healthz_is_503_when_polling_stopped_succeeding(
    monitored: RunningBot, clock: ManualClock
) -> None:
    await polled(monitored)
    limit = stale_after(monitored.settings)
    assert limit == timedelta(seconds=3 * 1 + 60)  # poll timeout 1 s in tests
    assert monitored.app.updater is not None
    await monitored.app.updater.stop()
    clock.advance(limit - timedelta(seconds=1))
    assert (await get(monitored, "/healthz")).status_code == 200
    clock.advance(timedelta(seconds=2))
    response = await get(monitored, "/healthz")
    assert response.status_code == 503
    assert response.text.startswith("no successful getUpdates for 6")
    assert "(limit 63 s)" in response.text


async def test_metrics_expose_every_family_after_traffic(
    monitored: RunningBot, clock: ManualClock
) -> None:
    bot, fake = monitored, monitored.fake
    phone = Phone(bot, GUEST_ID)
    await phone.send("ke hoach de xuat doi moi sang tao gui cho ai")  # answered
    await phone.send("thoi tiet nha trang hom nay the nao")  # refused: nothing found
    ok_chat, flooded, blocked, broken = 1001, 1002, 1003, 1004
    for chat in (ADMIN_ID, ok_chat, flooded, blocked, broken):
        await Phone(bot, chat).send("/start")
    await bot.outbox_idle()
    fake.block(blocked)
    fake.inject("sendMessage", "429", chat_id=flooded, retry_after=1)
    fake.inject("sendMessage", "500", chat_id=broken)
    services = bot.services
    async with services.db.transaction() as conn:
        for chat in (ok_chat, flooded, blocked, broken):
            await services.outbox.enqueue(
                conn, chat_id=chat, kind="test", text="x", now=clock.now()
            )
        # A reminder queued for tomorrow stays pending: the oldest row once the rest is out.
        await services.outbox.enqueue(
            conn,
            chat_id=ok_chat,
            kind="deadline_reminder",
            text="nhắc",
            not_before=clock.now() + timedelta(days=1),
            now=clock.now(),
        )
    services.wake_outbox()
    results = {"429": 1.0, "403": 1.0, "5xx": 1.0}
    await scrape_until(
        bot,
        {("bot_outbox_sends_total", (("result", r),)): n for r, n in results.items()},
    )
    clock.advance(timedelta(minutes=10))  # the 429 and 500 rows fall due and go out
    services.wake_outbox()
    got = await scrape_until(
        bot,
        {
            ("bot_outbox_queue_depth", ()): 1,
            ("bot_reminders_pending", ()): 1,
            ("bot_questions_total", (("result", "answered"),)): 1,
            ("bot_questions_total", (("result", "refused"),)): 1,
            ("bot_reminders_sent_total", ()): 0,
            ("bot_database_up", ()): 1,
        },
    )
    assert got["bot_outbox_oldest_age_seconds", ()] == 600
    assert got["bot_outbox_sends_total", (("result", "ok"),)] >= 3
    assert got["bot_outbox_sends_total", (("result", "400"),)] == 0
    assert got["bot_updates_total", (("outcome", "ok"),)] >= 6
    latency = {k: v for k, v in got.items() if k[0] == "bot_handler_seconds_count"}
    assert sum(latency.values()) >= 6 and len(latency) >= 2
    assert got["bot_database_bytes", ()] > 0
    assert got["bot_telegram_last_contact_timestamp_seconds", ()] > 0


async def test_healthz_in_webhook_mode_counts_probes_and_webhook_calls(
    fake: FakeBotApi, make_settings: SettingsFactory, clock: ManualClock
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/tg"
    settings = make_settings(
        metrics_port=0, mode="webhook", webhook_url=url, webhook_secret=WEBHOOK_SECRET
    )
    bot = RunningBot(settings, fake, clock=clock)
    await bot.app.initialize()
    await on_startup(bot.app)  # schedules the getWebhookInfo probe
    await bot.app.start()
    assert bot.app.updater is not None
    await bot.app.updater.start_webhook(
        listen="127.0.0.1",
        port=port,
        url_path="tg",
        webhook_url=url,
        secret_token=WEBHOOK_SECRET,
        allowed_updates=Update.ALL_TYPES,
    )
    try:
        # No update yet: the probe finding Telegram's queue empty is the contact.
        await polled(bot)
        assert (await get(bot, "/healthz")).status_code == 200
        clock.advance(stale_after(settings) + timedelta(seconds=1))
        response = await get(bot, "/healthz")
        assert response.status_code == 503
        assert response.text.startswith("no successful webhook call for 24")
        pushed = fake.send_text(GUEST_ID, "/start")  # Telegram calls the webhook
        await bot.handled(int(pushed["update_id"]))
        assert (await get(bot, "/healthz")).status_code == 200
    finally:
        await bot.stop()


async def test_a_taken_metrics_port_does_not_stop_the_bot(
    fake: FakeBotApi, make_settings: SettingsFactory, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        bot = RunningBot(make_settings(metrics_port=port), fake)
        await bot.start()
        try:
            assert server_of(bot.app) is None
            assert "Health and metrics not served" in caplog.text
            replies = await Phone(bot, GUEST_ID).send("/start")
            assert replies, "the bot must keep answering users"
        finally:
            await bot.stop()
