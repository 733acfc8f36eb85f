"""Every Vietnamese string the bot shows (chat messages in HTML, CLI output): the only home of UI text."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.models.people import OrgUnit, Registration, Role, User

# ---------------------------------------------------------------------------
# Operator-facing (command line)
# ---------------------------------------------------------------------------
CONFIG_TOKEN_MISSING = (
    "Thiếu mã truy cập của bot (BOT_TOKEN). Hãy mở Telegram, nhắn cho @BotFather lệnh /newbot "
    "(hoặc /token để lấy lại mã của bot đã có), rồi đặt mã nhận được vào biến môi trường "
    "BOT_TOKEN hoặc vào tệp .env (xem .env.example)."
)
CONFIG_TOKEN_PLACEHOLDER = (
    "BOT_TOKEN đang là giá trị mẫu, chưa phải mã thật. Hãy lấy mã của bot từ @BotFather "
    "(lệnh /newbot hoặc /token) và thay vào BOT_TOKEN trong tệp .env."
)
CONFIG_TOKEN_MALFORMED = (
    "BOT_TOKEN không đúng định dạng: mã do @BotFather cấp có dạng "
    "<số định danh>:<chuỗi ký tự>, ví dụ 123456789:AA... Hãy sao chép lại nguyên mã từ "
    "@BotFather (lệnh /token) vào BOT_TOKEN."
)


CONFIG_WEBHOOK_URL = "cần địa chỉ đầy đủ, ví dụ https://bot.nhatrang.gov.vn/telegram"
CONFIG_WEBHOOK_SECRET = "cần chuỗi bí mật 16–256 ký tự gồm chữ, số, «_» hoặc «-»"


def config_invalid(setting: str, reason: str) -> str:
    """Describe one invalid setting for the operator."""
    return f"Giá trị của {setting} không hợp lệ ({reason}). Hãy sửa trong tệp .env (xem .env.example)."


def config_error(details: str) -> str:
    """Wrap a configuration problem as the single paragraph printed before exiting."""
    return f"Không thể khởi động: {details}"


def knowledge_invalid(details: str) -> str:
    """A knowledge base file is malformed."""
    return f"tệp dữ liệu hỏi đáp bị lỗi: {details}. Hãy sửa tệp rồi khởi động lại."


def already_running(lock_path: str) -> str:
    """Tell the operator another instance holds the database."""
    return (
        "Không thể khởi động: một phiên bản bot khác đang chạy trên cùng cơ sở dữ liệu "
        f"(khóa {lock_path}). Hãy dừng phiên bản đó trước; mỗi cơ sở dữ liệu chỉ chạy một bot."
    )


def database_too_new(found: int, known: int) -> str:
    """Refuse a database written by a newer version of the program."""
    return (
        f"Cơ sở dữ liệu có phiên bản lược đồ {found}, mới hơn phiên bản chương trình hỗ trợ "
        f"({known}). Hãy cập nhật chương trình trước khi chạy."
    )


CLI_DESCRIPTION = "Trợ lý NĐ73: bot Telegram hỗ trợ thực hiện NĐ 73/2023/NĐ-CP và KL 14-KL/TW."
CLI_USAGE_PREFIX = "Cách dùng: "
CLI_COMMANDS_TITLE = "Lệnh"
CLI_OPTIONS_TITLE = "Tùy chọn"
CLI_HELP_OPTION = "hiện hướng dẫn này rồi thoát"
CLI_RUN_HELP = "chạy bot (mặc định khi không ghi lệnh)"
CLI_ASK_HELP = "hỏi đáp từ dòng lệnh; không ghi câu hỏi thì đọc mỗi dòng một câu từ stdin"
CLI_ASK_QUESTION = "câu hỏi"
CLI_KB_HELP = "quản lý dữ liệu hỏi đáp (nhập văn bản chính thức)"
CLI_KB_IMPORT_HELP = "nhập toàn văn chính thức của một văn bản từ tệp .docx, .pdf hoặc .txt"
CLI_KB_FILE = "đường dẫn tệp"
CLI_KB_DOC = "văn bản: ND73, KL14 hoặc CV2390 (bỏ trống thì tự nhận diện)"
CLI_KB_DRY_RUN = "chỉ đọc và báo kết quả, không nhập"
CLI_KB_NEED_DOC = "Không nhận diện được văn bản; hãy ghi --doc ND73, KL14 hoặc CV2390."
CLI_ASK_JSON = "in kết quả dạng JSON"
CLI_ASK_NOT_COVERED = "Không tìm thấy nội dung phù hợp trong KL14, NĐ73 và Công văn 2390."


def cli_error(message: str) -> str:
    """Describe a command-line usage error."""
    return f"Lỗi: {message}. Gõ --help để xem hướng dẫn."


# ---------------------------------------------------------------------------
# Chat: greetings, help, generic replies
# ---------------------------------------------------------------------------
def greeting(first_name: str, org_name: str) -> str:
    """Greet a user on /start."""
    return (
        f"Xin chào <b>{escape(first_name)}</b>!\n"
        f"Tôi là <b>Trợ lý NĐ73</b> của {escape(org_name)}, hỗ trợ cán bộ, công chức thực hiện "
        "Kết luận 14-KL/TW, Nghị định 73/2023/NĐ-CP về khuyến khích, bảo vệ cán bộ năng động, "
        "sáng tạo và Công văn 2390/UBND-NV.\n\n"
        "Gõ /help để xem các lệnh có thể dùng."
    )


HELP_HEADER = "<b>Các lệnh có thể dùng</b>"
HELP_FOOTER = "Khi đang khai báo theo từng bước, gõ /huy để tạm dừng."


def help_text(commands: Iterable[tuple[str, str]]) -> str:
    """Render the command list for /help."""
    lines = [HELP_HEADER, ""]
    lines += [f"/{name} — {escape(description)}" for name, description in commands]
    lines += ["", HELP_FOOTER]
    return "\n".join(lines)


ABOUT_BOT_LEAD = (
    "Trợ lý NĐ73 trả lời câu hỏi về KL 14-KL/TW, NĐ 73/2023/NĐ-CP và Công văn 2390/UBND-NV: "
    "bạn chỉ cần gõ câu hỏi, có dấu hay không dấu đều được. Các việc khác làm bằng lệnh."
)


def about_the_bot(commands: Iterable[tuple[str, str]]) -> str:
    """The reply to a question about the bot itself: what it does and the user's commands."""
    return f"{ABOUT_BOT_LEAD}\n\n{help_text(commands)}"


CMD_START = "Bắt đầu, lời chào"
CMD_HELP = "Danh sách lệnh và hướng dẫn"
CMD_CANCEL = "Hủy / tạm dừng thao tác đang làm"

NOTHING_TO_CANCEL = "Hiện không có thao tác nào đang thực hiện để hủy."
UNKNOWN_COMMAND = "Lệnh này không có. Gõ /help để xem các lệnh có thể dùng."
GENERIC_ERROR = (
    "Xin lỗi, hệ thống vừa gặp sự cố khi xử lý yêu cầu. Vui lòng thử lại sau ít phút; "
    "nếu vẫn lỗi, xin báo Phòng Nội vụ."
)
TEXT_ONLY = "Hiện tôi chỉ nhận tin nhắn dạng văn bản. Gõ /help để xem hướng dẫn."

