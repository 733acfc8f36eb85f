"""Files from outside are untrusted: crafted uploads are refused clearly and change nothing,
and while one is being read the bot keeps answering everyone else."""

from __future__ import annotations

import tracemalloc

import pytest

from bot import texts
from bot.knowledge import reading
from tests.e2e.harness import ADMIN_ID, GUEST_ID, Phone, RunningBot, last_text, plain
from tests.hostile_files import (
    bomb_docx,
    broken_xref_pdf,
    corrupt_docx,
    csv_long_field,
    deep_docx,
    slow_pdf,
    truncated_docx,
)

MIB = 1024 * 1024


async def _imports(bot: RunningBot) -> int:
    return int(await bot.services.db.fetchval("SELECT COUNT(*) FROM official_imports"))


def _refused(code: str) -> str:
    return plain(texts.import_refused([texts.IMPORT_EXTRACT_ERRORS[code]]))


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("sau.docx", deep_docx(), "unreadable"),  # RecursionError: "sự cố" before
        ("hong.docx", corrupt_docx(), "unreadable"),  # zlib.error: "sự cố" before
        ("cut.docx", truncated_docx(), "unreadable"),
        ("xref.pdf", broken_xref_pdf(), "unreadable"),
    ],
)
async def test_damaged_official_files_get_a_clear_refusal(
    bot: RunningBot, name: str, data: bytes, code: str
) -> None:
    admin = Phone(bot, ADMIN_ID)
    reply = last_text(await admin.send_document(name, data, caption="NĐ73"))
    assert reply == _refused(code)
    assert texts.GENERIC_ERROR not in [m.body for m in admin.inbox()]
    assert await _imports(bot) == 0
    assert bot.services.metrics.errors == 0


async def test_a_docx_bomb_does_not_grow_the_bots_memory(bot: RunningBot) -> None:
    data = bomb_docx()
    tracemalloc.start()
    try:
        update = bot.fake.send_document(ADMIN_ID, "bom.docx", data, caption="NĐ73")
        # A child process reads it: on a loaded machine (tracemalloc on) that takes a while.
        await bot.handled(int(update["update_id"]), timeout=60)
        reply = last_text([m for m in bot.fake.sent if m.chat_id == ADMIN_ID])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert reply in (_refused("too_big"), _refused("too_complex"))
    # Parsing it in the bot's own process peaked above 700 MiB.
    assert peak < 64 * MIB, f"{peak / MIB:.0f} MiB"
    assert await _imports(bot) == 0


async def test_the_bot_answers_others_while_a_slow_file_is_read(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "PARSE_SECONDS", 3.0)
    fake = bot.fake
    admin_update = fake.send_document(ADMIN_ID, "cham.pdf", slow_pdf(), caption="NĐ73")
    admin_update_id = int(admin_update["update_id"])
    # Once the file is downloaded its parsing starts (it takes ~20 s of CPU).
    await bot.wait_for(lambda: any(call[0] == "downloadFile" for call in fake.calls))
    other = Phone(bot, GUEST_ID)
    answered = await other.send("/start")
    assert answered, "the other user got no reply"
    # The other user was answered while the import was still running …
    assert admin_update_id not in bot.services.metrics.finished
    # … and the import itself stops at the wall-time limit with a clear refusal.
    await bot.handled(admin_update_id, timeout=60)
    admin_replies = [m.body for m in fake.sent if m.chat_id == ADMIN_ID]
    assert admin_replies[-1] == _refused("too_complex")
    assert await _imports(bot) == 0


async def test_units_csv_with_a_huge_field_is_refused_and_changes_nothing(
    bot: RunningBot,
) -> None:
    admin = Phone(bot, ADMIN_ID)
    before = [u.code for u in await bot.services.units.units.list_all(active_only=False)]
    reply = last_text(
        await admin.send_document("donvi.csv", csv_long_field(), caption="donvi thay")
    )
    assert reply == plain(texts.csv_errors([(2, texts.CSV_FIELD_TOO_LONG)]))
    after = [u.code for u in await bot.services.units.units.list_all(active_only=False)]
    assert after == before
    assert bot.services.metrics.errors == 0
