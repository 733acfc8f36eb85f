"""BotProcess: run the bot as a real OS process against a FakeBotApi, and SIGKILL it at will."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import Coroutine, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from bot.emulator.server import FakeBotApi

REPO_ROOT = Path(__file__).resolve().parents[2]


class BotProcess:
    """`sys.executable -m bot run` (or `argv`) with BOT_* settings pointing at `fake`.

    Output (stdout and stderr, all runs) goes to `log_path`, next to `db_path` by default.
    The object can be started again after it exited or was killed.
    """

    def __init__(
        self,
        fake: FakeBotApi,
        db_path: str | Path,
        *,
        env: Mapping[str, str] | None = None,
        args: Sequence[str] = ("run",),
        argv: Sequence[str] | None = None,
        cwd: str | Path | None = None,
        log_path: str | Path | None = None,
    ) -> None:
        self.fake = fake
        self.db_path = Path(db_path)
        self.extra_env = dict(env or {})
        self.argv = list(argv) if argv is not None else [sys.executable, "-m", "bot", *args]
        self.cwd = Path(cwd) if cwd is not None else REPO_ROOT
        self.log_path = Path(log_path or self.db_path.with_name(f"{self.db_path.name}.bot.log"))
        self.starts = 0
        self._process: asyncio.subprocess.Process | None = None
        self._calls_at_start = 0
        self._run_offset = 0

    # -- state --------------------------------------------------------------------------------

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    @property
    def returncode(self) -> int | None:
        """Exit code of the last run (negative signal number when killed), None while running."""
        return self._process.returncode if self._process else None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.returncode is None

    def build_env(self) -> dict[str, str]:
        """os.environ without BOT_* variables, plus the fake's settings and `env` overrides."""
        env = {key: value for key, value in os.environ.items() if not key.startswith("BOT_")}
        env.update(
            BOT_TOKEN=self.fake.token,
            BOT_API_BASE_URL=self.fake.base_url,
            BOT_API_BASE_FILE_URL=self.fake.base_file_url,
            BOT_DATABASE_PATH=str(self.db_path),
            BOT_LOG_LEVEL="INFO",
            PYTHONUNBUFFERED="1",  # nothing is lost in buffers on SIGKILL
        )
        env.update(self.extra_env)
        return env

    def output(self, *, current_run: bool = False) -> str:
        """Combined stdout/stderr of all runs (or of the current/last run only)."""
        if not self.log_path.exists():
            return ""
        data = self.log_path.read_bytes()
        return data[self._run_offset if current_run else 0 :].decode("utf-8", "replace")

    # -- lifecycle ----------------------------------------------------------------------------

    async def start(self) -> BotProcess:
        if self.running:
            raise RuntimeError("the bot process is already running")
        self.starts += 1
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._run_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        self._calls_at_start = len(self.fake.calls)
        with self.log_path.open("ab") as log:
            stamp = time.strftime("%H:%M:%S")
            log.write(f"=== {stamp} start {self.starts}: {' '.join(self.argv)} ===\n".encode())
            log.flush()
            self._process = await asyncio.create_subprocess_exec(
                *self.argv,
                cwd=self.cwd,
                env=self.build_env(),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    async def wait_polling(self, timeout: float = 15.0) -> None:
        """Wait until this run has called getUpdates; fail early if the process exits."""

        def polled() -> bool:
            calls = self.fake.calls[self._calls_at_start :]
            return any(name == "getUpdates" for name, _ in calls)

        await self._unless_exited(
            self.fake.wait_until(polled, timeout, message="getUpdates from the bot process")
        )

    async def wait(self) -> int:
        """Wait for the process to end (it is reaped); returns its exit code."""
        return await self._require().wait()

    async def kill(self) -> int:
        """SIGKILL the process (and its process group) and reap it."""
        self._signal(signal.SIGKILL)
        return await self.wait()

    async def stop(self, timeout: float = 10.0) -> int:
        """SIGTERM, then SIGKILL if it has not exited within `timeout` seconds."""
        self._signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(self.wait(), timeout)
        except TimeoutError:
            return await self.kill()

    async def run_to_exit(self, timeout: float = 30.0) -> tuple[int, str]:
        """Start, wait for the exit; returns (exit code, output of this run)."""
        await self.start()
        try:
            code = await asyncio.wait_for(self.wait(), timeout)
        except TimeoutError:
            await self.kill()
            raise AssertionError(
                f"bot process did not exit within {timeout}s\n{self.output(current_run=True)}"
            ) from None
        return code, self.output(current_run=True)

    async def __aenter__(self) -> BotProcess:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._process is not None:
            await self.stop(timeout=5.0)

    # -- helpers ------------------------------------------------------------------------------

    def _require(self) -> asyncio.subprocess.Process:
        if self._process is None:
            raise RuntimeError("the bot process was never started")
        return self._process

    def _signal(self, signum: signal.Signals) -> None:
        process = self._require()
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signum)

    async def _unless_exited(self, waiting: Coroutine[Any, Any, None]) -> None:
        """Await `waiting`, but fail as soon as the process exits; add output to failures."""
        process = self._require()
        waiter = asyncio.ensure_future(waiting)
        exited = asyncio.ensure_future(process.wait())
        try:
            await asyncio.wait({waiter, exited}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (waiter, exited):
                task.cancel()
            await asyncio.gather(waiter, exited, return_exceptions=True)
        if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
            return
        if waiter.done() and not waiter.cancelled():
            reason = str(waiter.exception())
        else:
            reason = f"bot process exited with code {process.returncode}"
        raise AssertionError(f"{reason}\n--- bot output ---\n{self.output(current_run=True)}")
