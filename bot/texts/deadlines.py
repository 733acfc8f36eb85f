"""Words of reporting deadlines (hạn báo cáo) and the periodic digest."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from bot.texts.forms import StepText

__all__ = [
    "BTN_CANCEL_DEADLINE",
    "BTN_CANCEL_DEADLINE_CONFIRM",
    "BTN_COMPLIANCE",
    "BTN_DEFAULT_OFFSETS",
    "BTN_DIGEST_NOW",
    "BTN_KEEP_DEADLINE",
    "BTN_NO",
    "BTN_PAUSE",
    "BTN_RESUME",
    "BTN_SNOOZE_HOUR",
    "BTN_SNOOZE_MORNING",
    "BTN_SUBMITTED",
    "BTN_UNSUBMIT",
    "BTN_YES",
    "CMD_DEADLINES",
    "CMD_DIGEST",
    "CMD_EDIT_DEADLINE",
    "CMD_NEW_DEADLINE",
    "DEADLINES_NONE",
    "DEADLINE_CANCEL_KEPT",
    "DEADLINE_ERRORS",
    "DEADLINE_NOT_FOUND",
    "DEADLINE_NOT_YOURS",
    "DEADLINE_USAGE",
    "DIGEST_MODES",
    "DIGEST_SECTIONS",
    "DIGEST_TITLE",
    "DL_DESC",
    "DL_DUE",
    "DL_HEADING",
    "DL_OFFSETS",
    "DL_OVERDUE",
    "DL_REC",
    "DL_TARGETS",
    "DL_TITLE",
    "EDIT_DEADLINE_USAGE",
    "MENU_DEADLINES",
    "RECURRENCE_NAMES",
    "SNOOZE_HOUR_TOO_LATE",
    "SNOOZE_NOT_YOURS",
    "SNOOZE_TOO_LATE",
    "SUBMITTED_ALREADY",
    "SUBMITTED_NOT_YET",
    "UNSUBMITTED",
    "UNSUBMIT_NOT_YOURS",
    "btn_unsubmit_unit",
    "compliance",
    "deadline_cancel_question",
    "deadline_confirmers",
    "deadline_created",
    "deadline_days_left",
    "deadline_due_today",
    "deadline_line",
    "deadline_needs_targets",
    "deadline_not_found",
    "deadline_overdue_by",
    "deadline_reminder",
    "deadline_submitted_copy",
    "deadline_time_left",
    "deadline_unit_line",
    "deadline_unrouted",
    "deadline_unsubmitted_notice",
    "deadline_updated",
    "digest",
    "digest_ahead_item",
    "digest_qa_item",
    "digest_settings",
    "edit_deadline_pick",
    "snoozed_ack",
    "submitted_ack",
    "submitted_when",
]


# ---------------------------------------------------------------------------
# Hạn báo cáo (reporting deadlines) and digests
# ---------------------------------------------------------------------------
CMD_NEW_DEADLINE = "Tạo hạn báo cáo cho đơn vị"
CMD_DEADLINES = "Các hạn báo cáo của đơn vị"
CMD_DIGEST = "Đăng ký bản tổng hợp định kỳ"
MENU_DEADLINES = "📅 Hạn báo cáo"
BTN_SUBMITTED = "✅ Đã nộp báo cáo"
BTN_UNSUBMIT = "↩️ Hủy xác nhận đã nộp"
BTN_SNOOZE_HOUR = "⏰ Nhắc lại sau 1 giờ"
BTN_SNOOZE_MORNING = "⏰ Nhắc sáng mai"
BTN_PAUSE = "⏸ Tạm dừng"
BTN_RESUME = "▶️ Tiếp tục"
BTN_CANCEL_DEADLINE = "🗑 Hủy hạn"
BTN_COMPLIANCE = "📊 Tình hình nộp"
DEADLINE_USAGE = (
    "Tạo hạn theo từng bước: /taohan\n"
    "Hoặc một dòng: /taohan 15/12/2026 17:00 | Báo cáo quý IV | all | 7d,1d,2h\n"
    "(ngày giờ | tiêu đề | all hoặc mã đơn vị cách nhau dấu phẩy | mốc nhắc d/h/m)"
)
DEADLINE_ERRORS = {
    "bad_date": "Ngày giờ chưa đúng. Ví dụ: 15/12/2026 17:00",
    "past": "Hạn đã qua. Vui lòng chọn thời điểm trong tương lai.",
    "bad_offsets": "Mốc nhắc chưa đúng. Ví dụ: 7d,3d,1d,0d hoặc 2h, 30m (tối đa 10 mốc, mỗi mốc ≤ 90 ngày).",
    "bad_recurrence": "Chưa hiểu lịch lặp. Ví dụ: không; hằng tuần thứ 2; hằng tháng ngày 5; hằng tháng ngày làm việc cuối; hằng quý; 6 tháng; hằng năm.",
    "bad_units": "Có mã đơn vị không tồn tại. Gõ /donvi để xem mã.",
    "bad_title": "Tiêu đề cần từ 5 đến 200 ký tự.",
}
DEADLINES_NONE = "Hiện không có hạn báo cáo nào."
CMD_EDIT_DEADLINE = "Sửa hạn nộp, mốc nhắc của một hạn báo cáo"
EDIT_DEADLINE_USAGE = (
    "Cách dùng: /suahan SỐ_HẠN 20/12/2026 17:00 | 3d,1d (số hạn là số trong ngoặc vuông ở "
    "/suahan hoặc /hanbaocao)"
)


DEADLINE_NOT_FOUND = "Không tìm thấy hạn báo cáo này."
DEADLINE_NOT_YOURS = "Chỉ lãnh đạo, đầu mối báo cáo của đơn vị hoặc Phòng Nội vụ được xác nhận."
DL_TITLE = "Tạo hạn báo cáo"
DL_HEADING = StepText(
    label="Tiêu đề",
    prompt="Tiêu đề của báo cáo?",
    hint="Ví dụ: Báo cáo 6 tháng đầu năm kết quả thực hiện NĐ73",
)
DL_DESC = StepText(label="Mô tả", prompt="Mô tả, yêu cầu (không bắt buộc)?")
DL_DUE = StepText(
    label="Hạn nộp",
    prompt="Hạn nộp (ngày và giờ)?",
    hint="Ví dụ: 15/12/2026 17:00; mai 17h; thứ sáu tuần sau 9h",
)
DL_REC = StepText(
    label="Lặp lại",
    prompt="Hạn có lặp lại không?",
    hint="Ví dụ: không; hằng tuần thứ 2; hằng tháng ngày 5; hằng quý; 6 tháng; hằng năm",
)
DL_TARGETS = StepText(
    label="Đơn vị phải báo cáo",
    prompt="Đơn vị nào phải báo cáo? Gõ «all» cho tất cả, hoặc mã đơn vị cách nhau dấu phẩy.",
    hint="Ví dụ: all; hoặc: P-LOCTHO, P-VINHHAI",
)
DL_OFFSETS = StepText(
    label="Các mốc nhắc",
    prompt="Nhắc trước hạn bao lâu? (mặc định 7d,3d,1d,0d)",
    hint="Đơn vị d (ngày), h (giờ), m (phút). Ví dụ: 7d,1d,2h",
)
DL_OVERDUE = StepText(
    label="Nhắc hằng ngày khi quá hạn", prompt="Đơn vị quá hạn có được nhắc hằng ngày không?"
)
BTN_YES = "Có"
BTN_NO = "Không"
BTN_DEFAULT_OFFSETS = "Dùng mặc định 7d,3d,1d,0d"
RECURRENCE_NAMES = {
    "none": "không lặp",
    "weekly": "hằng tuần",
    "monthly": "hằng tháng",
    "quarterly": "hằng quý",
    "half_yearly": "6 tháng một lần",
    "yearly": "hằng năm",
}


def deadline_needs_targets(line: str) -> str:
    """A one-line /taohan without its units: ask for them instead of choosing all."""
    return (
        "Vui lòng cho biết đơn vị phải báo cáo: thêm «| all» (tất cả đơn vị) hoặc «| mã đơn vị» "
        f"sau tiêu đề, ví dụ:\n/taohan {escape(line)} | all\nXem mã đơn vị: /donvi"
    )


def deadline_not_found(number: int) -> str:
    """/suahan with a number that is no deadline."""
    return f"Không tìm thấy hạn báo cáo số {number}. Gõ /suahan để xem danh sách."


def deadline_updated(number: int, title: str, due: str) -> str:
    """Confirm a changed deadline."""
    return f"✅ Đã cập nhật hạn [{number}] <b>{escape(title)}</b>: hạn mới {escape(due)}."


def edit_deadline_pick(lines: Iterable[str]) -> str:
    """The deadlines /suahan can change (lines are HTML, each starting with its number)."""
    shown = list(lines)
    if not shown:
        return DEADLINES_NONE
    return "\n".join(["Chọn số hạn cần sửa:", *shown, "", EDIT_DEADLINE_USAGE])


def deadline_created(title: str, due: str, units: int) -> str:
    """Confirm a new deadline."""
    return f"✅ Đã tạo hạn <b>{escape(title)}</b> — {escape(due)}; {units} đơn vị phải báo cáo."


def deadline_reminder(
    title: str,
    due: str,
    unit: str,
    when: str,
    description: str = "",
    standing: str = "",
    confirmers: Iterable[str] | None = None,
) -> str:
    """A reminder to a unit's leaders and reporting contacts (when: before | overdue | again;
    standing: how long is left or how late it is; `confirmers`: for a reader who may not
    confirm, who does)."""
    lead = {
        "before": "⏰ Nhắc hạn báo cáo",
        "overdue": "⚠️ Quá hạn báo cáo",
        "again": "⏰ Nhắc lại hạn báo cáo",
    }[when]
    lines = [
        f"{lead}: <b>{escape(title)}</b>",
        f"Đơn vị: {escape(unit)}",
        f"Hạn nộp: {escape(due)}" + (f" — <b>{escape(standing)}</b>" if standing else ""),
    ]
    if description:
        lines.append(escape(description[:500]))
    if confirmers is None:
        lines.append("Khi đã nộp, vui lòng bấm «✅ Đã nộp báo cáo».")
    else:
        lines.append(escape(deadline_confirmers(confirmers)))
    return "\n".join(lines)


def _span(minutes: int) -> str:
    hours, minutes = divmod(max(minutes, 1), 60)
    if not hours:
        return f"{minutes} phút"
    return f"{hours} giờ" + (f" {minutes} phút" if minutes else "")


def deadline_days_left(days: int) -> str:
    """A due day still `days` days away."""
    return "Hạn là ngày mai" if days == 1 else f"Còn {days} ngày"


def deadline_time_left(minutes: int) -> str:
    """A due moment less than a day away, on another date."""
    return f"Còn {_span(minutes)}"


def deadline_due_today(minutes: int) -> str:
    """A due moment later today."""
    return f"Hôm nay là hạn, còn {_span(minutes)}"


def deadline_overdue_by(days: int) -> str:
    """A due moment passed `days` days ago (0: earlier today)."""
    return f"Đã quá hạn {days} ngày" if days else "Đã đến hạn nộp"


def submitted_when(at: str, by: str) -> str:
    """When and by whom a unit was marked as submitted (plain text; callers escape)."""
    return f"nộp lúc {at}, xác nhận bởi {by}"


def deadline_submitted_copy(title: str, due: str, unit: str, at: str, by: str) -> str:
    """A reminder once its unit has submitted: it no longer asks for anything (the title
    stands alone, so a title that starts with "Báo cáo" reads well too)."""
    return (
        f"✅ <b>{escape(title)}</b> — hạn nộp {escape(due)}\n"
        f"Đơn vị {escape(unit)} đã nộp lúc {escape(at)}, xác nhận bởi {escape(by)}. "
        "Không cần thao tác thêm."
    )


def deadline_unsubmitted_notice(title: str, due: str, unit: str, by: str) -> str:
    """Tell a unit's people that its "submitted" mark was undone."""
    return (
        f"↩️ {escape(by)} đã hủy xác nhận đã nộp <b>{escape(title)}</b> (hạn nộp {escape(due)}) "
        f"của đơn vị {escape(unit)}. Khi đã nộp, vui lòng bấm «✅ Đã nộp báo cáo» trên tin nhắc."
    )


