"""Proposal lists fit in one Telegram message however many proposals there are (a guard:
/dexuatcuatoi shows the newest 20, /duyet the oldest 30, each line clipped)."""

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
