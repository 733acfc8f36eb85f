"""What is shown of a unit, and the caveats that go with it, whichever way it is opened.

A caveat qualifies facts: the unit's own caveats go with everything the unit says; a khoản's
caveats go with that khoản, and with the short answer when the summary states that khoản's
facts. Every path (an answer, /dieu, the related-unit button, the full text, `ask --json`)
builds its view here, so none can drop a caveat.

A short answer shows at most MAX_SHORT_CAVEATS caveats (those the question asks about first,
then the others in the unit's order) and says how many more the full text ("📄 Xem đầy đủ")
has: that text shows every caveat of the unit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.knowledge.answer import Answer, Answerer, Part
from bot.knowledge.base import Unit, UnitClause

# Caveats shown with a short answer (all parts of a two-part answer together); the rest are in
# the full text.
MAX_SHORT_CAVEATS = 2


@dataclass(frozen=True, slots=True)
class View:
    """The part of a unit an answer shows."""

    unit: Unit
    text: str  # the summary, or the khoản's explanation when the knowledge base holds it
    confirmed: bool
    caveats: tuple[str, ...]
    clause: int | None = None  # the khoản shown, when the view is at khoản level
    clause_known: bool = True  # False: the khoản asked is not in the knowledge base
    more_caveats: int = 0  # caveats of the view left to the full text


def short_view(unit: Unit, clause: int | None = None, extra: tuple[str, ...] = ()) -> View:
    """The short answer of a unit, or of one khoản of it; `extra` are caveats the question asks
    about: they come first. At most MAX_SHORT_CAVEATS caveats are shown, each once."""
    if clause is None:
        return _capped(
            View(unit, unit.summary, unit.confirmed, _merge(extra, unit.summary_caveats()))
        )
    found: UnitClause | None = unit.clause(clause)
    if found is None:
        # Say the khoản is not held, then give the unit's short answer with its caveats.
        return _capped(
            View(
                unit,
                unit.summary,
                unit.confirmed,
                _merge(extra, unit.summary_caveats()),
                clause,
                clause_known=False,
            )
        )
    return _capped(
        View(
            unit,
            found.text,
            unit.confirmed and found.confirmed,
            _merge(extra, unit.clause_caveats(clause)),
            clause,
        )
    )


def answer_views(answer: Answer, answerer: Answerer) -> tuple[View, ...]:
    """What an answer shows: its unit (or khoản), or each part of a question that asks two
    things, with their caveats and those the question asks about."""
    if answer.best is None:
        return ()
    parts = answer.parts or (Part(answer.best, answer.clause),)
    views = [
        short_view(part.unit, part.clause, answerer.relevant_caveats(part.unit, answer.question))
        for part in parts
    ]
    # The parts share the caveats a short answer shows: the one with more gives one up.
    while sum(len(view.caveats) for view in views) > MAX_SHORT_CAVEATS:
        most = max(range(len(views)), key=lambda i: (len(views[i].caveats), i))
        views[most] = _capped(views[most], len(views[most].caveats) - 1)
    return tuple(views)


def full_caveats(unit: Unit) -> tuple[str, ...]:
    """The caveats of the full text: every fact of the unit is shown, so every caveat."""
    return unit.all_caveats()


def _capped(view: View, limit: int = MAX_SHORT_CAVEATS) -> View:
    """A view showing its first `limit` caveats; the others are counted for the full text."""
    if len(view.caveats) <= limit:
        return view
    left = len(view.caveats) - limit
    return replace(view, caveats=view.caveats[:limit], more_caveats=view.more_caveats + left)


def _merge(first: tuple[str, ...], then: tuple[str, ...]) -> tuple[str, ...]:
    kept: list[str] = []
    for caveat in (*first, *then):
        if caveat not in kept:
            kept.append(caveat)
    return tuple(kept)