# Input problems
INPUT_EMPTY = "Tin nhắn không có nội dung. Vui lòng nhập nội dung bằng chữ."
INPUT_NO_WORDS = "Tin nhắn chỉ có biểu tượng hoặc ký hiệu. Vui lòng nhập nội dung bằng chữ."


def input_too_long(limit: int, length: int) -> str:
    """Tell the user their text is over the limit."""
    return (
        f"Tin nhắn quá dài ({length} ký tự; tối đa {limit} ký tự). Vui lòng rút gọn rồi gửi lại."
    )


# ---------------------------------------------------------------------------
# Main menu (reply keyboard) and commands
# ---------------------------------------------------------------------------
MENU_REGISTER = "📝 Đăng ký tài khoản"
MENU_HELP = "❓ Hướng dẫn"
MENU_ME = "👤 Tài khoản của tôi"
MENU_PENDING = "⏳ Yêu cầu chờ duyệt"
MENU_UNITS = "🏢 Đơn vị"
MENU_USERS = "👥 Người dùng"

CMD_REGISTER = "Đăng ký tài khoản cán bộ, công chức"
CMD_ME = "Xem thông tin tài khoản của tôi"
CMD_RESUME = "Tiếp tục thao tác đang tạm dừng"
CMD_PENDING = "Yêu cầu đăng ký chờ duyệt"
CMD_UNITS = "Quản lý danh sách đơn vị"
CMD_USERS = "Quản lý người dùng, vai trò"

NOT_ALLOWED = "Bạn không có quyền thực hiện thao tác này."
NEEDS_APPROVAL = "Chức năng này dành cho tài khoản đã được duyệt. Gõ /dangky để đăng ký tài khoản."
STALE_BUTTON = "Nút này không hợp lệ hoặc đã hết hiệu lực."
BLOCKED_ACCOUNT = "Tài khoản của bạn đã bị ngừng sử dụng. Vui lòng liên hệ Phòng Nội vụ."

ROLE_NAMES = {
    "guest": "Người dùng mới (chưa duyệt)",
    "staff": "Cán bộ, công chức",
    "leader": "Lãnh đạo",
    "admin": "Quản trị (Phòng Nội vụ)",
}
STATUS_NAMES = {
    "new": "Chưa đăng ký",
    "pending": "Đang chờ duyệt",
    "approved": "Đã duyệt",
    "rejected": "Bị từ chối",
    "deactivated": "Ngừng sử dụng",
}

# ---------------------------------------------------------------------------
# Flows (guided conversations)
# ---------------------------------------------------------------------------
FLOW_ALREADY_ACTIVE = "Bạn đang có một thao tác chưa hoàn thành; xin tiếp tục ở bước hiện tại."
FLOW_REVIEW_USE_BUTTONS = "Vui lòng kiểm tra thông tin rồi bấm «✅ Gửi», hoặc «✏️ Sửa» mục cần sửa."
FLOW_STALE_BUTTON = "Nút này đã cũ, không còn hiệu lực. Mời tiếp tục ở bước hiện tại."
FLOW_SKIPPED = "(bỏ qua)"
FLOW_EDIT_TOO_OLD = (
    "Tin nhắn vừa sửa thuộc một bước đã qua nên không được cập nhật. "
    "Để sửa, vui lòng dùng nút «✏️ Sửa» ở bước xem lại, hoặc gửi lại nội dung ở bước hiện tại."
)
FLOW_PARKED = "Đã tạm dừng. Các câu trả lời đã được lưu; gõ /tieptuc khi muốn làm tiếp."
FLOW_NOTHING_TO_RESUME = "Không có thao tác nào đang tạm dừng để tiếp tục."
FLOW_RESENT = "Bot vừa khởi động lại. Các câu trả lời của bạn vẫn được lưu; mời tiếp tục:"
FLOW_CANCELLED_REVIEW = FLOW_PARKED
BTN_BACK = "⬅️ Quay lại"
BTN_SKIP = "Bỏ qua"
BTN_PREV_PAGE = "◀️ Trang trước"
BTN_NEXT_PAGE = "Trang sau ▶️"
BTN_SUBMIT = "✅ Gửi"
BTN_CANCEL = "❌ Hủy"
BTN_EDIT = "✏️ Sửa"


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


def flow_review(title: str, items: Iterable[tuple[int, str, str]], error: str | None) -> str:
    """Render the review of every answer before submitting."""
    lines = []
    if error:
        lines += [f"⚠️ {escape(error)}", ""]
    lines.append(f"<b>{escape(title)}</b> — Xem lại trước khi gửi")
    lines.append("")
    lines += [f"<b>{escape(label)}:</b> {escape(value)}" for _, label, value in items]
    lines += ["", "Bấm «✅ Gửi» nếu thông tin đã đúng, hoặc «✏️ Sửa» mục cần sửa."]
    return "\n".join(lines)


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
# Registration
# ---------------------------------------------------------------------------
REG_TITLE = "Đăng ký tài khoản"
REG_PRIVACY_NOTICE = (
    "🔒 <b>Thông báo về dữ liệu cá nhân</b>\n"
    "Để cấp tài khoản, bot lưu: họ và tên, đơn vị, chức vụ bạn khai báo và mã tài khoản "
    "Telegram của bạn. Thông tin chỉ dùng để xác nhận người dùng, gửi thông báo, nhắc hạn và "
    "tổng hợp kết quả thực hiện; chỉ Phòng Nội vụ (quản trị) được xem. Bạn có thể gõ /huy để "
    "dừng bất cứ lúc nào."
)
REG_NAME_LABEL = "Họ và tên"
REG_NAME_PROMPT = "Vui lòng nhập họ và tên đầy đủ."
REG_NAME_HINT = "Ví dụ: Nguyễn Thị Minh Anh"
REG_NAME_INVALID = (
    "Họ và tên cần có ít nhất hai từ, chỉ gồm chữ cái (tối đa 100 ký tự). Ví dụ: Trần Văn Bình"
)
REG_UNIT_LABEL = "Đơn vị"
REG_UNIT_PROMPT = "Vui lòng chọn đơn vị công tác trong danh sách, hoặc gõ một phần tên đơn vị."
REG_UNIT_HINT = "Có thể gõ không dấu, ví dụ: loc tho, noi vu"
REG_UNIT_NOT_FOUND = (
    "Không tìm thấy đơn vị phù hợp. Vui lòng gõ lại một phần tên (ví dụ: «phuoc hai») "
    "hoặc chọn trong danh sách."
)
REG_POSITION_LABEL = "Chức vụ"
REG_POSITION_PROMPT = "Vui lòng chọn hoặc nhập chức vụ hiện tại."
REG_POSITION_HINT = "Ví dụ: Chuyên viên; Phó Trưởng phòng"
REG_POSITION_INVALID = "Chức vụ cần từ 2 đến 100 ký tự. Ví dụ: Chuyên viên"
COMMON_POSITIONS = (
    "Chuyên viên",
    "Công chức",
    "Phó Trưởng phòng",
    "Trưởng phòng",
    "Phó Chủ tịch UBND",
    "Chủ tịch UBND",
)
REG_SUBMITTED = "✅ Đã gửi yêu cầu đăng ký. Phòng Nội vụ sẽ xem xét và bot sẽ báo kết quả cho bạn."
REG_ALREADY_APPROVED = "Tài khoản của bạn đã được duyệt; không cần đăng ký lại."
REG_ALREADY_PENDING = "Yêu cầu đăng ký của bạn đang chờ duyệt. Bot sẽ báo khi có kết quả."
REG_DEACTIVATED = BLOCKED_ACCOUNT
BTN_APPROVE = "✅ Duyệt"
BTN_REJECT = "❌ Từ chối"