def deadline_confirmers(names: Iterable[str]) -> str:
    """Who marks a unit's report as submitted, for those who may not (plain text)."""
    shown = ", ".join(names)
    who = f" ({shown})" if shown else ""
    return f"Việc xác nhận đã nộp do lãnh đạo hoặc đầu mối báo cáo của đơn vị{who} thực hiện."


def btn_unsubmit_unit(unit: str) -> str:
    """The admins' button that undoes a unit's "submitted" mark (plain text)."""
    return f"↩️ Hủy «đã nộp»: {unit}"


def deadline_unrouted(title: str, due: str, units: Iterable[str], more: int = 0) -> str:
    """Tell admins that some units have nobody to remind (`more`: how many were left out)."""
    names = ", ".join(escape(u) for u in units)
    if more:
        names += f" và {more} đơn vị khác (xem đủ trong /hanbaocao, nút xem tình hình nộp)"
    return (
        f"⚠️ Hạn <b>{escape(title)}</b> ({escape(due)}): các đơn vị sau chưa có lãnh đạo hoặc đầu "
        f"mối báo cáo để nhắc: {names}. Vui lòng gán trong /nguoidung."
    )


def deadline_line(
    title: str, due: str, status: str, done: int, total: int, number: int | None = None
) -> str:
    """One deadline in a list."""
    state = {"active": "", "paused": " (tạm dừng)", "cancelled": " (đã hủy)"}.get(status, "")
    prefix = f"[{number}] " if number is not None else ""
    return f"{prefix}<b>{escape(title)}</b>{state} — hạn {escape(due)} — đã nộp {done}/{total}"


