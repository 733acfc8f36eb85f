"""Settings: parsing, validation and the operator-facing refusal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.config import ConfigError, Settings, check_token, load_settings

ROOT = Path(__file__).resolve().parents[2]
GOOD_TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijk"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for key in list(os.environ):
        if key.startswith("BOT_"):
            monkeypatch.delenv(key)


def test_admin_ids_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_ADMIN_IDS", "1,2")
    assert load_settings(require_token=False, env_file=None).admin_ids == [1, 2]


def test_admin_ids_single_and_spaces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_ADMIN_IDS", " 42 , 7 ,")
    assert load_settings(require_token=False, env_file=None).admin_ids == [42, 7]


def test_defaults() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.database_path == Path("data/bot.sqlite3")
    assert settings.api_base_url == "https://api.telegram.org/bot"
    assert settings.timezone == "Asia/Ho_Chi_Minh"
    assert settings.org_name == "UBND thành phố Nha Trang"
    assert settings.admin_ids == []


def test_env_file_is_read(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("BOT_ORG_NAME=UBND phường Lộc Thọ\nBOT_LOG_FORMAT=json\n", encoding="utf-8")
    settings = load_settings(require_token=False, env_file=env)
    assert (settings.org_name, settings.log_format) == ("UBND phường Lộc Thọ", "json")


@pytest.mark.parametrize(
    ("token", "fragment"),
    [
        (None, "@BotFather"),
        ("", "@BotFather"),
        ("123:abc", "định dạng"),
        ("123456789:replace-me-with-the-token-from-BotFather", "giá trị mẫu"),
    ],
)
def test_bad_tokens_are_refused(token: str | None, fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        check_token(None if token is None else SecretStr(token))
    assert fragment in str(info.value)
    assert "BOT_TOKEN" in str(info.value)


def test_good_token_passes() -> None:
    check_token(SecretStr(GOOD_TOKEN))


def test_invalid_setting_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TIMEZONE", "Mars/Olympus")
    with pytest.raises(ConfigError) as info:
        load_settings(require_token=False, env_file=None)
    assert "BOT_TIMEZONE" in str(info.value)


def _run_cli(env: dict[str, str], tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    import os

    base = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
    base.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,  # no .env there
        env={**base, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_missing_token_exits_2_without_traceback(tmp_path: Path) -> None:
    result = _run_cli({}, tmp_path)
    assert result.returncode == 2
    assert "BOT_TOKEN" in result.stderr and "@BotFather" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_placeholder_token_exits_2(tmp_path: Path) -> None:
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    token = next(line for line in example.splitlines() if line.startswith("BOT_TOKEN="))
    result = _run_cli({"BOT_TOKEN": token.split("=", 1)[1]}, tmp_path, "run")
    assert result.returncode == 2
    assert "BOT_TOKEN" in result.stderr and "Traceback" not in result.stderr


def test_invalid_admin_ids_exit_2(tmp_path: Path) -> None:
    result = _run_cli({"BOT_TOKEN": GOOD_TOKEN, "BOT_ADMIN_IDS": "1,abc"}, tmp_path, "run")
    assert result.returncode == 2
    assert "BOT_ADMIN_IDS" in result.stderr and "Traceback" not in result.stderr


def test_help_is_vietnamese(tmp_path: Path) -> None:
    result = _run_cli({}, tmp_path, "--help")
    assert result.returncode == 0
    assert (
        "Cách dùng" in result.stdout and "Lệnh" in result.stdout and "usage" not in result.stdout
    )


def test_env_example_documents_every_setting() -> None:
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"BOT_{name.upper()}=" in example, name


EXAMPLE_SECRET = next(
    line.split("=", 1)[1]
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    if line.startswith("BOT_WEBHOOK_SECRET=")
)
GOOD_SECRET = "Zq7-kP2_xV9mR4tL8wN3bH6yC1dF5gJ0aE"  # 34 allowed characters


def _webhook_env(monkeypatch: pytest.MonkeyPatch, secret: str) -> None:
    monkeypatch.setenv("BOT_TOKEN", GOOD_TOKEN)
    monkeypatch.setenv("BOT_MODE", "webhook")
    monkeypatch.setenv("BOT_WEBHOOK_URL", "https://bot.example.gov.vn/telegram")
    monkeypatch.setenv("BOT_WEBHOOK_SECRET", secret)


@pytest.mark.parametrize(
    "secret",
    [
        EXAMPLE_SECRET,  # copied from .env.example: everyone who read the repository knows it
        "a" * 31,  # too short to resist guessing
        "s3cret-for-tests-only-0123456789"[:31],
        "abcdefghijklmnopqrstuvwxyz0123456789+/",  # "+" and "/" are not allowed by Telegram
        "abcdefghijklmnopqrstuvwxyz 0123456789",
        "x" * 257,
    ],
)
def test_weak_or_invalid_webhook_secrets_are_refused(
    monkeypatch: pytest.MonkeyPatch, secret: str
) -> None:
    _webhook_env(monkeypatch, secret)
    with pytest.raises(ConfigError) as info:
        load_settings(require_token=True, env_file=None)
    assert "BOT_WEBHOOK_SECRET" in str(info.value)
    assert secret not in str(info.value)


def test_a_random_webhook_secret_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    _webhook_env(monkeypatch, GOOD_SECRET)
    settings = load_settings(require_token=True, env_file=None)
    assert settings.webhook_secret is not None
    assert settings.webhook_secret.get_secret_value() == GOOD_SECRET


def test_example_webhook_secret_exits_2_with_one_paragraph(tmp_path: Path) -> None:
    env = {
        "BOT_TOKEN": GOOD_TOKEN,
        "BOT_MODE": "webhook",
        "BOT_WEBHOOK_URL": "https://bot.example.gov.vn/telegram",
        "BOT_WEBHOOK_SECRET": EXAMPLE_SECRET,
    }
    result = _run_cli(env, tmp_path, "run")
    assert result.returncode == 2
    assert "BOT_WEBHOOK_SECRET" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("BOT_API_BASE_URL", "http://api.telegram.org/bot"),
        ("BOT_API_BASE_URL", "http://10.0.0.5:8081/bot"),
        ("BOT_API_BASE_FILE_URL", "http://botapi.internal/file/bot"),
        ("BOT_WEBHOOK_URL", "http://bot.example.gov.vn/telegram"),
    ],
)
def test_plain_http_is_refused_for_a_host_that_is_not_loopback(
    monkeypatch: pytest.MonkeyPatch, setting: str, value: str
) -> None:
    _webhook_env(monkeypatch, GOOD_SECRET)
    monkeypatch.setenv(setting, value)
    with pytest.raises(ConfigError) as info:
        load_settings(require_token=True, env_file=None)
    assert setting in str(info.value)


@pytest.mark.parametrize(
    "value",
    ["http://127.0.0.1:8081/bot", "http://localhost:8081/bot", "http://[::1]:8081/bot"],
)
def test_plain_http_is_accepted_on_loopback(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("BOT_API_BASE_URL", value)
    assert load_settings(require_token=False, env_file=None).api_base_url == value


def test_metrics_are_off_by_default_and_loopback_when_on(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(require_token=False, env_file=None)
    assert (settings.metrics_port, settings.metrics_host) == (None, "127.0.0.1")
    monkeypatch.setenv("BOT_METRICS_PORT", "")  # as in a copied .env with the value blank
    assert load_settings(require_token=False, env_file=None).metrics_port is None
    monkeypatch.setenv("BOT_METRICS_PORT", "9108")
    assert load_settings(require_token=False, env_file=None).metrics_port == 9108


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BOT_METRICS_PORT", "70000"),
        ("BOT_METRICS_PORT", "abc"),
        ("BOT_METRICS_HOST", "monitoring.example"),
        ("BOT_METRICS_HOST", "127.0.0.1:9108"),
    ],
)
def test_bad_metrics_settings_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        load_settings(require_token=False, env_file=None)
