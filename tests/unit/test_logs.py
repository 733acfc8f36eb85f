"""Logging: secrets never reach a log line, whatever part of the record carries them."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot import logs

TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijk"
SECRET = "Zq7-kP2_xV9mR4tL8wN3bH6yC1dF5gJ0aE"


@pytest.fixture
def captured() -> Iterator[tuple[io.StringIO, list[str]]]:
    """Configure logging as the bot does, into a buffer; restore the root logger after."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    stream = io.StringIO()
    formats: list[str] = []
    yield stream, formats
    root.handlers[:], _ = saved
    root.setLevel(saved[1])


def _configure(stream: io.StringIO, fmt: str) -> None:
    logs.configure("INFO", fmt, secrets=[TOKEN, SECRET])
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)


def _fail_with_secrets() -> None:
    raise RuntimeError(f"POST https://api.telegram.org/bot{TOKEN}/sendMessage failed ({SECRET})")


@pytest.mark.parametrize("fmt", ["plain", "json"])
def test_token_and_secret_are_redacted_in_tracebacks_and_extra_fields(
    captured: tuple[io.StringIO, list[str]], fmt: str
) -> None:
    stream, _ = captured
    _configure(stream, fmt)
    log = logging.getLogger("bot.test")
    try:
        _fail_with_secrets()
    except RuntimeError:
        log.exception("Sending failed", extra={"url": f"/bot{TOKEN}/getMe", "nested": [SECRET]})
    log.error("Exception in a task", exc_info=RuntimeError(f"token {TOKEN}"))
    log.warning("stack", stack_info=True, extra={"header": SECRET})
    output = stream.getvalue()
    assert "Sending failed" in output and "RuntimeError" in output
    assert "[REDACTED]" in output
    assert TOKEN not in output and SECRET not in output
    assert TOKEN.split(":", 1)[1] not in output
    if fmt == "json":
        records = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
        assert records[0]["url"] == "/bot[REDACTED]/getMe"
        assert "[REDACTED]" in records[0]["exc"]