def deadline_unit_line(
    title: str, due: str, submitted: bool, by: tuple[str, str] | None = None
) -> str:
    """A deadline as one unit sees it (`by`: when and by whom it was marked submitted)."""
    mark = "✅ đã nộp" if submitted else "⏳ chưa nộp"
    if submitted and by is not None:
        mark = "✅ đã " + escape(submitted_when(*by))
    return f"<b>{escape(title)}</b> — hạn {escape(due)} — {mark}"


def compliance(
    title: str, due: str, rows: Iterable[tuple[str, str | None]], part: tuple[int, int] = (1, 1)
) -> str:
    """Per-unit compliance for one occurrence (`part`: this message's number and the count)."""
    page = f" (phần {part[0]}/{part[1]})" if part[1] > 1 else ""
    lines = [f"<b>{escape(title)}</b> — hạn {escape(due)}{page}"]
    for unit, when in rows:
        lines.append(
            f"{'✅' if when else '⏳'} {escape(unit)}" + (f" — {escape(when)}" if when else "")
        )
    return "\n".join(lines)


def submitted_ack(unit: str) -> str:
    """Confirm a submission."""
    return f"Đã ghi nhận đơn vị {escape(unit)} đã nộp báo cáo. Cảm ơn!"


SUBMITTED_ALREADY = "Đơn vị đã được xác nhận nộp trước đó."
UNSUBMITTED = "Đã hủy xác nhận đã nộp."


