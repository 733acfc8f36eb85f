"""Words of proposals (đề xuất): the plan form, cards, lists, notices and decision forms."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from bot.texts.forms import StepText
from bot.texts.proposal_actions import ACTION_BUTTONS
from bot.vntext import clip

__all__ = [
    "BTN_CONFIRM_KEEP",
    "BTN_FILES",
    "BTN_HISTORY",
    "BTN_OPEN",
    "BTN_PLAN_FULL_TEXT",
    "CARD_CLIPPED",
    "CMD_EXPORT",
    "CMD_MY_PROPOSALS",
    "CMD_PROPOSE",
    "CMD_REASSIGN",
    "CMD_REVIEW",
    "CONFIRM_BUTTONS",
    "CONFIRM_KEPT",
    "DRAFT_CONTINUE",
    "DRAFT_PARKED_FOUND",
    "DRAFT_REMINDER",
    "DRAFT_RESTART",
    "DUE_LABELS",
    "DUE_WORDS",
    "EVENT_NAMES",
    "FILES_NONE",
    "MENU_MY_PROPOSALS",
    "MENU_PROPOSE",
    "MENU_REVIEW",
    "PROPOSALS_NONE",
    "PROPOSAL_FIELDS",
    "PROPOSAL_INTRO",
    "PROPOSAL_NEEDS_APPROVAL",
    "PROPOSAL_NOT_CANBO",
    "PROPOSAL_NOT_FOUND",
    "PROPOSAL_NOT_STARTED",
    "PROPOSAL_NOT_YOURS",
    "PROPOSAL_TITLE",
    "PROPOSAL_WRONG_STATE",
    "P_FEASIBILITY",
    "P_FIELD",
    "P_FIELD_UNKNOWN",
    "P_FILES",
    "P_IMPACT",
    "P_NEED",
    "P_PERIOD",
    "P_PERIOD_ERRORS",
    "P_RESOURCES",
    "P_SCOPE",
    "P_SOLUTION",
    "P_TITLE",
    "REASSIGN_USAGE",
    "REVIEW_MOVED_AWAY",
    "REVIEW_MOVED_REASONS",
    "REVIEW_NONE",
    "STATUS_LABELS",
    "SYSTEM_ACTOR",
    "btn_files",
    "confirm_question",
    "file_caption",
    "full_text_head",
    "full_text_part",
    "holidays_missing",
    "my_proposals_page",
    "p_file_remove_button",
    "p_file_removed",
    "p_files_change",
    "p_period_display",
    "p_plan_changes",
    "proposal_card",
    "proposal_due_reminder",
    "proposal_event_line",
    "proposal_line",
    "proposal_notice",
    "proposal_receipt",
    "review_header",
    "review_moved_away",
    "review_moved_to",
]


# ---------------------------------------------------------------------------
# Đề xuất đổi mới, sáng tạo
# ---------------------------------------------------------------------------
CMD_PROPOSE = "Gửi đề xuất đổi mới, sáng tạo"
CMD_MY_PROPOSALS = "Đề xuất của tôi"
CMD_REVIEW = "Đề xuất chờ tôi xem xét"
CMD_EXPORT = "Xuất danh sách đề xuất (.xlsx)"
MENU_PROPOSE = "💡 Gửi đề xuất"
MENU_MY_PROPOSALS = "📂 Đề xuất của tôi"
MENU_REVIEW = "🗂 Đề xuất chờ duyệt"

PROPOSAL_TITLE = "Đề xuất đổi mới, sáng tạo"
PROPOSAL_INTRO = (
    "💡 Kế hoạch đề xuất gồm 3 phần theo Điều 7 Nghị định 73/2023/NĐ-CP: sự cần thiết và điểm "
    "nghẽn cần tháo gỡ; nội dung, giải pháp, phạm vi, thời gian, nguồn lực, tính khả thi; tác động "
    "và kết quả dự kiến. Mỗi câu trả lời được lưu ngay; gõ /huy để tạm dừng, /tieptuc để làm tiếp."
)
PROPOSAL_NOT_CANBO = (
    "ℹ️ Đề xuất của bạn luôn được tiếp nhận và xem xét. Lưu ý: các biện pháp khuyến khích, bảo vệ "
    "của NĐ73 áp dụng cho «cán bộ» theo Điều 2 (người giữ chức vụ lãnh đạo, quản lý), nên có thể "
    "không áp dụng với bạn."
)
PROPOSAL_FIELDS = (
    "Cải cách hành chính",
    "Chuyển đổi số",
    "Kinh tế, đầu tư",
    "Đô thị, đất đai, môi trường",
    "Văn hóa, xã hội",
    "Giáo dục, y tế",
    "Tổ chức bộ máy, cán bộ",
    "Lĩnh vực khác",
)
P_TITLE = StepText(
    label="Tên đề xuất",
    prompt="Tên đề xuất là gì?",
    hint="Ví dụ: Số hóa hồ sơ cấp phép xây dựng tại bộ phận một cửa phường",
)
P_FIELD = StepText(
    label="Lĩnh vực", prompt="Đề xuất thuộc lĩnh vực nào?", hint="Chọn một nút bên dưới."
)
P_NEED = StepText(
    label="Sự cần thiết, điểm nghẽn cần tháo gỡ",
    prompt="Vì sao cần đề xuất này? Điểm nghẽn, nút thắt nào trong cơ chế, chính sách cần tháo gỡ?",
    hint="Ví dụ: Hồ sơ giấy phải chuyển qua 3 bộ phận, mất 10 ngày…",
)
P_SOLUTION = StepText(
    label="Nội dung, giải pháp",
    prompt="Nội dung, nhiệm vụ và giải pháp đổi mới là gì?",
    hint="Ví dụ: Tiếp nhận hồ sơ điện tử, ký số, trả kết quả qua mạng…",
)
P_SCOPE = StepText(
    label="Phạm vi, đối tượng áp dụng",
    prompt="Phạm vi và đối tượng áp dụng?",
    hint="Ví dụ: Bộ phận một cửa UBND phường; người dân, doanh nghiệp",
)
P_PERIOD = StepText(
    label="Thời gian thực hiện",
    prompt="Thời gian thực hiện từ khi nào đến khi nào?",
    hint="Ví dụ: 01/03/2027 - 30/06/2027, hoặc: tháng 3/2027 đến tháng 12/2027",
)
P_RESOURCES = StepText(
    label="Nguồn lực",
    prompt="Nguồn lực cần có (nhân lực, kinh phí, phương tiện)?",
    hint="Ví dụ: 2 công chức; 15 triệu đồng từ chi thường xuyên; 1 máy quét",
)
P_FEASIBILITY = StepText(
    label="Tính khả thi, rủi ro",
    prompt="Tính khả thi và rủi ro dự kiến?",
    hint="Ví dụ: Phần mềm đã có sẵn; rủi ro: người dân chưa quen…",
)
P_IMPACT = StepText(
    label="Tác động, kết quả dự kiến",
    prompt="Tác động (tích cực, tiêu cực nếu có) và kết quả dự kiến?",
    hint="Ví dụ: Rút thời gian xử lý từ 10 xuống 3 ngày…",
)
P_FILES = StepText(
    label="Tài liệu đính kèm",
    prompt="Gửi tài liệu đính kèm (tệp hoặc ảnh), rồi bấm «✅ Xong». Không có thì bấm «Bỏ qua».",
    hint="Tối đa 10 tệp.",
)
P_PERIOD_ERRORS = {
    "bad_format": "Chưa đọc được thời gian. Vui lòng ghi ngày bắt đầu và kết thúc, ví dụ: 01/03/2027 - 30/06/2027.",
    "bad_date": "Có ngày không tồn tại. Vui lòng kiểm tra lại ngày, tháng.",
    "order": "Ngày kết thúc đang trước ngày bắt đầu. Vui lòng sửa lại.",
    "past": "Ngày bắt đầu đã qua. Vui lòng chọn thời gian từ hôm nay trở đi.",
    "too_long": "Thời gian thực hiện quá dài (tối đa 10 năm).",
}
P_FIELD_UNKNOWN = "Vui lòng chọn lĩnh vực bằng các nút bên dưới."


def p_period_display(start: str, end: str) -> str:
    """How a period shows."""
    return f"{start} – {end}"


DRAFT_CONTINUE = "▶️ Tiếp tục bản nháp"
DRAFT_RESTART = "🔄 Bắt đầu lại"
DRAFT_PARKED_FOUND = "Bạn có một bản nháp đề xuất đang tạm dừng. Tiếp tục hay bắt đầu lại?"
DRAFT_REMINDER = (
    "Bản nháp đề xuất của bạn đã 14 ngày chưa được cập nhật. Gõ /tieptuc để hoàn thành; nếu không, "
    "bản nháp sẽ được lưu trữ (vẫn mở lại được trong /dexuatcuatoi)."
)
PROPOSAL_NEEDS_APPROVAL = (
    "Chỉ tài khoản đã được duyệt mới gửi được đề xuất. Gõ /dangky để đăng ký."
)

STATUS_LABELS = {
    "submitted": "Đang xem xét",
    "needs_info": "Cần bổ sung",
    "approved": "Đang thực hiện",
    "rejected": "Không phê duyệt",
    "withdrawn": "Đã rút",
    "paused": "Tạm dừng",
    "stopped": "Dừng thực hiện",
    "finished": "Chờ báo cáo kết quả",
    "reported": "Chờ đánh giá",
    "evaluated": "Đã đánh giá",
}
DUE_LABELS = {
    "review": "Hạn xem xét",
    "report": "Hạn báo cáo kết quả",
    "evaluate": "Hạn đánh giá",
    "review_follow": "Mốc theo dõi nội bộ (xem xét)",
    "evaluate_follow": "Mốc theo dõi nội bộ (đánh giá)",
}
# The same in list lines: the city's internal follow-up dates are never called "hạn".
DUE_WORDS = {"review_follow": "mốc nội bộ", "evaluate_follow": "mốc nội bộ"}
PROPOSAL_NOT_FOUND = "Không tìm thấy đề xuất này."
CMD_REASSIGN = "Chuyển người xem xét một đề xuất"
REASSIGN_USAGE = "Cách dùng: /chuyenduyet ĐX-2026-0001 MÃ_TELEGRAM_NGƯỜI_XEM_XÉT"
PROPOSAL_NOT_YOURS = "Bạn không phải người được giao xử lý đề xuất này."
PROPOSAL_WRONG_STATE = "Đề xuất đã chuyển sang trạng thái khác; thao tác này không còn áp dụng."
PROPOSALS_NONE = "Bạn chưa có đề xuất nào. Gõ /dexuat để gửi đề xuất mới."
REVIEW_NONE = "Hiện không có đề xuất nào chờ bạn xem xét."
BTN_HISTORY = "🕘 Lịch sử"
SYSTEM_ACTOR = "Hệ thống"
BTN_FILES = "📎 Tài liệu"
BTN_OPEN = "Xem"
BTN_PLAN_FULL_TEXT = "📖 Xem toàn văn"
CARD_CLIPPED = "✂️ <i>Nội dung đã rút gọn; bấm «📖 Xem toàn văn» để đọc đầy đủ.</i>"
# Characters the plan's fields share on a card (the card stays around 800 characters).
_CARD_FIELDS_BUDGET = 420
_MIN_SHOWN = 40
FILES_NONE = "Đề xuất này không có tệp đính kèm."
BTN_CONFIRM_KEEP = "Không, giữ nguyên"
CONFIRM_BUTTONS = {
    "withdraw": "✅ Xác nhận rút đề xuất",
    "finish": "✅ Xác nhận đã thực hiện xong",
}
_CONFIRM_QUESTIONS = {
    "withdraw": (
        "Bạn có chắc muốn rút đề xuất <b>{number}</b> ({title})? Đề xuất đã rút không thể "
        "gửi lại; muốn tiếp tục, bạn cần gửi một đề xuất mới."
    ),
    "finish": (
        "Xác nhận đề xuất <b>{number}</b> ({title}) đã thực hiện xong? Sau khi xác nhận, bạn có "
        "05 ngày làm việc để báo cáo kết quả (Điều 18 NĐ73) và không thể quay lại trạng thái "
        "đang thực hiện."
    ),
}
CONFIRM_KEPT = "Đã giữ nguyên đề xuất, không có thay đổi nào."
PROPOSAL_NOT_STARTED = (
    "Chưa đến thời gian thực hiện ghi trong kế hoạch nên chưa thể xác nhận đã thực hiện xong. "
    "Nếu kế hoạch cần điều chỉnh, vui lòng trao đổi với người xem xét đề xuất."
)


def confirm_question(action: str, number: str, title: str) -> str:
    """The question an irreversible action asks before it is taken."""
    return _CONFIRM_QUESTIONS[action].format(number=escape(number), title=escape(clip(title, 80)))


def btn_files(count: int) -> str:
    """The button that sends a proposal's attached files."""
    return f"📎 Nhận {count} tệp đính kèm"


