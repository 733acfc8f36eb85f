"""Health and metrics for monitoring: what /healthz answers and what /metrics exposes.

Telegram-free: handlers/health.py serves these over HTTP. Event counters come from
`bot/metrics.py`; every figure the database holds is read from it at request time (one
`Snapshot`), never kept as shadow state in memory.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, Metric

from bot.clock import Clock, from_iso
from bot.config import Settings
from bot.metrics import Metrics
from storage.health import HealthRepository, Snapshot

logger = logging.getLogger(__name__)

# In webhook mode Telegram calls only when there is an update: getWebhookInfo is asked this
# often, and an empty queue of pending updates counts as contact.
WEBHOOK_PROBE_SECONDS = 60
# A database that does not answer a one-line read in this time is unhealthy.
DATABASE_TIMEOUT = 5.0


def stale_after(settings: Settings) -> timedelta:
    """How long without contact with Telegram is unhealthy: 3 × the longest quiet interval
    (the getUpdates long-poll timeout, or the webhook probe interval) + 60 s."""
    quiet = settings.poll_timeout if settings.mode == "polling" else WEBHOOK_PROBE_SECONDS
    return timedelta(seconds=3 * quiet + 60)


@dataclass(frozen=True, slots=True)
class Health:
    """The answer of /healthz: healthy or not, and one line saying why."""

    ok: bool
    reason: str


class HealthCheck:
    """Computes health and the metrics exposition from the services of one process."""

    def __init__(
        self,
        repo: HealthRepository,
        metrics: Metrics,
        clock: Clock,
        settings: Settings,
        sender_liveness: Callable[[], str | None],
    ) -> None:
        self._repo = repo
        self._metrics = metrics
        self._clock = clock
        self._settings = settings
        self._sender_liveness = sender_liveness
        # A process that has not polled yet gets one full interval of grace from here.
        self._started = clock.now()

    async def status(self) -> Health:
        """Database answers, sender alive, Telegram contact recent: in this order."""
        problem = await self._database_problem()
        if problem is None:
            problem = self._sender_liveness()
        if problem is None:
            problem = self._contact_problem()
        return Health(True, "ok") if problem is None else Health(False, problem)

    async def _database_problem(self) -> str | None:
        try:
            async with asyncio.timeout(DATABASE_TIMEOUT):
                await self._repo.ping()
        except TimeoutError:
            return f"database did not answer in {DATABASE_TIMEOUT:g} s"
        except Exception as exc:
            return f"database unreadable: {type(exc).__name__}: {exc}"
        return None

    def _contact_problem(self) -> str | None:
        since = self._metrics.last_contact or self._started
        age = (self._clock.now() - since).total_seconds()
        limit = stale_after(self._settings).total_seconds()
        if age <= limit:
            return None
        what = "getUpdates" if self._settings.mode == "polling" else "webhook call"
        if self._metrics.last_contact is None:
            return f"no successful {what} since start {age:.0f} s ago (limit {limit:.0f} s)"
        return f"no successful {what} for {age:.0f} s (limit {limit:.0f} s)"

    async def exposition(self) -> bytes:
        """The Prometheus text format: event counters, then what the database holds now."""
        registry = CollectorRegistry(auto_describe=False)
        registry.register(self._metrics)
        try:
            async with asyncio.timeout(DATABASE_TIMEOUT):
                snapshot: Snapshot | None = await self._repo.snapshot()
        except Exception:
            logger.warning("Metrics: the database did not answer", exc_info=True)
            snapshot = None
        wal = Path(f"{self._settings.database_path}-wal")
        registry.register(DatabaseCollector(snapshot, self._clock.now(), _size(wal)))
        return generate_latest(registry)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class DatabaseCollector:
    """Prometheus families for one database snapshot (a custom collector)."""

    def __init__(self, snapshot: Snapshot | None, now: datetime, wal_bytes: int) -> None:
        self._snapshot = snapshot
        self._now = now
        self._wal_bytes = wal_bytes

    def collect(self) -> Iterator[Metric]:
        snap = self._snapshot
        yield _gauge(
            "bot_database_up", "1 when the database answered this scrape.", int(bool(snap))
        )
        if snap is None:
            return
        yield _gauge("bot_outbox_queue_depth", "Outbox rows pending or sending.", snap.outbox_open)
        oldest = 0.0
        if snap.outbox_oldest is not None:
            oldest = max(0.0, (self._now - from_iso(snap.outbox_oldest)).total_seconds())
        yield _gauge(
            "bot_outbox_oldest_age_seconds",
            "Age of the oldest outbox row still pending or sending (0: queue empty).",
            oldest,
        )
        yield CounterMetricFamily(
            "bot_reminders_sent", "Deadline reminders sent (ledger).", value=snap.reminders_sent
        )
        yield _gauge(
            "bot_reminders_pending",
            "Deadline reminders queued in the outbox, not delivered yet.",
            snap.reminders_pending,
        )
        questions = CounterMetricFamily(
            "bot_questions", "Questions asked, by result.", labels=["result"]
        )
        questions.add_metric(["answered"], snap.questions_answered)
        questions.add_metric(["refused"], snap.questions_refused)
        yield questions
        yield _gauge("bot_database_bytes", "Size of the database file.", snap.database_bytes)
        yield _gauge("bot_database_wal_bytes", "Size of its write-ahead log.", self._wal_bytes)


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)
