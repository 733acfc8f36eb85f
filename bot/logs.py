"""Logging set-up: plain or JSON lines, the token redacted, chatty HTTP loggers quiet."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

# Most user text ever written at INFO.
MAX_LOGGED_TEXT = 80

_STANDARD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def clip(text: str | None, limit: int = MAX_LOGGED_TEXT) -> str:
    """Shorten user text for a log line."""
    if not text:
        return ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


REDACTED = "[REDACTED]"
_TRACEBACKS = logging.Formatter()


class RedactFilter(logging.Filter):
    """Replace secrets in every part of a record: the message, `extra=` fields, the exception
    traceback and the stack (Bot API URLs and some exceptions contain the token)."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        found = {secret for secret in secrets if secret}
        # A token's part after the colon is the secret half; it may appear on its own.
        found |= {s.split(":", 1)[1] for s in found if ":" in s and len(s.split(":", 1)[1]) >= 20}
        self._secrets = sorted(found, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """The text with every secret replaced."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    def _value(self, value: object) -> object:
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, dict):
            return {key: self._value(item) for key, item in value.items()}
        if isinstance(value, list | tuple | set):
            return [self._value(item) for item in value]
        if value is None or isinstance(value, bool | int | float):
            return value
        text = str(value)
        clean = self.redact(text)
        return value if clean == text else clean

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        for key, value in list(vars(record).items()):
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                setattr(record, key, self._value(value))
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when it is set: render the traceback once, clean.
            record.exc_text = _TRACEBACKS.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with any `extra=` fields."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                payload[key] = value
        if record.exc_info or record.exc_text:
            # RedactFilter leaves the cleaned traceback in exc_text.
            payload["exc"] = record.exc_text or self.formatException(record.exc_info)  # type: ignore[arg-type]
        if record.stack_info:
            payload["stack"] = record.stack_info
        return json.dumps(payload, ensure_ascii=False, default=str)


def configure(level: str, fmt: str, *, secrets: list[str] | None = None) -> None:
    """Configure the root logger once, at the program's edge."""
    handler = logging.StreamHandler()
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactFilter(secrets or []))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL, and every Bot API URL contains the token.
    for noisy in ("httpx", "httpcore", "apscheduler", "aiosqlite", "bm25s"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
