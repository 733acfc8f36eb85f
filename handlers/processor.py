"""Process updates of different people concurrently, each person's updates strictly in order."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, Final

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# PTB's own bound (the semaphore its `process_update` takes first) only admits updates; the
# real bound on work in progress is the slot semaphore taken after the person's turn comes.
ADMITTED: Final = 1_000_000


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """A few updates at once (a reply waits on the network), never two of one person.

    A guided conversation needs its answers in order, so updates are serialised per user (or
    chat). The person's turn comes first and a slot second: an update waiting for the same
    person's earlier ones holds no slot, so one person's backlog (a flood of 40 messages)
    waits in that person's own line while everyone else keeps the slots. PTB starts update
    tasks in arrival order and the per-person locks are FIFO, so each person's order is kept.
    Unbounded concurrency was measured slower (bench/dispatch.py), hence a small bound.
    """

    def __init__(self, max_concurrent_updates: int = 8) -> None:
        if max_concurrent_updates < 1:
            raise ValueError("`max_concurrent_updates` must be a positive integer!")
        super().__init__(ADMITTED)
        self._slots_bound = max_concurrent_updates
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}

    @property
    def slots(self) -> int:
        """How many updates (of different people) run at once.

        PTB's `max_concurrent_updates` is ADMITTED, and `current_concurrent_updates` counts
        updates handed over and not finished, running or waiting for their turn.
        """
        return self._slots_bound

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run one update once the same person's earlier updates are done and a slot is free."""
        key = _key(update)
        if key is None:
            async with self._slots:
                await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock, self._slots:
                await coroutine
        finally:
            self._users[key] -= 1
            if self._users[key] == 0:
                del self._users[key]
                self._locks.pop(key, None)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


def _key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat else None
