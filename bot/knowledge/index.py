"""BM25 over syllables and syllable bigrams (accented and folded) of every unit."""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib import resources

import bm25s
import numpy as np
import yaml

from bot.knowledge.base import KnowledgeBase, Unit
from bot.knowledge.normalize import syllables, terms_of, tokens
from bot.vntext import fold

# How many times each field is repeated in a unit's indexed text (a simple field weight).
TITLE_WEIGHT = 3
# A word found in no unit counts this much more than the rarest known word.
UNKNOWN_WORD_FACTOR = 1.5
# Credit for a word matched only after a spelling fix.
GUESSED_WORD_CREDIT = 0.5
ALIAS_WEIGHT = 2


@dataclass(frozen=True, slots=True)
class Scored:
    """A unit with its BM25 score and the IDF-weighted share of the question's words it has."""

    unit: Unit
    score: float
    coverage: float


def unit_text(kb: KnowledgeBase, unit: Unit) -> str:
    """The text indexed for a unit: title and aliases weighted, then its explanation."""
    document = kb.documents[unit.doc]
    parts = (
        [unit.id, document.name, *document.aliases[:3]]
        if unit.kind == "general"
        else [unit.id, document.name]
    )
    parts += [unit.title] * TITLE_WEIGHT
    parts += [alias for alias in unit.aliases for _ in range(ALIAS_WEIGHT)]
    parts += [unit.summary, unit.details]
    return "\n".join(parts)


class Index:
    """An in-memory BM25 index of the knowledge base."""

    def __init__(self, kb: KnowledgeBase, outside: list[str] | None = None) -> None:
        self.kb = kb
        self.units = kb.units
        # Background topics the documents do not cover, indexed after the real units.
        self._outside = list(outside if outside is not None else load_outside())
        corpus = [tokens(unit_text(kb, unit)) for unit in self.units]
        corpus += [tokens(text) for text in self._outside]
        self._words = [set(t.content) for t in corpus]
        # Inverse document frequency of each content word, for weighting coverage: matching
        # "cán bộ" says little, matching "kỷ luật" a lot; an unknown word weighs the most.
        count = len(corpus)
        frequency: dict[str, int] = {}
        for words in self._words:
            for word in words:
                frequency[word] = frequency.get(word, 0) + 1
        self._idf = {w: math.log(1 + count / n) for w, n in frequency.items()}
        self._df = frequency
        self._known = set(frequency)
        self._unknown_weight = math.log(1 + count) * UNKNOWN_WORD_FACTOR
        self._bm25 = bm25s.BM25()
        self._bm25.index([t.terms for t in corpus], show_progress=False)
        self._vocab: dict[str, int] = dict(self._bm25.vocab_dict)

    def correct(self, words: list[str]) -> list[str]:
        """Replace unknown syllables by the one known syllable one typo away, if unique."""
        fixed = []
        for word in words:
            folded = fold(word)
            if folded in self._known or len(folded) < 2 or not folded.isalpha():
                fixed.append(word)
                continue
            candidates = {c for c in _one_typo_away(folded) if c in self._known}
            fixed.append(max(candidates, key=self._df.__getitem__) if candidates else word)
        return fixed

    def search(self, query: str, *, limit: int = 5) -> list[Scored]:
        """Rank units for a query, best first; empty when no query term is known."""
        typed = syllables(query)
        corrected = self.correct(typed)
        query_tokens = terms_of(corrected)
        known = [term for term in query_tokens.terms if term in self._vocab]
        if not known:
            return []
        scores = np.asarray(self._bm25.get_scores(known), dtype=float)
        order = np.argsort(-scores)[:limit]
        # Coverage weighs each typed word by its rarity; a word the spelling fix had to guess
        # counts at half weight, so a question of unknown words is not made to look covered.
        guessed = {fold(c) for t, c in zip(typed, corrected, strict=True) if t != c}
        weights = {
            w: self._idf.get(w, self._unknown_weight)
            * (GUESSED_WORD_CREDIT if w in guessed else 1)
            for w in set(query_tokens.content)
        }
        total = sum(
            weight / (GUESSED_WORD_CREDIT if word in guessed else 1)
            for word, weight in weights.items()
        )
        results: list[Scored] = []
        for position in order:
            score = float(scores[position])
            if score <= 0:
                break
            if position >= len(self.units):
                # A background topic outranks every real unit from here on: stop.
                if not results:
                    return []
                break
            words = self._words[int(position)]
            matched = sum(weight for word, weight in weights.items() if word in words)
            results.append(
                Scored(self.units[int(position)], score, matched / total if total else 0)
            )
        return results


def load_outside() -> list[str]:
    """The background topics shipped with the bot (name and keywords of each)."""
    raw = yaml.safe_load(
        resources.files("bot.knowledge").joinpath("outside.yaml").read_text(encoding="utf-8")
    )
    return [f"{topic['name']} {topic['text']}" for topic in raw["topics"]]


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _one_typo_away(word: str) -> set[str]:
    """Every string one deletion, swap, replacement or insertion away from a word."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + swaps + replaces + inserts)
