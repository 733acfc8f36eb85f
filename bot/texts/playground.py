"""The local playground (`python -m bot demo`): its command line, banner, personas, the
errors its web page may show, and the demo data seeded on first start."""

from __future__ import annotations

__all__ = [
    "CLI_DEMO_DATABASE",
    "CLI_DEMO_HELP",
    "CLI_DEMO_PORT",
    "DEMO_BANNER",
    "DEMO_BOT_NAME",
    "DEMO_DEADLINE_DESCRIPTION",
    "DEMO_DEADLINE_TITLE",
    "DEMO_ERR_BAD_BODY",
    "DEMO_ERR_CAPTION_TOO_LONG",
    "DEMO_ERR_EMPTY_FILE",
    "DEMO_ERR_EMPTY_TEXT",
    "DEMO_ERR_FILE_TOO_BIG",
    "DEMO_ERR_FORBIDDEN",
    "DEMO_ERR_NOT_FOUND",
    "DEMO_ERR_NO_BUTTON",
    "DEMO_ERR_NO_FILE",
    "DEMO_ERR_TEXT_TOO_LONG",
    "DEMO_ERR_UNKNOWN_CHAT",
    "DEMO_ERR_UNKNOWN_FILE",
    "DEMO_FILE_NAME",
    "DEMO_HEAD_PLAN",
    "DEMO_PERSONA_LABELS",
    "DEMO_PERSONA_NAMES",
    "DEMO_POSITIONS",
    "DEMO_STAFF_PLAN",
    "DEMO_STOPPED",
    "demo_port_busy",
    "demo_ready",
]

# The demo bot's name, shown in the page's header.
DEMO_BOT_NAME = "Trợ lý NĐ73"

# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------
CLI_DEMO_HELP = (
    "chạy thử trên máy này, không cần Telegram: bot thật với máy chủ Telegram giả lập và "
    "trang trò chuyện trên trình duyệt"
)
CLI_DEMO_PORT = "cổng của trang web (mặc định 8080; chỉ mở trên 127.0.0.1)"
CLI_DEMO_DATABASE = (
    "tệp cơ sở dữ liệu để giữ lại dữ liệu chạy thử (mặc định: tệp tạm, xóa khi dừng)"
)
DEMO_STOPPED = "Đã dừng bản chạy thử."


def demo_ready(url: str) -> str:
    """Printed once the page answers."""
    return (
        f"Bản chạy thử đã sẵn sàng: mở {url} trong trình duyệt trên máy này.\n"
        "Không cần mã bot, không kết nối mạng. Nhấn Ctrl+C để dừng."
    )


def demo_port_busy(port: int) -> str:
    """The page's port is taken."""
    return (
        f"Không thể mở trang chạy thử: cổng {port} đang được dùng. "
        "Hãy chọn cổng khác, ví dụ: python -m bot demo --port 8090"
    )


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------
DEMO_BANNER = (
    "Bản chạy thử cục bộ: bot thật trò chuyện với máy chủ Telegram giả lập trên máy này. "
    "Dữ liệu là dữ liệu mẫu, không gửi gì ra ngoài."
)
# Persona key -> what the page shows under the name; order is the display order.
DEMO_PERSONA_LABELS = {
    "staff": "Chuyên viên",
    "head": "Thủ trưởng đơn vị",
    "deputy": "Phó Chủ tịch UBND",
    "admin": "Phòng Nội vụ (quản trị)",
    "newcomer": "Người mới (chưa đăng ký)",
    "chair": "Chủ tịch UBND",  # seeded, informed of heads' plans; no tab of their own
}
DEMO_PERSONA_NAMES = {
    "staff": "Nguyễn Văn An",
    "head": "Trần Thị Bình",
    "deputy": "Lê Văn Cường",
    "admin": "Phạm Thị Dung",
    "newcomer": "Hoàng Minh Em",
    "chair": "Đỗ Quang Hải",
}
DEMO_POSITIONS = {
    "staff": "Chuyên viên Văn phòng - Thống kê",
    "head": "Chủ tịch UBND phường",
    "deputy": "Phó Chủ tịch UBND thành phố",
    "admin": "Chuyên viên Phòng Nội vụ",
    "chair": "Chủ tịch UBND thành phố",
}
DEMO_FILE_NAME = "tệp"

