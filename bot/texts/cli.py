"""Operator-facing words: configuration problems, the command line, checks, backup and restore."""

from __future__ import annotations

__all__ = [
    "CHECK_DATABASE",
    "CHECK_DATABASE_OK",
    "CHECK_LOCK",
    "CHECK_LOCK_FREE",
    "CHECK_LOCK_HELD",
    "CHECK_SETTINGS",
    "CHECK_SETTINGS_OK",
    "CHECK_TELEGRAM",
    "CHECK_TELEGRAM_OK",
    "CLI_ASK_HELP",
    "CLI_ASK_JSON",
    "CLI_ASK_NOT_COVERED",
    "CLI_ASK_QUESTION",
    "CLI_BACKUP_HELP",
    "CLI_CHECK_HELP",
    "CLI_COMMANDS_TITLE",
    "CLI_DESCRIPTION",
    "CLI_HELP_OPTION",
    "CLI_KB_DOC",
    "CLI_KB_DRY_RUN",
    "CLI_KB_FILE",
    "CLI_KB_HELP",
    "CLI_KB_IMPORT_HELP",
    "CLI_KB_NEED_DOC",
    "CLI_OPTIONS_TITLE",
    "CLI_PATH",
    "CLI_RESTORE_HELP",
    "CLI_RUN_HELP",
    "CLI_USAGE_PREFIX",
    "CONFIG_HTTP_NOT_LOOPBACK",
    "CONFIG_TOKEN_MALFORMED",
    "CONFIG_TOKEN_MISSING",
    "CONFIG_TOKEN_PLACEHOLDER",
    "CONFIG_WEBHOOK_SECRET",
    "CONFIG_WEBHOOK_SECRET_EXAMPLE",
    "CONFIG_WEBHOOK_URL",
    "OPS_NOT_A_DATABASE",
    "OPS_NOT_INTACT",
    "OPS_NO_FILE",
    "OPS_RESTORE_RUNNING",
    "OPS_SCHEMA_DIFFERS",
    "already_running",
    "backup_done",
    "check_failed",
    "check_migrations_pending",
    "cli_error",
    "config_error",
    "config_invalid",
    "database_too_new",
    "knowledge_invalid",
    "restore_done",
    "restore_refused",
]


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
CONFIG_WEBHOOK_SECRET = (
    "cần chuỗi bí mật ngẫu nhiên 32–256 ký tự, chỉ gồm chữ không dấu, số, «_» hoặc «-»; "
    'có thể tạo bằng lệnh python3 -c "import secrets; print(secrets.token_urlsafe(32))"'
)
CONFIG_WEBHOOK_SECRET_EXAMPLE = (
    "đang là giá trị mẫu, ai cũng biết; hãy tạo chuỗi ngẫu nhiên mới bằng lệnh "
    'python3 -c "import secrets; print(secrets.token_urlsafe(32))"'
)
CONFIG_HTTP_NOT_LOOPBACK = (
    "chỉ được dùng http:// cho máy chủ trên chính máy này (127.0.0.1, localhost); "
    "máy chủ khác phải dùng https://"
)


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
OPS_SCHEMA_DIFFERS = (
    "cấu trúc tệp (bảng, chỉ mục, trigger, view hoặc phiên bản) khác với cấu trúc bot tạo ra; "
    "tệp có thể đã bị sửa ngoài bot"
)


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
