"""Cards short enough for a phone, the full text in messages Telegram accepts (issue 13: 3, 17)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models.proposals import Proposal, Route, Status
from bot.proposals.notices import CardFacts, card_text, full_text
from bot.vntext import clip
from tests.fakebotapi import parse_html

KEYS = ("need", "solution", "scope", "resources", "feasibility", "impact")


def proposal(length: int) -> Proposal:
    now = datetime(2026, 3, 2, tzinfo=UTC)
    plan = {
        key: f"{key} " + ("nội dung & <chi tiết> " * 300)[:length] + f" hết-{key}" for key in KEYS
    }
    plan.update(
        title="Số hóa hồ sơ",
        field="Chuyển đổi số",
        period={"start": "2026-04-01", "end": "2026-09-30"},
    )
    return Proposal(
        id=1, number="ĐX-2026-0001", proposer_id=1, unit_id=None, title="Số hóa hồ sơ",
        field="Chuyển đổi số", plan=plan, status=Status.SUBMITTED, route=Route.HEAD,
        reviewer_id=2, due_kind="review", due_at=now, received_at=now, decision=None,
        result=None, evaluation=None, created_at=now, updated_at=now,
    )  # fmt: skip


def test_full_text_of_six_long_fields_is_split_and_complete() -> None:
    item = proposal(3000)
    pages = [parse_html(page).text for page in full_text(item)]
    assert len(pages) >= 5 and all(len(page) <= 4096 for page in pages)
    joined = " ".join(page.replace("\n", " ") for page in pages)
    for key in KEYS:
        assert f"hết-{key}" in joined
        for word in item.plan[key].split():
            assert word in joined


def test_card_stays_around_800_characters_whatever_the_fields() -> None:
    facts = CardFacts("Nguyễn Văn Sáng", "Phường Lộc Thọ", "17:00 11/03/2026", 5)
    long_card = parse_html(card_text(proposal(3000), facts, "")).text
    assert len(long_card) <= 1000 and "Xem toàn văn" in long_card
    short_card = parse_html(card_text(proposal(30), facts, "")).text
    assert "Xem toàn văn" not in short_card and "hết-impact" in short_card


def test_clip_cuts_at_a_word_boundary() -> None:
    title = "Số hóa toàn bộ hồ sơ cấp phép xây dựng tại bộ phận một cửa"
    assert clip(title, 30) == "Số hóa toàn bộ hồ sơ cấp phép…"
    assert clip(title, 200) == title
