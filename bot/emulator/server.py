"""FakeBotApi: an aiohttp server on 127.0.0.1 that speaks the Telegram Bot API.

A real PTB Application talks to it through `base_url`/`base_file_url`; tests act as users
(users.py), inspect what the bot sent (state.py), and inject faults, holds and latency (here).
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import Callable
from types import TracebackType

import aiohttp
from aiohttp import web

from .checks import check_webhook
from .methods import BotMethods, Handler
from .models import (
    FAULT_KINDS,
    ApiError,
    Fault,
    FaultServed,
    Hold,
    JsonDict,
    Rejection,
    SentMessage,
    WebhookPush,
)
from .state import DEFAULT_TOKEN, now_date
from .users import UserActions
from .wire import chat_id_of, flag_param, number_param, read_params, update_type

# Update types Telegram leaves out unless they are asked for explicitly.
NOT_DELIVERED_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)
POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
    "running"
)
_FAULT_ANSWERS = {
    "429": (429, "Too Many Requests: retry after {retry_after}"),
    "500": (500, "Internal Server Error"),
    "502": (502, "Bad Gateway"),
    "timeout": (500, "Internal Server Error"),
}


class FakeBotApi(BotMethods, UserActions):
    """Fake Telegram Bot API server; start it inside the test's event loop."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        bot_id: int = 123456789,
        bot_username: str = "nd73_test_bot",
        bot_first_name: str = "Trợ lý NĐ73",
        *,
        first_update_id: int = 1,
    ) -> None:
        super().__init__(
            token, bot_id, bot_username, bot_first_name, first_update_id=first_update_id
        )
        self.latency = 0.0  # seconds added to every method but getUpdates
        self.method_latency: dict[str, float] = {}  # per-method override of `latency`
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.webhook_allowed_updates: list[str] | None = None
        self.webhook_retry_delay = 0.1
        self._webhook_error: tuple[int, str] | None = None
        self._faults: list[Fault] = []
        self._holds: list[Hold] = []
        self._poll_generation = 0
        table: dict[str, Handler] = {
            **self._method_table(),
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
        }
        self._handlers = {name.lower(): (name, handler) for name, handler in table.items()}
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._pusher: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    # -- lifecycle ----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """PTB's `base_url`: the token is appended to it."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def start(self) -> FakeBotApi:
        if self._runner is not None:
            raise RuntimeError("FakeBotApi is already running")
        self._stopping.clear()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._on_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._on_file)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        self.port = int(runner.addresses[0][1])
        self._runner = runner
        self._session = aiohttp.ClientSession()
        self._pusher = asyncio.create_task(self._push_webhooks(), name="fakebotapi-webhook")
        return self

    async def stop(self) -> None:
        """Wake long polls, release holds, cut injected timeouts short, close the server."""
        if self._runner is None:
            return
        self._stopping.set()
        for hold in self._holds:
            hold.release()
        self._notify()
        if self._pusher is not None:
            self._pusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pusher
        if self._session is not None:
            await self._session.close()
        await self._runner.cleanup()
        self._runner = self._session = self._pusher = None

    async def __aenter__(self) -> FakeBotApi:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    # -- fault injection and holds ------------------------------------------------------------

    def inject(
        self,
        method: str,
        kind: str,
        *,
        times: int = 1,
        retry_after: int = 1,
        chat_id: int | None = None,
        delay: float | None = None,
        delivered: bool = False,
    ) -> Fault:
        """Serve `kind` ("429", "500", "502", "timeout") for the next `times` matching calls.

        "timeout" sleeps `delay` (default 30) seconds and then answers 500; with `delivered`
        the call is processed first (the message counts as sent, the client never hears so).
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; use one of {FAULT_KINDS}")
        fault = Fault(method, kind, times, retry_after, chat_id, delay, delivered)
        self._faults.append(fault)
        return fault

    def hold(self, method: str, chat_id: int | None = None) -> Hold:
        """Process the next matching call, then keep its answer back until `release()`.

        A held getUpdates has already applied its offset; to model a confirmation that never
        reached Telegram, inject a "timeout" fault on getUpdates instead (it is not processed).
        """
        hold = Hold(method, chat_id)
        self._holds.append(hold)
        return hold

    # -- waiting ------------------------------------------------------------------------------

    async def wait_until(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,
        *,
        message: str = "",
    ) -> None:
        """Wait until `predicate()` is true; re-checked after every change and every request."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                what = message or "condition"
                raise AssertionError(f"{what} not met within {timeout}s\n{self.describe_sent()}")
            await self._wait_change(remaining)

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[SentMessage], bool] | None = None,
        *,
        timeout: float = 5.0,
        after: int = 0,
    ) -> SentMessage:
        """The first message to `chat_id` with index >= `after` in `sent` matching `predicate`.

        Deleted messages count too (they were sent); edits are seen as they happen.
        """
        found: list[SentMessage] = []

        def check() -> bool:
            for item in self.sent[after:]:
                if item.chat_id == chat_id and (predicate is None or predicate(item)):
                    found.append(item)
                    return True
            return False

        condition = "matching message" if predicate else "message"
        await self.wait_until(
            check, timeout, message=f"{condition} to chat {chat_id} (from index {after})"
        )
        return found[0]

    async def wait_for_call(
        self,
        method: str,
        timeout: float = 5.0,
        count: int = 1,
    ) -> JsonDict:
        """Wait for the `count`-th call of `method`; returns its parameters."""

        def matching() -> list[JsonDict]:
            return [params for name, params in self.calls if name.lower() == method.lower()]

        await self.wait_until(
            lambda: len(matching()) >= count, timeout, message=f"{count} call(s) of {method}"
        )
        return matching()[count - 1]

    async def _wait_change(self, seconds: float | None) -> None:
        await self.wait_change(seconds)

    async def _pause(self, seconds: float) -> None:
        """Sleep, but end early when the server stops."""
        if seconds > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), seconds)

    # -- HTTP ---------------------------------------------------------------------------------

    async def _on_method(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        try:
            params = await read_params(request)
        except ApiError as exc:
            self.calls.append((method, {}))
            return self._error(method, {}, exc)
        self.calls.append((method, params))
        self._notify()
        try:
            return await self._dispatch(request.match_info["token"], method, params)
        finally:
            self._notify()

    async def _dispatch(self, token: str, method: str, params: JsonDict) -> web.StreamResponse:
        if token != self.token:
            return self._error(method, params, ApiError(401, "Unauthorized"))
        entry = self._handlers.get(method.lower())
        if entry is None:
            return self._error(method, params, ApiError(404, "Not Found"))
        name, handler = entry
        if name != "getUpdates":
            await self._pause(self.method_latency.get(name, self.latency))
        chat_id = chat_id_of(params)
        fault = self._take_fault(name, chat_id)
        if fault is not None and not (fault.kind == "timeout" and fault.delivered):
            return await self._serve_fault(name, params, fault)
        hold = self._take_hold(name, chat_id)
        sent_before = len(self.sent)
        response = await self._run(name, handler, params)
        if fault is not None:
            return await self._serve_fault(name, params, fault)
        if hold is not None:
            hold.params = params
            hold.message = self.sent[-1] if len(self.sent) > sent_before else None
            hold.arrived.set()
            self._notify()
            await hold.wait_released()
        return response

    async def _run(self, name: str, handler: Handler, params: JsonDict) -> web.Response:
        try:
            result = handler(params)
            if inspect.isawaitable(result):
                result = await result
        except ApiError as exc:
            return self._error(name, params, exc)
        return web.json_response({"ok": True, "result": result})

    def _error(self, method: str, params: JsonDict, exc: ApiError) -> web.Response:
        if exc.record:
            target = self.forbidden if exc.error_code == 403 else self.rejections
            target.append(Rejection(method, exc.description, params, exc.error_code))
        body: JsonDict = {
            "ok": False,
            "error_code": exc.error_code,
            "description": exc.description,
        }
        if exc.retry_after is not None:
            body["parameters"] = {"retry_after": exc.retry_after}
        return web.json_response(body, status=exc.error_code)

    async def _on_file(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        params = {"file_path": path}
        self.calls.append(("downloadFile", params))
        self._notify()
        if request.match_info["token"] != self.token:
            return self._error("downloadFile", params, ApiError(401, "Unauthorized"))
        await self._pause(self.method_latency.get("downloadFile", self.latency))
        stored = self._file_paths.get(path)
        if stored is None:
            return self._error("downloadFile", params, ApiError(404, "Not Found"))
        content_type = stored.mime_type or "application/octet-stream"
        return web.Response(body=stored.content, content_type=content_type)

    # -- faults & holds -----------------------------------------------------------------------

    def _take_fault(self, method: str, chat_id: int | None) -> Fault | None:
        for fault in self._faults:
            if fault.method.lower() != method.lower():
                continue
            if fault.chat_id is not None and fault.chat_id != chat_id:
                continue
            fault.times -= 1
            if fault.times <= 0:
                self._faults.remove(fault)
            return fault
        return None

    async def _serve_fault(self, method: str, params: JsonDict, fault: Fault) -> web.Response:
        self.faults_served.append(FaultServed(method, fault.kind, params))
        self._notify()
        if fault.kind == "timeout":
            await self._pause(30.0 if fault.delay is None else fault.delay)
        status, template = _FAULT_ANSWERS[fault.kind]
        body: JsonDict = {
            "ok": False,
            "error_code": status,
            "description": template.format(retry_after=fault.retry_after),
        }
        if fault.kind == "429":
            body["parameters"] = {"retry_after": fault.retry_after}
        return web.json_response(body, status=status)

    def _take_hold(self, method: str, chat_id: int | None) -> Hold | None:
        for hold in self._holds:
            if hold.matches(method, chat_id):
                hold.claimed = True
                return hold
        return None

    # -- getUpdates ---------------------------------------------------------------------------

    async def _get_updates(self, params: JsonDict) -> list[JsonDict]:
        if self.webhook_url:
            raise ApiError(409, WEBHOOK_CONFLICT)
        offset = number_param(params, "offset", 0)
        limit = min(max(number_param(params, "limit", 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self.allowed_updates = [str(kind) for kind in allowed] or None
        self._apply_offset(offset)
        self._poll_generation += 1
        generation = self._poll_generation
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if generation != self._poll_generation:
                self.poll_conflicts += 1
                raise ApiError(409, POLL_CONFLICT, record=False)
            batch = self._deliverable(self.allowed_updates)[:limit]
            remaining = deadline - loop.time()
            if batch or remaining <= 0 or self._stopping.is_set():
                return batch
            await self._wait_change(remaining)

    def _apply_offset(self, offset: int) -> None:
        if offset > 0:
            self._confirm_below(offset)
        elif offset < 0:
            kept = self._updates[offset:]
            self._confirm_below(kept[0]["update_id"] if kept else self._next_update_id)

    def _deliverable(self, allowed: list[str] | None) -> list[JsonDict]:
        """Pending updates of allowed types; the others are dropped as Telegram would."""

        def wanted(update: JsonDict) -> bool:
            kind = update_type(update)
            return kind in allowed if allowed else kind not in NOT_DELIVERED_BY_DEFAULT

        self._updates = [update for update in self._updates if wanted(update)]
        return list(self._updates)

    # -- webhook ------------------------------------------------------------------------------

    def _set_webhook(self, params: JsonDict) -> bool:
        url = str(params.get("url") or "")
        if not url:
            return self._delete_webhook(params)
        secret = params.get("secret_token") or None
        check_webhook(url, secret)
        if flag_param(params, "drop_pending_updates"):
            self.drop_pending_updates()
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self.webhook_allowed_updates = [str(kind) for kind in allowed] or None
        self.webhook_url, self.webhook_secret = url, secret
        self._webhook_error = None
        return True

    def _delete_webhook(self, params: JsonDict) -> bool:
        if flag_param(params, "drop_pending_updates"):
            self.drop_pending_updates()
        self.webhook_url = self.webhook_secret = None
        return True

    def _get_webhook_info(self, params: JsonDict) -> JsonDict:
        info: JsonDict = {
            "url": self.webhook_url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook_url:
            info["max_connections"] = 40
            if self.webhook_allowed_updates:
                info["allowed_updates"] = self.webhook_allowed_updates
        if self._webhook_error is not None:
            info["last_error_date"], info["last_error_message"] = self._webhook_error
        return info

    async def _push_webhooks(self) -> None:
        """Push pending updates one by one while a webhook is set; retry failures."""
        while True:
            pending = self._deliverable(self.webhook_allowed_updates) if self.webhook_url else []
            if not pending:
                await self._wait_change(None)
                continue
            push = await self._push(pending[0])
            self.webhook_pushes.append(push)
            if push.ok:
                self._updates = [u for u in self._updates if u["update_id"] != push.update_id]
            else:
                self._webhook_error = (now_date(), push.error or "push failed")
            self._notify()
            if not push.ok:
                await self._pause(self.webhook_retry_delay)

    async def _push(self, update: JsonDict) -> WebhookPush:
        assert self._session is not None and self.webhook_url is not None
        url, secret = self.webhook_url, self.webhook_secret
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
        try:
            async with self._session.post(
                url, json=update, headers=headers, timeout=aiohttp.ClientTimeout(total=10)
            ) as response:
                await response.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            return WebhookPush(
                update["update_id"], url, None, f"Connection failed: {exc!r}", secret
            )
        error = None
        if not 200 <= response.status < 300:
            error = f"Wrong response from the webhook: {response.status} {response.reason}"
        return WebhookPush(update["update_id"], url, response.status, error, secret)
