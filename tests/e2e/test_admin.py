"""Admin commands: units, users, roles; and refusals that change nothing for everyone else."""

from __future__ import annotations

import pytest

from bot import texts
from bot.models.people import Role
from tests.e2e.harness import (
    ADMIN_ID,
    GUEST_ID,
    STAFF_ID,
    Phone,
    RunningBot,
    add_user,
    last_text,
    plain,
)
from tests.fakebotapi import SentMessage

TABLES_ALLOWED_TO_CHANGE = {"audit_log", "processed_updates"}


async def make_staff(bot: RunningBot, user_id: int, name: str, unit_code: str) -> None:
    """An approved member of staff, created directly in storage."""
    await add_user(bot, user_id, name, unit_code, Role.STAFF, learn_chat=False)


async def snapshot(bot: RunningBot) -> dict[str, list[tuple[object, ...]]]:
    db = bot.services.db
    names = [r[0] for r in await db.fetchall("SELECT name FROM sqlite_master WHERE type='table'")]
    return {
        name: [tuple(row) for row in await db.fetchall(f"SELECT * FROM {name} ORDER BY 1")]
        for name in names
        if name not in TABLES_ALLOWED_TO_CHANGE
    }


ADMIN_ATTEMPTS = [
    "/choduyet",
    "/donvi",
    "/donvi them XYZ | Đơn vị giả",
    "/donvi doiten NV | Phòng Nội vụ mới",
    "/donvi tat NV",
    "/nguoidung Nguyễn",
    f"/nguoidung {STAFF_ID} donvi NV",
    texts.MENU_PENDING,
    texts.MENU_USERS,
]
FORGED_BUTTONS = [
    "rg:ok:1",
    "rg:no:1",
    f"nd:r:{STAFF_ID}:a",
    f"nd:r:{GUEST_ID}:a",
    f"nd:h:{STAFF_ID}",
    f"nd:c:{STAFF_ID}",
    f"nd:d:{STAFF_ID}",
    f"nd:v:{STAFF_ID}",
]


@pytest.mark.parametrize("user_id", [STAFF_ID, GUEST_ID])
async def test_non_admins_are_refused_and_nothing_changes(bot: RunningBot, user_id: int) -> None:
    await make_staff(bot, STAFF_ID, "Đặng Văn Tâm", "P-LOCTHO")
    before = await snapshot(bot)
    phone = Phone(bot, user_id)
    for command in ADMIN_ATTEMPTS:
        assert last_text(await phone.send(command)) == texts.NOT_ALLOWED, command
    anchor = (await Phone(bot, user_id).send("/help"))[-1]
    for data in FORGED_BUTTONS:
        await phone.press(anchor, data)
        assert bot.fake.callback_answers[-1].get("text") == texts.NOT_ALLOWED, data
    await phone.send_document("donvi.csv", b"code,name\nAA,Don vi A\n", caption="donvi thay")
    assert last_text(phone.inbox()[-1:]) == texts.NOT_ALLOWED
    assert await snapshot(bot) == before
    denied = await bot.services.db.fetchval(
        "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'denied:%' AND actor_id = ?", (user_id,)
    )
    assert denied == len(ADMIN_ATTEMPTS) + len(FORGED_BUTTONS) + 1


async def test_units_list_add_rename_deactivate(bot: RunningBot) -> None:
    admin = Phone(bot, ADMIN_ID)
    listing = "\n".join(m.body for m in await admin.send("/donvi"))
    assert "Phòng Nội vụ" in listing and "Phường Lộc Thọ" in listing
    assert "Đã lưu" in last_text(await admin.send("/donvi them BQLDA | Ban Quản lý dự án"))
    assert "Ban Quản lý dự án 2" in last_text(
        await admin.send("/donvi doiten BQLDA | Ban Quản lý dự án 2")
    )
    assert "ngừng sử dụng" in last_text(await admin.send("/donvi tat BQLDA"))
    assert last_text(await admin.send("/donvi tat KHONGCO")) == texts.UNIT_NOT_FOUND
    assert last_text(await admin.send("/donvi linh tinh")) == plain(texts.UNITS_USAGE)
    found = await bot.services.units.units.search("ban quan ly")
    assert found == []
    actions = [
        r["action"]
        for r in await bot.services.people.users._db.fetchall(
            "SELECT action FROM audit_log ORDER BY id"
        )
    ]
    assert actions == ["unit.add", "unit.rename", "unit.deactivate"]


