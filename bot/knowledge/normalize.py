"""Vietnamese query and passage normalisation: NFC, tone placement, abbreviations, tokens.

Two forms of every syllable are indexed: the accented one (NFC, new-style tone placement,
lowercase) and the folded one (no diacritics, đ→d), so unaccented typing still matches; syllable
bigrams of both forms restore much of the meaning lost with the accents (DESIGN.md).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.knowledge.lexicon import ABBREVIATIONS, FILLERS, GLUED, GLUED_PARTS
from bot.vntext import fold

_TONES = "\u0300\u0301\u0303\u0309\u0323"
# Old-style tone placement on open oa/oe/uy syllables (hoà, khoẻ, uỷ) → new style (hòa, khỏe,
# ủy). Applied on the NFD form; "qu" + y keeps its tone on y (quý).
_OLD_TONE = re.compile(rf"(?<![qQ])([oOuU])([aAeEyY])([{_TONES}])(?![\w\u0300-\u036f])")
_SPLIT = re.compile(r"[^\w]+")


def nfc_lower(text: str) -> str:
    """NFC, new-style tone placement, lowercase."""
    decomposed = unicodedata.normalize("NFD", text)
    fixed = _OLD_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", fixed).lower()


def syllables(text: str) -> list[str]:
    """Lowercase NFC syllables; glued forms (nđ73, dieu8) split; abbreviations expanded."""
    words: list[str] = []
    for raw in _SPLIT.split(nfc_lower(text)):
        if not raw or raw == "_":
            continue
        glued = GLUED.match(raw)
        if glued:
            prefix = glued.group(1)
            words += GLUED_PARTS.get(prefix) or _expand(prefix)
            words += _expand(glued.group(2))
        else:
            words += _expand(raw)
    return _fix_document_numbers(words)


# The numbers of the documents the bot knows, after the words that name them (folded), with
# the year each was issued: a number typed with its digits slipped ("công văn 2930", "kết luận
# 41") is read as the known document, unless a different year follows it.
_DOCUMENT_NUMBERS: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("cong", "van"): [("2390", "2024"), ("1207", "2024")],
    ("ket", "luan"): [("14", "2021")],
    ("nghi", "dinh"): [("73", "2023")],
}


def _fix_document_numbers(words: list[str]) -> list[str]:
    fixed = list(words)
    for i in range(2, len(fixed)):
        number = fixed[i]
        key = (fold(fixed[i - 2]), fold(fixed[i - 1]))
        if not number.isdigit() or key not in _DOCUMENT_NUMBERS:
            continue
        following = fixed[i + 1] if i + 1 < len(fixed) else ""
        matches = [(t, y) for t, y in _DOCUMENT_NUMBERS[key] if t == number]
        matches = matches or [(t, y) for t, y in _DOCUMENT_NUMBERS[key] if _slipped(number, t)]
        if not matches:
            continue
        target, year = matches[0]
        if following.isdigit() and len(following) == 4 and following != year:
            if not _swapped(following, year):
                continue  # another year: another document (NĐ 73/2024 is not NĐ 73/2023)
            fixed[i + 1] = year
        fixed[i] = target
    return fixed


def _swapped(typed: str, target: str) -> bool:
    """Whether a typed number is the target with two of its digits swapped."""
    return (
        len(typed) == len(target)
        and sorted(typed) == sorted(target)
        and sum(a != b for a, b in zip(typed, target, strict=True)) == 2
    )


def _slipped(typed: str, target: str) -> bool:
    """Whether a typed number is the target with two digits swapped or, if long, one wrong."""
    if len(typed) != len(target):
        return False
    if sorted(typed) == sorted(target):
        return _swapped(typed, target)
    return len(target) >= 4 and sum(a != b for a, b in zip(typed, target, strict=True)) == 1


def _expand(word: str) -> list[str]:
    if word.isdigit():
        return [str(int(word))]  # "07 ngày" and "7 ngày" are the same
    # An accented word is a word, not an abbreviation: "từ" is not "tu" (Thành ủy).
    return ABBREVIATIONS.get(word) or (word.isascii() and ABBREVIATIONS.get(fold(word))) or [word]


@dataclass(frozen=True, slots=True)
class Tokens:
    """The index terms of a text and its content words (for coverage)."""

    terms: list[str]
    content: list[str]


def tokens(text: str) -> Tokens:
    """Index terms of a text (see `terms_of`)."""
    return terms_of(syllables(text))


def terms_of(accented: list[str]) -> Tokens:
    """Index terms: accented and folded syllables plus bigrams of both.

    Filler words (politeness, pronouns, particles) are left out as single terms but kept inside
    bigrams, so "cơ quan" still matches although "co" alone is a filler once folded.
    """
    folded = [fold(s) for s in accented]
    filler = [f in FILLERS for f in folded]
    # Every syllable and bigram yields two terms, accented and folded, even when they are the
    # same word: an unaccented question then scores like an accented one.
    terms: list[str] = []
    for a, f, skip in zip(accented, folded, filler, strict=True):
        if not skip:
            terms += (a, f)
    for i in range(len(accented) - 1):
        if filler[i] and filler[i + 1]:
            continue
        terms += (f"{accented[i]}_{accented[i + 1]}", f"{folded[i]}_{folded[i + 1]}")
    content = [f for f, skip in zip(folded, filler, strict=True) if not skip]
    return Tokens(terms=terms, content=content)


def canonical(text: str) -> str:
    """A stable key for counting repeated questions: folded syllables joined by spaces."""
    return " ".join(fold(s) for s in syllables(text))[:300]
