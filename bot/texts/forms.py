"""The form engine's words: one record per step, prompts, review, files and buttons."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from bot.vntext import clip

__all__ = [
    "BTN_BACK",
    "BTN_CANCEL",
    "BTN_DISCARD_CONFIRM",
    "BTN_DISCARD_KEEP",
    "BTN_EDIT",
    "BTN_NEXT_PAGE",
    "BTN_PREV_PAGE",
    "BTN_SKIP",
    "BTN_SUBMIT",
    "DL_ALL_UNITS",
    "DL_DUE_ERRORS",
    "D_PICK_BUTTON",
    "FLOW_ALREADY_ACTIVE",
    "FLOW_CANCELLED_REVIEW",
    "FLOW_DISCARDED",
    "FLOW_DISCARD_ASK",
    "FLOW_EDIT_TOO_OLD",
    "FLOW_NOTHING_TO_RESUME",
    "FLOW_NOT_ALLOWED",
    "FLOW_PARKED",
    "FLOW_RESENT",
    "FLOW_REVIEW_USE_BUTTONS",
    "FLOW_SKIPPED",
    "FLOW_STALE_BUTTON",
    "FLOW_WENT_BACK",
    "P_FILES_DONE",
    "P_FILES_EMPTY",
    "P_FILES_NONE",
    "P_FILES_NOT_NOW",
    "P_FILES_TEXT",
    "StepText",
    "dl_due_display",
    "dl_units_unknown",
    "flow_answer_updated",
    "flow_answered",
    "flow_edit_button",
    "flow_edit_rejected",
    "flow_paused_by_menu",
    "flow_prompt",
    "flow_review",
    "flow_review_foot",
    "flow_review_head",
    "flow_review_item",
    "length_hint",
    "p_file_dropped",
    "p_files_current",
    "p_files_display",
    "p_files_full",
    "p_files_received",
    "p_length",
]


@dataclass(frozen=True, slots=True)
class StepText:
    """The words of one form step, kept together so a step is declared in one place.

    `label` names the answer in the review, `prompt` asks the question, `hint` is the grey
    line under it; `example` is for a step whose example is not already written in its hint.
    """

    label: str
    prompt: str
    hint: str = ""
    example: str = ""

    @property
    def shown_hint(self) -> str:
        """The line under the question: the hint, then the example when it is kept apart."""
        if not self.example:
            return self.hint
        return " ".join(part for part in (self.hint, f"Ví dụ: {self.example}") if part)


# ---------------------------------------------------------------------------
# Flows (guided conversations)
# ---------------------------------------------------------------------------
FLOW_ALREADY_ACTIVE = "Bạn đang có một thao tác chưa hoàn thành; xin tiếp tục ở bước hiện tại."
FLOW_REVIEW_USE_BUTTONS = "Vui lòng kiểm tra thông tin rồi bấm «✅ Gửi», hoặc «✏️ Sửa» mục cần sửa."
FLOW_STALE_BUTTON = "Nút này đã cũ, không còn hiệu lực. Mời tiếp tục ở bước hiện tại."
FLOW_SKIPPED = "(bỏ qua)"
FLOW_WENT_BACK = "(quay lại bước trước)"
FLOW_EDIT_TOO_OLD = (
    "Tin nhắn vừa sửa thuộc một bước đã qua nên không được cập nhật. "
    "Để sửa, vui lòng dùng nút «✏️ Sửa» ở bước xem lại, hoặc gửi lại nội dung ở bước hiện tại."
)
FLOW_PARKED = (
    "Đã tạm dừng. Các câu trả lời đã được lưu; gõ /tieptuc khi muốn làm tiếp. "
    "Muốn bỏ hẳn bản nháp thì bấm «❌ Hủy» ở bước xem lại."
)
FLOW_DISCARD_ASK = (
    "Hủy bản nháp này? Các câu trả lời đã nhập sẽ bị xóa và không khôi phục được. "
    "Nếu chỉ muốn tạm dừng, gõ /huy (làm tiếp bằng /tieptuc)."
)
FLOW_DISCARDED = "Đã hủy bản nháp; các câu trả lời đã nhập được xóa."
FLOW_NOTHING_TO_RESUME = "Không có thao tác nào đang tạm dừng để tiếp tục."
FLOW_RESENT = "Bot vừa khởi động lại. Các câu trả lời của bạn vẫn được lưu; mời tiếp tục:"
FLOW_CANCELLED_REVIEW = FLOW_PARKED
FLOW_NOT_ALLOWED = (
    "Tài khoản của bạn hiện không còn quyền thực hiện thao tác này, nên thao tác đã dừng và "
    "không có thay đổi nào được áp dụng. Bản nháp được lưu trữ; nếu cần, xin liên hệ "
    "Phòng Nội vụ."
)
BTN_BACK = "⬅️ Quay lại"
BTN_SKIP = "Bỏ qua"
BTN_PREV_PAGE = "◀️ Trang trước"
BTN_NEXT_PAGE = "Trang sau ▶️"
BTN_SUBMIT = "✅ Gửi"
BTN_CANCEL = "❌ Hủy"
BTN_EDIT = "✏️ Sửa"
BTN_DISCARD_CONFIRM = "🗑 Xóa bản nháp"
BTN_DISCARD_KEEP = "↩️ Giữ lại, làm tiếp"


def flow_prompt(
    title: str,
    index: int,
    total: int,
    prompt: str,
    hint: str,
    *,
    error: str | None = None,
    intro: str = "",
    current: str | None = None,
    page: int = 0,
    pages: int = 1,
) -> str:
    """Render one step's question."""
    parts = []
    if intro:
        parts.append(intro)
    if error:
        parts.append(f"⚠️ {escape(error)}")
    parts.append(f"<b>{escape(title)}</b> — Bước {index + 1}/{total}")
    parts.append(escape(prompt))
    if current:
        parts.append(f"Giá trị hiện tại: <i>{escape(current)}</i>")
    if hint:
        parts.append(f"<i>{escape(hint)}</i>")
    if pages > 1:
        parts.append(f"Trang {page + 1}/{pages}")
    return "\n\n".join(parts)


