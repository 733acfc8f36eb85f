"""Every view that shows a proposal's route names the level that decides, with the leadership
unit's own name, and none gives the superior's review a time limit of the Decree."""

from __future__ import annotations

import io

import docx  # type: ignore[import-untyped]
import openpyxl  # type: ignore[import-untyped]

from bot import texts
from bot.clock import ManualClock
from bot.models.people import Role
from bot.proposals.register import DUE_KIND_LABELS
from tests.e2e.harness import ADMIN_ID, Phone, RunningBot, add_user, last_text
from tests.e2e.test_proposals import HEAD, STAFF, fill_plan, latest_card, office

__all__ = ["office"]

CHAIR = 300010
LEVEL_NAME = "Chủ tịch UBND tỉnh Khánh Hòa"
SUPERIOR = f"Cấp trên: {LEVEL_NAME}"
HEAD_LEVEL = texts.LEVEL_HEAD
# What only the Decree's own limit for a plan reviewed by one's head may say.
DECREE_REVIEW = ("Điều 8", texts.DUE_BASIS["review"], texts.DUE_LABELS["review"])


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def assert_no_decree_limit(view: str, where: str) -> None:
    for words in DECREE_REVIEW:
        assert words not in view, (where, words, view)


async def test_every_view_of_a_plan_names_the_level_that_decides(
    office: RunningBot, clock: ManualClock
) -> None:
    bot, admin = office, Phone(office, ADMIN_ID)
    head, staff, chair = Phone(bot, HEAD), Phone(bot, STAFF), Phone(bot, CHAIR)
    await add_user(bot, CHAIR, "Nguyễn Văn Chủ", "LDTP", Role.LEADER, is_head=True)
    # The level's words are the leadership unit's name, whatever the admins call it.
    await admin.send(f"/donvi doiten LDTP | {LEVEL_NAME}")
    # The receipts: a ward head's plan goes to the superior, a member of staff's to the head.
    head_receipt = last_text(
        await head.press(await fill_plan(head, clock, attach=False), texts.BTN_SUBMIT)
    )
    staff_receipt = last_text(
        await staff.press(await fill_plan(staff, clock, attach=False), texts.BTN_SUBMIT)
    )
    assert SUPERIOR in head_receipt, head_receipt
    assert_no_decree_limit(head_receipt, "receipt")
    settings = bot.services.settings
    assert texts.follow_up_note(settings.follow_up_days, settings.org_name) in head_receipt
    assert HEAD_LEVEL in staff_receipt and texts.DUE_BASIS["review"] in staff_receipt
    # The cards the reviewers got, and the same cards opened again.
    await bot.outbox_idle(timeout=30)
    chair_card = await latest_card(bot, CHAIR)
    assert SUPERIOR in chair_card.body, chair_card.body
    assert_no_decree_limit(chair_card.body, "card")
    assert HEAD_LEVEL in (await latest_card(bot, HEAD)).body
    mine = (await head.send("/dexuatcuatoi"))[-1]
    opened = last_text(await head.press(mine, mine.buttons()[0]["callback_data"]))
    assert SUPERIOR in opened, opened
    # /duyet: the chair's list, and the head's (the member of staff's plan waits on her).
    waiting = (await chair.send("/duyet"))[-1]
    assert SUPERIOR in waiting.body, waiting.body
    assert_no_decree_limit(waiting.body, "/duyet")
    assert SUPERIOR in last_text(await chair.press(waiting, waiting.buttons()[0]["callback_data"]))
    assert HEAD_LEVEL in last_text(await head.send("/duyet"))
    # The register: the reviewer's column names the level; the limit is the city's own.
    register = (await admin.send("/xuat"))[-1]
    sheet = openpyxl.load_workbook(io.BytesIO(register.document or b"")).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    head_row, staff_row = rows["ĐX-2026-0001"], rows["ĐX-2026-0002"]
    assert SUPERIOR in head_row[6] and HEAD_LEVEL in staff_row[6]
    assert head_row[10] == DUE_KIND_LABELS["review_follow"]
    assert "Điều 8" not in head_row[10] and "Điều 8" in staff_row[10]
    # The .docx plan.
    head_plan = docx_text((await admin.send("/xuat ĐX-2026-0001"))[-1].document or b"")
    staff_plan = docx_text((await admin.send("/xuat ĐX-2026-0002"))[-1].document or b"")
    assert SUPERIOR in head_plan and HEAD_LEVEL in staff_plan
    assert_no_decree_limit(head_plan, "docx")
    # Nothing says the level's shipped name any more.
    seen = [head_receipt, chair_card.body, opened, waiting.body, head_plan, str(head_row)]
    assert not any("Chủ tịch UBND thành phố" in view for view in seen)