DEMO_ERR_BAD_BODY = "Yêu cầu không hợp lệ."
DEMO_ERR_UNKNOWN_CHAT = "Không có cuộc trò chuyện này trong bản chạy thử."
DEMO_ERR_EMPTY_TEXT = "Tin nhắn trống."
DEMO_ERR_TEXT_TOO_LONG = "Tin nhắn dài quá 4.096 ký tự, Telegram không cho gửi."
DEMO_ERR_CAPTION_TOO_LONG = "Chú thích dài quá 1.024 ký tự, Telegram không cho gửi."
DEMO_ERR_NO_FILE = "Chưa chọn tệp."
DEMO_ERR_EMPTY_FILE = "Tệp trống, Telegram không cho gửi."
DEMO_ERR_FILE_TOO_BIG = "Tệp lớn hơn 20 MB, bot không tải được tệp lớn như vậy."
DEMO_ERR_UNKNOWN_FILE = "Không tìm thấy tệp."
DEMO_ERR_NO_BUTTON = "Tin nhắn này không còn nút đó."
DEMO_ERR_NOT_FOUND = "Không tìm thấy."
DEMO_ERR_FORBIDDEN = "Trang chạy thử chỉ nhận yêu cầu từ chính nó."

# ---------------------------------------------------------------------------
# Demo data (first start of a fresh database)
# ---------------------------------------------------------------------------
DEMO_DEADLINE_TITLE = "Báo cáo nhanh tình hình thực hiện Kết luận 14 (chạy thử)"
DEMO_DEADLINE_DESCRIPTION = "Hạn mẫu của bản chạy thử: nhắc trước 5 phút, 2 phút và đúng hạn."
# The answers of the plan form (keys as in bot/proposals/forms.py), without the period,
# which the seed sets from today's date.
DEMO_STAFF_PLAN = {
    "title": "Số hóa hồ sơ một cửa phường Lộc Thọ",
    "field": "Cải cách hành chính",
    "need": (
        "Hồ sơ giấy chuyển qua ba bộ phận, mất mười ngày; người dân phải đi lại nhiều lần "
        "để bổ sung giấy tờ."
    ),
    "solution": (
        "Tiếp nhận hồ sơ điện tử, ký số và trả kết quả trực tuyến qua Cổng dịch vụ công; "
        "bộ phận một cửa quét hồ sơ giấy ngay khi nhận."
    ),
    "scope": "Bộ phận một cửa UBND phường Lộc Thọ; người dân, doanh nghiệp trên địa bàn",
    "resources": "Hai công chức, 15 triệu đồng từ chi thường xuyên, một máy quét tài liệu.",
    "feasibility": (
        "Phần mềm một cửa điện tử đã có sẵn; rủi ro là người dân lớn tuổi chưa quen thao tác, "
        "sẽ có công chức hướng dẫn tại chỗ."
    ),
    "impact": "Rút thời gian xử lý từ mười ngày xuống ba ngày, giảm giấy tờ, tăng hài lòng.",
}
DEMO_HEAD_PLAN = {
    "title": "Bản đồ số phản ánh hiện trường phường Lộc Thọ",
    "field": "Chuyển đổi số",
    "need": (
        "Phản ánh của người dân về vỉa hè, chiếu sáng, rác thải đến qua nhiều kênh, "
        "khó theo dõi và trả lời chậm."
    ),
    "solution": (
        "Một bản đồ số chung: người dân gửi phản ánh kèm ảnh và vị trí, phường phân công xử lý "
        "và công khai kết quả."
    ),
    "scope": "Toàn phường Lộc Thọ; các tổ dân phố và bộ phận chuyên môn của phường",
    "resources": "Nền tảng bản đồ số của thành phố, một cán bộ phụ trách, 30 triệu đồng.",
    "feasibility": (
        "Thành phố đã có nền tảng dùng chung; rủi ro là lượng phản ánh tăng nhanh lúc đầu, "
        "sẽ phân công theo tổ dân phố."
    ),
    "impact": "Phản ánh được trả lời trong ba ngày làm việc, người dân theo dõi được kết quả.",
}
