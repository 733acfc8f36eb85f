"""Words of the admin tools: exports, backup through the chat, statistics."""

from __future__ import annotations

from bot.texts.common import ROLE_NAMES
from bot.texts.proposals import STATUS_LABELS

__all__ = [
    "BACKUP_CONFIRM",
    "BACKUP_ONLY_MAIN_ADMINS",
    "BACKUP_TOO_BIG",
    "BTN_BACKUP_OK",
    "CMD_BACKUP",
    "CMD_STATS",
    "EXPORT_EMPTY",
    "EXPORT_LIST_TITLE",
    "EXPORT_USAGE",
    "QUESTION_LOG_ANSWERED",
    "QUESTION_LOG_COLUMNS",
    "QUESTION_LOG_SHEET",
    "STATS_COLUMNS",
    "STATS_SHEETS",
    "export_caption",
    "question_log_caption",
    "stats_report",
]


# ---------------------------------------------------------------------------
# Xuất dữ liệu (export)
# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# Sao lưu qua bot (backup)
# ---------------------------------------------------------------------------
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
