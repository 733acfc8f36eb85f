"""Spelling repair of typed syllables, and document numbers typed with slipped digits."""

from __future__ import annotations

import pytest

from bot.knowledge.normalize import nfc_lower, syllables
from bot.knowledge.spelling import Speller, decode_input_method


@pytest.mark.parametrize(
    ("typed", "decoded"),
    [
        ("dduowcj", "duoc"),  # Telex: đ, ư/ơ, tone key
        ("truwowngf", "truong"),
        ("ddieeuf", "dieu"),
        ("tafi", "tai"),  # tone key typed before the last vowel
        ("nhw", "nhu"),  # lone w is ư
        ("nghi5", "nghi"),  # VNI tone digit
        ("d9e62", "de"),  # VNI đ, circumflex and tone
    ],
)
def test_input_method_leftovers(typed: str, decoded: str) -> None:
    assert decode_input_method(typed) == decoded


@pytest.fixture
def speller() -> Speller:
    corpus = [
        ["nghi", "dinh", "quy", "dinh", "dieu", "kien", "duoc", "khuyen", "khich"],
        ["can", "bo", "de", "xuat", "doi", "moi", "sang", "tao"],
        ["dinh", "ky", "bao", "cao", "ket", "qua"],
    ]
    return Speller(corpus)


def test_known_words_are_left_alone(speller: Speller) -> None:
    repairs = speller.repair(["nghi", "dinh", "xyz", "7", "a"])
    assert [r.words for r in repairs] == [("nghi",), ("dinh",), ("xyz",), ("7",), ("a",)]
    assert not any(r.guessed for r in repairs)


def test_input_method_and_glued_repairs_are_certain(speller: Speller) -> None:
    repairs = speller.repair(["ddieeuf", "canbo", "dexuat"])
    assert [r.words for r in repairs] == [("dieu",), ("can", "bo"), ("de", "xuat")]
    assert not any(r.guessed for r in repairs)


def test_one_letter_slip_prefers_a_known_neighbour_pair(speller: Speller) -> None:
    # "dihn" is one letter from "dinh"; the pair "nghi dinh" confirms it.
    (_, repair) = speller.repair(["nghi", "dihn"])
    assert repair.words == ("dinh",) and repair.guessed
    (repair,) = speller.repair(["kein"])
    assert repair.words == ("kien",)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("cv 2309 ai ký", ["công", "văn", "2390", "ai", "ký"]),
        ("cv2930", ["công", "văn", "2390"]),
        ("kết luận 41", ["kết", "luận", "14"]),
        ("nghị định 37/2023", ["nghị", "định", "73", "2023"]),
        ("nghi dinh 73/2032", ["nghi", "dinh", "73", "2023"]),
        ("cong van 1270", ["cong", "van", "1207"]),
        ("đ21 k2", ["điều", "21", "khoản", "2"]),
        # A different year or an unrelated number names another document: kept.
        ("nghị định 73/2024", ["nghị", "định", "73", "2024"]),
        ("nghị định 37/2012", ["nghị", "định", "37", "2012"]),
        ("nghị định 13/2012", ["nghị", "định", "13", "2012"]),
        ("công văn 1207", ["công", "văn", "1207"]),
        ("kết luận 21", ["kết", "luận", "21"]),
    ],
)
def test_slipped_document_numbers(question: str, expected: list[str]) -> None:
    assert syllables(question) == expected


def test_tone_stays_put_before_a_vowel_mark() -> None:
    # Dot below sorts before the circumflex/breve in NFD: "luận" and "hoặc" are not old-style.
    assert nfc_lower("kết luận, hoặc, thuận") == "kết luận, hoặc, thuận"