def snoozed_ack(at: str) -> str:
    """Confirm a snooze with the moment the bot reminds again."""
    return f"Bot sẽ nhắc lại lúc {at}."


SNOOZE_HOUR_TOO_LATE = (
    "Hạn nộp còn chưa đến 1 giờ nên không thể hẹn nhắc lại sau 1 giờ. Các lần nhắc theo lịch "
    "vẫn được gửi."
)
SNOOZE_TOO_LATE = "Hạn nộp đến trước sáng mai nên không thể hẹn nhắc sáng mai. Vui lòng chọn «Nhắc lại sau 1 giờ»."
SNOOZE_NOT_YOURS = "Chỉ lãnh đạo hoặc đầu mối báo cáo của đơn vị được hẹn nhắc lại."
SUBMITTED_NOT_YET = "Đơn vị chưa được xác nhận đã nộp, không có gì để hủy."
UNSUBMIT_NOT_YOURS = (
    "Chỉ người đã xác nhận, lãnh đạo của đơn vị hoặc Phòng Nội vụ được hủy xác nhận đã nộp."
)
DIGEST_MODES = {"daily": "Hằng ngày", "weekly": "Hằng tuần (thứ Hai)", "off": "Tắt"}
BTN_DIGEST_NOW = "📨 Gửi bản tổng hợp ngay"


