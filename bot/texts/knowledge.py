"""Words of the Q&A: answers, citations, /dieu, /cauhoi and importing official texts."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from bot.vntext import clip

__all__ = [
    "ARTICLE_USAGE",
    "ASK_USAGE",
    "BTN_FULL_TEXT",
    "BTN_IMPORT",
    "BTN_IMPORT_CANCEL",
    "BTN_NOT_USEFUL",
    "BTN_USEFUL",
    "CMD_ARTICLE",
    "CMD_ASK",
    "CMD_QUESTIONS",
    "DOC_NAMES",
    "EXAMPLE_QUESTIONS",
    "EXPLANATION_HEADER",
    "FEEDBACK_THANKS",
    "IMPORT_DISCARDED",
    "IMPORT_EXTRACT_ERRORS",
    "IMPORT_NOT_PENDING",
    "IMPORT_PICK_DOC",
    "IMPORT_RESEND",
    "MENU_ASK",
    "OFFICIAL_HEADER",
    "SECOND_PART_LEAD",
    "SMALL_TALK_REPLY",
    "UNCONFIRMED_MARK",
    "answer",
    "caveat",
    "caveats",
    "citation",
    "clause_citation",
    "clause_heading",
    "clause_not_held",
    "full_text",
    "import_applied",
    "import_problem",
    "import_refused",
    "import_summary",
    "no_such_unit",
    "not_covered",
    "point_not_confirmed",
    "qa_stats",
    "related_button",
    "unit_heading",
]


# ---------------------------------------------------------------------------
# Hỏi đáp
# ---------------------------------------------------------------------------
CMD_ASK = "Hỏi về KL14, NĐ73, Công văn 2390"
CMD_ARTICLE = "Xem một điều của NĐ73, ví dụ /dieu 8"
CMD_QUESTIONS = "Câu hỏi hay gặp và câu hỏi chưa trả lời được"
MENU_ASK = "❓ Hỏi đáp NĐ73"
ASK_USAGE = (
    "Bạn cứ gõ câu hỏi như khi nhắn tin, có dấu hay không dấu đều được. Ví dụ:\n"
    "• Điều kiện để được bảo vệ là gì?\n"
    "• de xuat gui cho ai\n"
    "• /dieu 8"
)
ARTICLE_USAGE = "Gõ /dieu kèm số điều của Nghị định 73/2023/NĐ-CP (1–24), ví dụ: /dieu 8"
EXAMPLE_QUESTIONS = (
    "Điều kiện để được khuyến khích là gì?",
    "Kế hoạch đề xuất đổi mới gửi cho ai?",
    "Phòng Nội vụ dùng kết quả đề xuất để làm gì?",
)
BTN_FULL_TEXT = "📄 Xem đầy đủ"
BTN_USEFUL = "👍 Hữu ích"
BTN_NOT_USEFUL = "👎 Chưa đúng"
FEEDBACK_THANKS = "Cảm ơn bạn đã góp ý."
OFFICIAL_HEADER = "📜 <b>Nguyên văn (bản chính thức đã nạp):</b>"
EXPLANATION_HEADER = "💬 <b>Giải thích:</b>"
UNCONFIRMED_MARK = "⚠️ "
SECOND_PART_LEAD = "➖ <b>Về ý thứ hai của câu hỏi:</b>"
SMALL_TALK_REPLY = (
    "Dạ, rất vui được hỗ trợ. Khi cần, anh/chị cứ gõ câu hỏi về Kết luận 14-KL/TW, "
    "Nghị định 73/2023/NĐ-CP hoặc Công văn 2390/UBND-NV, ví dụ: «Điều kiện để được bảo vệ "
    "là gì?» hoặc /dieu 8. Gửi đề xuất, xem hạn báo cáo và các việc khác: /help."
)


def citation(unit_id: str, kind: str, doc_citation: str) -> str:
    """How an answer cites its source."""
    if kind == "general":
        return f"Theo thông tin chung về {doc_citation}."
    if kind == "related":
        return f"Về quan hệ với {doc_citation}."
    return f"Theo {unit_id} {doc_citation}."


def clause_citation(clause: int, unit_id: str, doc_citation: str) -> str:
    """How a khoản-level answer cites its source."""
    return f"Theo khoản {clause} {unit_id} {doc_citation}."


def _own_title(unit_id: str, title: str) -> str:
    """A unit's title without its own label ("Mục 1: Truyền thống…" under "Mục 1")."""
    head = title[: len(unit_id)]
    if head.casefold() == unit_id.casefold() and title[len(unit_id) : len(unit_id) + 1] in ":.-– ":
        return title[len(unit_id) :].lstrip(" :.-–") or title
    return title


def clause_heading(clause: int, unit_id: str, title: str) -> str:
    """Bold heading of one khoản of an article."""
    return f"<b>Khoản {clause} {escape(unit_id)}. {escape(_own_title(unit_id, title))}</b>"