def reg_unit_many(count: int, more: bool) -> str:
    """Several units match what was typed."""
    if more:
        return f"Có hơn {count - 1} đơn vị khớp. Vui lòng chọn bên dưới hoặc gõ cụ thể hơn."
    return f"Có {count} đơn vị khớp. Vui lòng chọn đơn vị đúng bên dưới."


def reg_cooldown(until: datetime) -> str:
    """A rejected person must wait before asking again."""
    return (
        "Yêu cầu đăng ký trước của bạn chưa được chấp thuận. Bạn có thể đăng ký lại sau "
        f"{until:%H:%M ngày %d/%m/%Y}, hoặc liên hệ Phòng Nội vụ."
    )


def registration_request(registration: Registration, unit_name: str) -> str:
    """The request every admin receives."""
    return (
        "📝 <b>Yêu cầu đăng ký tài khoản</b>\n"
        f"Họ và tên: <b>{escape(registration.full_name)}</b>\n"
        f"Đơn vị: {escape(unit_name)}\n"
        f"Chức vụ: {escape(registration.position)}\n"
        f"Mã Telegram: <code>{registration.telegram_id}</code>"
    )


def registration_decided(
    registration: Registration, unit_name: str, approved: bool, admin: str, when: datetime
) -> str:
    """The request, edited to show who decided it."""
    verdict = "✅ Đã duyệt" if approved else "❌ Đã từ chối"
    return (
        registration_request(registration, unit_name)
        + f"\n\n{verdict} bởi {escape(admin)} lúc {when:%H:%M %d/%m/%Y}."
    )


def registration_already_decided(admin: str) -> str:
    """A second decision on the same request."""
    return f"Yêu cầu này đã được {escape(admin)} xử lý trước đó."


def registration_decision_ack(approved: bool, full_name: str) -> str:
    """Tell the deciding admin what happened."""
    verb = "duyệt" if approved else "từ chối"
    return f"Đã {verb} yêu cầu của {escape(full_name)}."


