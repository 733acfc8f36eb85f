"""`python -m bot demo`: the Bot API emulator, the real bot and the web page in one loop.

Everything listens on 127.0.0.1. The bot is the production Application (handlers, services,
SQLite, periodic jobs on, so reminders fire) with settings that point it at the emulator; no
token is read from anywhere and none leaves the machine. The database is a fresh temporary
file, removed on stop, unless `--database PATH` keeps one.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import secrets
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from typing import Any

from aiohttp import web
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

from bot import logs, texts
from bot.app import AnyApplication, build_application
from bot.config import Settings
from bot.emulator import FakeBotApi
from bot.playground import seed
from bot.playground.chats import Chats
from bot.playground.personas import ADMIN
from bot.playground.server import create_app
from bot.runner import start_embedded, stop_embedded
from bot.runtime import Services
from handlers.context import services_of
from storage.lock import AlreadyRunning, InstanceLock

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
DEFAULT_PORT = 8080
BOT_ID = 7000000001
BOT_USERNAME = "troly_nd73_demo_bot"
START_TIMEOUT = 30.0
FLOOD = 429
# The terminal shows the address and real problems only (flood-control waits are routine).
LOG_LEVEL = "ERROR"
EXIT_USAGE = 2
EXIT_ALREADY_RUNNING = 3


class PortBusy(Exception):
    """The page's port is taken."""


class DemoSettings(Settings):
    """Settings from the values given only: no environment, no .env (so no real token)."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


def demo_settings(fake: FakeBotApi, database: Path, **overrides: Any) -> Settings:
    """The bot's settings against the emulator: its token and URLs, the admin persona,
    no quiet hours (reminders fire whenever the demo runs), no metrics port."""
    values: dict[str, Any] = {
        "token": fake.token,
        "admin_ids": [ADMIN.user_id],
        "database_path": database,
        "api_base_url": fake.base_url,
        "api_base_file_url": fake.base_file_url,
        "backup_dir": database.parent / "backups",
        "quiet_hours": "",
        "poll_timeout": 10,
        "log_level": LOG_LEVEL,
    }
    values.update(overrides)
    return DemoSettings(**values)


class Demo:
    """The emulator, the bot and the page; `start` returns the page's address."""

    def __init__(
        self,
        *,
        port: int = DEFAULT_PORT,
        database: Path | None = None,
        static_dir: Path = STATIC_DIR,
        enforce_rates: bool = True,
    ) -> None:
        self.port = port
        self.static_dir = static_dir
        self._temp_dir: Path | None = None
        if database is None:
            self._temp_dir = Path(tempfile.mkdtemp(prefix="nd73-demo-"))
            database = self._temp_dir / "demo.sqlite3"
        self.database = database
        token = f"{BOT_ID}:{secrets.token_urlsafe(32)}"
        self.fake = FakeBotApi(token, BOT_ID, BOT_USERNAME, texts.DEMO_BOT_NAME)
        self.fake.enforce_rates = enforce_rates
        self.chats = Chats(self.fake)
        self._web: web.AppRunner | None = None
        self._app: AnyApplication | None = None
        self._watcher: asyncio.Task[None] | None = None
        self.url = ""

    @property
    def services(self) -> Services:
        """The running bot's services."""
        assert self._app is not None
        return services_of(self._app)

    async def start(self) -> str:
        """Open the page's port first (a busy port fails fast), then the emulator and the
        bot; seed a fresh database. Raises PortBusy when the port is taken."""
        runner = web.AppRunner(
            create_app(self.chats, self.static_dir), access_log=None, shutdown_timeout=1.0
        )
        await runner.setup()
        self._web = runner
        try:
            await web.TCPSite(runner, "127.0.0.1", self.port).start()
        except OSError as exc:
            raise PortBusy(self.port) from exc
        self.port = int(runner.addresses[0][1])
        self.url = f"http://127.0.0.1:{self.port}"
        await self.fake.start()
        self._watcher = asyncio.create_task(self._report_rejections(), name="demo-rejections")
        settings = demo_settings(self.fake, self.database)
        self._app = build_application(settings)
        await start_embedded(self._app, settings)
        for persona in seed.UNSEEN:  # seeded people without a tab may be sent to
            self.fake.open_chat(persona.user_id, persona.first_name)
        if await seed.seed_people(self.services):
            await self._open_chats()
            await seed.seed_work(self.services)
        await self._outbox_idle()
        return self.url

    async def stop(self) -> None:
        """Stop the page, the bot, the emulator; remove the temporary database."""
        if self._web is not None:
            await self._web.cleanup()
            self._web = None
        if self._app is not None:
            await stop_embedded(self._app)
            self._app = None
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
            self._watcher = None
        await self.fake.stop()
        if self._temp_dir is not None:
            shutil.rmtree(self._temp_dir, ignore_errors=True)

    async def _open_chats(self) -> None:
        """Each registered persona opens the bot once (/start), as people do on day one; the
        greetings and menus come before the seeded work."""
        last = 0
        for persona in seed.REGISTERED:
            last = self.chats.send_text(persona, "/start")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + START_TIMEOUT
        while last not in self.services.metrics.finished and loop.time() < deadline:
            await self.fake.wait_change(deadline - loop.time())

    async def _outbox_idle(self) -> None:
        """Wait (a while at most) until what the bot queued is delivered: the page then opens
        on the seeded chats as they are."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + START_TIMEOUT
        while await self.services.outbox.open_count() > 0 and loop.time() < deadline:
            # Each send is a request to the emulator; its row is marked sent just after.
            await self.fake.wait_change(0.05)

    async def _report_rejections(self) -> None:
        """Log what Telegram would have refused (a defect of the bot); flood control (429),
        which the bot waits out as it must, only at INFO."""
        seen = 0
        while True:
            await self.fake.wait_change(None)
            for rejection in self.fake.rejections[seen:]:
                level = logging.INFO if rejection.error_code == FLOOD else logging.ERROR
                logger.log(
                    level, "Telegram would refuse %s: %s", rejection.method, rejection.description
                )
            seen = len(self.fake.rejections)


def run(args: argparse.Namespace) -> int:
    """Run until Ctrl-C; the process exit code."""
    if not 0 <= args.port <= 65535:
        print(texts.cli_error(f"--port {args.port}"), file=sys.stderr)
        return EXIT_USAGE
    lock = InstanceLock(args.database) if args.database else None
    if lock is not None:
        args.database.parent.mkdir(parents=True, exist_ok=True)
        try:
            lock.acquire()
        except AlreadyRunning as exc:
            print(texts.already_running(str(exc.lock_path)), file=sys.stderr)
            return EXIT_ALREADY_RUNNING
    try:
        return asyncio.run(_main(args.port, args.database))
    finally:
        if lock is not None:
            lock.release()


async def _main(port: int, database: Path | None) -> int:
    demo = Demo(port=port, database=database)
    logs.configure(LOG_LEVEL, "plain", secrets=[demo.fake.token])
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    try:
        try:
            url = await demo.start()
        except PortBusy:
            print(texts.demo_port_busy(port), file=sys.stderr)
            return EXIT_USAGE
        print(texts.demo_ready(url), flush=True)
        await stopping.wait()
    finally:
        await demo.stop()
    print(texts.DEMO_STOPPED, flush=True)
    return 0
