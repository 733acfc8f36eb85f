"""Caveats of short answers: at most two, the rest left to the full text, none repeated."""

from __future__ import annotations

import itertools

from bot import texts
from bot.knowledge.answer import Answerer
from bot.knowledge.base import load_default
from bot.knowledge.views import MAX_SHORT_CAVEATS, answer_views, full_caveats, short_view
from bot.vntext import fold

# Two caveats of one unit sharing this share of their words say the same thing twice.
NEAR_DUPLICATE = 0.6


def _similarity(a: str, b: str) -> float:
    first, second = set(fold(a).split()), set(fold(b).split())
    return len(first & second) / len(first | second)


def test_no_short_answer_shows_more_than_two_caveats() -> None:
    kb = load_default()
    answerer = Answerer(kb)
    for unit in kb.units:
        views = [short_view(unit), *(short_view(unit, c.number) for c in unit.clauses)]
        for view in views:
            assert len(view.caveats) <= MAX_SHORT_CAVEATS, unit.ref
            # Nothing is lost: what the short answer leaves out is counted for the full text.
            assert set(view.caveats) <= set(full_caveats(unit)), unit.ref
        whole = short_view(unit)
        assert len(whole.caveats) + whole.more_caveats == len(unit.summary_caveats())
        for question in (*unit.questions, *unit.aliases):
            shown = answer_views(answerer.ask(question), answerer)
            assert sum(len(v.caveats) for v in shown) <= MAX_SHORT_CAVEATS, question


def test_no_two_caveats_of_a_unit_are_near_duplicates() -> None:
    for unit in load_default().units:
        for a, b in itertools.combinations(unit.all_caveats(), 2):
            assert _similarity(a, b) < NEAR_DUPLICATE, (unit.ref, a, b)


def test_caveats_the_question_asks_about_come_first() -> None:
    kb = load_default()
    answerer = Answerer(kb)
    answer = answerer.ask("được miễn trách nhiệm thì có phải bồi thường thiệt hại không")
    (view,) = answer_views(answer, answerer)
    assert view.unit.ref == "ND73/Điều 11"
    assert any("bồi thường thiệt hại" in caveat for caveat in view.caveats)
    # Naming an article does not make every caveat mentioning it "asked about".
    article = kb.get("ND73/Điều 18")
    assert article is not None
    looked_up = answer_views(answerer.ask("điều 18"), answerer)[0]
    assert looked_up.caveats == short_view(article).caveats


def test_the_short_answer_says_where_the_other_caveats_are() -> None:
    shown = texts.caveats(["Một.", "Hai."], 3)
    assert shown.count("•") == 3 and "Còn 3 lưu ý khác" in shown
    assert texts.BTN_FULL_TEXT in shown
    assert texts.caveats(["Một."]) == texts.caveat("Một.")
    assert "lưu ý khác" not in texts.caveats(["Một.", "Hai."])
