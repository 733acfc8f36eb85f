"""Khoản-level content, caveats attached to facts, and the shape of questions (issue 14)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.knowledge.answer import Answerer, _with_synonyms, folded_question
from bot.knowledge.base import KnowledgeError, load, load_default
from bot.knowledge.normalize import syllables
from bot.knowledge.shape import clause_asked, is_small_talk, split_parts, without_subject
from bot.knowledge.views import full_caveats, short_view
from tests.unit.test_knowledge import DOCS

ARTICLE = """
          - id: Điều 9
            title: Thử
            kind: article
            confirmed: true
            aliases: []
            summary: Tóm tắt khoản 1.
            details: Khoản 1 và khoản 2.
            summary_clauses: {summary}
            caveats: ["chung"]
            clauses:
              - n: 1
                text: Khoản 1 nói A.
                caveats: ["của khoản 1"]
              - n: 2
                confirmed: false
                when: ["bảo vệ"]
                text: Khoản 2 nói B.
                caveats: ["của khoản 2"]
"""


def _kb_dir(tmp_path: Path, article: str) -> Path:
    docs = dict(DOCS)
    docs["nd73.yaml"] = docs["nd73.yaml"].rstrip() + "\n" + article
    for name, body in docs.items():
        (tmp_path / name).write_text(textwrap.dedent(body), encoding="utf-8")
    return tmp_path


def test_caveats_go_with_the_facts_they_qualify(tmp_path: Path) -> None:
    kb = load(_kb_dir(tmp_path, ARTICLE.format(summary="[1]")))
    unit = kb.get("ND73/Điều 9")
    assert unit is not None
    assert short_view(unit).caveats == ("chung", "của khoản 1")
    two = short_view(unit, 2)
    assert (two.text, two.confirmed, two.caveats) == (
        "Khoản 2 nói B.",
        False,
        ("chung", "của khoản 2"),
    )
    absent = short_view(unit, 5)
    assert not absent.clause_known and absent.text == unit.summary
    assert full_caveats(unit) == ("chung", "của khoản 1", "của khoản 2")
    assert clause_asked(unit, "dieu kien duoc bao ve") == 2
    assert clause_asked(unit, "dieu kien la gi") is None


def test_malformed_khoan_data_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="summary_clauses"):
        load(_kb_dir(tmp_path, ARTICLE.format(summary="[3]")))
    legacy = ARTICLE.format(summary="[1]").replace('caveats: ["chung"]', "note: cũ")
    with pytest.raises(KnowledgeError, match="'note' is now 'caveats'"):
        load(_kb_dir(tmp_path, legacy))


def test_question_shapes() -> None:
    assert is_small_talk(folded_question("Cảm ơn bạn nhiều nhé!"))
    assert is_small_talk(folded_question("xin chào bot"))
    assert not is_small_talk(folded_question("cảm ơn, cho hỏi điều kiện được bảo vệ"))
    assert split_parts(folded_question("gửi kế hoạch cho ai và bao lâu thì được trả lời"))
    assert split_parts(folded_question("điều kiện khuyến khích và bảo vệ là gì")) is None
    words = syllables("cán bộ dám nghĩ dám làm được bảo vệ ra sao")
    assert without_subject(words) == syllables("cán bộ được bảo vệ ra sao")
    definition = syllables("dám nghĩ dám làm là gì")
    assert without_subject(definition) == definition


def test_synonyms_match_whole_words_and_typed_diacritics() -> None:
    assert _with_synonyms("cảm ơn bạn") == "cảm ơn bạn"
    assert "những việc không được làm" in _with_synonyms("cấm làm gì")
    assert "những việc không được làm" in _with_synonyms("cam lam gi")
    assert _with_synonyms("sài gòn") == "sài gòn"  # "sai" only as a word


@pytest.mark.parametrize(
    ("question", "ref", "clause"),
    [
        ("cán bộ dám nghĩ dám làm được bảo vệ ra sao", "ND73/Điều 11", None),
        ("bao ve can bo nang dong sang tao nhu the nao", "ND73/Điều 11", None),
        ("điều kiện để được bảo vệ là gì", "ND73/Điều 5", 2),
        ("ai có thẩm quyền phê duyệt đề xuất", "ND73/Điều 8", None),
        ("công văn 2390 yêu cầu đơn vị báo cáo gì", "CV2390/Mục 2", None),
        ("khoan 1 dieu 8", "ND73/Điều 8", 1),
    ],
)
def test_common_questions_on_the_real_knowledge_base(
    question: str, ref: str, clause: int | None
) -> None:
    answer = _REAL.ask(question)
    assert answer.best is not None and answer.best.ref == ref
    assert answer.clause == clause


@pytest.mark.parametrize(
    "question",
    ["cảm ơn bạn", "xin chào", "thủ tục đăng ký khai sinh cho trẻ tại phường cần giấy tờ gì"],
)
def test_everyday_requests_are_not_answered_with_articles(question: str) -> None:
    assert not _REAL.ask(question).answered


def test_two_part_question_answers_each_part() -> None:
    answer = _REAL.ask("gửi kế hoạch cho ai và bao lâu thì được trả lời")
    assert [p.unit.ref for p in answer.parts] == ["ND73/Điều 7", "ND73/Điều 8"]
    assert [h.unit.ref for h in answer.hits[:2]] == ["ND73/Điều 7", "ND73/Điều 8"]


_REAL = Answerer(load_default())
