"""Uploads are parsed in a child process with time and memory limits; its answer is checked."""

from __future__ import annotations

import multiprocessing
import os
from typing import Any

import pytest

from bot import texts
from bot.knowledge.extract import ExtractCode
from bot.knowledge.reading import Read, ReadFailed, check_payload, read_official
from bot.models.official import to_payload
from bot.people.units import read_csv
from bot.sandbox import Failure, SandboxFailed, run_limited
from tests.hostile_files import (
    csv_long_field,
    deep_docx,
)
from tests.unit.test_importer import encrypt_pdf, make_docx, make_pdf, nd73_text

MIB = 1024 * 1024

# ---------------------------------------------------------------------------------------------
# The sandbox


def _echo(value: Any) -> Any:
    return value


def _spin(_: int) -> None:
    while True:
        pass


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * MIB))


def _nap(seconds: float) -> float:
    import time

    time.sleep(seconds)
    return seconds


async def test_parses_from_several_people_at_once_run_a_few_at_a_time() -> None:
    """Six admins uploading at once do not start six processes: the rest wait their turn."""
    import asyncio

    from bot import sandbox

    peak = 0

    async def watch() -> None:
        nonlocal peak
        while True:
            peak = max(peak, sandbox.running_children())
            await asyncio.sleep(0.01)

    watcher = asyncio.create_task(watch())
    try:
        jobs = [run_limited(_nap, 0.4, seconds=20, memory_bytes=512 * MIB) for _ in range(6)]
        assert await asyncio.gather(*jobs) == [0.4] * 6
    finally:
        watcher.cancel()
    assert 1 <= peak <= sandbox.MAX_CHILDREN
    assert sandbox.running_children() == 0


def _die(code: int) -> None:
    os._exit(code)


def _raise(_: int) -> None:
    raise RecursionError("deep")


def _not_json(_: int) -> object:
    return {1, 2}


async def test_sandbox_returns_plain_data() -> None:
    value = {"text": "Điều 1", "n": [1, 2, None]}
    assert await run_limited(_echo, value, seconds=30, memory_bytes=512 * MIB) == value


@pytest.mark.parametrize(
    ("func", "arg", "failure"),
    [
        (_spin, 0, Failure.TIMEOUT),
        (_allocate, 1024, Failure.MEMORY),
        (_die, 3, Failure.CRASHED),
        (_raise, 0, Failure.CRASHED),
        (_not_json, 0, Failure.CRASHED),
    ],
)
async def test_sandbox_limits_and_failures(func: Any, arg: int, failure: Failure) -> None:
    with pytest.raises(SandboxFailed) as caught:
        await run_limited(func, arg, seconds=2, memory_bytes=256 * MIB)
    assert caught.value.failure is failure
    # The child is gone: nothing keeps running after the bot gave up on it.
    assert multiprocessing.active_children() == []


# ---------------------------------------------------------------------------------------------
# What comes back from the child is checked before use


async def test_read_official_returns_a_checked_parse() -> None:
    read = await read_official(make_docx(nd73_text().splitlines()), "nd73.docx", "ND73")
    assert not isinstance(read, ReadFailed)
    assert read.parsed is not None and len(read.parsed.units) == 24
    detected = await read_official(make_docx(nd73_text().splitlines()), "nd73.docx", None)
    assert not isinstance(detected, ReadFailed) and detected.doc == "ND73"
    failed = await read_official(deep_docx(), "x.docx", "ND73")
    assert failed == ReadFailed(ExtractCode.UNREADABLE)


async def test_pdfs_are_read_within_the_memory_limit() -> None:
    """pypdf (and the decryption it imports) fits in the child's address-space limit."""
    lines = [line for line in nd73_text().split("\n") if line]
    pages = [lines[i : i + 40] for i in range(0, len(lines), 40)]
    read = await read_official(make_pdf(pages, unicode_map=True), "nd73.pdf", "ND73")
    assert not isinstance(read, ReadFailed) and read.parsed is not None
    assert len(read.parsed.units) == 24
    locked = encrypt_pdf(make_pdf([["Dieu 1. Pham vi"]]), user="", owner="owner-secret")
    assert await read_official(locked, "locked.pdf", None) == Read(doc=None)


def _good_payload() -> dict[str, Any]:
    from bot.knowledge.importer import parse_legal

    return to_payload(parse_legal(nd73_text(), "ND73"))


@pytest.mark.parametrize(
    "spoil",
    [
        lambda p: p.update(v=2),
        lambda p: p.update(doc="XX"),
        lambda p: p.update(layout="spiral"),
        lambda p: p.update(units="Điều 1"),
        lambda p: p["units"][0].update(number="1"),
        lambda p: p["units"][0].update(body=None),
        lambda p: p["units"][0].update(extra=1),
        lambda p: p["units"][0]["clauses"].append({"number": 1, "text": "x"}),
        lambda p: p.update(chapters=[["I"]]),
        lambda p: p.update(preamble="x" * 5_000_001),
        lambda p: p.update(units=p["units"] * 200),
    ],
)
def test_payload_of_the_wrong_shape_is_refused(spoil: Any) -> None:
    payload = _good_payload()
    assert check_payload(payload, "ND73").units  # the untouched payload passes
    spoil(payload)
    with pytest.raises(ValueError):
        check_payload(payload, "ND73")


async def test_read_csv_checks_rows_again() -> None:
    parsed = await read_csv("code,name,kind\nAA,Đơn vị A,phường\n".encode())
    assert [(r.line, r.code, r.name, r.kind) for r in parsed.rows] == [
        (2, "AA", "Đơn vị A", "ward")
    ]
    refused = await read_csv(csv_long_field())
    assert refused.rows == () and refused.errors == ((2, texts.CSV_FIELD_TOO_LONG),)
