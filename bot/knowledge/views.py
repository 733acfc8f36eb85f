"""What is shown of a unit, and the caveats that go with it, whichever way it is opened.

A caveat qualifies facts: the unit's own caveats go with everything the unit says; a khoản's
caveats go with that khoản, and with the short answer when the summary states that khoản's
facts. Every path (an answer, /dieu, the related-unit button, the full text, `ask --json`)
builds its view here, so none can drop a caveat.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge.answer import Answer, Answerer, Part
from bot.knowledge.base import Unit, UnitClause


@dataclass(frozen=True, slots=True)
class View:
    """The part of a unit an answer shows."""

    unit: Unit
    text: str  # the summary, or the khoản's explanation when the knowledge base holds it
    confirmed: bool
    caveats: tuple[str, ...]
    clause: int | None = None  # the khoản shown, when the view is at khoản level
    clause_known: bool = True  # False: the khoản asked is not in the knowledge base


def short_view(unit: Unit, clause: int | None = None, extra: tuple[str, ...] = ()) -> View:
    """The short answer of a unit, or of one khoản of it; `extra` adds caveats a question asks
    about (they are kept only once, in the unit's order)."""
    if clause is None:
        return View(unit, unit.summary, unit.confirmed, _merge(unit.summary_caveats(), extra))
    found: UnitClause | None = unit.clause(clause)
    if found is None:
        # Say the khoản is not held, then give the unit's short answer with its caveats.
        return View(
            unit,
            unit.summary,
            unit.confirmed,
            _merge(unit.summary_caveats(), extra),
            clause,
            clause_known=False,
        )
    return View(
        unit,
        found.text,
        unit.confirmed and found.confirmed,
        _merge(unit.clause_caveats(clause), extra),
        clause,
    )


def answer_views(answer: Answer, answerer: Answerer) -> tuple[View, ...]:
    """What an answer shows: its unit (or khoản), or each part of a question that asks two
    things, with their caveats and those the question asks about."""
    if answer.best is None:
        return ()
    parts = answer.parts or (Part(answer.best, answer.clause),)
    return tuple(
        short_view(part.unit, part.clause, answerer.relevant_caveats(part.unit, answer.question))
        for part in parts
    )


def full_caveats(unit: Unit) -> tuple[str, ...]:
    """The caveats of the full text: every fact of the unit is shown, so every caveat."""
    return unit.all_caveats()


def _merge(first: tuple[str, ...], extra: tuple[str, ...]) -> tuple[str, ...]:
    kept = list(first)
    for caveat in extra:
        if caveat not in kept:
            kept.append(caveat)
    return tuple(kept)
