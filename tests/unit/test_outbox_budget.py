"""RateBudget: per-chat spacing, the overall cap, interactive first, pauses; and the backoff."""

from __future__ import annotations

import asyncio
import itertools
import time

import pytest

from bot.outbox.budget import RateBudget
from bot.outbox.sender import backoff

# Small windows keep these fast; assertions use lower bounds (a busy machine is only slower).
TOLERANCE = 0.01


def fast_budget(**overrides: float) -> RateBudget:
    limits: dict[str, float] = {
        "per_second": 1000,
        "window": 0.1,
        "chat_interval": 0.05,
        "group_limit": 1000,
        "group_window": 0.1,
        "slack": 0.0,
    }
    limits.update(overrides)
    return RateBudget(
        per_second=int(limits["per_second"]),
        window=limits["window"],
        chat_interval=limits["chat_interval"],
        group_limit=int(limits["group_limit"]),
        group_window=limits["group_window"],
        slack=limits["slack"],
    )


async def stamps_of(budget: RateBudget, chats: list[int]) -> list[float]:
    stamps = []
    for chat in chats:
        await budget.acquire_bulk(chat)
        stamps.append(time.monotonic())
    return stamps


async def test_budget_spaces_sends_to_one_private_chat() -> None:
    budget = fast_budget(chat_interval=0.05)
    stamps = await stamps_of(budget, [7, 7, 7])
    gaps = [later - earlier for earlier, later in itertools.pairwise(stamps)]
    assert all(gap >= 0.05 - TOLERANCE for gap in gaps), gaps


async def test_budget_spaces_a_chat_from_when_its_last_send_came_back() -> None:
    # A slow request: Telegram may have stamped it just before answering, so the next send to
    # the chat waits a full interval from the answer, not from when the request left.
    budget = fast_budget(chat_interval=0.1)
    await budget.acquire_bulk(7)
    await asyncio.sleep(0.08)  # the request is on the wire
    budget.finished(7)
    came_back = time.monotonic()
    await budget.acquire_bulk(7)
    assert time.monotonic() - came_back >= 0.1 - TOLERANCE


async def test_finishing_a_send_does_not_hold_other_chats_or_groups() -> None:
    budget = fast_budget(chat_interval=5.0)
    budget.finished(8)  # never acquired: nothing to hold
    budget.finished(-100)
    started = time.monotonic()
    await stamps_of(budget, [8, -100])
    assert time.monotonic() - started < 0.5


async def test_budget_does_not_space_different_chats() -> None:
    budget = fast_budget(chat_interval=5.0)
    started = time.monotonic()
    await stamps_of(budget, list(range(1, 21)))
    assert time.monotonic() - started < 1.0


async def test_budget_caps_sends_overall_in_a_sliding_window() -> None:
    budget = fast_budget(per_second=3, window=0.1)
    started = time.monotonic()
    stamps = await stamps_of(budget, list(range(1, 8)))
    assert stamps[2] - started < 0.05  # the first three go at once
    for index in range(3, len(stamps)):
        assert stamps[index] - stamps[index - 3] >= 0.1 - TOLERANCE


async def test_budget_caps_a_group_per_window() -> None:
    budget = fast_budget(group_limit=2, group_window=0.1)
    stamps = await stamps_of(budget, [-100, -100, -100, 5])
    assert stamps[1] - stamps[0] < 0.05
    assert stamps[2] - stamps[0] >= 0.1 - TOLERANCE
    assert stamps[3] - stamps[2] < 0.05  # a private chat is not held by the group


async def test_interactive_reply_goes_before_waiting_bulk_sends() -> None:
    budget = fast_budget(per_second=1, window=0.1)
    await budget.acquire_bulk(1)  # the window is now full
    order: list[str] = []

    async def bulk(chat: int) -> None:
        await budget.acquire_bulk(chat)
        order.append(f"bulk{chat}")

    async def interactive() -> None:
        await budget.acquire_interactive(99)
        order.append("interactive")

    bulk_tasks = [asyncio.create_task(bulk(chat)) for chat in (2, 3)]
    await asyncio.sleep(0)  # the bulk callers are waiting first
    await asyncio.gather(interactive(), *bulk_tasks)
    assert order[0] == "interactive"
    assert sorted(order[1:]) == ["bulk2", "bulk3"]