def file_caption(number: str, index: int, total: int, name: str | None) -> str:
    """The caption under one attached file the bot sends back."""
    return f"{escape(number)} · tệp {index}/{total}" + (f": {escape(name)}" if name else "")


def full_text_head(number: str, title: str, page: int, pages: int) -> str:
    """The first line of each message of a proposal's full text."""
    more = f" ({page}/{pages})" if pages > 1 else ""
    return f"📖 <b>{escape(number)}</b> — {escape(title)}{more}"


def full_text_part(label: str, value: str, continued: bool = False) -> str:
    """One field of the full text (a field split over messages says it goes on)."""
    tail = " (tiếp)" if continued else ""
    return f"<b>{escape(label)}{tail}:</b>\n{escape(value)}"


def p_file_remove_button(number: int, name: str | None) -> str:
    """The button that removes one collected file."""
    return f"🗑 Bỏ tệp {number}" + (f": {clip(name, 24)}" if name else "")


def p_file_removed(name: str | None, left: int) -> str:
    """A collected file was removed at the proposer's request."""
    what = f"tệp «{escape(clip(name, 60))}»" if name else "tệp"
    return f"Đã bỏ {what}; còn {left} tệp đính kèm."


def p_files_change(added: int, removed: int, total: int) -> str:
    """What a resubmission did to the attached files (history and notices)."""
    parts = []
    if added:
        parts.append(f"thêm {added} tệp")
    if removed:
        parts.append(f"bỏ {removed} tệp")
    return f"tài liệu đính kèm: {', '.join(parts)}; nay có {total} tệp"