def registration_result(approved: bool, cooldown: timedelta) -> str:
    """Tell the person the outcome of their request."""
    if approved:
        return (
            "🎉 Tài khoản của bạn đã được duyệt. Từ nay bạn có thể dùng đầy đủ các chức năng; "
            "gõ /help để xem các lệnh."
        )
    hours = int(cooldown.total_seconds() // 3600)
    return (
        "Rất tiếc, yêu cầu đăng ký của bạn chưa được chấp thuận. Vui lòng kiểm tra lại "
        f"thông tin và đăng ký lại sau {hours} giờ, hoặc liên hệ Phòng Nội vụ."
    )


PENDING_NONE = "Hiện không có yêu cầu đăng ký nào chờ duyệt."


def pending_header(count: int) -> str:
    """Header of /choduyet."""
    return f"<b>Có {count} yêu cầu đăng ký chờ duyệt</b>"


# ---------------------------------------------------------------------------
# /toi
# ---------------------------------------------------------------------------
ME_UNKNOWN = "Bot chưa có thông tin về bạn. Gõ /start để bắt đầu."


def me_card(user: User, role: Role, unit_name: str | None, pending: bool) -> str:
    """The user's own account card."""
    lines = [
        "<b>Tài khoản của tôi</b>",
        f"Họ và tên: {escape(user.full_name or '—')}",
        f"Đơn vị: {escape(unit_name or '—')}",
        f"Chức vụ: {escape(user.position or '—')}",
        f"Vai trò: {ROLE_NAMES[role.value]}" + (" (thủ trưởng đơn vị)" if user.is_head else ""),
        f"Trạng thái: {STATUS_NAMES[user.status.value]}",
    ]
    if user.is_contact:
        lines.append("Đầu mối báo cáo của đơn vị: có")
    if pending:
        lines.append("Yêu cầu đăng ký đang chờ duyệt.")
    if role.value == "guest" and not pending:
        lines.append("Gõ /dangky để đăng ký tài khoản.")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Units (/donvi)
# ---------------------------------------------------------------------------
CSV_TOO_BIG = "Tệp quá lớn (tối đa 512 KB)."
CSV_NOT_UTF8 = "Tệp không phải văn bản UTF-8. Khi lưu từ Excel, chọn «CSV UTF-8»."
CSV_BAD_HEADER = "Dòng tiêu đề cần có các cột code,name (hoặc ma,ten) và có thể thêm kind (loai)."
CSV_BAD_CODE = "Mã đơn vị chỉ gồm chữ không dấu, số, «-» hoặc «_» (tối đa 32 ký tự)."
CSV_BAD_NAME = "Tên đơn vị cần từ 2 đến 150 ký tự."
CSV_BAD_KIND = "Loại đơn vị phải là agency/cơ quan, ward/phường hoặc commune/xã."
CSV_EMPTY = "Tệp không có dòng dữ liệu nào."
UNIT_NOT_FOUND = "Không tìm thấy đơn vị có mã này. Gõ /donvi để xem danh sách mã."
UNITS_USAGE = (
    "<b>Quản lý đơn vị</b>\n"
    "/donvi — xem danh sách\n"
    "/donvi them MÃ | Tên đơn vị — thêm mới\n"
    "/donvi doiten MÃ | Tên mới — đổi tên\n"
    "/donvi tat MÃ — ngừng sử dụng; /donvi bat MÃ — dùng lại\n"
    "Gửi tệp CSV (cột code,name,kind) với chú thích «donvi them» để bổ sung, "
    "hoặc «donvi thay» để thay toàn bộ danh sách."
)
UNITS_EMPTY = "Chưa có đơn vị nào."
CSV_CAPTION_HINT = (
    "Đã nhận tệp. Để nhập danh sách đơn vị, gửi lại tệp CSV với chú thích «donvi them» "
    "(bổ sung) hoặc «donvi thay» (thay toàn bộ)."
)
KIND_NAMES = {"agency": "Cơ quan", "ward": "Phường", "commune": "Xã"}


def csv_duplicate(first_line: int) -> str:
    """A code repeated in the CSV."""
    return f"Mã đơn vị trùng với dòng {first_line}."


def csv_errors(errors: Iterable[tuple[int, str]]) -> str:
    """Report bad CSV rows; nothing was imported."""
    lines = ["<b>Chưa nhập gì vì tệp có lỗi:</b>"]
    lines += [f"Dòng {line}: {escape(message)}" for line, message in list(errors)[:30]]
    lines.append("Vui lòng sửa rồi gửi lại toàn bộ tệp.")
    return "\n".join(lines)


def csv_imported(count: int, replace: bool) -> str:
    """Confirm a CSV import."""
    mode = "thay toàn bộ danh sách" if replace else "bổ sung"
    return f"✅ Đã nhập {count} đơn vị ({mode})."


def units_list(units: Iterable[OrgUnit]) -> str:
    """The unit list for admins."""
    items = list(units)
    if not items:
        return UNITS_EMPTY
    lines = [f"<b>Danh sách đơn vị ({len(items)})</b>"]
    for unit in items:
        state = "" if unit.active else " (ngừng sử dụng)"
        lines.append(f"<code>{escape(unit.code)}</code> — {escape(unit.name)}{state}")
    lines += ["", "Gõ /donvi huongdan để xem cách thêm, sửa."]
    return "\n".join(lines)


def unit_saved(unit: OrgUnit) -> str:
    """Confirm a unit change."""
    state = "đang sử dụng" if unit.active else "ngừng sử dụng"
    return f"✅ Đã lưu: <code>{escape(unit.code)}</code> — {escape(unit.name)} ({state})."


# ---------------------------------------------------------------------------
# Users (/nguoidung)
# ---------------------------------------------------------------------------
USER_NOT_FOUND = "Không tìm thấy người dùng này."
USER_NOT_SELF = "Bạn không thể tự hạ quyền hoặc ngừng tài khoản của chính mình."
USER_NEEDS_UNIT = "Người này chưa thuộc đơn vị nào; hãy gán đơn vị trước."
USER_HEAD_NEEDS_LEADER = (
    "Chỉ lãnh đạo mới được đặt làm thủ trưởng; hãy đổi vai trò thành Lãnh đạo trước."
)
USERS_USAGE = (
    "<b>Quản lý người dùng</b>\n"
    "/nguoidung TÊN — tìm theo tên (gõ không dấu cũng được), @username hoặc mã Telegram\n"
    "/nguoidung MÃ_TELEGRAM donvi MÃ_ĐƠN_VỊ — chuyển đơn vị\n"
    "Bấm vào người dùng để đổi vai trò, đặt thủ trưởng, đầu mối báo cáo hoặc ngừng sử dụng."
)
USERS_NONE = "Không có người dùng nào khớp."
BTN_ROLE_STAFF = "Cán bộ"
BTN_ROLE_LEADER = "Lãnh đạo"
BTN_ROLE_ADMIN = "Quản trị"
BTN_TOGGLE_HEAD = "Thủ trưởng: bật/tắt"
BTN_TOGGLE_CONTACT = "Đầu mối báo cáo: bật/tắt"
BTN_DEACTIVATE = "⛔ Ngừng sử dụng"
BTN_ACTIVATE = "♻️ Dùng lại"


def user_line(user: User) -> str:
    """A user in a search result button."""
    name = user.full_name or user.first_name
    return f"{name} ({ROLE_NAMES[user.role.value].split(' (')[0]})"[:60]


def users_found(count: int) -> str:
    """Header of a search result."""
    return f"Tìm thấy {count} người dùng. Bấm để xem và chỉnh sửa:"


def user_card(user: User, unit_name: str | None) -> str:
    """A user's card for admins."""
    flags = []
    if user.is_head:
        flags.append("thủ trưởng")
    if user.is_contact:
        flags.append("đầu mối báo cáo")
    if user.blocked:
        flags.append("đã chặn bot")
    return "\n".join(
        [
            f"<b>{escape(user.full_name or user.first_name)}</b> (<code>{user.telegram_id}</code>)",
            f"Đơn vị: {escape(unit_name or '—')}",
            f"Chức vụ: {escape(user.position or '—')}",
            f"Vai trò: {ROLE_NAMES[user.role.value]}",
            f"Trạng thái: {STATUS_NAMES[user.status.value]}",
            f"Ghi chú: {', '.join(flags) if flags else '—'}",
        ]
    )


def role_changed(role: Role) -> str:
    """Tell a person their role changed."""
    return (
        f"Vai trò của bạn đã được cập nhật: <b>{ROLE_NAMES[role.value]}</b>. "
        "Gõ /help để xem các lệnh có thể dùng."
    )


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


def citation(unit_id: str, kind: str, doc_citation: str) -> str:
    """How an answer cites its source."""
    if kind == "general":
        return f"Theo thông tin chung về {doc_citation}."
    if kind == "related":
        return f"Về quan hệ với {doc_citation}."
    return f"Theo {unit_id} {doc_citation}."


def unit_heading(unit_id: str, title: str, kind: str) -> str:
    """Bold heading of a unit."""
    if kind in ("general", "related"):
        return f"<b>{escape(title)}</b>"
    return f"<b>{escape(unit_id)}. {escape(title)}</b>"


def answer(
    heading: str,
    summary: str,
    cite: str,
    *,
    confirmed: bool,
    official: str | None = None,
    official_limit: int = 2500,
    note: str = "",
) -> str:
    """The reply to a question: official wording if imported, the explanation, a caveat, the
    citation."""
    parts = [heading]
    if official:
        quoted = official if len(official) <= official_limit else official[:official_limit] + "…"
        parts += [
            OFFICIAL_HEADER,
            f"<blockquote>{escape(quoted)}</blockquote>",
            EXPLANATION_HEADER,
        ]
    parts.append(("" if confirmed else UNCONFIRMED_MARK) + escape(summary))
    if note:
        parts.append(caveat(note))
    parts.append(f"<i>{escape(cite)}</i>")
    return "\n\n".join(parts)


def caveat(note: str) -> str:
    """A unit's note: what is unconfirmed or only in drafts."""
    return f"{UNCONFIRMED_MARK}<i>Lưu ý:</i> {escape(note)}"


def full_text(heading: str, details: str, note: str, cite: str, official: str | None) -> str:
    """The full explanation of a unit (may be split into several messages at line breaks)."""
    parts = [heading]
    if official:
        parts += [
            OFFICIAL_HEADER,
            *(f"<i>{escape(line)}</i>" for line in official.splitlines() if line.strip()),
        ]
        parts.append(EXPLANATION_HEADER)
    parts.append(escape(details))
    if note:
        parts.append(caveat(note))
    parts.append(f"<i>{escape(cite)}</i>")
    return "\n\n".join(parts)


def related_button(unit_id: str, title: str) -> str:
    """Label of a button that opens a related unit."""
    label = f"🔎 {unit_id}: {title}"
    return label if len(label) <= 48 else label[:47] + "…"


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
    """A question names an article or point the documents do not have."""
    return (
        "Văn bản không có điều/mục này: Nghị định 73/2023/NĐ-CP có 24 điều; Kết luận 14-KL/TW "
        "có 2 mục; Công văn 2390/UBND-NV có 4 mục. Ví dụ: /dieu 8"
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
    "too_big": "Tệp quá lớn (tối đa 10 MB).",
    "unreadable": "Không đọc được tệp (tệp hỏng hoặc sai định dạng).",
    "empty": "Tệp không có chữ đọc được (có thể là bản quét ảnh). Vui lòng gửi bản có chữ.",
    "encrypted": "Tệp đang được đặt mật khẩu. Vui lòng gửi bản không khóa.",
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
P_TITLE_LABEL = "Tên đề xuất"
P_TITLE_PROMPT = "Tên đề xuất là gì?"
P_TITLE_HINT = "10–200 ký tự. Ví dụ: Số hóa hồ sơ cấp phép xây dựng tại bộ phận một cửa phường"
P_FIELD_LABEL = "Lĩnh vực"
P_FIELD_PROMPT = "Đề xuất thuộc lĩnh vực nào?"
P_FIELD_HINT = "Chọn một nút bên dưới."
P_NEED_LABEL = "Sự cần thiết, điểm nghẽn cần tháo gỡ"
P_NEED_PROMPT = (
    "Vì sao cần đề xuất này? Điểm nghẽn, nút thắt nào trong cơ chế, chính sách cần tháo gỡ?"
)
P_NEED_HINT = "20–3000 ký tự. Ví dụ: Hồ sơ giấy phải chuyển qua 3 bộ phận, mất 10 ngày…"
P_SOLUTION_LABEL = "Nội dung, giải pháp"
P_SOLUTION_PROMPT = "Nội dung, nhiệm vụ và giải pháp đổi mới là gì?"
P_SOLUTION_HINT = "20–3000 ký tự. Ví dụ: Tiếp nhận hồ sơ điện tử, ký số, trả kết quả qua mạng…"
P_SCOPE_LABEL = "Phạm vi, đối tượng áp dụng"
P_SCOPE_PROMPT = "Phạm vi và đối tượng áp dụng?"
P_SCOPE_HINT = "10–2000 ký tự. Ví dụ: Bộ phận một cửa UBND phường; người dân, doanh nghiệp"
P_PERIOD_LABEL = "Thời gian thực hiện"
P_PERIOD_PROMPT = "Thời gian thực hiện từ khi nào đến khi nào?"
P_PERIOD_HINT = "Ví dụ: 01/03/2027 - 30/06/2027, hoặc: tháng 3/2027 đến tháng 12/2027"
P_RESOURCES_LABEL = "Nguồn lực"
P_RESOURCES_PROMPT = "Nguồn lực cần có (nhân lực, kinh phí, phương tiện)?"
P_RESOURCES_HINT = (
    "20–2000 ký tự. Ví dụ: 2 công chức; 15 triệu đồng từ chi thường xuyên; 1 máy quét"
)
P_FEASIBILITY_LABEL = "Tính khả thi, rủi ro"
P_FEASIBILITY_PROMPT = "Tính khả thi và rủi ro dự kiến?"
P_FEASIBILITY_HINT = "20–2000 ký tự. Ví dụ: Phần mềm đã có sẵn; rủi ro: người dân chưa quen…"
P_IMPACT_LABEL = "Tác động, kết quả dự kiến"
P_IMPACT_PROMPT = "Tác động (tích cực, tiêu cực nếu có) và kết quả dự kiến?"
P_IMPACT_HINT = "20–3000 ký tự. Ví dụ: Rút thời gian xử lý từ 10 xuống 3 ngày…"
P_FILES_LABEL = "Tài liệu đính kèm"
P_FILES_PROMPT = (
    "Gửi tài liệu đính kèm (tệp hoặc ảnh), rồi bấm «✅ Xong». Không có thì bấm «Bỏ qua»."
)
P_FILES_HINT = "Tối đa 10 tệp."
P_FILES_DONE = "✅ Xong"
P_FILES_TEXT = "Ở bước này vui lòng gửi tệp/ảnh, hoặc bấm «✅ Xong» / «Bỏ qua»."
P_FILES_NOT_NOW = "Bước hiện tại không nhận tệp. Vui lòng trả lời bằng chữ."
P_PERIOD_ERRORS = {
    "bad_format": "Chưa đọc được thời gian. Vui lòng ghi ngày bắt đầu và kết thúc, ví dụ: 01/03/2027 - 30/06/2027.",
    "bad_date": "Có ngày không tồn tại. Vui lòng kiểm tra lại ngày, tháng.",
    "order": "Ngày kết thúc đang trước ngày bắt đầu. Vui lòng sửa lại.",
    "past": "Ngày bắt đầu đã qua. Vui lòng chọn thời gian từ hôm nay trở đi.",
    "too_long": "Thời gian thực hiện quá dài (tối đa 10 năm).",
}
P_FIELD_UNKNOWN = "Vui lòng chọn lĩnh vực bằng các nút bên dưới."


def p_length(low: int, high: int) -> str:
    """A plan answer is too short or too long."""
    return f"Nội dung cần từ {low} đến {high} ký tự. Vui lòng bổ sung hoặc rút gọn."


def p_files_full(limit: int) -> str:
    """The file step already holds its maximum."""
    return f"Đã đủ {limit} tệp; bấm «✅ Xong» để tiếp tục."


def p_files_received(count: int) -> str:
    """Attachment received during the flow."""
    return f"Đã nhận {count} tệp. Gửi thêm hoặc bấm «✅ Xong»."


def p_files_display(count: int) -> str:
    """How the attachments show in the review."""
    return f"{count} tệp" if count else FLOW_SKIPPED


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
EVALUATION_LABELS = {
    "done": "Hoàn thành",
    "partly": "Hoàn thành một phần",
    "not_done": "Không hoàn thành",
}
DUE_LABELS = {
    "review": "Hạn xem xét",
    "report": "Hạn báo cáo kết quả",
    "evaluate": "Hạn đánh giá",
}
ACTION_BUTTONS = {
    "approve": "✅ Phê duyệt",
    "request_info": "📝 Yêu cầu bổ sung",
    "reject": "❌ Không phê duyệt",
    "withdraw": "↩️ Rút đề xuất",
    "pause": "⏸ Tạm dừng",
    "resume": "▶️ Tiếp tục thực hiện",
    "stop": "⏹ Dừng thực hiện",
    "finish": "🏁 Đã thực hiện xong",
    "report": "📄 Báo cáo kết quả",
    "evaluate": "📊 Đánh giá kết quả",
    "resubmit": "✏️ Bổ sung và gửi lại",
}
ACTION_DONE = {
    "approve": "Đã phê duyệt đề xuất {number}.",
    "request_info": "Đã gửi yêu cầu bổ sung đề xuất {number}.",
    "reject": "Đã ghi nhận không phê duyệt đề xuất {number}.",
    "withdraw": "Đã rút đề xuất {number}.",
    "pause": "Đã tạm dừng thực hiện đề xuất {number}.",
    "resume": "Đề xuất {number} được tiếp tục thực hiện.",
    "stop": "Đã dừng thực hiện đề xuất {number}.",
    "finish": "Đã ghi nhận đề xuất {number} thực hiện xong. Vui lòng gửi báo cáo kết quả trong 05 ngày làm việc.",
    "report": "Đã gửi báo cáo kết quả đề xuất {number}.",
    "evaluate": "Đã ghi nhận đánh giá đề xuất {number}.",
    "resubmit": "Đã gửi lại đề xuất {number} sau khi bổ sung.",
}
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

# Decision flows
D_REASON_LABEL = "Lý do"
D_REQUEST_TITLE = "Yêu cầu bổ sung"
D_REQUEST_PROMPT = "Cần bổ sung, hoàn thiện nội dung gì? (người đề xuất sẽ nhận được nội dung này)"
D_REJECT_TITLE = "Không phê duyệt"
D_REJECT_PROMPT = "Lý do không phê duyệt?"
D_PAUSE_TITLE = "Tạm dừng thực hiện"
D_PAUSE_PROMPT = "Lý do tạm dừng?"
D_STOP_TITLE = "Dừng thực hiện"
D_STOP_PROMPT = "Lý do dừng thực hiện?"
D_REASON_HINT = "5–1000 ký tự."
D_APPROVE_TITLE = "Phê duyệt đề xuất"
D_MEETING_LABEL = "Ngày họp tập thể lãnh đạo"
D_MEETING_PROMPT = "Tập thể lãnh đạo họp xem xét đề xuất ngày nào?"
D_MEETING_HINT = "Ví dụ: 02/12/2026 (không sau hôm nay)"
D_FOR_LABEL = "Số phiếu tán thành"
D_FOR_PROMPT = "Số thành viên tán thành? (không tính cấp phó là người đề xuất)"
D_AGAINST_LABEL = "Số phiếu không tán thành"
D_AGAINST_PROMPT = "Số thành viên không tán thành?"
D_NUMBER_HINT = "Nhập một số, ví dụ: 3"
D_BASIS_LABEL = "Căn cứ phê duyệt"
D_BASIS_PROMPT = "Căn cứ phê duyệt?"
D_BASIS_MAJORITY = "Quá nửa tập thể tán thành"
D_BASIS_HEAD = "Thủ trưởng tự chịu trách nhiệm"
D_COMMENT_LABEL = "Ý kiến chỉ đạo"
D_COMMENT_PROMPT = "Ý kiến chỉ đạo khi thực hiện (không bắt buộc)?"
D_REPORT_TITLE = "Báo cáo kết quả"
D_REPORT_LABEL = "Kết quả thực hiện"
D_REPORT_PROMPT = "Kết quả thực hiện đề xuất (đã làm gì, đạt được gì, so với mục tiêu)?"
D_REPORT_HINT = "20–3000 ký tự."
D_EVALUATE_TITLE = "Đánh giá kết quả"
D_LEVEL_LABEL = "Mức đánh giá"
D_LEVEL_PROMPT = "Kết quả đề xuất được đánh giá ở mức nào?"
D_EVAL_COMMENT_PROMPT = "Nhận xét, đánh giá?"
D_DATE_INVALID = "Vui lòng nhập ngày dạng dd/mm/yyyy, không sau hôm nay."
D_NUMBER_INVALID = "Vui lòng nhập một số nguyên từ 0 đến 50."
D_NOT_MAJORITY = (
    "Số phiếu tán thành chưa quá nửa. Chọn «Thủ trưởng tự chịu trách nhiệm» hoặc sửa số phiếu."
)
D_PICK_BUTTON = "Vui lòng chọn bằng các nút bên dưới."


def proposal_receipt(number: str, title: str, reviewer: str, due: str | None) -> str:
    """The proposer's receipt."""
    lines = [
        f"✅ Đã gửi đề xuất <b>{escape(number)}</b>: {escape(title)}",
        f"Người xem xét: {escape(reviewer)}",
    ]
    if due:
        lines.append(f"Hạn xem xét: {escape(due)} (07 ngày làm việc theo Điều 8 NĐ73).")
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
    due_label: str | None = None,
    due: str | None = None,
    days_left: int | None = None,
    files: int = 0,
    header: str = "",
    note: str | None = None,
) -> str:
    """A proposal as a message (for reviewers, proposers and admins)."""
    lines = [header] if header else []
    lines += [
        f"💡 <b>{escape(number)}</b> — {escape(title)}",
        f"Lĩnh vực: {escape(field)} · Trạng thái: <b>{STATUS_LABELS.get(status, status)}</b>",
        f"Người đề xuất: {escape(proposer)}" + (f" ({escape(unit)})" if unit else ""),
    ]
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
        lines.append(f"📝 {escape(note)}")
    for label, value in parts:
        shown = value if len(value) <= 400 else value[:399] + "…"
        lines.append(f"<b>{escape(label)}:</b> {escape(shown)}")
    if files:
        lines.append(f"📎 {files} tệp đính kèm")
    return "\n".join(lines)


def proposal_line(number: str, title: str, status: str, due: str | None) -> str:
    """One proposal in a list."""
    tail = f" · hạn {escape(due)}" if due else ""
    return (
        f"<b>{escape(number)}</b> {escape(title[:60])} — {STATUS_LABELS.get(status, status)}{tail}"
    )


def proposal_event_line(
    when: str, actor: str, action: str, to_status: str | None, note: str | None
) -> str:
    """One line of a proposal's history."""
    state = f" → {STATUS_LABELS.get(to_status, to_status)}" if to_status else ""
    text = f"{escape(when)} · {escape(actor)}: {EVENT_NAMES.get(action, action)}{state}"
    return text + (f" ({escape(note[:150])})" if note else "")


EVENT_NAMES = {
    "submit": "gửi đề xuất",
    "reassign": "chuyển người xem xét",
    "reroute": "chuyển người xem xét",
    **{action: label.split(" ", 1)[1].lower() for action, label in ACTION_BUTTONS.items()},
}


def proposal_notice(number: str, title: str, action: str, actor: str, note: str | None) -> str:
    """Tell a party that a proposal moved."""
    lines = [
        f"🔔 Đề xuất <b>{escape(number)}</b> ({escape(title[:80])}): "
        f"{escape(actor)} — {EVENT_NAMES.get(action, action)}."
    ]
    if note:
        lines.append(f"Nội dung: {escape(note)}")
    return "\n".join(lines)


def proposal_due_reminder(number: str, title: str, due_label: str, due: str, when: str) -> str:
    """Remind whoever must act of a time limit (when: before | due | overdue)."""
    lead = {"before": "⏰ Sắp đến hạn", "due": "⏰ Hôm nay là hạn", "overdue": "⚠️ Đã quá hạn"}[
        when
    ]
    return f"{lead}: {escape(due_label.lower())} đề xuất <b>{escape(number)}</b> ({escape(title[:80])}) — {escape(due)}."


def review_header(count: int) -> str:
    """Header of /duyet."""
    return f"<b>{count} đề xuất chờ bạn xử lý</b> (cũ nhất trước):"


EXPORT_USAGE = (
    "/xuat — danh sách mọi đề xuất (.xlsx)\n"
    "/xuat MÃ_ĐƠN_VỊ NĂM — lọc theo đơn vị và/hoặc năm, ví dụ: /xuat P-LOCTHO 2026\n"
    "/xuat ĐX-2026-0001 — kế hoạch của một đề xuất (.docx)\n"
    "/xuat thongke — bảng thống kê (.xlsx)\n"
    "/xuat cauhoi — các câu hỏi 90 ngày gần đây, trả lời được hay không, đánh giá 👍/👎 (.xlsx)"
)
EXPORT_EMPTY = "Không có đề xuất nào khớp điều kiện lọc."
EXPORT_LIST_TITLE = "DANH SÁCH ĐỀ XUẤT ĐỔI MỚI, SÁNG TẠO"


def export_caption(count: int) -> str:
    """Caption of the exported register."""
    return f"Danh sách {count} đề xuất đổi mới, sáng tạo."


def holidays_missing(year: int) -> str:
    """Warn admins that next year's holiday data is missing."""
    return (
        f"⚠️ Chưa có dữ liệu ngày nghỉ lễ năm {year} (thư mục bot/data/holidays). Hạn xử lý đề "
        "xuất tính theo ngày làm việc sẽ chỉ trừ thứ Bảy, Chủ nhật và các ngày lễ dương lịch. "
        "Vui lòng bổ sung khi Chính phủ công bố lịch nghỉ."
    )


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
    "Cách dùng: /suahan SỐ_HẠN 20/12/2026 17:00 | 3d,1d (số hạn xem trong /hanbaocao)"
)