def digest_settings(mode: str, at_time: str) -> str:
    """Show a leader's digest settings."""
    return (
        f"Bản tổng hợp: <b>{DIGEST_MODES.get(mode, mode)}</b>, lúc {escape(at_time)}. "
        "Chọn để thay đổi, hoặc gửi ngay. Đổi giờ: /tonghop hangngay 07:30"
    )


DIGEST_TITLE = "Bản tổng hợp"
DIGEST_SECTIONS = {
    "new": "Đề xuất mới",
    "waiting": "Đề xuất chờ xử lý",
    "late": "Đề xuất quá hạn xử lý hoặc quá mốc theo dõi nội bộ",
    "ahead": "Hạn báo cáo 7 ngày tới",
    "overdue": "Đơn vị quá hạn báo cáo",
    "unrouted": "Nhắc hạn không có người nhận",
    "qa": "Hỏi đáp",
}


def digest_ahead_item(title: str, due: str, done: int, total: int) -> str:
    """A deadline due soon and how many units submitted (plain text; the digest escapes)."""
    return f"{title} — {due} — đã nộp {done}/{total}"


def digest_qa_item(asked: int, unanswered: int) -> str:
    """Questions asked since the last digest (plain text)."""
    return f"{asked} câu hỏi, {unanswered} chưa trả lời được"


def digest(title: str, sections: Iterable[tuple[str, Iterable[str]]]) -> str:
    """A digest: non-empty sections only."""
    lines = [f"📰 <b>{escape(title)}</b>"]
    for heading, items in sections:
        shown = list(items)
        if shown:
            lines += ["", f"<b>{escape(heading)}</b>", *(f"• {item}" for item in shown[:15])]
            if len(shown) > 15:
                lines.append(f"… và {len(shown) - 15} mục khác")
    if len(lines) == 1:
        lines.append("Không có gì mới.")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Hủy hạn: asked first
# ---------------------------------------------------------------------------
BTN_CANCEL_DEADLINE_CONFIRM = "✅ Xác nhận hủy hạn"
BTN_KEEP_DEADLINE = "Không, giữ hạn"
DEADLINE_CANCEL_KEPT = "Đã giữ nguyên hạn báo cáo, không có thay đổi nào."


def deadline_cancel_question(title: str) -> str:
    """The question "🗑 Hủy hạn" asks before a deadline is cancelled."""
    return (
        f"Bạn có chắc muốn hủy hạn báo cáo «{escape(title)}»? Sau khi hủy, các đơn vị không "
        "còn được nhắc và hạn không mở lại được; muốn tiếp tục theo dõi, cần tạo hạn mới."
    )
