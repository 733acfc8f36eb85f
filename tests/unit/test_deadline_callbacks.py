"""The deadline, digest and backup button codecs keep the wire format buttons already carry."""

from __future__ import annotations

from bot.deadlines import callbacks as dl
from bot.digest import callbacks as dg
from handlers.backup import CONFIRM


def test_reminder_and_admin_buttons_keep_their_format() -> None:
    assert dl.REMINDER.build(dl.SUBMIT, 12, 3, 7) == "dl:s:12:3:7"
    assert dl.REMINDER.parse("dl:m:1:0:99") == {
        "action": "m",
        "deadline": "1",
        "occurrence": "0",
        "unit": "99",
    }
    assert dl.REMINDER.parse("dl:s:1:0:99999999999") is None  # unit id too long: forged
    assert dl.REMINDER.parse("dla:p:1") is None
    assert dl.ADMIN.build(dl.COMPLIANCE, 5) == "dla:c:5"
    assert dl.ADMIN.parse("dla:z:5") is None
    assert (dl.REMINDER.pattern, dl.ADMIN.pattern) == ("^dl:", "^dla:")


def test_digest_and_backup_buttons_keep_their_format() -> None:
    assert [dg.DIGEST.build(c) for c in (dg.DAILY, dg.WEEKLY, dg.OFF, dg.NOW)] == [
        "dg:daily",
        "dg:weekly",
        "dg:off",
        "dg:now",
    ]
    assert dg.DIGEST.parse("dg:monthly") is None
    assert CONFIRM.build("ok") == "sl:ok" and CONFIRM.parse("sl:no") is None
