"""BM25 over syllables and syllable bigrams (accented and folded) of every unit."""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib import resources

import bm25s
import numpy as np
import yaml

from bot.knowledge.base import KnowledgeBase, Unit
from bot.knowledge.normalize import bounded, syllables, terms_of, typed_word_shares
from bot.knowledge.spelling import Speller
from bot.vntext import fold

# How many times each field is repeated in a unit's indexed text (a simple field weight).
TITLE_WEIGHT = 3
# A word found in no unit counts this much more than the rarest known word.
UNKNOWN_WORD_FACTOR = 1.5
# Credit for a word matched only after a spelling fix.
GUESSED_WORD_CREDIT = 0.5
ALIAS_WEIGHT = 2
RELATED_LABEL = "Liên quan: "
# A query is a question (bounded by the answerer) plus the synonyms it triggers.
QUERY_CHARS = 2048


@dataclass(frozen=True, slots=True)
class Ranking:
    """Units ranked above every background topic, and the best background topic's score."""

    units: list[Scored]
    outside: float


@dataclass(frozen=True, slots=True)
class Scored:
    """A unit with its BM25 score and the IDF-weighted share of the question's words it has."""

    unit: Unit
    score: float
    coverage: float


def unit_text(kb: KnowledgeBase, unit: Unit) -> str:
    """The text indexed for a unit: title and aliases weighted, its explanation, its questions."""
    document = kb.documents[unit.doc]
    parts = (
        [unit.id, document.name, *document.aliases[:3]]
        if unit.kind == "general"
        else [unit.id, document.name]
    )
    # "Liên quan: Kết luận 21-KL/TW": the label says the kind of unit, not what it is about.
    title = unit.title.removeprefix(RELATED_LABEL) if unit.kind == "related" else unit.title
    parts += [title] * TITLE_WEIGHT
    parts += [alias for alias in unit.aliases for _ in range(ALIAS_WEIGHT)]
    parts += [unit.summary, unit.details]
    parts += unit.questions
    return "\n".join(parts)


class Index:
    """An in-memory BM25 index of the knowledge base."""

    def __init__(self, kb: KnowledgeBase, outside: list[str] | None = None) -> None:
        self.kb = kb
        self.units = kb.units
        # Background topics the documents do not cover, indexed after the real units.
        self._outside = list(outside if outside is not None else load_outside())
        texts = [unit_text(kb, unit) for unit in self.units] + self._outside
        syllable_lists = [syllables(text) for text in texts]
        self._speller = Speller([fold(w) for w in ws] for ws in syllable_lists)
        corpus = [terms_of(ws) for ws in syllable_lists]
        self._words = [set(t.content) for t in corpus]
        # Inverse document frequency of each content word, for weighting coverage: matching
        # "cán bộ" says little, matching "kỷ luật" a lot; an unknown word weighs the most.
        count = len(corpus)
        frequency: dict[str, int] = {}
        for unit_words in self._words:
            for word in unit_words:
                frequency[word] = frequency.get(word, 0) + 1
        self._idf = {w: math.log(1 + count / n) for w, n in frequency.items()}
        self._unknown_weight = math.log(1 + count) * UNKNOWN_WORD_FACTOR
        self._bm25 = bm25s.BM25()
        self._bm25.index([t.terms for t in corpus], show_progress=False)
        self._vocab: dict[str, int] = dict(self._bm25.vocab_dict)

    def correct(self, words: list[str]) -> tuple[list[str], set[str]]:
        """Repair syllables the knowledge base never uses; also the set of guessed repairs."""
        fixed: list[str] = []
        guessed: set[str] = set()
        repairs = self._speller.repair([fold(w) for w in words])
        for word, repair in zip(words, repairs, strict=True):
            if repair.words == (repair.typed,):
                fixed.append(word)
                continue
            fixed += repair.words
            if repair.guessed:
                guessed.update(repair.words)
        return fixed, guessed

    def search(self, query: str, *, limit: int = 5) -> Ranking:
        """Rank units for a query, best first, down to the first background topic.

        No unit when no query term is known or a background topic ranks first.
        """
        query = bounded(query, QUERY_CHARS)
        corrected, guessed = self.correct(syllables(query))
        query_tokens = terms_of(corrected)
        known = [term for term in query_tokens.terms if term in self._vocab]
        if not known:
            return Ranking([], 0.0)
        scores = np.asarray(self._bm25.get_scores(known), dtype=float)
        background = scores[len(self.units) :]
        outside = float(background.max()) if background.size else 0.0
        order = np.argsort(-scores[: len(self.units)])[:limit]
        # Coverage weighs each typed word by its rarity; a word the spelling fix had to guess
        # counts at half weight, so a question of unknown words is not made to look covered;
        # the syllables of an expanded abbreviation share one word's weight ("ubnd").
        shares = typed_word_shares(query)
        full = {
            w: self._idf.get(w, self._unknown_weight) * shares.get(w, 1.0)
            for w in set(query_tokens.content)
        }
        weights = {w: full[w] * (GUESSED_WORD_CREDIT if w in guessed else 1) for w in full}
        total = sum(full.values())
        results: list[Scored] = []
        for position in order:
            score = float(scores[position])
            if score <= 0 or score <= outside:
                break
            words = self._words[int(position)]
            matched = sum(weight for word, weight in weights.items() if word in words)
            results.append(
                Scored(self.units[int(position)], score, matched / total if total else 0)
            )
        return Ranking(results, outside)


def load_outside() -> list[str]:
    """The background topics shipped with the bot (name and keywords of each)."""
    raw = yaml.safe_load(
        resources.files("bot.knowledge").joinpath("outside.yaml").read_text(encoding="utf-8")
    )
    return [f"{topic['name']} {topic['text']}" for topic in raw["topics"]]
