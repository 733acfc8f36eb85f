"""Drive the real bot in-process against the fake server, acting as phone users."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update

from bot.app import AnyApplication, build_application, on_shutdown, on_startup, on_stop
from bot.clock import Clock, to_iso
from bot.config import Settings
from bot.models.people import Role, UserStatus
from bot.ratelimit import Limit, RateLimiter
from bot.runtime import Services
from handlers.context import services_of
from tests.fakebotapi import FakeBotApi, SentMessage, parse_html

# Phones here type at machine speed: per-person rate limits that no test reaches by accident
# (tests/e2e/test_fairness.py puts the production limits back).
MACHINE_SPEED = Limit(10_000, 1.0)

ADMIN_ID = 900001
ADMIN2_ID = 900002
STAFF_ID = 100001
GUEST_ID = 100002


class RunningBot:
    """The production Application, started the way `run_polling` starts it."""

    def __init__(self, settings: Settings, fake: FakeBotApi, *, clock: Clock | None = None):
        self.settings = settings
        self.fake = fake
        self.app: AnyApplication = build_application(settings, clock=clock)
        self.services.limiter = RateLimiter(text=MACHINE_SPEED, button=MACHINE_SPEED)

    @property
    def services(self) -> Services:
        """The bot's services."""
        return services_of(self.app)

    async def start(self, *, jobs: bool = False) -> None:
        """Initialise, run post_init (PTB's initialize() does not), start polling.

        Periodic jobs are removed unless asked for: in-process tests move the injected clock and
        call the dispatcher themselves, so a background run must not race them.
        """
        await self.app.initialize()
        await on_startup(self.app)
        if not jobs and self.app.job_queue is not None:
            for job in self.app.job_queue.jobs():
                job.schedule_removal()
        await self.app.start()
        assert self.app.updater is not None
        await self.app.updater.start_polling(
            timeout=self.settings.poll_timeout,
            poll_interval=0,
            allowed_updates=Update.ALL_TYPES,
        )

    async def stop(self) -> None:
        """Stop polling, the application and storage."""
        assert self.app.updater is not None
        if self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await on_stop(self.app)
        await on_shutdown(self.app)
        await self.app.shutdown()

    async def handled(self, update_id: int, timeout: float = 5.0) -> None:
        """Wait until the bot finished handling an update (its replies are sent)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while update_id not in self.services.metrics.finished:
            if loop.time() > deadline:
                raise AssertionError(
                    f"update {update_id} not handled in {timeout}s\n{self.fake.describe_sent()}"
                )
            await asyncio.sleep(0.005)

    async def wait_for(self, predicate: Any, timeout: float = 5.0) -> None:
        """Wait until a condition on the bot's state holds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            if loop.time() > deadline:
                raise AssertionError(f"condition not met in {timeout}s")
            await asyncio.sleep(0.005)

    async def drained(self, timeout: float = 60.0) -> None:
        """Wait until every update the fake holds was fetched and fully processed."""
        fake, app = self.fake, self.app
        last = fake._next_update_id - 1
        await self.wait_for(
            lambda: (
                fake.confirmed_offset > last
                and app.update_queue.qsize() == 0
                and app.update_processor.current_concurrent_updates == 0
            ),
            timeout=timeout,
        )

    async def outbox_idle(self, timeout: float = 5.0) -> None:
        """Wait until no outbox row is pending or being sent."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while await self.services.outbox.open_count() > 0:
            if loop.time() > deadline:
                counts = await self.services.outbox.counts()
                raise AssertionError(f"outbox not drained: {counts}\n{self.fake.describe_sent()}")
            await asyncio.sleep(0.01)


async def add_user(
    bot: RunningBot,
    user_id: int,
    name: str,
    unit_code: str | None,
    role: Role,
    *,
    is_head: bool = False,
    learn_chat: bool = True,
) -> None:
    """Create an approved user directly in storage (registration is tested elsewhere)."""
    services = bot.services
    unit = await services.units.units.get_by_code(unit_code) if unit_code else None
    async with services.db.transaction() as conn:
        now = to_iso(services.clock.now())
        await services.people.users.touch(
            conn,
            telegram_id=user_id,
            first_name=name.split()[-1],
            username=None,
            role=None,
            now=now,
        )
        await services.people.users.update(
            conn,
            user_id,
            now,
            full_name=name,
            unit_id=unit.id if unit else None,
            position="Chuyên viên",
            role=role,
            status=UserStatus.APPROVED,
            is_head=int(is_head),
        )
    if learn_chat:
        bot.fake.send_text(user_id, "/start")  # the fake learns the chat


class Phone:
    """One Telegram user typing and tapping, as on a phone."""

    def __init__(
        self,
        bot: RunningBot,
        user_id: int,
        first_name: str = "Nguyễn Văn An",
        username: str | None = None,
    ) -> None:
        self.bot = bot
        self.fake = bot.fake
        self.user_id = user_id
        self.first_name = first_name
        self.username = username

    async def send(self, text: str) -> list[SentMessage]:
        """Send a text (or /command) and return what the bot sent to this chat for it."""
        return await self._act(
            lambda: self.fake.send_text(
                self.user_id, text, first_name=self.first_name, username=self.username
            )
        )

    async def press(
        self, message: SentMessage, data_or_label: str, *, expired: bool = False
    ) -> list[SentMessage]:
        """Press a button of a message by its label (or raw callback data); `expired`: the
        press waited while the bot was down, so Telegram refuses its answerCallbackQuery."""
        data = data_or_label
        for button in message.buttons():
            if button.get("text") == data_or_label:
                data = button["callback_data"]
        return await self._act(
            lambda: {"update_id": self._press(message.message_id, data, expired=expired)}
        )

    async def edit(self, message_id: int, text: str) -> list[SentMessage]:
        """Edit one of this user's earlier messages."""
        return await self._act(lambda: self.fake.edit_message(self.user_id, message_id, text))

    async def send_document(
        self, name: str, content: bytes, caption: str | None = None
    ) -> list[SentMessage]:
        """Upload a document."""
        return await self._act(
            lambda: self.fake.send_document(self.user_id, name, content, caption=caption)
        )

    async def send_photo(self, content: bytes, caption: str | None = None) -> list[SentMessage]:
        """Upload a photo."""
        return await self._act(
            lambda: self.fake.send_photo(self.user_id, content, caption=caption)
        )

    def inbox(self) -> list[SentMessage]:
        """Every message the bot sent to this user."""
        return [m for m in self.fake.sent if m.chat_id == self.user_id]

    def _press(self, message_id: int, data: str, *, expired: bool = False) -> int:
        self.fake.press_button(
            self.user_id,
            message_id,
            data,
            first_name=self.first_name,
            username=self.username,
            expired=expired,
        )
        return int(self.fake._next_update_id) - 1

    async def _act(self, action: Any) -> list[SentMessage]:
        mark = len(self.fake.sent)
        update = action()
        await self.bot.handled(int(update["update_id"]))
        return [m for m in self.fake.sent[mark:] if m.chat_id == self.user_id]


def plain(html: str) -> str:
    """The text a user sees for an HTML message."""
    return parse_html(html).text


def last_text(messages: list[SentMessage]) -> str:
    """The body of the last message, for assertions with a readable failure."""
    assert messages, "the bot sent nothing"
    return messages[-1].body