def user_blocked_bot(name: str, telegram_id: int) -> str:
    """Tell admins that someone blocked the bot (nothing more is sent to them)."""
    return (
        f"ℹ️ {escape(name)} (<code>{telegram_id}</code>) đã chặn bot; bot ngừng gửi tin cho "
        "người này cho đến khi họ mở lại bot."
    )


DEADLINE_NOT_FOUND = "Không tìm thấy hạn báo cáo này."
DEADLINE_NOT_YOURS = "Chỉ lãnh đạo, đầu mối báo cáo của đơn vị hoặc Phòng Nội vụ được xác nhận."
DL_TITLE = "Tạo hạn báo cáo"
DL_TITLE_LABEL = "Tiêu đề"
DL_TITLE_PROMPT = "Tiêu đề của báo cáo?"
DL_TITLE_HINT = "Ví dụ: Báo cáo 6 tháng đầu năm kết quả thực hiện NĐ73"
DL_DESC_LABEL = "Mô tả"
DL_DESC_PROMPT = "Mô tả, yêu cầu (không bắt buộc)?"
DL_DUE_LABEL = "Hạn nộp"
DL_DUE_PROMPT = "Hạn nộp (ngày và giờ)?"
DL_DUE_HINT = "Ví dụ: 15/12/2026 17:00"
DL_REC_LABEL = "Lặp lại"
DL_REC_PROMPT = "Hạn có lặp lại không?"
DL_REC_HINT = "Ví dụ: không; hằng tuần thứ 2; hằng tháng ngày 5; hằng quý; 6 tháng; hằng năm"
DL_TARGETS_LABEL = "Đơn vị phải báo cáo"
DL_TARGETS_PROMPT = (
    "Đơn vị nào phải báo cáo? Gõ «all» cho tất cả, hoặc mã đơn vị cách nhau dấu phẩy."
)
DL_TARGETS_HINT = "Ví dụ: all; hoặc: P-LOCTHO, P-VINHHAI"
DL_OFFSETS_LABEL = "Các mốc nhắc"
DL_OFFSETS_PROMPT = "Nhắc trước hạn bao lâu? (mặc định 7d,3d,1d,0d)"
DL_OFFSETS_HINT = "Đơn vị d (ngày), h (giờ), m (phút). Ví dụ: 7d,1d,2h"
DL_OVERDUE_LABEL = "Nhắc hằng ngày khi quá hạn"
DL_OVERDUE_PROMPT = "Đơn vị quá hạn có được nhắc hằng ngày không?"
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