def flow_answered(answer: str) -> str:
    """The line added to a message whose button was pressed: what the press answered."""
    return f"→ <b>{escape(clip(answer, 150))}</b>"


def flow_review(title: str, items: Iterable[tuple[int, str, str]], error: str | None) -> str:
    """Render the review of every answer before submitting, as one text."""
    lines = [flow_review_head(title, error), ""]
    lines += [flow_review_item(label, value) for _, label, value in items]
    lines += ["", flow_review_foot()]
    return "\n".join(lines)


def flow_review_head(title: str, error: str | None, part: int = 1) -> str:
    """The heading of a review (a long review continues in further messages)."""
    heading = f"<b>{escape(title)}</b> — Xem lại trước khi gửi"
    if part > 1:
        heading += f" (phần {part})"
    return f"⚠️ {escape(error)}\n\n{heading}" if error and part == 1 else heading


def flow_review_item(label: str, value: str, *, continued: bool = False) -> str:
    """One answer in the review (or the continuation of a long one)."""
    name = f"{label} (tiếp)" if continued else label
    return f"<b>{escape(name)}:</b> {escape(value)}"


def flow_review_foot() -> str:
    """The line above the review's buttons."""
    return "Bấm «✅ Gửi» nếu thông tin đã đúng, hoặc «✏️ Sửa» mục cần sửa."


def flow_paused_by_menu(title: str) -> str:
    """A menu button was tapped in the middle of a form: the form waits."""
    return (
        f"Đã tạm dừng «{escape(title)}»; các câu trả lời đã được lưu. "
        "Gõ /tieptuc khi muốn làm tiếp."
    )


def flow_edit_button(label: str) -> str:
    """Label of the review's edit button for one field."""
    return f"✏️ Sửa: {label}"


def flow_edit_rejected(label: str, reason: str) -> str:
    """An edited message did not pass the step's check."""
    return f"Nội dung sửa cho mục «{escape(label)}» chưa hợp lệ: {escape(reason)}"