async def test_units_csv_with_bad_rows_imports_nothing(bot: RunningBot) -> None:
    admin = Phone(bot, ADMIN_ID)
    before = await bot.services.units.units.count()
    bad = (
        "code,name,kind\n"
        "NEW1,Đơn vị mới một,agency\n"
        "bad code!,Tên,agency\n"
        "NEW2,X,ward\n"
        "NEW3,Đơn vị ba,planet\n"
        "NEW1,Trùng mã,agency\n"
    ).encode()
    reply = last_text(await admin.send_document("donvi.csv", bad, caption="donvi them"))
    for line in ("Dòng 3", "Dòng 4", "Dòng 5", "Dòng 6"):
        assert line in reply
    assert "Dòng 2" not in reply
    assert await bot.services.units.units.count() == before
    good = "ma;ten;loai\nNEW1;Đơn vị mới một;cơ quan\nNEW2;Phường Mới;phường\n".encode()
    reply = last_text(await admin.send_document("donvi.csv", good, caption="donvi thay"))
    assert reply == plain(texts.csv_imported(2, True))
    active = await bot.services.units.units.list_all()
    assert [u.code for u in active] == ["NEW1", "NEW2"]
    assert await bot.services.units.units.count() == before + 2


async def _card(admin: Phone, query: str) -> SentMessage:
    found = (await admin.send(f"/nguoidung {query}"))[-1]
    assert found.buttons(), found.body
    return (await admin.press(found, found.buttons()[0]["callback_data"]))[-1]


async def test_user_roles_head_contact_and_deactivation(bot: RunningBot) -> None:
    await make_staff(bot, STAFF_ID, "Đặng Văn Tâm", "P-LOCTHO")
    await make_staff(bot, STAFF_ID + 1, "Đặng Thị Tâm", "P-LOCTHO")
    await Phone(bot, STAFF_ID).send("/start")
    admin = Phone(bot, ADMIN_ID)
    card = await _card(admin, "dang van tam")
    assert "Đặng Văn Tâm" in card.body and "Phường Lộc Thọ" in card.body
    refused = await admin.press(card, texts.BTN_TOGGLE_HEAD)
    assert last_text(refused) == texts.USER_HEAD_NEEDS_LEADER
    leader_card = (await admin.press(card, texts.BTN_ROLE_LEADER))[-1]
    assert "Lãnh đạo" in leader_card.body
    head_card = (await admin.press(leader_card, texts.BTN_TOGGLE_HEAD))[-1]
    assert "thủ trưởng" in head_card.body
    contact_card = (await admin.press(head_card, texts.BTN_TOGGLE_CONTACT))[-1]
    assert "đầu mối báo cáo" in contact_card.body
    moved = last_text(await admin.send(f"/nguoidung {STAFF_ID} donvi NV"))
    assert "Phòng Nội vụ" in moved and "thủ trưởng" not in moved
    await bot.outbox_idle()
    assert any("Lãnh đạo" in m.body for m in Phone(bot, STAFF_ID).inbox())
    off = (await admin.press(contact_card, texts.BTN_DEACTIVATE))[-1]
    assert "Ngừng sử dụng" in off.body
    assert await bot.services.people.role_of(STAFF_ID) is Role.GUEST
    entries = await bot.services.db.fetchall(
        "SELECT action, before, after FROM audit_log WHERE target = ? ORDER BY id",
        (f"user:{STAFF_ID}",),
    )
    assert [e["action"] for e in entries] == [
        "user.role",
        "user.head",
        "user.contact",
        "user.unit",
        "user.deactivate",
    ]
    assert '"role": "staff"' in entries[0]["before"] and '"role": "leader"' in entries[0]["after"]
    assert last_text(await admin.send("/nguoidung khong ai ten nay")) == texts.USERS_NONE


async def test_admin_cannot_demote_self(bot: RunningBot) -> None:
    admin = Phone(bot, ADMIN_ID, "Quản trị")
    await admin.send("/start")
    card = await _card(admin, str(ADMIN_ID))
    assert last_text(await admin.press(card, texts.BTN_ROLE_STAFF)) == texts.USER_NOT_SELF
