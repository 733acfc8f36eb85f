"""The update processor: one person's backlog waits in that person's line, not in every slot."""

from __future__ import annotations

import asyncio

from telegram import Chat, Message, Update, User

from handlers.processor import PerChatUpdateProcessor


def update_from(user_id: int, update_id: int) -> Update:
    user = User(user_id, "Tester", is_bot=False)
    chat = Chat(user_id, Chat.PRIVATE)
    message = Message(update_id, date=None, chat=chat, from_user=user, text="x")  # type: ignore[arg-type]
    return Update(update_id, message=message)


async def test_one_persons_backlog_does_not_hold_the_slots_of_others() -> None:
    processor = PerChatUpdateProcessor(4)
    stuck = asyncio.Event()
    other_done = asyncio.Event()

    async def blocked() -> None:
        await stuck.wait()

    async def other() -> None:
        other_done.set()

    # One person's first update hangs (a reply on a slow network); forty more queue behind it.
    flood = [
        asyncio.create_task(processor.process_update(update_from(1, n), blocked()))
        for n in range(40)
    ]
    await asyncio.sleep(0)
    someone = asyncio.create_task(processor.process_update(update_from(2, 100), other()))
    try:
        async with asyncio.timeout(5):
            await other_done.wait()
    finally:
        stuck.set()
        await asyncio.gather(*flood, someone)
    assert processor.current_concurrent_updates == 0


async def test_a_persons_updates_run_one_at_a_time_in_arrival_order() -> None:
    processor = PerChatUpdateProcessor(4)
    order: list[int] = []
    running = 0
    most = 0

    async def handle(n: int) -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0)
        order.append(n)
        running -= 1

    await asyncio.gather(
        *(processor.process_update(update_from(1, n), handle(n)) for n in range(20))
    )
    assert order == list(range(20))
    assert most == 1


async def test_at_most_the_bound_of_different_people_run_at_once() -> None:
    processor = PerChatUpdateProcessor(3)
    running = 0
    most = 0
    release = asyncio.Event()

    async def handle() -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await release.wait()
        running -= 1

    tasks = [
        asyncio.create_task(processor.process_update(update_from(user, user), handle()))
        for user in range(1, 11)
    ]
    for _ in range(10):
        await asyncio.sleep(0)
    assert processor.current_concurrent_updates == 10  # all admitted, three running
    release.set()
    await asyncio.gather(*tasks)
    assert most == 3
    assert processor.slots == 3