def deadline_created(title: str, due: str, units: int) -> str:
    """Confirm a new deadline."""
    return f"✅ Đã tạo hạn <b>{escape(title)}</b> — {escape(due)}; {units} đơn vị phải báo cáo."


def deadline_reminder(title: str, due: str, unit: str, when: str, description: str = "") -> str:
    """A reminder to a unit's leaders and reporting contacts (when: before | overdue | again)."""
    lead = {
        "before": "⏰ Nhắc hạn báo cáo",
        "overdue": "⚠️ Quá hạn báo cáo",
        "again": "⏰ Nhắc lại hạn báo cáo",
    }[when]
    lines = [
        f"{lead}: <b>{escape(title)}</b>",
        f"Đơn vị: {escape(unit)}",
        f"Hạn nộp: {escape(due)}",
    ]
    if description:
        lines.append(escape(description[:500]))
    lines.append("Khi đã nộp, vui lòng bấm «✅ Đã nộp báo cáo».")
    return "\n".join(lines)


def deadline_unrouted(title: str, due: str, units: Iterable[str]) -> str:
    """Tell admins that some units have nobody to remind."""
    names = ", ".join(escape(u) for u in units)
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


def deadline_unit_line(title: str, due: str, submitted: bool) -> str:
    """A deadline as one unit sees it."""
    mark = "✅ đã nộp" if submitted else "⏳ chưa nộp"
    return f"<b>{escape(title)}</b> — hạn {escape(due)} — {mark}"


