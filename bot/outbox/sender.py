"""The outbox's sender loop: drains due rows through a `Transport`, a few at a time.

Every message the bot starts by itself is a row written in the same transaction as the change
that causes it (docs/ARCHITECTURE.md, property 3). Sends are paced by the one `RateBudget`
(bot/outbox/budget.py) that interactive replies share and go first in. Delivery is
at-least-once: a row left `sending` by a crash is sent again after restart.
This module must not import `telegram`; handlers/transport.py adapts PTB to `Transport`.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.clock import Clock
from bot.models.outbox import DEAD_STATUSES, PER_CHAT_METHODS, OutboxMessage
from bot.outbox.budget import RateBudget

logger = logging.getLogger(__name__)

# --- What a transport may raise ---------------------------------------------------------------


class DeliveryError(Exception):
    """Base of the outcomes a transport reports instead of a message id."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RetryLater(DeliveryError):
    """Flood control: nothing may be sent to the chat (or at all) for `seconds`."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"flood control: retry in {seconds:g}s")
        self.seconds = seconds


class Transient(DeliveryError):
    """A timeout, a 5xx or a network failure: worth retrying later."""


class Blocked(DeliveryError):
    """The chat refuses the bot (403): the user blocked it or was deactivated."""


class Permanent(DeliveryError):
    """A request Telegram will never accept (400): retrying cannot help."""


class Transport(Protocol):
    """Delivers one outbox row to Telegram."""

    async def send(self, msg: OutboxMessage, target_message_id: int | None) -> int | None:
        """Perform the row's method; return the Telegram message id it produced, if any.

        Raises RetryLater, Transient, Blocked or Permanent.
        """
        ...


class OutboxStore(Protocol):
    """The part of storage.outbox.OutboxRepository the sender uses."""

    async def claim_due(
        self, now: datetime, limit: int, exclude_chats: Collection[int]
    ) -> list[OutboxMessage]: ...

    async def get(self, row_id: int) -> OutboxMessage | None: ...

    async def mark_sent(self, row_id: int, message_id: int | None, now: datetime) -> None: ...

    async def reschedule(
        self, row_id: int, not_before: datetime, error: str, *, count_attempt: bool = True
    ) -> None: ...

    async def release(self, row_id: int) -> None: ...

    async def mark_failed(self, row_id: int, error: str) -> None: ...

    async def mark_cancelled(self, row_id: int, error: str) -> None: ...

    async def mark_blocked_chat(self, chat_id: int, error: str) -> int: ...

    async def reset_inflight(self) -> int: ...

    async def next_due(self, now: datetime, exclude_chats: Collection[int]) -> datetime | None: ...

    async def open_count(self) -> int: ...


# --- The sender -------------------------------------------------------------------------------


@dataclass
class SenderStats:
    """Outcome counters (the benchmark and /thongke read them)."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    blocked: int = 0
    cancelled: int = 0


def backoff(attempts: int, *, base: float = 0.5, cap: float = 60.0) -> float:
    """Delay before the next try after `attempts` failed ones: 0.5 s, 1, 2, ... capped."""
    return float(min(cap, base * 2 ** max(0, attempts - 1)))


