"""Files the bot sends in reply ride out Telegram's flood control as its text replies do.

Under the per-chat limit the fake enforces (one message a second in a private chat), a file
sent right after another message gets a 429 first; the person must still get the file.
"""

from __future__ import annotations

from datetime import timedelta

from bot.models.outcomes import Ok
from bot.proposals.callbacks import CODEC, FILES, OPEN
from tests.e2e.harness import ADMIN_ID, Phone, RunningBot
from tests.e2e.test_proposals import STAFF, office

__all__ = ["office"]


def only_flood_control_was_refused(bot: RunningBot) -> None:
    """Assert that the fake refused nothing but flood control, then forget those refusals
    (the bot waited them out, as it must)."""
    fake = bot.fake
    assert [r for r in fake.rejections if r.error_code != 429] == [], fake.describe_sent()
    fake.rejections.clear()


async def test_an_export_right_after_another_reply_arrives(bot: RunningBot) -> None:
    bot.fake.enforce_rates = True
    admin = Phone(bot, ADMIN_ID)
    await admin.send("/start")
    sent = await admin.send("/xuat thongke")
    assert [m.file_name for m in sent if m.document is not None] != [], bot.fake.describe_sent()
    assert bot.services.metrics.errors == 0
    only_flood_control_was_refused(bot)


async def test_every_attached_file_arrives_when_asked_for(office: RunningBot) -> None:
    fake, services = office.fake, office.services
    names = ("phuong-an.pdf", "du-toan.xlsx", "so-do.pdf")
    updates = [fake.send_document(STAFF, name, name.encode()) for name in names]
    await office.drained()
    files = [
        {"kind": "document", "file_id": u["message"]["document"]["file_id"], "file_name": n}
        for u, n in zip(updates, names, strict=True)
    ]
    start = services.clock.now().astimezone(services.settings.tz).date() + timedelta(days=40)
    answers = {
        "title": "Số hóa hồ sơ một cửa",
        "field": "Chuyển đổi số",
        "period": {"start": start.isoformat()},
        "attachments": files,
    }
    async with services.db.transaction() as conn:
        assert isinstance(await services.proposals.submit(conn, STAFF, answers), Ok)
    proposal = (await services.proposals.views.mine(STAFF))[0]
    await office.outbox_idle(timeout=30)
    fake.enforce_rates = True
    staff = Phone(office, STAFF)
    listing = (await staff.send("/dexuatcuatoi"))[-1]
    card = (await staff.press(listing, CODEC.build(OPEN, proposal.id)))[-1]
    await staff.press(card, CODEC.build(FILES, proposal.id))
    await fake.wait_until(
        lambda: len([m for m in fake.messages_to(STAFF) if m.document is not None]) == 3,
        timeout=10,
        message="all three files",
    )
    received = [m.file_name for m in fake.messages_to(STAFF) if m.document is not None]
    assert received == list(names)
    assert services.metrics.errors == 0
    only_flood_control_was_refused(office)