def compliance(title: str, due: str, rows: Iterable[tuple[str, str | None]]) -> str:
    """Per-unit compliance for one occurrence."""
    lines = [f"<b>{escape(title)}</b> — hạn {escape(due)}"]
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
SNOOZED = "Bot sẽ nhắc lại bạn sau."
DIGEST_MODES = {"daily": "Hằng ngày", "weekly": "Hằng tuần (thứ Hai)", "off": "Tắt"}
BTN_DIGEST_NOW = "📨 Gửi bản tổng hợp ngay"


def digest_settings(mode: str, at_time: str) -> str:
    """Show a leader's digest settings."""
    return (
        f"Bản tổng hợp: <b>{DIGEST_MODES.get(mode, mode)}</b>, lúc {escape(at_time)}. "
        "Chọn để thay đổi, hoặc gửi ngay. Đổi giờ: /tonghop hangngay 07:30"
    )


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
# Thông báo (broadcast)
# ---------------------------------------------------------------------------
CMD_BROADCAST = "Gửi thông báo tới người dùng"
BC_TITLE = "Gửi thông báo"
BC_TEXT_LABEL = "Nội dung"
BC_TEXT_PROMPT = "Nội dung thông báo?"
BC_TEXT_HINT = "Tối đa 3500 ký tự."
BC_FILES_MAX = 3
BC_FILES_PROMPT = "Gửi kèm tệp hoặc ảnh (nếu có), rồi bấm «✅ Xong». Không có thì bấm «Bỏ qua»."
BC_FILES_HINT = f"Tối đa {BC_FILES_MAX} tệp; người nhận nhận nội dung trước, tệp sau."
BC_AUDIENCE_LABEL = "Người nhận"
BC_AUDIENCE_PROMPT = "Gửi tới ai? Chọn nút, hoặc gõ mã đơn vị cách nhau dấu phẩy."
BC_AUDIENCES = {
    "all": "Tất cả người dùng đã duyệt",
    "staff": "Cán bộ, công chức",
    "leader": "Lãnh đạo",
    "admin": "Quản trị",
}
BC_HEADER = "📢 <b>Thông báo</b>"


def broadcast_queued(count: int, broadcast_id: int) -> str:
    """Confirm a broadcast."""
    return (
        f"✅ Đã xếp {count} tin vào hàng gửi (thông báo số {broadcast_id}). "
        "Xem kết quả: /thongbao ketqua"
    )


