"""Every Vietnamese string the bot shows (chat messages in HTML, CLI output): the only home of UI text."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

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


def config_invalid(setting: str, reason: str) -> str:
    """Describe one invalid setting for the operator."""
    return f"Giá trị của {setting} không hợp lệ ({reason}). Hãy sửa trong tệp .env (xem .env.example)."


def config_error(details: str) -> str:
    """Wrap a configuration problem as the single paragraph printed before exiting."""
    return f"Không thể khởi động: {details}"


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
TEXT_RECEIVED = (
    "Tôi đã nhận được tin nhắn nhưng chưa hiểu yêu cầu. Gõ /help để xem các lệnh có thể dùng."
)

# Input problems
INPUT_EMPTY = "Tin nhắn không có nội dung. Vui lòng nhập nội dung bằng chữ."
INPUT_NO_WORDS = "Tin nhắn chỉ có biểu tượng hoặc ký hiệu. Vui lòng nhập nội dung bằng chữ."


def input_too_long(limit: int, length: int) -> str:
    """Tell the user their text is over the limit."""
    return (
        f"Tin nhắn quá dài ({length} ký tự; tối đa {limit} ký tự). "
        "Vui lòng rút gọn rồi gửi lại."
    )
