"""Knowledge base loading, Vietnamese normalisation, ranking and refusals on a small KB."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.knowledge.answer import Answerer
from bot.knowledge.base import KnowledgeError, load, unit_key
from bot.knowledge.index import Index
from bot.knowledge.normalize import canonical, nfc_lower, syllables, tokens, typed_word_shares
from bot.knowledge.qa import pick_clause

DOCS = {
    "nd73.yaml": """
        doc: ND73
        name: Nghị định 73/2023/NĐ-CP
        full_title: Nghị định về khuyến khích, bảo vệ cán bộ năng động, sáng tạo
        citation: Nghị định 73/2023/NĐ-CP
        aliases: [nđ73, nghị định 73]
        units:
          - id: Thông tin chung
            title: Thông tin chung về Nghị định 73/2023/NĐ-CP
            kind: general
            confirmed: true
            aliases: [ban hành ngày nào, ai ban hành, hiệu lực]
            summary: Chính phủ ban hành ngày 29/9/2023, có hiệu lực cùng ngày.
            details: Gồm 5 chương, 24 điều.
          - id: Điều 5
            title: Điều kiện áp dụng chính sách khuyến khích, biện pháp bảo vệ
            kind: article
            confirmed: true
            aliases: [điều kiện được khuyến khích, điều kiện được bảo vệ]
            summary: Đề xuất phải gỡ điểm nghẽn, vì lợi ích chung, xuất phát từ đòi hỏi thực tế.
            details: Khoản 1 nêu điều kiện khuyến khích; khoản 2 nêu điều kiện bảo vệ.
          - id: Điều 8
            title: Trình tự, thủ tục phê duyệt đề xuất đổi mới, sáng tạo
            kind: article
            confirmed: true
            aliases: [phê duyệt đề xuất, thời hạn xét duyệt, bao lâu được duyệt]
            summary: Tập thể lãnh đạo xem xét trong 07 ngày làm việc.
            details: Quá nửa thành viên đồng ý thì thông qua.
            see_also: ["Điều 5"]
          - id: Điều 15
            title: Nội dung chưa xác nhận
            kind: article
            confirmed: false
            aliases: []
            summary: Bot chưa có nội dung đã xác nhận của điều này.
            details: Vui lòng tra cứu văn bản chính thức.
    """,
    "kl14.yaml": """
        doc: KL14
        name: Kết luận 14-KL/TW
        full_title: Kết luận về khuyến khích và bảo vệ cán bộ năng động, sáng tạo
        citation: Kết luận 14-KL/TW
        units:
          - id: Mục 2
            title: Yêu cầu trong giai đoạn hiện nay
            kind: point
            confirmed: true
            aliases: [dám nghĩ dám làm dám đột phá]
            summary: Xây dựng đội ngũ cán bộ dám nghĩ, dám làm, dám đột phá vì lợi ích chung.
            details: Cấp ủy nâng cao nhận thức, nhất là người đứng đầu.
    """,
    "cv2390.yaml": """
        doc: CV2390
        name: Công văn 2390/UBND-NV
        full_title: Công văn triển khai KL14 và NĐ73
        citation: Công văn 2390/UBND-NV
        units:
          - id: Mục 4
            title: Nhiệm vụ của Phòng Nội vụ
            kind: point
            confirmed: true
            aliases: [phòng nội vụ theo dõi, xếp loại bổ nhiệm]
            summary: Phòng Nội vụ theo dõi, dùng kết quả đề xuất để tham mưu xếp loại, bổ nhiệm.
            details: Ưu tiên bố trí người có tư duy đổi mới.
    """,
}


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    for name, body in DOCS.items():
        (tmp_path / name).write_text(textwrap.dedent(body), encoding="utf-8")
    return tmp_path


@pytest.fixture
def answerer(kb_dir: Path) -> Answerer:
    return Answerer(load(kb_dir))


def test_tone_placement_and_abbreviations() -> None:
    assert nfc_lower("Hoà, UỶ BAN, khoẻ, Quý") == "hòa, ủy ban, khỏe, quý"
    assert syllables("nđ73 dieu8 CBCCVC") == [
        "nghị",
        "định",
        "73",
        "dieu",
        "8",
        "cán",
        "bộ",
        "công",
        "chức",
        "viên",
        "chức",
    ]
    assert canonical("Điều   kiện") == canonical("dieu kien")


@pytest.mark.parametrize(
    ("spoken", "read"),
    [
        ("điều mười sáu nghị định bảy ba", "điều 16 nghị định 73"),
        ("điều hai mươi mốt", "điều 21"),
        ("kết luận hai mốt", "kết luận 21"),
        ("mục hai kết luận mười bốn", "mục 2 kết luận 14"),
        ("công văn hai ba chín không", "công văn 2390"),
        ("khoan hai dieu nam", "khoan 2 dieu 5"),
        ("nghị định bảy ba năm hai không hai ba", "nghị định 73 năm 2023"),
        ("nghị định năm hai không hai ba", "nghị định năm 2023"),
        # Not numbers: the question word, a year, "some", "from", and words after other words.
        ("có đúng nghị định bảy ba không", "có đúng nghị định 73 không"),
        ("nghị định năm 2023", "nghị định năm 2023"),
        ("những điều năm nay cần làm", "những điều năm nay cần làm"),
        ("nghị định một số điều", "nghị định một số điều"),
        ("nghi dinh tu nam 2023", "nghi dinh tu nam 2023"),
        ("nghị định không quy định", "nghị định không quy định"),
        ("có hai ba người", "có hai ba người"),
    ],
)
def test_numbers_said_in_words_after_article_and_document_words(spoken: str, read: str) -> None:
    assert " ".join(syllables(spoken)) == read


def test_english_words_and_teen_code_read_as_vietnamese() -> None:
    assert " ".join(syllables("sếp approve đề xuất, deadline report")) == (
        "sếp phê duyệt đề xuất thời hạn báo cáo"
    )
    assert (
        " ".join(syllables("dk de dc hok z, ko bít")) == "điều kiện de được không vậy không biết"
    )


def test_an_expanded_abbreviation_weighs_as_one_typed_word() -> None:
    assert typed_word_shares("ăn trưa gần ubnd thành phố") == {
        "uy": 0.25,
        "ban": 0.25,
        "nhan": 0.25,
        "dan": 0.25,
    }
    # Typed on its own somewhere in the question, a syllable keeps its full weight.
    assert "ban" not in typed_word_shares("ubnd ban hành")


def test_tokens_keep_bigrams_across_fillers() -> None:
    terms = tokens("cơ quan nội vụ").terms
    assert "co_quan" in terms and "cơ_quan" in terms and "co" not in terms


def test_unit_keys() -> None:
    assert unit_key("Điều 8") == "dieu8"
    assert unit_key("Thông tin chung") == "thongtinchung"


@pytest.mark.parametrize(
    ("question", "ref"),
    [
        ("Điều kiện để được khuyến khích là gì?", "ND73/Điều 5"),
        ("dieu kien de duoc khuyen khich la gi", "ND73/Điều 5"),
        ("đề xuất được phê duyệt trong bao lâu", "ND73/Điều 8"),
        ("đề xuất approve trong bao lâu", "ND73/Điều 8"),
        ("de xuat duoc phe duyet trong bao lau", "ND73/Điều 8"),
        ("phòng nội vụ dùng kết quả để xếp loại", "CV2390/Mục 4"),
        ("nd73 ban hanh ngay nao", "ND73/Thông tin chung"),
    ],
)
def test_ranking(answerer: Answerer, question: str, ref: str) -> None:
    answer = answerer.ask(question)
    assert answer.answered and answer.best is not None
    assert answer.best.ref == ref


@pytest.mark.parametrize(
    ("question", "ref", "clause"),
    [
        ("điều 8 nđ73", "ND73/Điều 8", None),
        ("khoan 2 dieu 5 nghi dinh 73", "ND73/Điều 5", 2),
        ("Điều 15 nói gì", "ND73/Điều 15", None),
        ("mục 4 công văn 2390", "CV2390/Mục 4", None),
        ("điều mười lăm nghị định bảy ba nói gì", "ND73/Điều 15", None),
        ("khoản hai điều năm", "ND73/Điều 5", 2),
        ("mục bốn công văn hai ba chín không", "CV2390/Mục 4", None),
    ],
)
def test_article_lookup(answerer: Answerer, question: str, ref: str, clause: int | None) -> None:
    answer = answerer.ask(question)
    assert answer.reason == "lookup" and answer.best is not None
    assert (answer.best.ref, answer.clause) == (ref, clause)


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("mức lương cơ sở theo nghị định 73/2024", "other_document"),
        ("nghị quyết 57 về khoa học công nghệ", "other_document"),
        ("nd 13/2012 ve sang kien", "other_document"),
        ("thưởng tết theo nđ 73 được bao nhiêu", "other_document"),
        ("nđ 73 thưởng cuối năm cho cbcc tính sao", "other_document"),
        ("điều 30 nghị định 73", "no_such_unit"),
        ("thời tiết hôm nay thế nào", "weak"),
        ("bot này dùng thế nào", "about_bot"),
        ("làm sao nộp đề xuất trên bot", "about_bot"),
        ("😀", "empty"),
    ],
)
def test_refusals(answerer: Answerer, question: str, reason: str) -> None:
    answer = answerer.ask(question)
    assert not answer.answered and answer.reason == reason


@pytest.mark.parametrize(
    "question",
    [
        "nđ73 có được nâng lương sớm không",  # its own early pay-step raise (Điều 10)
        "nd73 co phai xin y kien ban thuong vu khong",
        "đề xuất theo nđ73 có phải làm thường xuyên không",
    ],
)
def test_nd73_questions_with_look_alike_pay_words_are_not_nd73_2024(
    answerer: Answerer, question: str
) -> None:
    assert answerer.ask(question).reason != "other_document"


def test_question_as_much_about_a_background_topic_is_refused(kb_dir: Path) -> None:
    kb = load(kb_dir)
    index = Index(kb, outside=["ăn uống: ăn trưa quán ăn cà phê món ngon gần cơ quan"])
    question = "ăn trưa ở quán nào gần phòng nội vụ"
    strict = Answerer(kb, index, min_coverage=0, min_strength=0).ask(question)
    assert strict.hits and strict.hits[0].unit.ref == "CV2390/Mục 4"
    assert not strict.answered and strict.reason == "weak"
    assert 0.8 * strict.hits[0].score <= strict.outside < strict.hits[0].score
    lenient = Answerer(kb, index, min_coverage=0, min_strength=0, outside_ratio=2.0).ask(question)
    assert lenient.answered and lenient.best is not None
    # A real question keeps its answer next to the same background topic.
    real = Answerer(kb, index).ask("phòng nội vụ dùng kết quả để xếp loại")
    assert real.answered and real.best is not None and real.best.ref == "CV2390/Mục 4"


def test_question_mostly_of_words_no_unit_has_is_refused(kb_dir: Path) -> None:
    kb = load(kb_dir)
    index = Index(kb, outside=[])
    question = "gọi taxi ra sân bay cam ranh cho đoàn phòng nội vụ"
    floor = Answerer(kb, index, min_coverage=0.4, min_strength=0).ask(question)
    assert floor.hits and floor.coverage < 0.4 and not floor.answered
    no_floor = Answerer(kb, index, min_coverage=0, min_strength=0).ask(question)
    assert no_floor.answered


def test_malformed_file_names_file_and_line(kb_dir: Path) -> None:
    path = kb_dir / "kl14.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: point", "kind: poem"))
    with pytest.raises(KnowledgeError, match=r"kl14\.yaml:\d+: unknown kind"):
        load(kb_dir)
    path.write_text("doc: KL14\nunits: [\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"kl14\.yaml:\d+"):
        load(kb_dir)


def test_missing_field_is_reported(kb_dir: Path) -> None:
    path = kb_dir / "cv2390.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("    summary: Phòng", "    sumary: Phòng")
    )
    with pytest.raises(KnowledgeError, match="missing 'summary'"):
        load(kb_dir)


def test_pick_clause() -> None:
    body = "Điều 5. Điều kiện\n1. Khoản một.\na) điểm a\n2. Khoản hai.\n3. Khoản ba."
    assert pick_clause(body, 2) == "2. Khoản hai."
    assert pick_clause(body, 1) == "1. Khoản một.\na) điểm a"
    assert pick_clause(body, 9) is None


def test_typical_questions_are_searched(kb_dir: Path) -> None:
    (kb_dir / "questions.yaml").write_text(
        'CV2390/Mục 4:\n  - "ai chấm điểm thi đua cuối năm cho đơn vị mình"\n', encoding="utf-8"
    )
    kb = load(kb_dir)
    assert kb.get("CV2390/Mục 4").questions == ("ai chấm điểm thi đua cuối năm cho đơn vị mình",)
    assert kb.get("KL14/Mục 2").questions == ()
    answer = Answerer(kb, Index(kb, outside=[]), min_strength=0).ask("ai chấm điểm cuối năm")
    assert answer.best is not None and answer.best.ref == "CV2390/Mục 4"


def test_questions_file_is_validated(kb_dir: Path) -> None:
    path = kb_dir / "questions.yaml"
    path.write_text('ND73/Điều 99:\n  - "câu hỏi"\n', encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"questions\.yaml:\d+: unknown unit 'ND73/Điều 99'"):
        load(kb_dir)
    path.write_text('CV2390/Mục 4: "không phải danh sách"\n', encoding="utf-8")
    with pytest.raises(KnowledgeError, match="must be a list"):
        load(kb_dir)