class OutboxSender:
    """Drains the outbox: a few sends in flight, never two for one chat, outcomes recorded."""

    def __init__(
        self,
        repo: OutboxStore,
        transport: Transport,
        budget: RateBudget,
        clock: Clock,
        *,
        concurrency: int = 6,
        on_blocked: Callable[[int], Awaitable[None]] | None = None,
        max_attempts: int = 8,
        poll_interval: float = 1.0,
        edit_wait: float = 1.0,
        stop_grace: float = 10.0,
        on_result: Callable[[str], None] | None = None,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self._repo = repo
        self._transport = transport
        self._budget = budget
        self._clock = clock
        self._concurrency = concurrency
        self._on_blocked = on_blocked
        self._max_attempts = max_attempts
        self._poll_interval = poll_interval
        self._edit_wait = edit_wait
        self._stop_grace = stop_grace
        # Told the result of every send attempt: ok, 429, 403, 400, 5xx or error (metrics).
        self._on_result = on_result
        self.stats = SenderStats()
        self._inflight: dict[int, asyncio.Task[None]] = {}
        self._in_budget: set[int] = set()
        self._on_the_wire: set[int] = set()
        self._wake = asyncio.Event()
        self._drained = asyncio.Event()
        self._stopping = False
        self._loop_task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        """Whether the loop is running."""
        return self._loop_task is not None and not self._loop_task.done()

    def liveness(self) -> str | None:
        """None while the loop runs; otherwise why it does not (for /healthz)."""
        task = self._loop_task
        if task is None:
            return "outbox sender not running"
        if not task.done():
            return None
        if task.cancelled():
            return "outbox sender task was cancelled"
        error = task.exception()
        if error is not None:
            return f"outbox sender task died: {type(error).__name__}: {error}"
        return "outbox sender task ended"

    def _result(self, result: str) -> None:
        if self._on_result is not None:
            self._on_result(result)

    async def start(self) -> None:
        """Return rows a crash left `sending` to the queue, then start the loop."""
        if self._loop_task is not None:
            raise RuntimeError("sender already started")
        await self._repo.reset_inflight()
        self._stopping = False
        self._loop_task = asyncio.create_task(self._run(), name="outbox-sender")

    def wake(self) -> None:
        """Look for due rows now (call after committing an enqueue)."""
        self._drained.clear()
        self._wake.set()

    async def wait_drained(self) -> None:
        """Wait until no row is pending or sending (future-scheduled rows keep it waiting)."""
        await self._drained.wait()

    async def stop(self) -> None:
        """Stop claiming, drop sends still waiting for the budget, let sends on the wire end."""
        if self._loop_task is None:
            return
        self._stopping = True
        self._wake.set()
        try:
            if self._loop_task.done():
                # The loop died earlier (liveness() said so): shut down without re-raising.
                logger.warning(
                    "Outbox: stopping a sender whose loop had ended: %s", self.liveness()
                )
            else:
                await self._loop_task
        finally:
            self._loop_task = None
            await self._finish_inflight()

    async def _finish_inflight(self) -> None:
        # Only sends waiting for the budget are cancelled: they may wait long (flood control)
        # and cancelling one is safe; the rest are a database write or a request from done.
        for chat_id, task in list(self._inflight.items()):
            if chat_id in self._in_budget:
                task.cancel()
        tasks = list(self._inflight.values())
        if not tasks:
            return
        _, late = await asyncio.wait(tasks, timeout=self._stop_grace)
        for task in late:
            task.cancel()
        if late:
            logger.warning("Outbox: %d send(s) cut off at shutdown; resent at start", len(late))
        await asyncio.gather(*tasks, return_exceptions=True)

    # The loop -----------------------------------------------------------------------------

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                timeout = await self._step()
            except Exception:
                logger.exception("Outbox: claiming due messages failed")
                timeout = self._poll_interval
            if timeout is not None and timeout <= 0:
                continue
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    await self._wake.wait()

    async def _step(self) -> float | None:
        """Claim what can go now; return how long to sleep (None: until woken)."""
        free = self._concurrency - len(self._inflight)
        if free <= 0:
            return None
        if not self._inflight and await self._repo.open_count() == 0:
            self._drained.set()
        paused = self._budget.paused_for
        if paused > 0:
            # Rows stay pending during flood control rather than waiting claimed.
            return paused
        # A chat still inside its own rate window would only sit in a slot: leave it queued.
        held, held_for = self._budget.held_chats()
        exclude = held | self._inflight.keys()
        now = self._clock.now()
        batch = await self._repo.claim_due(now, free, exclude)
        for msg in batch:
            self._spawn(msg)
        if batch:
            return 0
        due = await self._repo.next_due(now, exclude)
        waits = [self._poll_interval]
        if due is not None:
            waits.append((due - now).total_seconds())
        if held_for is not None:
            waits.append(held_for)
        return max(0.005, min(waits))

    def _spawn(self, msg: OutboxMessage) -> None:
        self._drained.clear()
        task = asyncio.create_task(self._deliver(msg), name=f"outbox-{msg.id}")
        self._inflight[msg.chat_id] = task
        task.add_done_callback(functools.partial(self._finished, msg.chat_id))

    def _finished(self, chat_id: int, _task: asyncio.Task[None]) -> None:
        self._inflight.pop(chat_id, None)
        self._on_the_wire.discard(chat_id)
        self._wake.set()

    # One delivery --------------------------------------------------------------------------

    async def _deliver(self, msg: OutboxMessage) -> None:
        try:
            await self._attempt(msg)
        except asyncio.CancelledError:
            if msg.chat_id not in self._on_the_wire:
                # Never reached Telegram: hand the row back untouched.
                await self._repo.release(msg.id)
            raise
        except Exception as exc:
            # Storage or budget trouble: retry the row later (and eventually fail it) rather
            # than leave it `sending` until the next restart.
            logger.exception("Outbox: handling message %d failed", msg.id)
            try:
                await self._transient(msg, f"{type(exc).__name__}: {exc}")
            except Exception:
                logger.exception("Outbox: could not reschedule message %d", msg.id)

    async def _attempt(self, msg: OutboxMessage) -> None:
        target_message_id: int | None = None
        if msg.target_id is not None:
            ready, target_message_id = await self._target_ready(msg)
            if not ready:
                return
        per_chat = msg.method in PER_CHAT_METHODS
        self._in_budget.add(msg.chat_id)
        try:
            await self._budget.acquire_bulk(msg.chat_id, per_chat=per_chat)
        finally:
            self._in_budget.discard(msg.chat_id)
        self._on_the_wire.add(msg.chat_id)
        try:
            try:
                message_id = await self._transport.send(msg, target_message_id)
            finally:
                if per_chat:
                    self._budget.finished(msg.chat_id)
        except RetryLater as exc:
            self._result("429")
            await self._retry_later(msg, exc, per_chat=per_chat)
        except Transient as exc:
            self._result("5xx")
            await self._transient(msg, exc.reason)
        except Blocked as exc:
            self._result("403")
            await self._blocked(msg, exc.reason)
        except Permanent as exc:
            self._result("400")
            await self._permanent(msg, exc.reason)
        except Exception as exc:
            # A bug or an unmapped error: treat it as transient so it is retried, then failed.
            self._result("error")
            logger.exception("Outbox: unexpected error sending message %d", msg.id)
            await self._transient(msg, f"{type(exc).__name__}: {exc}")
        else:
            self._result("ok")
            await self._repo.mark_sent(msg.id, message_id, self._clock.now())
            self.stats.sent += 1
            logger.debug("Outbox: sent %d (%s) to %d", msg.id, msg.kind, msg.chat_id)

    async def _target_ready(self, msg: OutboxMessage) -> tuple[bool, int | None]:
        """Check an edit's target: sent → go; dead → cancel; otherwise wait a little."""
        assert msg.target_id is not None
        target = await self._repo.get(msg.target_id)
        if (
            target is None
            or target.status in DEAD_STATUSES
            or (target.status == "sent" and target.message_id is None)
        ):
            why = "target missing" if target is None else f"target {target.status}"
            await self._repo.mark_cancelled(msg.id, why)
            self.stats.cancelled += 1
            return False, None
        if target.status != "sent":
            when = self._clock.now() + timedelta(seconds=self._edit_wait)
            await self._repo.reschedule(msg.id, when, "target not sent yet", count_attempt=False)
            return False, None
        return True, target.message_id

    async def _retry_later(self, msg: OutboxMessage, exc: RetryLater, *, per_chat: bool) -> None:
        # A message to a chat pauses that chat; a menu (setMyCommands) is bot-wide.
        self._budget.flood(msg.chat_id if per_chat else None, exc.seconds)
        when = self._clock.now() + timedelta(seconds=exc.seconds)
        await self._repo.reschedule(msg.id, when, exc.reason, count_attempt=False)
        self.stats.retried += 1

    async def _transient(self, msg: OutboxMessage, reason: str) -> None:
        if msg.attempts >= self._max_attempts:
            await self._repo.mark_failed(msg.id, reason)
            self.stats.failed += 1
            logger.error(
                "Outbox: giving up on %d (%s) to %d after %d attempts: %s",
                msg.id,
                msg.kind,
                msg.chat_id,
                msg.attempts,
                reason,
            )
            return
        delay = backoff(msg.attempts)
        when = self._clock.now() + timedelta(seconds=delay)
        await self._repo.reschedule(msg.id, when, reason)
        self.stats.retried += 1
        logger.warning(
            "Outbox: %d to %d failed (%s); retry %d in %.1fs",
            msg.id,
            msg.chat_id,
            reason,
            msg.attempts,
            delay,
        )

    async def _blocked(self, msg: OutboxMessage, reason: str) -> None:
        rows = await self._repo.mark_blocked_chat(msg.chat_id, reason)
        self.stats.blocked += rows
        logger.info(
            "Outbox: chat %d refuses the bot (%s); %d row(s) blocked", msg.chat_id, reason, rows
        )
        if self._on_blocked is None:
            return
        try:
            await self._on_blocked(msg.chat_id)
        except Exception:
            logger.exception("Outbox: on_blocked(%d) failed", msg.chat_id)

    async def _permanent(self, msg: OutboxMessage, reason: str) -> None:
        await self._repo.mark_failed(msg.id, reason)
        self.stats.failed += 1
        logger.error(
            "Outbox: Telegram refused %d (%s %s) to %d: %s; text: %r",
            msg.id,
            msg.method,
            msg.kind,
            msg.chat_id,
            reason,
            msg.preview(),
        )
