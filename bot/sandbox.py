"""Run a parser on untrusted bytes in a child process, with a wall-time and a memory limit.

Files people upload (official texts, unit lists) are parsed by `run_limited`: a fresh child
process (spawned, so it shares no threads, locks or connections with the bot) caps its own
address space with `resource.setrlimit` and runs one function; the bot waits without blocking
its event loop and kills the child when the time is up. The function's result comes back as
JSON, never as a pickle, so nothing a confused child sends can run code in the bot; callers
still check its shape before they use it. At most MAX_CHILDREN children run at once (per event
loop, so per bot): uploads from several admins at the same moment wait their turn instead of
taking every core and the memory from the bot.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import multiprocessing
import weakref
from collections.abc import Callable
from enum import StrEnum
from multiprocessing.connection import Connection
from typing import Any, Final

logger = logging.getLogger(__name__)

# The largest answer accepted from a child, in bytes of JSON.
MAX_RESULT_BYTES: Final = 64 * 1024 * 1024
# How many children may parse at the same time.
MAX_CHILDREN: Final = 2

_turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)
_running = 0


def running_children() -> int:
    """How many sandboxed children are running now."""
    return _running


def _turn() -> asyncio.Semaphore:
    """This event loop's semaphore of children (a semaphore belongs to one loop)."""
    loop = asyncio.get_running_loop()
    turn = _turns.get(loop)
    if turn is None:
        turn = _turns[loop] = asyncio.Semaphore(MAX_CHILDREN)
    return turn


class Failure(StrEnum):
    """Why a child gave no answer."""

    TIMEOUT = "timeout"  # still running at the wall-time limit: killed
    MEMORY = "memory"  # ran out of its address-space limit
    CRASHED = "crashed"  # raised, died, or answered something that is not JSON


class SandboxFailed(Exception):
    """The child gave no usable answer; `failure` says why."""

    def __init__(self, failure: Failure) -> None:
        self.failure = failure
        super().__init__(failure.value)


async def run_limited(
    func: Callable[..., Any], *args: Any, seconds: float, memory_bytes: int
) -> Any:
    """Run `func(*args)` in a child process and return its JSON-ready result.

    `func` must be a module-level function (the child imports it by name); `args` are pickled
    to the child. The child may use at most `memory_bytes` of address space and `seconds` of
    wall time (CPU time is capped a little above, in case the bot itself dies meanwhile).

    Raises:
        SandboxFailed: on timeout, memory exhaustion, an exception, a crash or a bad answer.
    """
    global _running
    async with _turn():
        _running += 1
        try:
            return await _run_child(func, args, seconds, memory_bytes)
        finally:
            _running -= 1


async def _run_child(
    func: Callable[..., Any], args: tuple[Any, ...], seconds: float, memory_bytes: int
) -> Any:
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child_main,
        args=(sender, func, args, memory_bytes, seconds),
        name=f"sandbox:{getattr(func, '__name__', 'job')}",
        daemon=True,
    )
    try:
        # Starting pickles the arguments into a pipe the child drains: off the event loop.
        await asyncio.to_thread(child.start)
    except OSError:  # no process could be made (limits of the host)
        logger.exception("Could not start a sandboxed %s", child.name)
        receiver.close()
        raise SandboxFailed(Failure.CRASHED) from None
    finally:
        sender.close()
    try:
        try:
            raw = await asyncio.wait_for(asyncio.to_thread(_receive, receiver), seconds)
        except TimeoutError:
            logger.warning("Sandboxed %s killed after %.0f s", child.name, seconds)
            raise SandboxFailed(Failure.TIMEOUT) from None
    finally:
        _stop(child)
        await asyncio.to_thread(child.join, 5)
        receiver.close()
    return _decode(raw, child.name)


def _receive(receiver: Connection) -> bytes | None:
    """The child's one message, or None when it died without sending one."""
    try:
        return receiver.recv_bytes(MAX_RESULT_BYTES)
    except (EOFError, OSError):
        return None


def _stop(child: multiprocessing.process.BaseProcess) -> None:
    if child.is_alive():
        child.kill()


def _decode(raw: bytes | None, name: str) -> Any:
    if raw is None:
        logger.warning("Sandboxed %s died without an answer", name)
        raise SandboxFailed(Failure.CRASHED)
    try:
        message = json.loads(raw)
    except ValueError:
        raise SandboxFailed(Failure.CRASHED) from None
    if not isinstance(message, dict) or "failure" in message or "result" not in message:
        failure = message.get("failure") if isinstance(message, dict) else None
        logger.warning("Sandboxed %s failed: %s", name, failure)
        raise SandboxFailed(Failure.MEMORY if failure == "memory" else Failure.CRASHED)
    return message["result"]


def _child_main(
    sender: Connection,
    func: Callable[..., Any],
    args: tuple[Any, ...],
    memory_bytes: int,
    seconds: float,
) -> None:
    """In the child: limit itself, run the job, send one JSON message."""
    # pypdf and others log warnings about damaged files; the bot reports the outcome instead.
    logging.getLogger().addHandler(logging.NullHandler())
    _limit(memory_bytes, seconds)
    try:
        data = json.dumps({"result": func(*args)}, ensure_ascii=False).encode()
    except MemoryError:
        data = b'{"failure": "memory"}'
    except BaseException as exc:
        data = json.dumps({"failure": type(exc).__name__}).encode()
    sender.send_bytes(data)
    sender.close()


def _limit(memory_bytes: int, seconds: float) -> None:
    try:
        import resource
    except ImportError:  # not a Unix: no limits but the wall time
        return
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    cpu = math.ceil(seconds) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