def p_plan_changes(labels: Sequence[str], files: str | None) -> str:
    """What a resubmission changed: the plan's fields by their labels, then the files."""
    parts = [f"đã sửa {', '.join(f'«{label}»' for label in labels)}"] if labels else []
    parts += [files] if files else []
    return "; ".join(parts) or "không sửa nội dung kế hoạch"


def proposal_receipt(
    number: str,
    title: str,
    reviewer: str,
    due: str | None,
    due_label: str = DUE_LABELS["review"],
    due_note: str = "",
) -> str:
    """The proposer's receipt; `due_note` says where the date comes from (DUE_BASIS or the
    city's internal follow-up)."""
    lines = [
        f"✅ Đã gửi đề xuất <b>{escape(number)}</b>: {escape(title)}",
        f"Người xem xét: {escape(reviewer)}",
    ]
    if due:
        lines.append(f"{escape(due_label)}: {escape(due)}. {escape(due_note)}".strip())
    lines.append("Bot sẽ báo cho bạn mỗi khi đề xuất có thay đổi. Xem lại: /dexuatcuatoi")
    return "\n".join(lines)


def proposal_card(
    number: str,
    title: str,
    field: str,
    status: str,
    proposer: str,
    unit: str | None,
    parts: Iterable[tuple[str, str]],
    *,
    reviewer: str | None = None,
    due_label: str | None = None,
    due: str | None = None,
    days_left: int | None = None,
    files: int = 0,
    header: str = "",
    note: str | None = None,
    budget: int = _CARD_FIELDS_BUDGET,
) -> str:
    """A proposal as a message: short enough to read on a phone (the fields share `budget`
    characters, each cut at a word boundary); the full text is a button away."""
    lines = [header] if header else []
    lines += [
        f"💡 <b>{escape(number)}</b> — {escape(title)}",
        f"Lĩnh vực: {escape(field)} · Trạng thái: <b>{STATUS_LABELS.get(status, status)}</b>",
        f"Người đề xuất: {escape(proposer)}" + (f" ({escape(unit)})" if unit else ""),
    ]
    if reviewer:
        # The reviewer's line comes out of the fields' share: the card keeps its length.
        lines.append(f"Người xem xét: {escape(reviewer)}")
        budget -= len(lines[-1])
    if due_label and due:
        left = (
            ""
            if days_left is None
            else (
                f" — còn {days_left} ngày làm việc"
                if days_left > 0
                else (
                    " — hôm nay là hạn"
                    if days_left == 0
                    else f" — quá hạn {-days_left} ngày làm việc"
                )
            )
        )
        lines.append(f"{due_label}: {escape(due)}{left}")
    if note:
        lines.append(f"📝 {escape(clip(note, 300))}")
    shown = _shares([value for _, value in parts], budget)
    for (label, value), limit in zip(parts, shown, strict=True):
        lines.append(f"<b>{escape(label)}:</b> {escape(clip(value, limit))}")
    if files:
        lines.append(f"📎 {files} tệp đính kèm")
    if any(len(value) > limit for (_, value), limit in zip(parts, shown, strict=True)):
        lines.append(CARD_CLIPPED)
    return "\n".join(lines)


