"""Spelling repair of question syllables against the knowledge base's own vocabulary.

Staff type on phones: input-method leftovers (Telex "dduowcj", VNI "nghi5"), glued syllables
("canbo"), and one slipped letter ("dihn"). A syllable the knowledge base never uses is repaired
when the repair is unambiguous enough; the rest are left alone. Everything works on folded
syllables (no diacritics, đ→d), the form every unit is also indexed under.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Bounds on the work one message can cause (a message may be 4,096 characters of anything).
# The longest Vietnamese syllable has 7 letters; typed with Telex and glued to a second one it
# stays well under MAX_WORD. A one-letter guess builds about 54 strings per letter of the word:
# MAX_CANDIDATES allows a dozen guesses per question (real questions need at most four, with
# under 800 candidates in all: bench/qa), and the rest of the unknown words are left as typed.
MAX_WORD = 20
MAX_CANDIDATES = 4000
# Telex marks: doubled vowels and đ (aa, ee, oo, dd), w for the horn and breve, and a tone key.
# No Vietnamese syllable ends in s, f, r, x or j, nor contains w, so these are leftovers.
_TELEX_DOUBLE = re.compile(r"(aa|ee|oo|dd)")
_TELEX_HORN = re.compile(r"(?<=[aou])w")
_TELEX_U = re.compile(r"w")
_TONE_KEY_AT_END = re.compile(r"(?<=[a-z])[sfrxj]$")
_TONE_KEY_INSIDE = re.compile(r"(?<=[aeiouy])[sfrxj](?=[aeiouy]?[cghmnpt]*$)")
# VNI digits after letters: 1–5 tones, 6 circumflex, 7 horn, 8 breve, 9 đ.
_VNI = re.compile(r"(?<=[a-z])[1-9]+")


@dataclass(frozen=True, slots=True)
class Repair:
    """What became of one typed syllable."""

    typed: str
    words: tuple[str, ...]  # one syllable, or two when a glued pair was split
    guessed: bool  # a one-letter guess rather than a certain repair


def decode_input_method(word: str) -> str:
    """Strip Telex or VNI leftovers from a folded syllable ("dduowcj" → "duoc")."""
    if any(ch.isdigit() for ch in word) and any(ch.isalpha() for ch in word):
        word = _VNI.sub("", word)
    word = _TONE_KEY_AT_END.sub("", word) if len(word) > 2 else word
    word = _TONE_KEY_INSIDE.sub("", word)
    word = _TELEX_DOUBLE.sub(lambda m: m.group(1)[0], word)
    return _TELEX_U.sub("u", _TELEX_HORN.sub("", word))


def typo_cost(word: str) -> int:
    """How many strings `one_typo_away` builds for a word (before removing duplicates)."""
    return 54 * len(word) + 25


def one_typo_away(word: str) -> set[str]:
    """Every string one deletion, swap, replacement or insertion away from a word."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + swaps + replaces + inserts)


class Speller:
    """Repairs folded syllables using the syllables and syllable pairs of a corpus."""

    def __init__(self, documents: Iterable[list[str]]) -> None:
        self._frequency: Counter[str] = Counter()
        self._pairs: set[tuple[str, str]] = set()
        for words in documents:
            self._frequency.update(set(words))
            self._pairs.update(itertools.pairwise(words))

    def known(self, word: str) -> bool:
        """Whether the corpus uses this folded syllable."""
        return word in self._frequency

    def repair(self, words: list[str]) -> list[Repair]:
        """Repair each folded syllable the corpus does not know, using its neighbours.

        One-letter guesses share a budget of MAX_CANDIDATES built strings per call, and the
        candidates of a word typed several times are built once.
        """
        repairs = []
        guesses = _Guesses(self, MAX_CANDIDATES)
        for i, word in enumerate(words):
            before = words[i - 1] if i else None
            after = words[i + 1] if i + 1 < len(words) else None
            repairs.append(self._repair_one(word, before, after, guesses))
        return repairs

    def _repair_one(
        self, word: str, before: str | None, after: str | None, guesses: _Guesses
    ) -> Repair:
        if (
            self.known(word)
            or not 2 <= len(word) <= MAX_WORD
            or not word.isalnum()
            or word.isdigit()
        ):
            return Repair(word, (word,), False)
        decoded = decode_input_method(word)
        if decoded != word and self.known(decoded):
            return Repair(word, (decoded,), False)
        split = self._split(decoded)
        if split is not None:
            return Repair(word, split, False)
        if not decoded.isalpha():
            return Repair(word, (word,), False)
        candidates = guesses.known_near(decoded)
        if not candidates:
            return Repair(word, (word,), False)
        best = max(candidates, key=lambda c: (self._fits(c, before, after), self._frequency[c], c))
        return Repair(word, (best,), True)

    def _split(self, word: str) -> tuple[str, str] | None:
        """A glued pair of syllables the corpus uses together ("canbo" → "can", "bo")."""
        if len(word) < 4:
            return None
        for k in range(1, len(word)):
            left, right = word[:k], word[k:]
            if (left, right) in self._pairs:
                return left, right
        return None

    def _fits(self, candidate: str, before: str | None, after: str | None) -> int:
        """How many neighbours the corpus pairs with this candidate."""
        return int((before, candidate) in self._pairs) + int((candidate, after) in self._pairs)


class _Guesses:
    """Known words one typo away, built within a budget of strings for one question."""

    def __init__(self, speller: Speller, budget: int) -> None:
        self._speller = speller
        self._budget = budget
        self._seen: dict[str, list[str]] = {}

    def known_near(self, word: str) -> list[str]:
        """The known words one typo away from `word` (none once the budget is spent)."""
        if word in self._seen:
            return self._seen[word]
        cost = typo_cost(word)
        if cost > self._budget:
            return []
        self._budget -= cost
        found = sorted(c for c in one_typo_away(word) if self._speller.known(c))
        self._seen[word] = found
        return found