def flow_answer_updated(label: str, value: str) -> str:
    """An edited message updated an earlier answer."""
    return f"Đã cập nhật mục «{escape(label)}»: <i>{escape(value)}</i>"


# ---------------------------------------------------------------------------
# Generic answers: lengths, buttons, attachments
# ---------------------------------------------------------------------------
P_FILES_DONE = "✅ Xong"
P_FILES_TEXT = "Ở bước này vui lòng gửi tệp/ảnh, hoặc bấm «✅ Xong» / «Bỏ qua»."
P_FILES_NONE = "chưa có tệp nào"
P_FILES_EMPTY = "không có tệp"  # a file step ended (✅ Xong) with no files
P_FILES_NOT_NOW = "Bước hiện tại không nhận tệp. Vui lòng trả lời bằng chữ."
D_PICK_BUTTON = "Vui lòng chọn bằng các nút bên dưới."


def p_length(low: int, high: int, length: int | None = None) -> str:
    """An answer is too short or too long (with its length when known)."""
    if length:
        return (
            f"Nội dung hiện có {length} ký tự; cần từ {low} đến {high} ký tự. "
            "Vui lòng bổ sung hoặc rút gọn."
        )
    return f"Nội dung cần từ {low} đến {high} ký tự. Vui lòng bổ sung hoặc rút gọn."


def length_hint(low: int, high: int) -> str:
    """The limits of a free-text step, as its hint states them."""
    return f"{low}–{high} ký tự."


def p_files_full(limit: int) -> str:
    """The file step already holds its maximum."""
    return f"Đã đủ {limit} tệp; bấm «✅ Xong» để tiếp tục."


def p_files_received(count: int) -> str:
    """Attachment received during the flow."""
    return f"Đã nhận {count} tệp. Gửi thêm hoặc bấm «✅ Xong»."


def p_file_dropped(kind: str, name: str | None) -> str:
    """What a remove press answered, written on the pressed prompt: the file, not its place."""
    what = clip(name, 60) if name else ("ảnh" if kind == "photo" else "tệp")
    return f"🗑 Đã bỏ: {what}"


def p_files_current(files: Sequence[tuple[str, str | None]]) -> str:
    """The files collected so far at a file step, as (kind, name): "2 tệp: a.docx, b.pdf"."""
    if not files:
        return P_FILES_NONE
    names = [
        clip(name, 60) if name else ("ảnh" if kind == "photo" else "tệp") for kind, name in files
    ]
    return f"{len(files)} tệp: {', '.join(names)}"


def p_files_display(count: int) -> str:
    """How the attachments show in the review (none: ended with no files, not skipped)."""
    return f"{count} tệp" if count else P_FILES_EMPTY


# ---------------------------------------------------------------------------
# The /taohan form: what each step refuses, and how an understood answer shows
# ---------------------------------------------------------------------------
DL_DUE_ERRORS = {
    "bad_date": (
        "Chưa hiểu ngày giờ này, hoặc ngày, giờ không tồn tại. "
        "Ví dụ: 15/12/2026 17:00; mai 17h; thứ sáu tuần sau 9h."
    ),
    "past": "Thời điểm này đã qua. Vui lòng chọn thời điểm trong tương lai, ví dụ: mai 17h.",
    "no_hour": "Vui lòng ghi rõ giờ. Ví dụ: mai 9h; thứ sáu 3h chiều; 15/12/2026 17:00.",
}
DL_ALL_UNITS = "Tất cả đơn vị"
_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def dl_due_display(weekday: int, moment: str) -> str:
    """A due moment as understood, with its weekday (0 = Monday)."""
    return f"{_WEEKDAYS[weekday]}, {moment}"


def dl_units_unknown(codes: Iterable[str]) -> str:
    """Unit codes that do not exist (or none given)."""
    listed = ", ".join(codes)
    if not listed:
        return "Vui lòng gõ «all» hoặc mã đơn vị cách nhau dấu phẩy. Gõ /donvi để xem mã."
    return f"Không có đơn vị mã: {listed}. Gõ /donvi để xem mã, hoặc «all» cho tất cả đơn vị."
