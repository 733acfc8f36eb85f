"""Words every feature shares: greetings, help, generic replies, the main menu, roles, refusals."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from bot.models.outcomes import Reason

__all__ = [
    "ABOUT_BOT_LEAD",
    "BLOCKED_ACCOUNT",
    "CMD_CANCEL",
    "CMD_HELP",
    "CMD_ME",
    "CMD_PENDING",
    "CMD_REGISTER",
    "CMD_RESUME",
    "CMD_START",
    "CMD_UNITS",
    "CMD_USERS",
    "DENIED_DEACTIVATED",
    "DENIED_PENDING",
    "DENIED_REJECTED",
    "DENIED_UNREGISTERED",
    "GENERIC_ERROR",
    "HELP_FOOTER",
    "HELP_HEADER",
    "INPUT_EMPTY",
    "INPUT_NO_WORDS",
    "MENU_HELP",
    "MENU_ME",
    "MENU_PENDING",
    "MENU_REGISTER",
    "MENU_UNITS",
    "MENU_USERS",
    "NEEDS_APPROVAL",
    "NOTHING_TO_CANCEL",
    "NOT_ALLOWED",
    "REFUSAL_CONFLICT",
    "REFUSAL_INVALID",
    "REFUSAL_NOT_FOUND",
    "REFUSAL_STALE",
    "ROLE_NAMES",
    "STALE_BUTTON",
    "STATUS_NAMES",
    "TEXT_ONLY",
    "UNKNOWN_COMMAND",
    "about_the_bot",
    "greeting",
    "help_text",
    "input_too_long",
    "refusal",
    "too_fast",
]


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
# Why a person who is not (yet) an approved user cannot do something: where their account stands.
DENIED_UNREGISTERED = "Bạn chưa đăng ký sử dụng. Vui lòng gõ /dangky để đăng ký tài khoản."
DENIED_PENDING = (
    "Yêu cầu đăng ký của bạn đang chờ Phòng Nội vụ duyệt; bot sẽ báo khi có kết quả. "
    "Trong lúc chờ, bạn vẫn có thể hỏi đáp về NĐ73."
)
DENIED_REJECTED = (
    "Yêu cầu đăng ký của bạn chưa được chấp thuận. Bạn có thể đăng ký lại bằng /dangky "
    "hoặc liên hệ Phòng Nội vụ."
)
DENIED_DEACTIVATED = "Tài khoản của bạn đã ngừng sử dụng. Vui lòng liên hệ Phòng Nội vụ."


def too_fast(seconds: int) -> str:
    """The one notice to a person sending faster than the bot serves one person."""
    return (
        "Bạn đang gửi quá nhiều tin nhắn trong thời gian ngắn. Để bảo đảm phục vụ mọi người, "
        f"các tin nhắn tiếp theo sẽ tạm thời không được xử lý; vui lòng gửi lại sau khoảng "
        f"{seconds} giây."
    )


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
# Refusals: why a service did not apply an action
# ---------------------------------------------------------------------------
REFUSAL_NOT_FOUND = "Không tìm thấy nội dung này; có thể đã bị xóa. Vui lòng kiểm tra lại."
REFUSAL_STALE = "Việc này đã được xử lý hoặc đã thay đổi. Vui lòng mở lại danh sách để xem tình trạng mới nhất."
REFUSAL_INVALID = "Thông tin chưa hợp lệ. Vui lòng kiểm tra và nhập lại."
REFUSAL_CONFLICT = "Nội dung này trùng với một mục đã có. Vui lòng kiểm tra lại."
_REFUSALS: dict[Reason, str] = {
    Reason.NOT_ALLOWED: NOT_ALLOWED,
    Reason.NOT_FOUND: REFUSAL_NOT_FOUND,
    Reason.STALE: REFUSAL_STALE,
    Reason.INVALID: REFUSAL_INVALID,
    Reason.CONFLICT: REFUSAL_CONFLICT,
}


def refusal(reason: Reason) -> str:
    """The polite sentence shown when a service refuses for `reason` (nothing was changed)."""
    return _REFUSALS[reason]