def _shares(values: list[str], budget: int) -> list[int]:
    """How many characters each field may show so that together they keep to `budget`:
    short fields are shown whole and what they leave goes to the longer ones."""
    limits = [0] * len(values)
    left, pending = budget, sorted(range(len(values)), key=lambda i: len(values[i]))
    while pending:
        share = left // len(pending)
        index = pending.pop(0)
        limits[index] = min(len(values[index]), max(share, _MIN_SHOWN))
        left -= limits[index]
    return limits


def proposal_line(
    number: str, title: str, status: str, due: str | None, due_kind: str | None = None
) -> str:
    """One proposal in a list."""
    tail = f" · {DUE_WORDS.get(due_kind or '', 'hạn')} {escape(due)}" if due else ""
    return f"<b>{escape(number)}</b> {escape(clip(title, 60))} — {STATUS_LABELS.get(status, status)}{tail}"


def my_proposals_page(page: int, shown: int, total: int, size: int) -> str:
    """The last line of /dexuatcuatoi when the person has more proposals than one page."""
    first = (page - 1) * size + 1
    if shown == 0:
        return f"<i>Trang {page} không có đề xuất nào (tổng số {total}). Gõ /dexuatcuatoi để về trang đầu.</i>"
    line = f"<i>Đang xem {first}–{first + shown - 1}/{total} đề xuất, mới nhất trước."
    if first + shown - 1 < total:
        line += f" Xem tiếp: /dexuatcuatoi {page + 1}"
    return line + "</i>"


