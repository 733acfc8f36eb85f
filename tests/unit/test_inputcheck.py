"""Free-text cleaning and checks."""

from __future__ import annotations

import unicodedata

import pytest

from bot.inputcheck import MAX_TEXT, Problem, check, clean


def test_nfd_input_becomes_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Nghị định về cán bộ")
    assert clean(decomposed) == "Nghị định về cán bộ"


def test_invisible_and_control_characters_are_removed() -> None:
    assert clean("\u200bđiều\u200d 8\u202e\x07 nđ73\ufeff") == "điều 8 nđ73"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", Problem.EMPTY),
        ("   \n\t ", Problem.EMPTY),
        ("\u200b\u200c\u2066", Problem.EMPTY),
        ("😀🎉👍", Problem.NO_WORDS),
        ("?!...", Problem.NO_WORDS),
        ("a" * (MAX_TEXT + 1), Problem.TOO_LONG),
    ],
)
def test_problems(text: str, problem: Problem) -> None:
    assert check(text).problem is problem


def test_good_text_passes_with_its_length() -> None:
    result = check("  Đề xuất   đổi mới  ")
    assert (result.ok, result.text, result.length) == (True, "Đề xuất đổi mới", 15)


def test_rtl_text_is_kept_as_words() -> None:
    assert check("\u202bمرحبا\u202c").ok
