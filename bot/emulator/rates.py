"""Sliding-window send limits, the stated rule the fake enforces when asked to.

Over any one second: at most `overall` sends in total and `per_chat` per private chat; over any
minute: at most `per_group_minute` per group (negative chat id).
"""

from __future__ import annotations

import math
from collections import deque


class RateLimiter:
    def __init__(self) -> None:
        self._overall: deque[float] = deque()
        self._per_chat: dict[int, deque[float]] = {}

    def retry_after(
        self, chat_id: int, now: float, *, overall: int, per_chat: int, per_group_minute: int
    ) -> int | None:
        """Seconds to wait before a send to `chat_id` is allowed, or None if it is allowed now."""
        waits = [_wait(self._overall, overall, 1.0, now)]
        stamps = self._per_chat.get(chat_id, deque())
        if chat_id < 0:
            waits.append(_wait(stamps, per_group_minute, 60.0, now))
        else:
            waits.append(_wait(stamps, per_chat, 1.0, now))
        longest = max((wait for wait in waits if wait is not None), default=None)
        return None if longest is None else max(1, math.ceil(longest))

    def record(self, chat_id: int, now: float) -> None:
        for stamps in (self._overall, self._per_chat.setdefault(chat_id, deque())):
            stamps.append(now)
            while stamps[0] <= now - 60.0:
                stamps.popleft()


def _wait(stamps: deque[float], limit: int, window: float, now: float) -> float | None:
    """Time until fewer than `limit` stamps are inside the window ending at `now`."""
    inside = [stamp for stamp in stamps if stamp > now - window]
    if len(inside) < limit:
        return None
    return inside[-limit] + window - now
