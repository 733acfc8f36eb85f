"""Questions on rewards are answered from Điều 10 (chính sách khuyến khích), not refused."""

from __future__ import annotations

import pytest

from bot import texts
from tests.e2e.harness import GUEST_ID, Phone, RunningBot, last_text


@pytest.mark.parametrize("question", ["khen thưởng", "được khen thưởng gì khi đề xuất thành công"])
async def test_reward_questions_cite_article_10(bot: RunningBot, question: str) -> None:
    replies = await Phone(bot, GUEST_ID).send(question)
    body = last_text(replies)
    assert "Theo Điều 10 Nghị định 73/2023/NĐ-CP" in body
    assert "khen thưởng" in body
    labels = [b["text"] for b in replies[-1].buttons()]
    assert texts.BTN_FULL_TEXT in labels


async def test_rewards_under_the_emulation_law_stay_refused(bot: RunningBot) -> None:
    body = last_text(await Phone(bot, GUEST_ID).send("khen thưởng đột xuất phòng chống bão lũ"))
    assert "Điều 10" not in body
