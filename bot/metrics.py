"""In-process counters (tests, /thongke and the /metrics endpoint read them).

Events are counted here as they happen; figures the database already holds (outbox depth,
reminders, questions, file size) are read from it at scrape time by `bot/health.py`.
The prometheus objects live in a registry of their own, never the library's global one, so
tests and repeated application builds in one process do not collide.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from prometheus_client import CollectorRegistry, Histogram
from prometheus_client import Counter as PromCounter
from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, Metric

# Outbox send results as the sender reports them (bot/outbox/sender.py).
SEND_RESULTS = ("ok", "429", "403", "400", "5xx", "error")


@dataclass(eq=False)  # compared and hashed by identity: it is a prometheus collector
class Metrics:
    """Counts of handled updates by outcome, errors, handler latency, outbox sends, contact."""

    outcomes: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    # Ids of the latest updates whose handling finished (replies sent), newest last.
    finished: deque[int] = field(default_factory=lambda: deque(maxlen=1000))
    # When Telegram last answered getUpdates or called the webhook (None: not yet).
    last_contact: datetime | None = None
    registry: CollectorRegistry = field(default_factory=lambda: CollectorRegistry(False))

    def __post_init__(self) -> None:
        self.latency = Histogram(
            "bot_handler_seconds",
            "Time to handle one update, by handler.",
            ["handler"],
            registry=self.registry,
        )
        self.sends = PromCounter(
            "bot_outbox_sends",
            "Outbox send attempts by result (ok, 429 flood control, 403 blocked, "
            "400 refused, 5xx server error, timeout or network failure, error: a bug).",
            ["result"],
            registry=self.registry,
        )
        for result in SEND_RESULTS:
            self.sends.labels(result)

    def count(
        self, outcome: str, update_id: int | None = None, *, handler: str = "", seconds: float = 0
    ) -> None:
        """Count one handled update's outcome (and remember it finished, and how long)."""
        self.outcomes[outcome] += 1
        if handler:
            self.latency.labels(handler).observe(seconds)
        if update_id is not None:
            self.finished.append(update_id)

    def sent(self, result: str) -> None:
        """Count one outbox send attempt by result (one of SEND_RESULTS)."""
        self.sends.labels(result).inc()

    def contact(self, now: datetime) -> None:
        """Telegram answered a getUpdates call or delivered an update."""
        self.last_contact = now

    def collect(self) -> Iterator[Metric]:
        """Prometheus families: the event counters above (a custom collector)."""
        updates = CounterMetricFamily(
            "bot_updates", "Updates handled, by outcome.", labels=["outcome"]
        )
        for outcome, number in sorted(self.outcomes.items()):
            updates.add_metric([outcome], number)
        yield updates
        yield CounterMetricFamily("bot_errors", "Errors raised by handlers.", value=self.errors)
        contact = GaugeMetricFamily(
            "bot_telegram_last_contact_timestamp_seconds",
            "Unix time of the last successful getUpdates or webhook call (0: none yet).",
            value=self.last_contact.timestamp() if self.last_contact else 0.0,
        )
        yield contact
        yield from self.registry.collect()
