"""Fixtures: a fake Bot API server, settings pointing at it, and the real bot polling it."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.config import Settings
from tests.e2e.harness import ADMIN_ID, RunningBot
from tests.fakebotapi import FakeBotApi


@pytest.fixture(autouse=True)
def _no_bot_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the developer's BOT_* variables out of every test."""
    for key in list(os.environ):
        if key.startswith("BOT_"):
            monkeypatch.delenv(key)
    # As `python -m bot` does: PTB reports RetryAfter durations as timedelta, without warning.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    """A fake Telegram; every test ends with no request Telegram would have rejected."""
    async with FakeBotApi() as server:
        yield server
        assert server.rejections == [], server.rejections


SettingsFactory = Callable[..., Settings]


@pytest.fixture
def make_settings(tmp_path: Path, fake: FakeBotApi) -> SettingsFactory:
    """Build settings for the bot under test (real SQLite file in tmp_path)."""

    def build(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "token": fake.token,
            "admin_ids": [ADMIN_ID],
            "database_path": tmp_path / "bot.sqlite3",
            "api_base_url": fake.base_url,
            "api_base_file_url": fake.base_file_url,
            "poll_timeout": 1,
        }
        values.update(overrides)
        return Settings(_env_file=None, **values)  # type: ignore[call-arg]

    return build


@pytest.fixture
def clock() -> ManualClock:
    """A clock that moves only when a test says so."""
    return ManualClock()


@pytest.fixture
async def bot(
    fake: FakeBotApi, make_settings: SettingsFactory, clock: ManualClock
) -> AsyncIterator[RunningBot]:
    """The real Application, polling the fake server, on a fresh database."""
    running = RunningBot(make_settings(), fake, clock=clock)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()
