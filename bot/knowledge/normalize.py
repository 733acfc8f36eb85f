"""Vietnamese query and passage normalisation: NFC, tone placement, abbreviations, tokens.

Two forms of every syllable are indexed: the accented one (NFC, new-style tone placement,
lowercase) and the folded one (no diacritics, đ→d), so unaccented typing still matches; syllable
bigrams of both forms restore much of the meaning lost with the accents (bench/qa_eval.py).
"""

from __future__ import annotations

import functools
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
# A question is read up to this many characters (the longest real one has 215): the rest of a
# 4,096-character message would only add work, since every stage's cost grows with the length.
QUESTION_CHARS = 512


def bounded(text: str, limit: int = QUESTION_CHARS) -> str:
    """The beginning of a text that a question is read from, cut at a space when possible."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    cut = max(head.rfind(" "), head.rfind("\n"))
    return head[:cut] if cut > limit // 2 else head[:limit]


def nfc_lower(text: str) -> str:
    """NFC, new-style tone placement, lowercase."""
    decomposed = unicodedata.normalize("NFD", text)
    fixed = _OLD_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", fixed).lower()


def syllables(text: str) -> list[str]:
    """Lowercase NFC syllables; glued forms (nđ73, dieu8) split; abbreviations expanded."""
    words = [syllable for group in _typed_words(text) for syllable in group]
    return _fix_document_numbers(_spoken_numbers(words))


@functools.lru_cache(maxsize=64)
def _typed_words(text: str) -> tuple[tuple[str, ...], ...]:
    """The syllables of each word as typed (a question is read twice: ranking, coverage)."""
    groups: list[tuple[str, ...]] = []
    for raw in _SPLIT.split(nfc_lower(text)):
        if not raw or raw == "_":
            continue
        glued = GLUED.match(raw)
        if glued:
            prefix = glued.group(1)
            parts = GLUED_PARTS.get(prefix) or _expand(prefix)
            groups.append((*parts, *_expand(glued.group(2))))
        else:
            groups.append(tuple(_expand(raw)))
    return tuple(groups)


def typed_word_shares(text: str) -> dict[str, float]:
    """Folded syllables that come from expanding one typed word, with their share of it.

    "ubnd" is one word typed, four syllables indexed ("ủy ban nhân dân"): each counts a quarter
    when weighing how much of a question a unit covers. Syllables typed as such are absent.
    """
    shares: dict[str, float] = {}
    typed: set[str] = set()
    for group in _typed_words(text):
        parts = [fold(s) for s in group]
        if len(parts) == 1:
            typed.add(parts[0])
        elif len(parts) > 1:
            for part in parts:
                shares[part] = max(shares.get(part, 0.0), 1 / len(parts))
    return {word: share for word, share in shares.items() if word not in typed}


# Numbers said in words, as voice typing writes them ("điều mười sáu", "nghị định bảy ba",
# "công văn hai ba chín không"), are read as digits right after the words that take a number.
# Accented words are unambiguous; unaccented ones only where they cannot be another word
# ("tu" may be "từ", so only "tư" counts as 4).
_DIGIT_WORDS = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
    "khong": 0, "mot": 1, "bon": 4, "nam": 5, "lam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9,
}  # fmt: skip
_TENS_WORDS = {"mười", "mươi", "muoi"}
_HUNDREDS_WORDS = {"trăm", "tram"}
_LINK_WORDS = {"linh", "lẻ", "le"}  # "một trăm linh năm"
_NUMBERED_AFTER = {("dieu",), ("khoan",), ("muc",)} | {
    tuple(pair.split())
    for pair in ("nghi dinh", "ket luan", "cong van", "nghi quyet", "quyet dinh", "thong tu")
}
# After these, "năm" is the year, not five ("điều năm nay", "nghị định năm 2023").
_YEAR_CONTEXT = {"nay", "sau", "truoc", "ngoai", "toi", "qua", "nao"}


def _spoken_numbers(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        out.append(words[i])
        i += 1
        if i == len(words) or not _is_number_word(words[i], first=True):
            continue
        folded = [fold(w) for w in out[-2:]]
        if (folded[-1],) not in _NUMBERED_AFTER and tuple(folded) not in _NUMBERED_AFTER:
            continue
        end = i
        while end < len(words) and _is_number_word(words[end], first=end == i):
            end += 1
        year = _spoken_year(words, i, end)
        if year is not None:  # "nghị định bảy ba năm hai không hai ba": 73 năm 2023
            number = [_number_value(words[i : end - 5])] if end - 5 > i else []
            out += [*number, words[end - 5], year]
            i = end
            continue
        following = fold(words[end]) if end < len(words) else ""
        if (
            end > i
            and fold(words[end - 1]) == "nam"
            and (following.isdigit() or following in _YEAR_CONTEXT)
        ):
            end -= 1  # "năm 2023", "năm nay": a year
        if end - i in (2, 3) and fold(words[end - 1]) == "khong":
            end -= 1  # "nghị định bảy ba không": the question word; "hai ba chín không" is 2390
        if end > i and not (end == i + 1 and following == "so"):  # "một số điều": some
            out.append(_number_value(words[i:end]))
            i = end
    return out


def _spoken_year(words: list[str], start: int, end: int) -> str | None:
    """The year of a number run ending "… năm" and four digits said one by one, if any."""
    if end - start < 5 or fold(words[end - 5]) != "nam":
        return None
    digits = words[end - 4 : end]
    if not all(_DIGIT_WORDS.get(w) is not None for w in digits):
        return None
    return "".join(str(_DIGIT_WORDS[w]) for w in digits)


def _is_number_word(word: str, *, first: bool) -> bool:
    if word in _DIGIT_WORDS:
        return not (first and _DIGIT_WORDS[word] == 0)  # "nghị định không quy định…"
    return word in _TENS_WORDS or word in _HUNDREDS_WORDS or (not first and word in _LINK_WORDS)


def _number_value(words: list[str]) -> str:
    """ "bảy ba" → "73", "hai ba chín không" → "2390", "mười sáu" → "16", "hai mươi" → "20"."""
    if not any(w in _TENS_WORDS or w in _HUNDREDS_WORDS for w in words):
        return str(int("".join(str(_DIGIT_WORDS[w]) for w in words if w in _DIGIT_WORDS)))
    value = 0
    pending: int | None = None
    for word in words:
        if word in _HUNDREDS_WORDS:
            value += (1 if pending is None else pending) * 100
            pending = None
        elif word in _TENS_WORDS:
            value += (1 if pending is None else pending) * 10
            pending = None
        elif word in _DIGIT_WORDS:
            pending = _DIGIT_WORDS[word]
    return str(value + (pending or 0))


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
    return " ".join(fold(s) for s in syllables(bounded(text)))[:300]