def broadcast_report(rows: Iterable[tuple[int, str, int, dict[str, int]]]) -> str:
    """Delivery report of recent broadcasts."""
    lines = ["<b>Kết quả gửi thông báo</b>"]
    for broadcast_id, when, total, counts in rows:
        waiting = counts.get("pending", 0) + counts.get("sending", 0)
        lines.append(
            f"Số {broadcast_id} ({escape(when)}): {total} người nhận — đã gửi "
            f"{counts.get('sent', 0)}, đang chờ {waiting}, chặn bot {counts.get('blocked', 0)}, "
            f"lỗi {counts.get('failed', 0)}"
        )
    return "\n".join(lines) if len(lines) > 1 else "Chưa có thông báo nào."


# ---------------------------------------------------------------------------
# Operations: check, backup, restore
# ---------------------------------------------------------------------------
CLI_CHECK_HELP = "kiểm tra cấu hình, cơ sở dữ liệu và kết nối Telegram (chạy sau khi nâng cấp)"
CLI_BACKUP_HELP = "sao lưu cơ sở dữ liệu ra tệp (chạy được khi bot đang chạy)"
CLI_RESTORE_HELP = "khôi phục cơ sở dữ liệu từ tệp sao lưu (chỉ khi bot đã dừng)"
CLI_PATH = "đường dẫn tệp"
CHECK_SETTINGS = "Cấu hình"
CHECK_SETTINGS_OK = "OK   Cấu hình hợp lệ."
CHECK_DATABASE = "Cơ sở dữ liệu"
CHECK_DATABASE_OK = "OK   Cơ sở dữ liệu nguyên vẹn, lược đồ phiên bản {version} (mới nhất)."
CHECK_LOCK = "Khóa phiên chạy"
CHECK_LOCK_FREE = "OK   Không có phiên bot nào đang giữ cơ sở dữ liệu."
CHECK_LOCK_HELD = "một phiên bot đang chạy trên cơ sở dữ liệu này"
CHECK_TELEGRAM = "Telegram"
CHECK_TELEGRAM_OK = "OK   Kết nối Telegram tốt (bot @{username})."
OPS_NO_FILE = "chưa có tệp cơ sở dữ liệu (bot sẽ tạo khi chạy lần đầu)"
OPS_NOT_INTACT = "tệp bị hỏng (integrity_check không đạt)"
OPS_NOT_A_DATABASE = "tệp không phải cơ sở dữ liệu SQLite"
OPS_RESTORE_RUNNING = "Không khôi phục khi bot đang chạy. Hãy dừng bot trước."


def check_failed(what: str, why: str) -> str:
    """A failed check line."""
    return f"LỖI {what}: {why}"


def check_migrations_pending(found: int, latest: int) -> str:
    """The database is behind the code (the bot migrates it at start)."""
    return f"lược đồ phiên bản {found}, chưa cập nhật lên {latest} (chạy bot một lần để cập nhật)"


def backup_done(path: str, size: int) -> str:
    """Confirm a backup."""
    return f"Đã sao lưu vào {path} ({size / 1024:.0f} KB)."


def restore_done(kept: str) -> str:
    """Confirm a restore."""
    return f"Đã khôi phục. Bản cơ sở dữ liệu trước đó được giữ tại {kept}."


def restore_refused(why: str) -> str:
    """A backup file that cannot be restored."""
    return f"Không khôi phục: {why}."


CMD_BACKUP = "Sao lưu cơ sở dữ liệu và gửi tệp (quản trị chính)"
BACKUP_CONFIRM = (
    "Tệp sao lưu chứa dữ liệu cá nhân của người dùng. Chỉ tải về khi cần và lưu giữ an toàn. "
    "Tiếp tục?"
)
BTN_BACKUP_OK = "✅ Sao lưu và gửi tệp"
BACKUP_TOO_BIG = "Tệp sao lưu lớn hơn 50 MB, vượt giới hạn gửi của Telegram. Vui lòng dùng lệnh python -m bot backup trên máy chủ."
BACKUP_ONLY_MAIN_ADMINS = (
    "Chỉ quản trị viên khai báo trong cấu hình (BOT_ADMIN_IDS) được tải bản sao lưu."
)


# ---------------------------------------------------------------------------
# Thống kê
# ---------------------------------------------------------------------------
CMD_STATS = "Thống kê sử dụng"
STATS_SHEETS = {
    "roles": "Vai trò",
    "units": "Người dùng theo đơn vị",
    "questions": "Câu hỏi 30 ngày",
    "proposals": "Đề xuất",
    "deadlines": "Hạn báo cáo (đã nộp)",
    "outbox": "Tin nhắn bot gửi",
}
STATS_COLUMNS = ("Mục", "Số lượng")
QUESTION_LOG_SHEET = "Câu hỏi"
QUESTION_LOG_COLUMNS = (
    ("Thời gian", 17),
    ("Câu hỏi", 60),
    ("Trả lời được", 12),
    ("Văn bản", 10),
    ("Điều/Mục", 16),
    ("Điểm khớp", 10),
    ("👍", 6),
    ("👎", 6),
)
QUESTION_LOG_ANSWERED = {True: "Có", False: "Không"}


def question_log_caption(count: int, days: int) -> str:
    """Caption of the /xuat cauhoi file."""
    return f"Câu hỏi {days} ngày gần đây: {count} câu (không kèm danh tính người hỏi)."


def stats_report(
    *,
    roles: dict[str, int],
    by_unit: list[tuple[str, int]],
    active_7: int,
    active_30: int,
    asked: int,
    answered: int,
    top: list[tuple[str, int]],
    proposals: dict[str, int],
    proposals_by_unit: list[tuple[str, int]],
    deadlines: list[str],
    outbox: dict[str, int],
) -> str:
    """The /thongke report (values already escaped by the caller)."""
    lines = ["<b>📊 Thống kê</b>", "", "<b>Người dùng đã duyệt</b>"]
    lines += [f"• {ROLE_NAMES.get(role, role)}: {n}" for role, n in roles.items()] or ["• —"]
    lines.append(f"Hoạt động 7 ngày: {active_7}; 30 ngày: {active_30}")
    if by_unit:
        lines += ["Theo đơn vị: " + "; ".join(f"{u} {n}" for u, n in by_unit)]
    lines += [
        "",
        "<b>Hỏi đáp 30 ngày</b>",
        f"Đã hỏi {asked}; trả lời được {answered}; chưa trả lời được {asked - answered}",
    ]
    lines += [f"• {n}× {q}" for q, n in top]
    lines += ["", "<b>Đề xuất</b>"]
    lines += [f"• {STATUS_LABELS.get(s, s)}: {n}" for s, n in proposals.items()] or ["• —"]
    if proposals_by_unit:
        lines += ["Theo đơn vị: " + "; ".join(f"{u} {n}" for u, n in proposals_by_unit)]
    lines += ["", "<b>Hạn báo cáo (đơn vị đã nộp / phải nộp)</b>"]
    lines += [f"• {d}" for d in deadlines] or ["• —"]
    lines += [
        "",
        "<b>Tin nhắn bot gửi</b>",
        f"Đã gửi {outbox.get('sent', 0)}; "
        f"đang chờ {outbox.get('pending', 0) + outbox.get('sending', 0)}; "
        f"người nhận chặn bot {outbox.get('blocked', 0)}; lỗi {outbox.get('failed', 0)}",
    ]
    return "\n".join(lines)
