"""Words of the superior level (NĐ73 Điều 7 khoản 4): the level that decides a proposal and
how admins set up who receives heads' own plans. The level's own name is never written here:
it is the leadership unit's name (the units file or /donvi), or BOT_ORG_NAME."""

from __future__ import annotations

from html import escape

from bot.texts.people import BTN_ROLE_LEADER, BTN_TOGGLE_HEAD, KIND_NAMES
from bot.texts.proposals import PROPOSAL_FIELDS

__all__ = [
    "LEVEL_HEAD",
    "SUPERIOR_UNSET_LEAD",
    "in_charge_replaced",
    "level_default",
    "level_superior",
    "review_group",
    "reviewer_at_level",
    "superior_unset",
]

LEVEL_HEAD = "Thủ trưởng đơn vị"
SUPERIOR_UNSET_LEAD = (
    "⚠️ Kế hoạch của thủ trưởng đơn vị đang được chuyển đến Quản trị viên vì chưa thiết lập "
    "cấp trên (NĐ73 Điều 7 khoản 4)."
)


def level_superior(unit_name: str) -> str:
    """The superior level, by the name of its leadership unit."""
    return f"Cấp trên: {unit_name}"


def level_default(org_name: str) -> str:
    """The superior level of leaders with no unit (older set-ups), from BOT_ORG_NAME."""
    return level_superior(f"Lãnh đạo {org_name}")


def in_charge_replaced(field: str, before: str) -> str:
    """Tell the admin that a new field in charge replaced the one the leader had."""
    return f"✅ Đã giao phụ trách lĩnh vực «{escape(field)}» thay cho «{escape(before)}»."


def reviewer_at_level(name: str, level: str | None) -> str:
    """A reviewer with the level that decides: "… (Thủ trưởng đơn vị)" or "… (Cấp trên: …)"."""
    return name if level is None else f"{name} ({level})"


def review_group(level: str) -> str:
    """A heading of /duyet: the level at which the proposals below wait on the reader."""
    return f"<i>▸ {escape(level)}</i>"


def superior_unset(leadership: tuple[str, str] | None, org_name: str) -> str:
    """Tell the admins how to set up the superior level, with steps that work on this
    database: `leadership` is the (code, name) of an existing leadership unit, if any."""
    kind = KIND_NAMES["leadership"]
    if leadership is None:
        code = "LDTP"
        first = (
            f"1. Tạo đơn vị loại «{kind}» (tên đơn vị là cấp được ghi trên phiếu, thẻ đề xuất): "
            f"<code>/donvi them {code} | Lãnh đạo {escape(org_name)} | lanhdao</code> "
            "(hoặc đánh dấu một đơn vị đã có: <code>/donvi loai MÃ_ĐƠN_VỊ lanhdao</code>)."
        )
    else:
        code = leadership[0]
        first = f"1. Đơn vị loại «{kind}» đã có: {escape(code)} — {escape(leadership[1])}."
    fields = "; ".join(f"{i}. {escape(name)}" for i, name in enumerate(PROPOSAL_FIELDS, 1))
    return "\n".join(
        [
            SUPERIOR_UNSET_LEAD,
            "<b>Cách thiết lập</b>",
            first,
            "2. Đưa Chủ tịch và các Phó Chủ tịch vào đơn vị đó (họ cần mở bot bằng /start "
            "trước; tìm mã Telegram bằng /nguoidung TÊN): "
            f"<code>/nguoidung MÃ_TELEGRAM donvi {escape(code)}</code>, "
            f"rồi bấm «{BTN_ROLE_LEADER}» trên thẻ người dùng.",
            f"3. Trên thẻ của Chủ tịch (người nhận mặc định), bấm «{BTN_TOGGLE_HEAD}».",
            "4. Giao Phó Chủ tịch phụ trách lĩnh vực: "
            "<code>/nguoidung MÃ_TELEGRAM phutrach SỐ</code> "
            f"({fields}), hoặc phụ trách đơn vị: "
            "<code>/nguoidung MÃ_TELEGRAM phutrach donvi MÃ_ĐƠN_VỊ</code>.",
            "Các kế hoạch đang chờ sẽ tự chuyển đến người được giao; những người khác ở cấp "
            "trên được báo để biết.",
        ]
    )
