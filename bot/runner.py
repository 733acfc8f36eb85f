"""`python -m bot run`: take the instance lock, configure logging, poll until stopped."""

from __future__ import annotations

import hmac
import logging
import sys
from http import HTTPStatus
from urllib.parse import urlsplit

import tornado.web
from telegram import Bot, Update
from telegram.error import TelegramError
from telegram.ext._utils.webhookhandler import TelegramHandler

from bot import logs, texts
from bot.app import AnyApplication, build_application, on_shutdown, on_startup, on_stop
from bot.config import Settings
from bot.knowledge.base import KnowledgeError
from bot.ops import CheckLine
from bot.workdays import CalendarError
from storage.lock import AlreadyRunning, InstanceLock

logger = logging.getLogger(__name__)

EXIT_ALREADY_RUNNING = 3


def run_bot(settings: Settings) -> int:
    """Run the bot in polling mode; return the process exit code."""
    secrets = [settings.token_value()]
    if settings.webhook_secret is not None:
        secrets.append(settings.webhook_secret.get_secret_value())
    logs.configure(settings.log_level, settings.log_format, secrets=secrets)
    lock = InstanceLock(settings.database_path)
    try:
        lock.acquire()
    except AlreadyRunning as exc:
        print(texts.already_running(str(exc.lock_path)), file=sys.stderr)
        return EXIT_ALREADY_RUNNING
    try:
        try:
            app = build_application(settings)
        except (KnowledgeError, CalendarError) as exc:
            print(texts.config_error(texts.knowledge_invalid(str(exc))), file=sys.stderr)
            return 2
        if settings.mode == "webhook":
            assert settings.webhook_secret is not None
            guard_webhook_secret()
            app.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
                webhook_url=settings.webhook_url,
                secret_token=settings.webhook_secret.get_secret_value(),
                allowed_updates=Update.ALL_TYPES,
                drop_pending_updates=False,
            )
        else:
            app.run_polling(
                allowed_updates=Update.ALL_TYPES,
                timeout=settings.poll_timeout,
                drop_pending_updates=False,
            )
    finally:
        lock.release()
    return 0


async def start_embedded(app: AnyApplication, settings: Settings) -> None:
    """Start polling inside an event loop that is already running, in the order
    `run_polling` uses (the playground runs the bot next to its emulator and web page)."""
    await app.initialize()
    await on_startup(app)
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(
        timeout=settings.poll_timeout,
        poll_interval=0,
        allowed_updates=Update.ALL_TYPES,
        drop_pending_updates=False,
    )


async def stop_embedded(app: AnyApplication) -> None:
    """Stop what `start_embedded` started, as `run_polling` stops on Ctrl-C."""
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await on_stop(app)
    await on_shutdown(app)
    await app.shutdown()


SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)


def _validate_post(handler: TelegramHandler) -> None:
    """PTB's check of a webhook call, with the secret compared in constant time."""
    if handler.request.headers.get("Content-Type") != "application/json":
        raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
    expected = handler.secret_token
    if expected is None:  # never in this bot: check_webhook requires a secret
        return
    given = handler.request.headers.get(SECRET_HEADER, "")
    # Never log the given value: a near miss tells an attacker how close they are.
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN, reason="Wrong secret token")


def guard_webhook_secret() -> None:
    """Make PTB's webhook server compare the secret token in constant time.

    PTB 22 compares it with `!=` (its timing leaks how many leading characters match) and
    logs a wrong token at DEBUG; its request handler is replaced here, before the server starts.
    """
    setattr(TelegramHandler, "_validate_post", _validate_post)  # noqa: B010


async def check_telegram(settings: Settings) -> CheckLine:
    """The Telegram line of `python -m bot check`: does getMe answer with this token?"""
    bot = Bot(
        settings.token_value(),
        base_url=settings.api_base_url,
        base_file_url=settings.api_base_file_url,
    )
    try:
        async with bot:
            me = await bot.get_me()
    except (TelegramError, OSError) as exc:
        return CheckLine(False, texts.check_failed(texts.CHECK_TELEGRAM, type(exc).__name__))
    return CheckLine(True, texts.CHECK_TELEGRAM_OK.format(username=me.username))
