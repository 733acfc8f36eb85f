"""Plumbing shared by every handler: the update gate, per-update logging, resilient replies."""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from telegram import (
    ForceReply,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import ApplicationHandlerStop

from bot import texts
from bot.authority import Standing
from bot.models.people import Role, UserStatus
from bot.ratelimit import Kind, Verdict
from handlers.context import BotContext
from handlers.transport import retry_after_seconds
from storage.db import current_update_id

logger = logging.getLogger("bot.updates")
T = TypeVar("T")

ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply
Callback = Callable[[Update, BotContext], Coroutine[Any, Any, None]]

# Interactive replies retry a few times on flood control, timeouts and 5xx before giving up.
REPLY_ATTEMPTS = 4
MAX_RETRY_AFTER = 30.0


def _user_id(update: Update) -> int | None:
    return update.effective_user.id if update.effective_user else None


def log_update(update: Update, handler: str, outcome: str, started: float) -> None:
    """Write the one log line of a handled update."""
    elapsed = (time.perf_counter() - started) * 1000
    logger.info(
        "update=%s user=%s handler=%s outcome=%s ms=%.1f",
        update.update_id,
        _user_id(update),
        handler,
        outcome,
        elapsed,
        extra={
            "update_id": update.update_id,
            "user_id": _user_id(update),
            "handler": handler,
            "outcome": outcome,
            "ms": round(elapsed, 1),
        },
    )


def tracked(name: str, *, roles: frozenset[Role] | None = None) -> Callable[[Callback], Callback]:
    """Wrap a handler: skip redelivered updates, check the role, bind the update id, log.

    The role check lives here, where the action happens, not only in menus: a person whose
    role is not in `roles` gets a polite refusal, the attempt is audited, nothing else changes.
    """

    def decorate(func: Callback) -> Callback:
        @functools.wraps(func)
        async def wrapper(update: Update, context: BotContext) -> None:
            started = time.perf_counter()
            services = context.services
            if await services.updates.seen(update.update_id):
                _done(update, context, name, "duplicate", started)
                return
            token = current_update_id.set(update.update_id)
            try:
                allowed = roles is None or await _allowed(update, context, name, roles)
                if allowed:
                    await func(update, context)
            except Exception:
                _done(update, context, name, "error", started)
                raise
            finally:
                current_update_id.reset(token)
            if allowed:
                # Handlers that stored nothing are recorded after their reply went out.
                await services.updates.record(update.update_id)
                # Whatever the handler queued in the outbox goes out now, not at the next poll.
                services.wake_outbox()
            _done(update, context, name, "ok" if allowed else "denied", started)

        return wrapper

    return decorate


def _done(update: Update, context: BotContext, name: str, outcome: str, started: float) -> None:
    elapsed = time.perf_counter() - started
    context.services.metrics.count(outcome, update.update_id, handler=name, seconds=elapsed)
    log_update(update, name, outcome, started)


# What a person who is no approved user is told instead of "không có quyền": where their
# account stands (by its status; None: never pressed /start).
_NOT_APPROVED = {
    None: texts.DENIED_UNREGISTERED,
    UserStatus.NEW: texts.DENIED_UNREGISTERED,
    UserStatus.PENDING: texts.DENIED_PENDING,
    UserStatus.REJECTED: texts.DENIED_REJECTED,
    UserStatus.DEACTIVATED: texts.DENIED_DEACTIVATED,
}


def refusal_sentence(standing: Standing, roles: frozenset[Role]) -> str:
    """Why the entry check refused: where the account stands, when approval would let the
    person in; otherwise (an approved user, an admins-only action) plainly "not allowed"."""
    if standing.role is not Role.GUEST or not roles & {Role.STAFF, Role.LEADER}:
        return texts.NOT_ALLOWED
    return _NOT_APPROVED.get(standing.status, texts.NOT_ALLOWED)


async def _allowed(update: Update, context: BotContext, name: str, roles: frozenset[Role]) -> bool:
    user = update.effective_user
    people = context.services.people
    standing = await people.authority.standing(user.id) if user is not None else None
    if standing is not None and standing.holds(roles):
        return True
    actor = user.id if user else 0
    await people.deny(actor, name, f"update:{update.update_id}")
    text = refusal_sentence(standing, roles) if standing is not None else texts.NOT_ALLOWED
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    else:
        await reply(update, context, text)
    return False


async def gate(update: Update, context: BotContext) -> None:
    """Stop updates the bot must not act on: channels, groups (but /help@bot), floods."""
    message = update.effective_message
    chat = update.effective_chat
    if update.channel_post or update.edited_channel_post:
        return _ignore(update, context, "channel")
    in_group = chat is not None and chat.type != chat.PRIVATE
    if in_group and not (message and _is_explicit_help(message, context.bot.username)):
        return _ignore(update, context, "group")
    return await _rate_limit(update, context)


async def _rate_limit(update: Update, context: BotContext) -> None:
    """Past a person's rate limit: one notice, then nothing (no database work) until refilled."""
    user = update.effective_user
    if user is None:
        return
    kind = Kind.BUTTON if update.callback_query is not None else Kind.TEXT
    limiter = context.services.limiter
    verdict = limiter.check(user.id, kind)
    if verdict is Verdict.ALLOW:
        return
    started = time.perf_counter()
    if verdict is Verdict.NOTIFY:
        log_update(update, "gate", f"ratelimited:{kind.value}", started)
        notice = texts.too_fast(limiter.wait(user.id, kind))
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(notice, show_alert=True)
            else:
                await reply(update, context, notice)
        except TelegramError as exc:  # the notice is a courtesy; the update is dropped anyway
            logger.info("Rate-limit notice to %s not sent: %s", user.id, exc)
    # Counted last: an update counts as finished once its notice went out.
    context.services.metrics.count("ratelimited", update.update_id)
    raise ApplicationHandlerStop


def _is_explicit_help(message: Message, bot_username: str) -> bool:
    text = (message.text or "").split(maxsplit=1)
    return bool(text) and text[0].lower() == f"/help@{bot_username}".lower()


def _ignore(update: Update, context: BotContext, why: str) -> None:
    started = time.perf_counter()
    context.services.metrics.count("ignored", update.update_id)
    log_update(update, "gate", f"ignored:{why}", started)
    raise ApplicationHandlerStop


async def reply(
    update: Update,
    context: BotContext,
    text: str,
    *,
    reply_markup: ReplyMarkup | None = None,
    **kwargs: Any,
) -> Message | None:
    """Send an interactive reply to the update's chat, riding out flood control and 5xx."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await send_with_retry(context, chat.id, text, reply_markup=reply_markup, **kwargs)


async def send_with_retry(
    context: BotContext,
    chat_id: int,
    text: str,
    *,
    reply_markup: ReplyMarkup | None = None,
    **kwargs: Any,
) -> Message | None:
    """Send a message now; retry RetryAfter, timeouts and server errors a few times."""
    return await send_paced(
        context,
        chat_id,
        lambda: context.bot.send_message(chat_id, text, reply_markup=reply_markup, **kwargs),
    )


async def send_paced(
    context: BotContext, chat_id: int, send: Callable[[], Coroutine[Any, Any, T]]
) -> T | None:
    """Make one interactive send (a message, a file) to `chat_id` now, under the shared
    budget; retry RetryAfter, timeouts and server errors a few times. `send` is called once
    per attempt, so it builds anything an attempt consumes (a BytesIO, an open file) itself.
    None when the person blocked the bot."""
    delay = 0.5
    for attempt in range(1, REPLY_ATTEMPTS + 1):
        last = attempt == REPLY_ATTEMPTS
        try:
            return await _send_once(context, chat_id, send)
        except RetryAfter as exc:
            wait = retry_after_seconds(exc)
            # The pause holds every send to this chat (outbox too), or everything if several
            # chats are paused at once; the next acquire waits it out.
            context.services.budget.flood(chat_id, wait)
            if last or wait > MAX_RETRY_AFTER:
                raise
            logger.warning("Flood control on reply to %s: waiting %.1fs", chat_id, wait)
        except BadRequest:  # a subclass of NetworkError that no retry can fix
            raise
        except Forbidden:
            logger.info("User %s blocked the bot; reply dropped", chat_id)
            return None
        except (TimedOut, NetworkError) as exc:
            if last:
                raise
            logger.warning("Reply to %s failed (%s); retrying", chat_id, type(exc).__name__)
            await asyncio.sleep(delay)
            delay *= 2
    return None


async def _send_once(
    context: BotContext, chat_id: int, send: Callable[[], Coroutine[Any, Any, T]]
) -> T:
    # Interactive replies share the outbox's budget and go ahead of it.
    budget = context.services.budget
    await budget.acquire_interactive(chat_id)
    try:
        return await send()
    finally:
        budget.finished(chat_id)


def split_message(text: str, limit: int = 4000) -> list[str]:
    """Split a long HTML text at line breaks into pieces Telegram accepts."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit and current:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces


async def reply_long(update: Update, context: BotContext, text: str) -> None:
    """Reply with a text that may be longer than one message."""
    for piece in split_message(text):
        await reply(update, context, piece)
