"""/healthz and /metrics over HTTP for monitoring, on the bot's own event loop.

Served by tornado (already in the process: PTB's webhook server uses it) on
BOT_METRICS_HOST:BOT_METRICS_PORT, started and stopped with the Application. What is
answered is computed in bot/health.py; this module only adapts it to HTTP and records
contact with Telegram that arrives as updates (webhook mode) or getWebhookInfo answers.
"""

from __future__ import annotations

import logging
import socket
from typing import Any

import tornado.web
from prometheus_client import CONTENT_TYPE_LATEST
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes, TypeHandler
from tornado.httpserver import HTTPServer

from bot.health import WEBHOOK_PROBE_SECONDS, HealthCheck
from bot.runtime import Services
from handlers.context import BotContext, services_of
from storage.health import HealthRepository

logger = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
SERVER_KEY = "health_server"


class _Healthz(tornado.web.RequestHandler):
    def initialize(self, check: HealthCheck) -> None:
        self._check = check

    async def get(self) -> None:
        health = await self._check.status()
        self.set_status(200 if health.ok else 503)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(health.reason + "\n")


class _Metrics(tornado.web.RequestHandler):
    def initialize(self, check: HealthCheck) -> None:
        self._check = check

    async def get(self) -> None:
        body = await self._check.exposition()
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.finish(body)


def _quiet(handler: tornado.web.RequestHandler) -> None:
    # A scrape every few seconds must not fill the log; failures of the bot are logged anyway.
    if handler.get_status() >= 500 and handler.get_status() != 503:
        logger.warning(
            "Health endpoint %s answered %d", handler.request.path, handler.get_status()
        )


class HealthServer:
    """The HTTP listener; `port` is the bound port once started."""

    def __init__(self, check: HealthCheck, host: str, port: int) -> None:
        routes = [
            (r"/healthz", _Healthz, {"check": check}),
            (r"/metrics", _Metrics, {"check": check}),
        ]
        self._app = tornado.web.Application(routes, log_function=_quiet)
        self._host = host
        self._wanted = port
        self._server: HTTPServer | None = None
        self.port = port
        self.addresses: list[str] = []

    async def start(self) -> None:
        """Bind and serve on the running loop (raises OSError when the port is taken)."""
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        # The standard library closes the socket when binding fails; tornado's helper leaks it.
        sock = socket.create_server((self._host, self._wanted), family=family)
        sock.setblocking(False)
        self._server = HTTPServer(self._app, xheaders=False)
        self._server.add_sockets([sock])
        self.addresses = [str(sock.getsockname()[0])]
        self.port = int(sock.getsockname()[1])
        logger.info(
            "Health and metrics at http://%s:%d/ (healthz, metrics)", self._host, self.port
        )

    async def stop(self) -> None:
        """Stop listening and close open connections."""
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None


def health_check(services: Services) -> HealthCheck:
    """The health check over one process's services."""

    def sender_liveness() -> str | None:
        sender = services.sender
        return "outbox sender not running" if sender is None else sender.liveness()

    return HealthCheck(
        HealthRepository(services.db),
        services.metrics,
        services.clock,
        services.settings,
        sender_liveness,
    )


async def start(app: AnyApplication) -> None:
    """Serve /healthz and /metrics if BOT_METRICS_PORT is set; probe the webhook."""
    services = services_of(app)
    settings = services.settings
    if settings.mode == "webhook" and app.job_queue is not None:
        app.job_queue.run_repeating(
            probe_webhook, interval=WEBHOOK_PROBE_SECONDS, first=1, name="webhook-probe"
        )
    if settings.metrics_port is None:
        return
    server = HealthServer(health_check(services), settings.metrics_host, settings.metrics_port)
    try:
        await server.start()
    except OSError as exc:
        # Users come first: the bot runs on; monitoring sees the target down (`up == 0`).
        logger.error(
            "Health and metrics not served on %s:%s: %s",
            settings.metrics_host,
            settings.metrics_port,
            exc,
        )
        return
    app.bot_data[SERVER_KEY] = server


async def stop(app: AnyApplication) -> None:
    """Stop serving (before the sender and the database go)."""
    server = app.bot_data.pop(SERVER_KEY, None)
    if isinstance(server, HealthServer):
        await server.stop()


def server_of(app: AnyApplication) -> HealthServer | None:
    """The running health server, if any."""
    server = app.bot_data.get(SERVER_KEY)
    return server if isinstance(server, HealthServer) else None


async def probe_webhook(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Webhook mode: Telegram holding no pending update for us counts as contact."""
    services = services_of(context.application)
    try:
        info = await context.bot.get_webhook_info()
    except TelegramError as exc:
        logger.warning("getWebhookInfo failed: %s", exc)
        return
    if info.pending_update_count == 0:
        services.metrics.contact(services.clock.now())
    else:
        logger.info(
            "Telegram holds %d update(s) for the webhook; last error: %s",
            info.pending_update_count,
            info.last_error_message,
        )


async def _contact(update: Update, context: BotContext) -> None:
    """Any update delivered (webhook call or getUpdates) is contact with Telegram."""
    context.services.metrics.contact(context.services.clock.now())


def register(app: AnyApplication) -> None:
    """Record contact before anything else sees the update (the gate may stop it)."""
    app.add_handler(TypeHandler(Update, _contact), group=-2)
