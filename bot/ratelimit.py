"""Per-person rate limits: a token bucket per user and kind of input, checked before any work.

One person sending faster than anyone types (a script, a stuck key, a hostile stranger) gets
one polite notice; what they send after it is dropped without touching the database until
their bucket has refilled. Pure logic on a monotonic clock (no telegram, no storage).
"""

from __future__ import annotations

import enum
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

# Above this many people tracked, those whose buckets are full again are forgotten.
TRACKED_USERS: Final = 5000


class Kind(enum.Enum):
    """What a person sent: typed input (text, commands, files) or a button press."""

    TEXT = "text"
    BUTTON = "button"


class Verdict(enum.Enum):
    """What to do with one update."""

    ALLOW = "allow"
    NOTIFY = "notify"  # the first update over the limit: say so once, do nothing else
    DROP = "drop"  # later ones until the bucket refills: drop silently


@dataclass(frozen=True, slots=True)
class Limit:
    """`burst` updates at once, refilled evenly over `period` seconds."""

    burst: int
    period: float

    @property
    def rate(self) -> float:
        """Tokens regained per second."""
        return self.burst / self.period


# Nobody types ten messages in twenty seconds; a form's buttons go faster, hence more room.
TEXT_LIMIT: Final = Limit(10, 20.0)
BUTTON_LIMIT: Final = Limit(30, 20.0)


@dataclass(slots=True)
class _Bucket:
    tokens: float
    stamp: float
    limited: bool = False  # over the limit and told so: drop until full again


class RateLimiter:
    """Token buckets per (person, kind). After the notice, a person is dropped until full."""

    def __init__(
        self,
        *,
        text: Limit = TEXT_LIMIT,
        button: Limit = BUTTON_LIMIT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limits = {Kind.TEXT: text, Kind.BUTTON: button}
        self._clock = clock
        self._buckets: dict[tuple[int, Kind], _Bucket] = {}

    def check(self, user_id: int, kind: Kind) -> Verdict:
        """Take one token for an update from `user_id`, or say why not."""
        limit = self._limits[kind]
        now = self._clock()
        bucket = self._buckets.get((user_id, kind))
        if bucket is None:
            if len(self._buckets) >= TRACKED_USERS:
                self._forget_full(now)
            bucket = self._buckets[(user_id, kind)] = _Bucket(float(limit.burst), now)
        self._refill(bucket, limit, now)
        if bucket.limited and bucket.tokens >= limit.burst:
            bucket.limited = False
        if bucket.limited:
            return Verdict.DROP
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return Verdict.ALLOW
        bucket.limited = True
        return Verdict.NOTIFY

    def wait(self, user_id: int, kind: Kind) -> int:
        """Whole seconds until the person's bucket of this kind is full again."""
        limit = self._limits[kind]
        bucket = self._buckets.get((user_id, kind))
        if bucket is None:
            return 0
        now = self._clock()
        self._refill(bucket, limit, now)
        return math.ceil((limit.burst - bucket.tokens) / limit.rate)

    def _refill(self, bucket: _Bucket, limit: Limit, now: float) -> None:
        elapsed = max(0.0, now - bucket.stamp)
        bucket.tokens = min(float(limit.burst), bucket.tokens + elapsed * limit.rate)
        bucket.stamp = now

    def _forget_full(self, now: float) -> None:
        # Memory stays bounded however many people write; a full bucket remembers nothing.
        for key, bucket in list(self._buckets.items()):
            limit = self._limits[key[1]]
            self._refill(bucket, limit, now)
            if bucket.tokens >= limit.burst:
                del self._buckets[key]
