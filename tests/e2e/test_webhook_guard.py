"""The webhook server: the secret token is compared in constant time, forged calls change nothing."""

from __future__ import annotations

import hmac
import json
import socket

import httpx
import pytest
from telegram import Update

from bot.runner import SECRET_HEADER, guard_webhook_secret
from tests.e2e.harness import ADMIN_ID, GUEST_ID, RunningBot
from tests.fakebotapi import FakeBotApi

SECRET = "Zq7-kP2_xV9mR4tL8wN3bH6yC1dF5gJ0aE"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _forged_update(update_id: int) -> dict[str, object]:
    """/start "from" the admin, as a stranger who knows the URL would post it."""
    admin = {"id": ADMIN_ID, "is_bot": False, "first_name": "Giả mạo"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 1_800_000_000,
            "chat": {"id": ADMIN_ID, "type": "private", "first_name": "Giả mạo"},
            "from": admin,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


async def test_webhook_secret_is_compared_in_constant_time(
    fake: FakeBotApi,
    make_settings,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    port = _free_port()
    bot = RunningBot(make_settings(), fake)
    guard_webhook_secret()
    await bot.app.initialize()
    from bot.app import on_startup

    await on_startup(bot.app)
    await bot.app.start()
    assert bot.app.updater is not None
    await bot.app.updater.start_webhook(
        listen="127.0.0.1",
        port=port,
        url_path="tg",
        webhook_url=f"http://127.0.0.1:{port}/tg",
        secret_token=SECRET,
        allowed_updates=Update.ALL_TYPES,
    )
    try:
        url = f"http://127.0.0.1:{port}/tg"
        headers = {"Content-Type": "application/json"}
        async with httpx.AsyncClient() as client:
            near_miss = SECRET[:-1] + ("A" if SECRET[-1] != "A" else "B")
            for wrong in (near_miss, "", "x"):
                answer = await client.post(
                    url,
                    content=json.dumps(_forged_update(70_000_001)),
                    headers={**headers, SECRET_HEADER: wrong} if wrong else headers,
                )
                assert answer.status_code == 403
            assert (near_miss.encode(), SECRET.encode()) in compared
        # Telegram itself (the fake, which got the secret from setWebhook) is let in.
        pushed = fake.send_text(GUEST_ID, "/start")
        await bot.handled(int(pushed["update_id"]))
        assert fake.webhook_pushes[-1].status == 200
        assert fake.messages_to(GUEST_ID)
        assert 70_000_001 not in bot.services.metrics.finished
        assert not await bot.services.updates.seen(70_000_001)
        # The forged /start reached nothing: no account row, no reply.
        assert await bot.services.people.users.get(ADMIN_ID) is None
        assert not fake.messages_to(ADMIN_ID)
    finally:
        await bot.stop()