def proposal_event_line(
    when: str, actor: str, action: str, to_status: str | None, note: str | None
) -> str:
    """One line of a proposal's history."""
    state = f" → {STATUS_LABELS.get(to_status, to_status)}" if to_status else ""
    text = f"{escape(when)} · {escape(actor)}: {EVENT_NAMES.get(action, action)}{state}"
    return text + (f" ({escape(clip(note, 150))})" if note else "")


EVENT_NAMES = {
    "submit": "gửi đề xuất",
    "reassign": "chuyển người xem xét",
    "reroute": "chuyển người xem xét",
    **{action: label.split(" ", 1)[1].lower() for action, label in ACTION_BUTTONS.items()},
}


REVIEW_MOVED_AWAY = "Bạn không còn là người xem xét đề xuất này"


REVIEW_MOVED_REASONS = {  # why a proposal left its former reviewer, by cause
    "reassign": "do quản trị chuyển người xem xét",
    "role": "do thay đổi vai trò, đơn vị hoặc trạng thái tài khoản",
    "in_charge": "do thay đổi lĩnh vực hoặc đơn vị được giao phụ trách",
    "level": "do thay đổi đơn vị lãnh đạo cấp trên",
}


def review_moved_away(number: str, title: str, new_reviewer: str, cause: str = "role") -> str:
    """Tell the former reviewer that a proposal now waits on someone else, and why."""
    why = REVIEW_MOVED_REASONS.get(cause, REVIEW_MOVED_REASONS["role"])
    return (
        f"ℹ️ Đề xuất <b>{escape(number)}</b> ({escape(clip(title, 80))}): {REVIEW_MOVED_AWAY} "
        f"{why}; đề xuất đã được chuyển cho {escape(new_reviewer)}. "
        "Các nút trên tin nhắn cũ không còn hiệu lực."
    )


