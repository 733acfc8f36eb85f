"""Proposal lists fit in one Telegram message however many proposals there are (a guard:
/dexuatcuatoi shows the newest 20 and pages on, /duyet the oldest 30, each line clipped)."""

from __future__ import annotations

from tests.e2e.harness import Phone, RunningBot
from tests.e2e.test_proposals import HEAD, STAFF, office
from tests.e2e.test_reviewer_authority import submit

__all__ = ["office"]

# Long titles full of characters HTML escapes: each list line is as long as it gets.
TITLE = "Số hóa & chuẩn hóa <hồ sơ> một cửa " * 4


async def test_my_proposals_and_the_review_list_fit_with_forty_proposals(
    office: RunningBot,
) -> None:
    for _ in range(40):
        await submit(office, STAFF, TITLE)
    for who, command in ((STAFF, "/dexuatcuatoi"), (HEAD, "/duyet")):
        reply = (await Phone(office, who).send(command))[-1]
        assert "ĐX-2026-00" in reply.body and len(reply.body) <= 4096
        assert len(reply.buttons()) <= 40
    too_long = [r for r in office.fake.rejections if "too long" in r.description]
    assert too_long == []


async def test_my_proposals_says_how_many_are_not_shown(office: RunningBot) -> None:
    for index in range(23):
        await submit(office, STAFF, f"Sáng kiến số {index + 1} về cải cách hành chính")
    reply = (await Phone(office, STAFF).send("/dexuatcuatoi"))[-1]
    # The newest 20 are listed, and the person is told three older ones exist and where.
    assert "Sáng kiến số 23" in reply.body and "Sáng kiến số 3 " not in reply.body
    assert "20/23" in reply.body
    assert "/dexuatcuatoi 2" in reply.body
    older = (await Phone(office, STAFF).send("/dexuatcuatoi 2"))[-1]
    assert "Sáng kiến số 1 " in older.body and "21–23/23" in older.body
    assert "/dexuatcuatoi 3" not in older.body