async def test_interactive_reply_takes_no_chat_limit_but_counts_for_bulk() -> None:
    budget = fast_budget(chat_interval=0.2)
    await budget.acquire_bulk(7)
    started = time.monotonic()
    await budget.acquire_interactive(7)  # a reply never waits for the chat's spacing
    assert time.monotonic() - started < 0.05
    await budget.acquire_bulk(7)  # ... but the next bulk send is spaced after the reply
    assert time.monotonic() - started >= 0.2 - TOLERANCE


@pytest.mark.parametrize("interactive", [False, True])
async def test_pause_holds_every_kind_of_send(interactive: bool) -> None:
    budget = fast_budget()
    budget.pause(0.1)
    assert budget.paused_for > 0
    started = time.monotonic()
    if interactive:
        await budget.acquire_interactive(1)
    else:
        await budget.acquire_bulk(1)
    assert time.monotonic() - started >= 0.1 - TOLERANCE
    assert budget.paused_for == 0


async def test_shorter_pause_does_not_shorten_a_longer_one() -> None:
    budget = fast_budget()
    budget.pause(0.15)
    budget.pause(0.01)
    started = time.monotonic()
    await budget.acquire_bulk(1)
    assert time.monotonic() - started >= 0.15 - TOLERANCE


async def test_waiting_bulk_caller_can_be_cancelled() -> None:
    budget = fast_budget()
    budget.pause(10)
    waiter = asyncio.create_task(budget.acquire_bulk(1))
    await asyncio.sleep(0)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter


def test_budget_rejects_nonsense_limits() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        RateBudget(per_second=0)


def test_backoff_doubles_from_half_a_second_and_is_capped() -> None:
    assert [backoff(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 4.0, 8.0]
    assert backoff(30) == 60.0


async def test_held_chats_names_chats_inside_their_window_and_when_one_frees() -> None:
    budget = fast_budget(chat_interval=0.2, group_limit=1, group_window=0.2)
    assert budget.held_chats() == (frozenset(), None)
    await budget.acquire_bulk(7)
    await budget.acquire_bulk(-100)
    await budget.acquire_bulk(8, per_chat=False)  # a menu or a delete: no chat limit used
    held, free_in = budget.held_chats()
    assert held == {7, -100}
    assert free_in is not None and 0 < free_in <= 0.2


async def test_interactive_replies_are_not_held_by_the_overall_window_but_fill_it() -> None:
    budget = RateBudget(per_second=3, window=0.5, slack=0.0)
    start = time.monotonic()
    for chat in range(10):
        await budget.acquire_interactive(chat)  # replies to people who just wrote
    assert time.monotonic() - start < 0.1
    # The window is full of replies: a bulk send has to wait for it to slide.
    bulk_start = time.monotonic()
    await budget.acquire_bulk(99)
    assert time.monotonic() - bulk_start >= 0.4


async def test_flood_control_on_one_chat_pauses_only_that_chat() -> None:
    budget = fast_budget()
    budget.flood(7, 10.0)
    assert budget.paused_for == 0  # the bot as a whole is not paused
    held, _ = budget.held_chats()
    assert 7 in held
    waiter = asyncio.create_task(budget.acquire_interactive(7))
    # Other chats go on, interactive and bulk, while chat 7 waits out its pause.
    async with asyncio.timeout(5):
        await budget.acquire_interactive(8)
        await budget.acquire_bulk(9)
    assert not waiter.done()
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter


async def test_a_chat_pause_ends_after_retry_after() -> None:
    budget = fast_budget()
    budget.flood(7, 0.1)
    started = time.monotonic()
    await budget.acquire_bulk(7)
    assert time.monotonic() - started >= 0.1 - TOLERANCE


async def test_flood_control_on_several_chats_at_once_pauses_everything() -> None:
    budget = fast_budget()
    budget.flood(1, 10.0)
    budget.flood(2, 10.0)
    assert budget.paused_for == 0
    budget.flood(3, 10.0)
    assert budget.paused_for > 9


async def test_flood_control_without_a_chat_pauses_everything() -> None:
    budget = fast_budget()
    budget.flood(None, 10.0)
    assert budget.paused_for > 9


async def test_a_reply_waiting_for_its_chat_does_not_hold_bulk_sends_to_others() -> None:
    budget = fast_budget()
    budget.flood(7, 10.0)
    reply = asyncio.create_task(budget.acquire_interactive(7))
    await asyncio.sleep(0)
    async with asyncio.timeout(5):
        await budget.acquire_bulk(8)
    assert not reply.done()
    reply.cancel()
    with pytest.raises(asyncio.CancelledError):
        await reply