def clause_not_held(clause: int, unit_id: str) -> str:
    """The khoản asked is not in the knowledge base; the article's summary follows."""
    return (
        f"{UNCONFIRMED_MARK}Trợ lý chưa có nội dung đã xác nhận của khoản {clause} "
        f"{escape(unit_id)}; "
        "đề nghị đối chiếu văn bản chính thức. Nội dung chung của điều này như sau:"
    )


def unit_heading(unit_id: str, title: str, kind: str) -> str:
    """Bold heading of a unit."""
    if kind in ("general", "related"):
        return f"<b>{escape(title)}</b>"
    return f"<b>{escape(unit_id)}. {escape(_own_title(unit_id, title))}</b>"


def answer(
    heading: str,
    summary: str,
    cite: str,
    *,
    confirmed: bool,
    official: str | None = None,
    official_limit: int = 2500,
    notes: Iterable[str] = (),
    lead: str = "",
    more_notes: int = 0,
) -> str:
    """The reply to a question: official wording if imported, the explanation, the caveats of
    what it states, the citation. `lead` (HTML, from this module) comes first under the heading;
    `more_notes` counts the caveats left to the full text."""
    parts = [heading]
    if lead:
        parts.append(lead)
    if official:
        quoted = official if len(official) <= official_limit else official[:official_limit] + "…"
        parts += [
            OFFICIAL_HEADER,
            f"<blockquote>{escape(quoted)}</blockquote>",
            EXPLANATION_HEADER,
        ]
    parts.append(("" if confirmed else UNCONFIRMED_MARK) + escape(summary))
    shown = caveats(notes, more_notes)
    if shown:
        parts.append(shown)
    parts.append(f"<i>{escape(cite)}</i>")
    return "\n\n".join(parts)


def caveat(note: str) -> str:
    """One caveat: what is unconfirmed or only in drafts."""
    return f"{UNCONFIRMED_MARK}<i>Lưu ý:</i> {escape(note)}"


def caveats(notes: Iterable[str], more: int = 0) -> str:
    """The caveats of what an answer states, one per line ("" when there are none); `more`
    caveats are only in the full text, and the last line says so."""
    kept = [n for n in notes if n.strip()]
    if not kept:
        return ""
    if len(kept) == 1 and not more:
        return caveat(kept[0])
    lines = [f"{UNCONFIRMED_MARK}<i>Lưu ý:</i>", *(f"• {escape(n)}" for n in kept)]
    if more:
        lines.append(f"• <i>Còn {more} lưu ý khác: bấm “{BTN_FULL_TEXT}” để xem.</i>")
    return "\n".join(lines)


def full_text(
    heading: str, details: str, notes: Iterable[str], cite: str, official: str | None
) -> str:
    """The full explanation of a unit (may be split into several messages at line breaks)."""
    parts = [heading]
    if official:
        parts += [
            OFFICIAL_HEADER,
            *(f"<i>{escape(line)}</i>" for line in official.splitlines() if line.strip()),
        ]
        parts.append(EXPLANATION_HEADER)
    parts.append(escape(details))
    shown = caveats(notes)
    if shown:
        parts.append(shown)
    parts.append(f"<i>{escape(cite)}</i>")
    return "\n\n".join(parts)


def related_button(unit_id: str, title: str) -> str:
    """Label of a button that opens a related unit."""
    return clip(f"🔎 {unit_id}: {_own_title(unit_id, title)}", 48)


def not_covered(examples: Iterable[str], other_document: bool) -> str:
    """An honest refusal: the three documents do not cover this question."""
    lead = (
        "Câu hỏi này nhắc tới văn bản hoặc chế độ khác (ví dụ lương cơ sở theo NĐ 73/2024, "
        "các nghị định, nghị quyết khác), không thuộc KL 14-KL/TW, NĐ 73/2023/NĐ-CP và "
        "Công văn 2390/UBND-NV mà tôi hỗ trợ."
        if other_document
        else "Xin lỗi, tôi chưa tìm thấy nội dung này trong KL 14-KL/TW, NĐ 73/2023/NĐ-CP và "
        "Công văn 2390/UBND-NV."
    )
    lines = [lead, "Câu hỏi đã được ghi lại để Phòng Nội vụ xem xét. Bạn có thể hỏi, ví dụ:"]
    lines += [f"• {escape(example)}" for example in examples]
    return "\n".join(lines)


def no_such_unit() -> str:
    """A question names an article of NĐ73 or a mục of letter 2390 the text does not have."""
    return (
        "Văn bản không có điều/mục này: Nghị định 73/2023/NĐ-CP có 24 điều; Công văn "
        "2390/UBND-NV có 4 mục. Với Kết luận 14-KL/TW, trợ lý có nội dung Mục 1 và Mục 2. "
        "Ví dụ: /dieu 8"
    )


def point_not_confirmed() -> str:
    """A mục of KL14 past the two the knowledge base holds: whether it exists is unconfirmed."""
    return (
        f"{UNCONFIRMED_MARK}Trợ lý có nội dung Mục 1 và Mục 2 của Kết luận 14-KL/TW; Kết luận "
        "có mục này hay không và nội dung ra sao: chưa xác nhận. Đề nghị tra cứu văn bản gốc "
        "hoặc hỏi Phòng Nội vụ."
    )


