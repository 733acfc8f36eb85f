"""Words of broadcasts (thông báo): the form, the confirmation and the delivery report."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from bot.texts.forms import StepText
from bot.texts.proposals import P_FILES

__all__ = [
    "BC_AUDIENCE",
    "BC_AUDIENCES",
    "BC_FILES",
    "BC_FILES_MAX",
    "BC_HEADER",
    "BC_TEXT",
    "BC_TITLE",
    "CMD_BROADCAST",
    "broadcast_queued",
    "broadcast_report",
]


# ---------------------------------------------------------------------------
# Thông báo (broadcast)
# ---------------------------------------------------------------------------
CMD_BROADCAST = "Gửi thông báo tới người dùng"
BC_TITLE = "Gửi thông báo"
BC_TEXT = StepText(label="Nội dung", prompt="Nội dung thông báo?", hint="Tối đa 3500 ký tự.")
BC_FILES_MAX = 3
BC_FILES = StepText(
    label=P_FILES.label,
    prompt="Gửi kèm tệp hoặc ảnh (nếu có), rồi bấm «✅ Xong». Không có thì bấm «Bỏ qua».",
    hint=f"Tối đa {BC_FILES_MAX} tệp; người nhận nhận nội dung trước, tệp sau.",
)
BC_AUDIENCE = StepText(
    label="Người nhận", prompt="Gửi tới ai? Chọn nút, hoặc gõ mã đơn vị cách nhau dấu phẩy."
)
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
