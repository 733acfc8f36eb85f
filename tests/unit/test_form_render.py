"""The form renderer keeps every message within Telegram's limits, whatever the answers."""

from __future__ import annotations

from typing import Any

from bot import texts
from bot.flows import render
from bot.flows.model import Accept, Prompt, Review, Step
from bot.flows.validators import text_step
from bot.texts.forms import StepText
from tests.fakebotapi import parse_html

LIMIT = 4096


def telegram_length(html: str) -> int:
    return len(parse_html(html).text.encode("utf-16-le")) // 2


def everything_fits(messages: list[render.Rendered]) -> None:
    assert messages
    for message in messages:
        assert telegram_length(message.text) <= LIMIT
        assert render.size(message.text) <= render.BUDGET


AWKWARD = "Hồ sơ <b>&amp;</b> 😀 " * 400  # escapes, emoji (two UTF-16 units), markup-like text


def test_a_review_of_huge_awkward_answers_is_split_and_keeps_every_character() -> None:
    items = tuple((i, f"Mục số {i}", AWKWARD[: 3990 - i]) for i in range(10))
    messages = render.render(Review(7, "Đề xuất", 10, items, error="Có lỗi & cần sửa"))
    everything_fits(messages)
    assert len(messages) > 10
    assert all(m.markup is None for m in messages[:-1])
    labels = [b["text"] for row in messages[-1].markup["inline_keyboard"] for b in row]  # type: ignore[index]
    assert texts.BTN_SUBMIT in labels
    assert all(texts.flow_edit_button(f"Mục số {i}") in labels for i in range(10))
    lines = [line for m in messages for line in parse_html(m.text).text.split("\n")]
    for _, label, value in items:
        pieces = [
            line.split(":", 1)[1]
            for line in lines
            if line.startswith((f"{label}:", f"{label} (tiếp):"))
        ]
        assert "".join(pieces).replace(" ", "") == value.replace(" ", "")


def test_a_short_review_is_one_message() -> None:
    items = ((0, "Tiêu đề", "Báo cáo quý"), (1, "Mô tả", "Ngắn"))
    messages = render.render(Review(1, "Tạo hạn", 2, items))
    assert len(messages) == 1 and messages[0].markup is not None


async def _never(text: str, answers: dict[str, Any]) -> Accept:
    return Accept(text, text)


def test_a_prompt_with_a_huge_current_value_fits() -> None:
    step = Step("need", StepText("Sự cần thiết", "Vì sao?", "Ví dụ: …"), _never)
    prompt = Prompt(3, "Đề xuất", 2, 10, step, error="x" * 300, intro="y" * 500, current=AWKWARD)
    everything_fits(render.render(prompt))


def test_a_text_step_states_the_limit_it_applies() -> None:
    step = text_step("need", StepText("Sự cần thiết", "Vì sao?", "Ví dụ: ba bộ phận"), 20, 3000)
    assert step.hint == "20–3000 ký tự. Ví dụ: ba bộ phận"
    assert step.length == (20, 3000)
