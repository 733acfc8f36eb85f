"""The cost of one question is bounded whatever its shape (issue 12: one person, many users).

A 4,096-character message (Telegram's limit) must not make the Q&A path build strings by the
hundred thousand: one 2,000-letter word used to cost ~250 ms of blocked event loop and +219 MiB.
CPU time is measured by bench/abuse.py; here the memory peak and the work done are checked.
"""

from __future__ import annotations

import random
import tracemalloc
from collections.abc import Iterator

import pytest

from bot.knowledge import normalize, spelling
from bot.knowledge.answer import Answerer
from bot.knowledge.base import load_default
from bot.knowledge.normalize import canonical

MAX_EXTRA_BYTES = 5 * 2**20
TELEGRAM_LIMIT = 4096


def adversarial() -> dict[str, str]:
    """Messages of Telegram's maximum length, shaped to make each stage work hard."""
    rng = random.Random(12)

    def letters(count: int) -> str:
        return "".join(rng.choice("abcdeghiklmnopqrstuvxy") for _ in range(count))

    def fill(unit: str) -> str:
        return (unit * (TELEGRAM_LIMIT // len(unit) + 1))[:TELEGRAM_LIMIT]

    return {
        "one 2000-letter word": "a" * 2000,
        "one random long word": letters(TELEGRAM_LIMIT),
        "one glued long word": fill("nghidinh"),
        "many 2-letter words": " ".join(letters(2) for _ in range(1365)),
        "many 5-letter words": " ".join(letters(5) for _ in range(682)),
        "repeated abbreviations": fill("ubnd hđnd cbcc nđ73 "),
        "digits": fill("1234567890"),
        "spaced digits": fill("7 "),
        "punctuation-glued words": fill("dieu,"),
        "telex leftovers": fill("dduowcj nghieejp vuj "),
        "spoken numbers": fill("nghị định bảy ba năm hai không hai ba "),
        "long real question": fill("cán bộ được khen thưởng như thế nào "),
    }


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    return Answerer(load_default())


@pytest.fixture
def guesses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Sizes of the candidate sets the spelling repair builds."""
    sizes: list[int] = []
    real = spelling.one_typo_away

    def counting(word: str) -> set[str]:
        found = real(word)
        sizes.append(len(found))
        return found

    monkeypatch.setattr(spelling, "one_typo_away", counting)
    yield sizes


def _qa_path(answerer: Answerer, text: str) -> None:
    """What a question costs in the bot: the answer, its log key, the caveats of the unit."""
    answer = answerer.ask(text)
    canonical(text)
    if answer.best is not None:
        answerer.relevant_caveats(answer.best, text)


@pytest.mark.parametrize("name", list(adversarial()))
def test_one_message_costs_bounded_memory(answerer: Answerer, name: str) -> None:
    text = adversarial()[name]
    normalize._typed_words.cache_clear()
    tracemalloc.start()
    try:
        _qa_path(answerer, text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak <= MAX_EXTRA_BYTES, f"{name}: {peak / 2**20:.1f} MiB"


@pytest.mark.parametrize("name", list(adversarial()))
def test_spelling_repair_builds_few_candidates(
    answerer: Answerer, guesses: list[int], name: str
) -> None:
    _qa_path(answerer, adversarial()[name])
    assert sum(guesses) <= spelling.MAX_CANDIDATES, f"{name}: {sum(guesses)} candidates"


def test_long_words_are_left_as_typed() -> None:
    speller = spelling.Speller([["nghi", "dinh", "can", "bo"]])
    word = "nghidinh" * 10
    assert [r.words for r in speller.repair([word])] == [(word,)]


def test_a_long_message_is_answered_from_its_beginning(answerer: Answerer) -> None:
    question = "Điều 8 Nghị định 73 quy định gì?"
    padded = question + " " + "xin cảm ơn " * 400
    short, long = answerer.ask(question), answerer.ask(padded)
    assert long.best is not None and short.best is not None
    assert long.best.id == short.best.id
    assert long.question == padded