def qa_stats(
    asked: int,
    answered: int,
    useful: int,
    not_useful: int,
    top: Iterable[tuple[str, int]],
    unanswered: Iterable[tuple[str, int]],
    days: int,
) -> str:
    """The /cauhoi report for admins."""
    lines = [
        f"<b>Hỏi đáp {days} ngày qua</b>",
        f"Số câu hỏi: {asked}; trả lời được: {answered}; chưa trả lời được: {asked - answered}",
        f"Đánh giá: 👍 {useful} · 👎 {not_useful}",
        "",
        "<b>Hỏi nhiều nhất</b>",
    ]
    lines += [f"{n}× {escape(text[:120])}" for text, n in top] or ["—"]
    lines += ["", "<b>Chưa trả lời được</b>"]
    lines += [f"{n}× {escape(text[:120])}" for text, n in unanswered] or ["—"]
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Importing official texts
# ---------------------------------------------------------------------------
DOC_NAMES = {
    "ND73": "Nghị định 73/2023/NĐ-CP",
    "KL14": "Kết luận 14-KL/TW",
    "CV2390": "Công văn 2390/UBND-NV",
}
IMPORT_EXTRACT_ERRORS = {
    "unsupported_type": "Chỉ nhận tệp .docx, .pdf hoặc .txt.",
    "too_big": "Tệp quá lớn (tối đa 10 MB và 2 triệu ký tự chữ).",
    "unreadable": "Không đọc được tệp (tệp hỏng hoặc sai định dạng).",
    "empty": "Tệp không có chữ đọc được (có thể là bản quét ảnh). Vui lòng gửi bản có chữ.",
    "encrypted": "Tệp đang được đặt mật khẩu. Vui lòng gửi bản không khóa.",
    "too_complex": (
        "Tệp cần quá nhiều thời gian hoặc bộ nhớ để đọc (có thể tệp bị hỏng hoặc được tạo "
        "bất thường). Vui lòng mở bằng Word, lưu lại dạng .docx rồi gửi lại."
    ),
}
IMPORT_PICK_DOC = "Tệp này là văn bản nào? Vui lòng chọn:"
IMPORT_NOT_PENDING = "Bản nhập này không còn chờ xác nhận (đã nhập hoặc đã hủy)."
IMPORT_DISCARDED = "Đã hủy, không nhập tệp này."
IMPORT_RESEND = (
    "Không còn giữ tệp này; vui lòng gửi lại tệp kèm chú thích «NĐ73», «KL14» hoặc «CV2390»."
)
BTN_IMPORT = "✅ Nhập văn bản"
BTN_IMPORT_CANCEL = "❌ Hủy"


def import_problem(code: str, found: str | None, expected: str | None) -> str:
    """Why a file was refused as the named document."""
    if code == "wrong_document":
        return (
            f"Tệp có số hiệu {escape(found or '?')}, không phải "
            f"{escape(expected or 'văn bản đã chọn')}."
        )
    if code == "too_few_units":
        return "Tệp có quá ít điều/mục để là toàn văn của văn bản này."
    if code == "duplicate_units":
        return f"Tệp có điều/mục bị trùng số ({escape(found or '')})."
    return (
        "Tệp không có cấu trúc văn bản pháp quy (không thấy «Điều 1.», các mục đánh số, "
        "số hiệu hay ngày ban hành)."
    )


def import_refused(reasons: Iterable[str]) -> str:
    """A file that was not imported, with the reasons."""
    return "\n".join(["<b>Không nhập tệp này.</b>", *(f"• {r}" for r in reasons)])


def import_summary(
    doc: str,
    file_name: str,
    chapters: int,
    units: int,
    first: str | None,
    last: str | None,
    gaps: Iterable[int],
    expected_units: int | None,
    differs: bool,
) -> str:
    """What was found in a file, before the admin confirms."""
    lines = [
        f"<b>Đã đọc tệp {escape(file_name)}</b> — {DOC_NAMES.get(doc, doc)}",
        f"Tìm thấy: {chapters} chương, {units} điều/mục"
        + (f" (từ {escape(first)} đến {escape(last)})" if first and last else "")
        + ".",
    ]
    missing = list(gaps)
    if missing:
        lines.append("⚠️ Thiếu số: " + ", ".join(str(n) for n in missing) + ".")
    if differs and expected_units:
        lines.append(f"⚠️ Văn bản này dự kiến có {expected_units} điều/mục.")
    lines.append("Nhập bản này làm văn bản chính thức? Bản đã nhập trước (nếu có) sẽ được thay.")
    return "\n".join(lines)


def import_applied(doc: str, units: int) -> str:
    """Confirm an import."""
    return (
        f"✅ Đã nhập {units} điều/mục của {DOC_NAMES.get(doc, doc)}. Từ nay câu trả lời sẽ trích "
        "nguyên văn các điều/mục này."
    )
