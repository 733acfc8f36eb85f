"""Buttons pressed while the bot was down: Telegram refuses the late answerCallbackQuery ("query
is too old"); the press is applied or refused on its own merits, with no apology."""

from __future__ import annotations

from bot import texts
from bot.models.people import UserStatus
from tests.e2e.harness import ADMIN_ID, GUEST_ID, Phone, RunningBot
from tests.e2e.test_registration import fill_registration


def apologies(bot: RunningBot, chat_id: int) -> list[str]:
    return [m.body for m in bot.fake.messages_to(chat_id) if m.body == texts.GENERIC_ERROR]


async def test_an_expired_backup_confirmation_still_sends_the_backup(bot: RunningBot) -> None:
    admin = Phone(bot, ADMIN_ID)
    confirm = (await admin.send("/saoluu"))[-1]
    sent = await admin.press(confirm, texts.BTN_BACKUP_OK, expired=True)
    assert [m.method for m in sent] == ["sendDocument"]
    assert apologies(bot, ADMIN_ID) == []
    assert bot.services.metrics.errors == 0


async def test_an_expired_approval_is_applied_and_a_refused_press_stays_refused(
    bot: RunningBot,
) -> None:
    await Phone(bot, ADMIN_ID).send("/start")
    guest = Phone(bot, GUEST_ID, "Bình")
    await guest.send("/start")
    review = await fill_registration(guest)
    await guest.press(review, texts.BTN_SUBMIT)
    await bot.outbox_idle()
    request = next(m for m in bot.fake.messages_to(ADMIN_ID) if "Yêu cầu đăng ký" in m.body)
    # The guest forges the admin's button after a restart: refused, quietly.
    await guest.press(request, texts.BTN_APPROVE, expired=True)
    user = await bot.services.people.users.get(GUEST_ID)
    assert user is not None and user.status is UserStatus.PENDING
    await Phone(bot, ADMIN_ID).press(request, texts.BTN_APPROVE, expired=True)
    user = await bot.services.people.users.get(GUEST_ID)
    assert user is not None and user.status is UserStatus.APPROVED
    assert apologies(bot, ADMIN_ID) == [] and apologies(bot, GUEST_ID) == []
    assert bot.services.metrics.errors == 0
