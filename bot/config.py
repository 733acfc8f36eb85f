"""Settings from the environment and `.env` (prefix BOT_), validated before any network call."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot import texts

TELEGRAM_API_URL = "https://api.telegram.org/bot"
TELEGRAM_FILE_URL = "https://api.telegram.org/file/bot"

# BotFather tokens look like "123456789:AAE...": a numeric bot id, a colon, 30+ url-safe chars.
_TOKEN_RE = re.compile(r"^\d{5,15}:[A-Za-z0-9_-]{30,}$")
# Words that only ever appear in example or placeholder tokens.
_PLACEHOLDER_MARKERS = ("replace", "example", "placeholder", "xxxxx", "changeme", "your_token")
# The webhook secret of .env.example: public, so never a secret.
EXAMPLE_WEBHOOK_SECRET = "replace-with-a-long-random-secret"  # noqa: S105
# Telegram allows 1-256 of these characters; fewer than 32 is guessable.
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{32,256}")


class ConfigError(Exception):
    """A setting is missing or invalid; the message is ready to show to the operator."""


class Settings(BaseSettings):
    """All settings of the bot; create it only at the edge (CLI or test fixture)."""

    model_config = SettingsConfigDict(
        env_prefix="BOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    token: SecretStr | None = None
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    database_path: Path = Path("data/bot.sqlite3")
    api_base_url: str = TELEGRAM_API_URL
    api_base_file_url: str = TELEGRAM_FILE_URL
    timezone: str = "Asia/Ho_Chi_Minh"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["plain", "json"] = "plain"
    org_name: str = Field(default="UBND thành phố Nha Trang", min_length=1, max_length=200)
    # Reminders are not sent in these hours (deferred, never dropped); empty disables.
    quiet_hours: str = "21:00-07:00"
    quiet_weekends: bool = False
    quiet_holidays: bool = False
    # Nightly online backups: folder, local time, how many copies to keep.
    backup_dir: Path = Path("data/backups")
    backup_time: str = Field(default="02:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    backup_keep: int = Field(default=14, ge=1, le=365)
    # Working days of the city's internal follow-up date for a proposal step whose time limit
    # the Decree does not confirm (a head's own plan sent to the superior); never the Decree's.
    follow_up_days: int = Field(default=7, ge=1, le=60)
    # Days a question keeps its asker's Telegram id (then only the text stays).
    question_log_days: int = Field(default=90, ge=1, le=3650)
    # How updates arrive: long polling (default) or a webhook behind a reverse proxy.
    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret: SecretStr | None = None
    # Long-poll length of getUpdates in seconds.
    poll_timeout: int = Field(default=10, ge=0, le=50)
    # /healthz and /metrics for monitoring: off unless a port is set (0: any free port).
    metrics_port: int | None = Field(default=None, ge=0, le=65535)
    metrics_host: str = "127.0.0.1"

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, int):
            return [value]
        if isinstance(value, str):
            parts = [part.strip() for part in value.replace(";", ",").split(",")]
            return [part for part in parts if part]
        return value

    @field_validator("metrics_port", mode="before")
    @classmethod
    def _empty_is_off(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("metrics_host")
    @classmethod
    def _ip_address(cls, value: str) -> str:
        if value != "localhost":
            try:
                ipaddress.ip_address(value)
            except ValueError as exc:
                raise ValueError("must be an IP address (127.0.0.1, 0.0.0.0, ::1)") from exc
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("unknown time zone") from exc
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("api_base_url", "api_base_file_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        if not secure_url(value):
            raise ValueError(texts.CONFIG_HTTP_NOT_LOOPBACK)
        return value

    @property
    def tz(self) -> ZoneInfo:
        """The display and scheduling time zone."""
        return ZoneInfo(self.timezone)

    def token_value(self) -> str:
        """Return the token; only the Telegram-facing code calls this."""
        if self.token is None:
            raise ConfigError(texts.CONFIG_TOKEN_MISSING)
        return self.token.get_secret_value()


def secure_url(url: str) -> bool:
    """True for https, and for plain http only to this machine (loopback)."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return True
    host = (parts.hostname or "").lower()
    if parts.scheme != "http" or not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_webhook(settings: Settings) -> None:
    """Webhook mode needs an https URL (http only on loopback) and a strong secret token."""
    if settings.mode != "webhook":
        return
    url = settings.webhook_url
    if not url.startswith(("https://", "http://")):
        raise ConfigError(texts.config_invalid("BOT_WEBHOOK_URL", texts.CONFIG_WEBHOOK_URL))
    if not secure_url(url):
        raise ConfigError(texts.config_invalid("BOT_WEBHOOK_URL", texts.CONFIG_HTTP_NOT_LOOPBACK))
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    lowered = secret.lower()
    if secret == EXAMPLE_WEBHOOK_SECRET or any(m in lowered for m in _PLACEHOLDER_MARKERS):
        raise ConfigError(
            texts.config_invalid("BOT_WEBHOOK_SECRET", texts.CONFIG_WEBHOOK_SECRET_EXAMPLE)
        )
    if not _SECRET_RE.fullmatch(secret):
        raise ConfigError(texts.config_invalid("BOT_WEBHOOK_SECRET", texts.CONFIG_WEBHOOK_SECRET))


def check_token(token: SecretStr | None) -> None:
    """Raise ConfigError when the token is missing, malformed or a placeholder."""
    if token is None or not token.get_secret_value().strip():
        raise ConfigError(texts.CONFIG_TOKEN_MISSING)
    value = token.get_secret_value().strip()
    if any(marker in value.lower() for marker in _PLACEHOLDER_MARKERS):
        raise ConfigError(texts.CONFIG_TOKEN_PLACEHOLDER)
    if not _TOKEN_RE.match(value):
        raise ConfigError(texts.CONFIG_TOKEN_MALFORMED)


def load_settings(*, require_token: bool, env_file: str | Path | None = ".env") -> Settings:
    """Build Settings, turning every validation problem into one readable ConfigError."""
    try:
        settings = Settings(_env_file=env_file)  # type: ignore[call-arg]
    except ValidationError as exc:
        raise ConfigError(_describe(exc)) from None
    if require_token:
        check_token(settings.token)
        check_webhook(settings)
    return settings


def _describe(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "?"
        problems.append(texts.config_invalid(f"BOT_{field.upper()}", error["msg"]))
    return " ".join(problems)
