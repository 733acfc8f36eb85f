"""One send budget for the whole bot, shared by the outbox and interactive replies."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from typing import Final

logger = logging.getLogger(__name__)

HARD_LIMIT: Final = 29
# Slots always left to replies, and half as many again as the last window's replies (bursts).
REPLY_RESERVE: Final = 2
# Flood control on this many different chats within FLOOD_WINDOW seconds means the bot as a
# whole is over Telegram's limit, not one chat: everything pauses.
FLOOD_CHATS: Final = 3
FLOOD_WINDOW: Final = 5.0


class RateBudget:
    """One send budget for the whole bot, shared by the outbox and interactive replies.

    Overall at most `per_second` sends in any sliding `window`; outbox sends to a private chat
    (positive id) at least `chat_interval` apart, to a group (negative id) at most `group_limit`
    in any sliding `group_window`. `slack` is added to every window and spacing: the server sees
    a request a little later than we count it, by a varying amount, and sends released together
    when a window slides on would otherwise land in one server-side window with the next ones.
    Interactive replies answer a person who just wrote: they wait only for a flood-control
    pause, never for a window, and are counted, so the outbox (which waits for its windows and
    yields while a reply waits) slows down under interactive load instead of the replies.
    Flood control (a 429) on one chat pauses that chat only (`flood`); on several chats at
    once, or on a request for no chat, it pauses everything (`pause`).
    Runs on real monotonic time, not the injected Clock.
    """

    def __init__(
        self,
        *,
        per_second: int = 25,
        window: float = 1.0,
        chat_interval: float = 1.0,
        group_limit: int = 20,
        group_window: float = 60.0,
        slack: float = 0.05,
    ) -> None:
        if per_second < 1 or group_limit < 1:
            raise ValueError("limits must be at least 1")
        self._per_second = per_second
        # Telegram's own limit (about 30 sends a second), one below it for safety.
        self._hard_limit = max(per_second, HARD_LIMIT)
        self._window = window + slack
        self._chat_interval = chat_interval + slack
        self._group_limit = group_limit
        self._group_window = group_window + slack
        self._overall: deque[float] = deque()
        self._interactive: deque[float] = deque()
        self._bulk: deque[float] = deque()
        self._private_last: dict[int, float] = {}
        self._group_sends: dict[int, deque[float]] = {}
        self._paused_until = 0.0
        self._chat_paused: dict[int, float] = {}
        self._floods: deque[tuple[float, int]] = deque()
        self._interactive_waiting = 0
        self._changed = asyncio.Event()
        self._records = 0

    @property
    def paused_for(self) -> float:
        """Seconds left of the current pause (0 when not paused)."""
        return max(0.0, self._paused_until - time.monotonic())

    def pause(self, seconds: float) -> None:
        """Stop every send, interactive and bulk, for `seconds` (Telegram's RetryAfter)."""
        until = time.monotonic() + max(0.0, seconds)
        if until > self._paused_until:
            self._paused_until = until
            logger.warning("Send budget paused for %.1fs (flood control)", seconds)
        self._notify()

    def flood(self, chat_id: int | None, seconds: float) -> None:
        """Telegram's RetryAfter on a send to `chat_id` (None: a request for no one chat).

        The chat alone waits `seconds`; the others keep their budget. The same on several chats
        within a few seconds (or on no chat) is the bot-wide limit: everything pauses.
        """
        now = time.monotonic()
        if chat_id is None:
            self.pause(seconds)
            return
        until = now + max(0.0, seconds)
        if until > self._chat_paused.get(chat_id, 0.0):
            self._chat_paused[chat_id] = until
        logger.warning("Chat %s paused for %.1fs (flood control)", chat_id, seconds)
        self._floods.append((now, chat_id))
        while self._floods and self._floods[0][0] <= now - FLOOD_WINDOW:
            self._floods.popleft()
        if len({chat for _, chat in self._floods}) >= FLOOD_CHATS:
            self.pause(seconds)
        self._notify()

    async def acquire_interactive(self, chat_id: int) -> None:
        """Wait out a flood-control pause (ahead of any bulk sender), then count the send.

        A reply waiting for its own chat's pause does not go ahead of bulk sends to others.
        """
        while True:
            now = time.monotonic()
            chat_wait = self._chat_pause_wait(chat_id, now)
            if chat_wait > 0:
                await self._sleep(chat_wait)
                continue
            if self._pause_wait(now) > 0:
                await self._wait_pause_first()
                continue
            self._record(chat_id, now)
            self._interactive.append(now)
            return

    async def _wait_pause_first(self) -> None:
        """Wait out the bot-wide pause, ahead of the bulk senders waiting for it too."""
        self._interactive_waiting += 1
        try:
            while (wait := self._pause_wait(time.monotonic())) > 0:
                await self._sleep(wait)
        finally:
            self._interactive_waiting -= 1
            if self._interactive_waiting == 0:
                self._notify()

    async def acquire_bulk(self, chat_id: int, *, per_chat: bool = True) -> None:
        """Wait for an overall slot and the chat's own limit, after interactive callers.

        per_chat=False (a command menu, a delete) skips and does not use the chat's limit.
        """
        while True:
            now = time.monotonic()
            if self._interactive_waiting:
                await self._sleep(None)
                continue
            wait = max(self._pause_wait(now), self._bulk_wait(now))
            wait = max(wait, self._chat_pause_wait(chat_id, now))
            if per_chat:
                wait = max(wait, self._chat_wait(chat_id, now))
            if wait <= 0:
                self._record(chat_id if per_chat else None, now)
                self._bulk.append(now)
                return
            await self._sleep(wait)

    def finished(self, chat_id: int) -> None:
        """Restart a private chat's spacing when a send to it comes back, whatever the outcome.

        Telegram stamped the send somewhere between our acquire and its response; spacing the
        next send from the response keeps the server-side gap at least `chat_interval` however
        long the request took on the way (a busy event loop delays it by more than `slack`).
        """
        if chat_id > 0 and chat_id in self._private_last:
            self._private_last[chat_id] = max(self._private_last[chat_id], time.monotonic())

    def held_chats(self) -> tuple[frozenset[int], float | None]:
        """Chats whose own limit forbids a bulk send now, and seconds until the first frees."""
        now = time.monotonic()
        self._forget_idle_chats(now)
        waits = {
            chat: last + self._chat_interval - now for chat, last in self._private_last.items()
        }
        for chat, sends in self._group_sends.items():
            waits[chat] = _window_wait(sends, self._group_limit, self._group_window, now)
        for chat, until in self._chat_paused.items():
            waits[chat] = max(waits.get(chat, 0.0), until - now)
        held = {chat: wait for chat, wait in waits.items() if wait > 0}
        return frozenset(held), min(held.values(), default=None)

    def _pause_wait(self, now: float) -> float:
        return self._paused_until - now

    def _chat_pause_wait(self, chat_id: int, now: float) -> float:
        return self._chat_paused.get(chat_id, 0.0) - now

    def _overall_wait(self, now: float) -> float:
        return _window_wait(self._overall, self._per_second, self._window, now)

    def _bulk_wait(self, now: float) -> float:
        # Bulk sends stay within the budget counting replies too; and since replies are never
        # held by the window, bulk also leaves them headroom under Telegram's hard limit: bulk
        # sends plus the replies of the last window stay below it during a large dispatch.
        _prune(self._interactive, self._window, now)
        replies = len(self._interactive)
        headroom = max(1, self._hard_limit - max(REPLY_RESERVE, (3 * replies + 1) // 2))
        return max(
            _window_wait(self._overall, self._per_second, self._window, now),
            _window_wait(self._bulk, headroom, self._window, now),
        )

    def _chat_wait(self, chat_id: int, now: float) -> float:
        if chat_id < 0:
            sends = self._group_sends.get(chat_id)
            if sends is None:
                return 0.0
            return _window_wait(sends, self._group_limit, self._group_window, now)
        last = self._private_last.get(chat_id)
        return 0.0 if last is None else last + self._chat_interval - now

    def _record(self, chat_id: int | None, now: float) -> None:
        self._overall.append(now)
        if chat_id is not None and chat_id < 0:
            self._group_sends.setdefault(chat_id, deque()).append(now)
        elif chat_id is not None:
            self._private_last[chat_id] = now
        self._records += 1
        if self._records % 1000 == 0:
            self._forget_idle_chats(now)

    def _forget_idle_chats(self, now: float) -> None:
        # Keeps memory bounded when the bot talks to many chats over a long time.
        self._private_last = {
            chat: last
            for chat, last in self._private_last.items()
            if last > now - self._chat_interval
        }
        self._chat_paused = {
            chat: until for chat, until in self._chat_paused.items() if until > now
        }
        for chat in list(self._group_sends):
            sends = self._group_sends[chat]
            _prune(sends, self._group_window, now)
            if not sends:
                del self._group_sends[chat]

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _sleep(self, seconds: float | None) -> None:
        """Sleep up to `seconds` (forever if None), waking early when the state changes."""
        changed = self._changed
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await changed.wait()


def _prune(stamps: deque[float], window: float, now: float) -> None:
    while stamps and stamps[0] <= now - window:
        stamps.popleft()


def _window_wait(stamps: deque[float], limit: int, window: float, now: float) -> float:
    """Seconds until fewer than `limit` stamps lie inside the sliding window (<= 0: now)."""
    _prune(stamps, window, now)
    if len(stamps) < limit:
        return 0.0
    return stamps[-limit] + window - now
