"""OutboxRepository on a real SQLite file with the migrations applied."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.models.outbox import OutboxMessage
from storage.db import Database
from storage.migrations import migrate
from storage.outbox import OutboxRepository

BUTTONS = {"inline_keyboard": [[{"text": "Duyệt", "callback_data": "reg:ok:42"}]]}


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def db(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Database]:
    database = Database(tmp_path / "bot.sqlite3", clock=clock)
    await database.open()
    await migrate(database.conn)
    yield database
    await database.close()


@pytest.fixture
def repo(db: Database) -> OutboxRepository:
    return OutboxRepository(db)


async def put(
    repo: OutboxRepository, db: Database, clock: ManualClock, chat_id: int, text: str, **kw: Any
) -> int:
    async with db.transaction() as conn:
        return await repo.enqueue(
            conn, chat_id=chat_id, kind="notice", text=text, now=clock.now(), **kw
        )


async def claim(repo: OutboxRepository, clock: ManualClock, *exclude: int) -> list[OutboxMessage]:
    return await repo.claim_due(clock.now(), 10, set(exclude))


def ids(messages: list[OutboxMessage]) -> list[int]:
    return [msg.id for msg in messages]


async def test_enqueue_stores_the_payload_and_aware_times(
    repo: OutboxRepository, db: Database, clock: ManualClock
) -> None:
    row_id = await put(repo, db, clock, 5, "Xin chào", payload={"reply_markup": BUTTONS})
    msg = await repo.get(row_id)
    assert msg is not None
    assert (msg.chat_id, msg.kind, msg.method, msg.status) == (
        5,
        "notice",
        "sendMessage",
        "pending",
    )
    assert msg.payload == {"reply_markup": BUTTONS, "text": "Xin chào"}
    assert msg.text == "Xin chào"
    assert msg.created_at == msg.not_before == clock.now()
    assert msg.created_at.tzinfo == UTC
    assert (msg.attempts, msg.sent_at, msg.message_id, msg.last_error) == (0, None, None, None)


async def test_enqueue_is_part_of_the_callers_transaction(
    repo: OutboxRepository, db: Database, clock: ManualClock
) -> None:
    with pytest.raises(RuntimeError, match="change failed"):
        async with db.transaction() as conn:
            await repo.enqueue(conn, chat_id=5, kind="notice", text="x", now=clock.now())
            raise RuntimeError("change failed")
    assert (await repo.counts())["pending"] == 0


async def test_enqueue_refuses_unknown_methods_and_empty_messages(
    repo: OutboxRepository, db: Database, clock: ManualClock
) -> None:
    async with db.transaction() as conn:
        with pytest.raises(ValueError, match="unsupported"):
            await repo.enqueue(
                conn, chat_id=1, kind="x", text="x", method="sendPoll", now=clock.now()
            )
        with pytest.raises(ValueError, match="needs a text"):
            await repo.enqueue(conn, chat_id=1, kind="x", now=clock.now())


async def test_claim_takes_one_row_per_chat_in_id_order(
    repo: OutboxRepository, db: Database, clock: ManualClock
) -> None:
    a1 = await put(repo, db, clock, 1, "a1")
    a2 = await put(repo, db, clock, 1, "a2")
    b1 = await put(repo, db, clock, 2, "b1")
    first = await claim(repo, clock)
    assert ids(first) == [a1, b1]
    assert all(msg.status == "sending" and msg.attempts == 1 for msg in first)
    assert await claim(repo, clock) == []  # both chats have a row on the wire
    await repo.mark_sent(a1, 1001, clock.now())
    assert ids(await claim(repo, clock)) == [a2]


async def test_claim_honours_limit_exclusions_and_not_before(
    repo: OutboxRepository, db: Database, clock: ManualClock
) -> None:
    later = await put(repo, db, clock, 1, "later", not_before=clock.now() + timedelta(minutes=5))
    now1 = await put(repo, db, clock, 1, "now")  # a row scheduled later does not hold it back
    now2 = await put(repo, db, clock, 2, "now")
    now3 = await put(repo, db, clock, 3, "now")
    assert ids(await repo.claim_due(clock.now(), 1, {2})) == [now1]
    assert ids(await repo.claim_due(clock.now(), 5, {2})) == [now3]
    assert ids(await repo.claim_due(clock.now(), 5, set())) == [now2]
    assert await repo.claim_due(clock.now(), 0, set()) == []
    await repo.mark_sent(now1, 1, clock.now())
    assert await repo.next_due(clock.now(), set()) == clock.now() + timedelta(minutes=5)
    clock.advance(timedelta(minutes=5))
    assert ids(await claim(repo, clock)) == [later]


async def test_a_row_waiting_for_retry_holds_back_its_chat(
    repo: OutboxRepository, db: Database, clock: ManualClock
) -> None:
    first = await put(repo, db, clock, 1, "first")
    second = await put(repo, db, clock, 1, "second")
    await claim(repo, clock)
    retry_at = clock.now() + timedelta(seconds=2)
    await repo.reschedule(first, retry_at, "Transient: 500")
    assert await claim(repo, clock) == []
    assert await repo.next_due(clock.now(), set()) == retry_at
    clock.advance(timedelta(seconds=2))
    (again,) = await claim(repo, clock)
    assert (again.id, again.attempts, again.last_error) == (first, 2, "Transient: 500")
    await repo.mark_sent(first, 7, clock.now())
    assert ids(await claim(repo, clock)) == [second]


async def test_reschedule_without_counting_gives_the_attempt_back(
    repo: OutboxRepository, db: Database, clock: ManualClock
) -> None:
    row_id = await put(repo, db, clock, 1, "x")
    await claim(repo, clock)
    await repo.reschedule(row_id, clock.now(), "flood control", count_attempt=False)
    msg = await repo.get(row_id)
    assert msg is not None
    assert (msg.status, msg.attempts) == ("pending", 0)


async def test_release_and_outcomes_only_touch_rows_on_the_wire(
    repo: OutboxRepository, db: Database, clock: ManualClock
) -> None:
    one = await put(repo, db, clock, 1, "one")
    two = await put(repo, db, clock, 2, "two")
    await claim(repo, clock)
    await repo.release(one)
    await repo.mark_failed(two, "Bad Request: chat not found")
    await repo.mark_sent(one, 5, clock.now())  # not sending any more: ignored
    first, second = await repo.rows()
    assert (first.status, first.attempts, first.message_id) == ("pending", 0, None)
    assert (second.status, second.last_error) == ("failed", "Bad Request: chat not found")


async def test_reset_inflight_returns_sending_rows_to_the_queue(
    repo: OutboxRepository, db: Database, clock: ManualClock
) -> None:
    for chat in (1, 2, 3):
        await put(repo, db, clock, chat, "x")
    claimed = await claim(repo, clock)
    await repo.mark_sent(claimed[0].id, 9, clock.now())
    assert await repo.reset_inflight() == 2
    assert await repo.counts() == {
        "pending": 2, "sending": 0, "sent": 1, "failed": 0, "blocked": 0, "cancelled": 0
    }  # fmt: skip
    assert ids(await claim(repo, clock)) == [claimed[1].id, claimed[2].id]


async def test_blocked_chat_blocks_all_its_open_rows_only(
    repo: OutboxRepository, db: Database, clock: ManualClock
) -> None:
    sent = await put(repo, db, clock, 1, "sent")
    await claim(repo, clock)
    await repo.mark_sent(sent, 3, clock.now())
    await put(repo, db, clock, 1, "a")
    await put(repo, db, clock, 1, "b", not_before=clock.now() + timedelta(days=1))
    other = await put(repo, db, clock, 2, "other")
    await claim(repo, clock)
    assert await repo.mark_blocked_chat(1, "Forbidden: bot was blocked by the user") == 2
    assert [msg.status for msg in await repo.rows(chat_id=1)] == ["sent", "blocked", "blocked"]
    msg = await repo.get(other)
    assert msg is not None and msg.status == "sending"
    assert await repo.open_count() == 1


async def test_rewrite_group_decides_pending_copies_and_edits_sent_ones(
    repo: OutboxRepository, db: Database, clock: ManualClock
) -> None:
    payload = {"reply_markup": BUTTONS, "parse_mode": "HTML"}
    copies = [
        await put(repo, db, clock, admin, "Đăng ký mới #42", payload=payload, group_key="reg:42")
        for admin in (11, 12, 13, 14)
    ]
    sent, pending, failed, pressed = copies
    await repo.claim_due(clock.now(), 10, {12, 14})
    await repo.mark_sent(sent, 501, clock.now())
    await repo.mark_failed(failed, "Bad Request: chat not found")
    async with db.transaction() as conn:
        touched = await repo.rewrite_group(
            conn, "reg:42", "Đã duyệt bởi <b>An</b>", now=clock.now(), exclude_id=pressed
        )
    assert touched == [sent, pending]
    decided = await repo.get(pending)
    assert decided is not None
    assert decided.payload == {"parse_mode": "HTML", "text": "Đã duyệt bởi <b>An</b>"}
    (edit,) = [msg for msg in await repo.rows(group_key="reg:42") if msg.target_id is not None]
    assert (edit.chat_id, edit.method, edit.target_id, edit.status) == (
        11, "editMessageText", sent, "pending"
    )  # fmt: skip
    assert edit.payload == {"text": "Đã duyệt bởi <b>An</b>", "parse_mode": "HTML"}
    untouched = await repo.get(pressed)
    assert untouched is not None and "reply_markup" in untouched.payload


async def test_rewrite_group_edits_a_copy_on_the_wire_and_fixes_its_retry(
    repo: OutboxRepository, db: Database, clock: ManualClock
) -> None:
    row_id = await put(
        repo, db, clock, 11, "Yêu cầu", payload={"reply_markup": BUTTONS}, group_key="g"
    )
    await claim(repo, clock)
    async with db.transaction() as conn:
        assert await repo.rewrite_group(conn, "g", "Đã từ chối", now=clock.now()) == [row_id]
    copy = await repo.get(row_id)
    assert copy is not None and copy.payload == {"text": "Đã từ chối"}
    edits = [msg for msg in await repo.rows(chat_id=11) if msg.target_id == row_id]
    assert len(edits) == 1


async def test_rewrite_group_keeps_given_buttons_and_moves_copies_out_of_the_group(
    repo: OutboxRepository, db: Database, clock: ManualClock
) -> None:
    reading = {"inline_keyboard": [[{"text": "Lịch sử", "callback_data": "pr:hs:1"}]]}
    payload = {"reply_markup": BUTTONS}
    pending = await put(repo, db, clock, 11, "Thẻ", payload=payload, group_key="p:1:r")
    async with db.transaction() as conn:
        shown = await repo.record_sent(
            conn, chat_id=12, message_id=77, kind="proposal", payload={"text": "Thẻ", **payload},
            group_key="p:1:r", now=clock.now(),
        )  # fmt: skip
        touched = await repo.rewrite_group(
            conn, "p:1:r", "Đã duyệt", now=clock.now(), reply_markup=reading, regroup="p:1"
        )
    assert touched == [pending, shown]
    recorded = await repo.get(shown)
    assert recorded is not None and (recorded.status, recorded.message_id) == ("sent", 77)
    decided = await repo.get(pending)
    assert decided is not None and decided.payload == {"text": "Đã duyệt", "reply_markup": reading}
    (edit,) = [msg for msg in await repo.rows(chat_id=12) if msg.target_id == shown]
    assert edit.payload == {"text": "Đã duyệt", "reply_markup": reading}
    assert {m.id for m in await repo.rows(group_key="p:1") if m.target_id is None} == set(touched)
    async with db.transaction() as conn:  # a later rewrite of the group leaves them alone
        assert await repo.rewrite_group(conn, "p:1:r", "Đã dừng", now=clock.now()) == []


async def test_a_newer_edit_supersedes_a_pending_one(
    repo: OutboxRepository, db: Database, clock: ManualClock
) -> None:
    target = await put(repo, db, clock, 1, "v1")
    await claim(repo, clock)
    await repo.mark_sent(target, 77, clock.now())
    async with db.transaction() as conn:
        old = await repo.enqueue_edit(conn, target_id=target, text="v2", now=clock.now())
        new = await repo.enqueue_edit(
            conn, target_id=target, text="v3", reply_markup=BUTTONS, now=clock.now()
        )
        with pytest.raises(ValueError, match="no outbox row"):
            await repo.enqueue_edit(conn, target_id=999, text="x", now=clock.now())
    superseded, latest = await repo.get(old), await repo.get(new)
    assert superseded is not None and superseded.status == "cancelled"
    assert latest is not None and latest.payload == {"text": "v3", "reply_markup": BUTTONS}
    assert ids(await claim(repo, clock)) == [new]