def review_moved_to(number: str, title: str, new_reviewer: str) -> str:
    """Tell the proposer who reviews their proposal now."""
    return (
        f"🔔 Đề xuất <b>{escape(number)}</b> ({escape(clip(title, 80))}): nay do "
        f"{escape(new_reviewer)} xem xét. Bot sẽ tiếp tục báo khi đề xuất có thay đổi."
    )


def proposal_notice(number: str, title: str, action: str, actor: str, note: str | None) -> str:
    """Tell a party that a proposal moved."""
    lines = [
        f"🔔 Đề xuất <b>{escape(number)}</b> ({escape(clip(title, 80))}): "
        f"{escape(actor)} — {EVENT_NAMES.get(action, action)}."
    ]
    if note:
        lines.append(f"Nội dung: {escape(note)}")
    return "\n".join(lines)


def proposal_due_reminder(
    number: str, title: str, due_label: str, due: str, when: str, due_note: str = ""
) -> str:
    """Remind whoever must act of a time limit (when: before | due | overdue), and say where
    the date comes from."""
    lead = {"before": "⏰ Sắp đến hạn", "due": "⏰ Hôm nay là hạn", "overdue": "⚠️ Đã quá hạn"}[
        when
    ]
    text = f"{lead}: {escape(due_label.lower())} đề xuất <b>{escape(number)}</b> ({escape(clip(title, 80))}) — {escape(due)}."
    return text + (f"\n{escape(due_note)}" if due_note else "")


def review_header(count: int) -> str:
    """Header of /duyet."""
    return f"<b>{count} đề xuất chờ bạn xử lý</b> (cũ nhất trước):"


def holidays_missing(year: int) -> str:
    """Warn admins that next year's holiday data is missing."""
    return (
        f"⚠️ Chưa có dữ liệu ngày nghỉ lễ năm {year} (thư mục bot/data/holidays). Hạn xử lý đề "
        "xuất tính theo ngày làm việc sẽ chỉ trừ thứ Bảy, Chủ nhật và các ngày lễ dương lịch. "
        "Vui lòng bổ sung khi Chính phủ công bố lịch nghỉ."
    )
