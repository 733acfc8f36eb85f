"""Words of accounts: registration, /toi, units (/donvi) and users (/nguoidung)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from html import escape
from typing import TYPE_CHECKING

from bot.texts.common import BLOCKED_ACCOUNT, ROLE_NAMES, STATUS_NAMES
from bot.texts.forms import StepText

if TYPE_CHECKING:
    from bot.models.people import OrgUnit, Registration, Role, User

__all__ = [
    "ADMIN_REVOKED",
    "ADMIN_SOURCE",
    "BTN_ACTIVATE",
    "BTN_APPROVE",
    "BTN_DEACTIVATE",
    "BTN_REJECT",
    "BTN_ROLE_ADMIN",
    "BTN_ROLE_LEADER",
    "BTN_ROLE_STAFF",
    "BTN_TOGGLE_CONTACT",
    "BTN_TOGGLE_HEAD",
    "COMMON_POSITIONS",
    "CSV_BAD_CODE",
    "CSV_BAD_HEADER",
    "CSV_BAD_KIND",
    "CSV_BAD_NAME",
    "CSV_CAPTION_HINT",
    "CSV_EMPTY",
    "CSV_FIELD_TOO_LONG",
    "CSV_MALFORMED",
    "CSV_NOT_UTF8",
    "CSV_TOO_BIG",
    "CSV_TOO_COMPLEX",
    "KIND_NAMES",
    "ME_UNKNOWN",
    "PENDING_NONE",
    "REG_ALREADY_APPROVED",
    "REG_ALREADY_PENDING",
    "REG_DEACTIVATED",
    "REG_NAME",
    "REG_NAME_INVALID",
    "REG_PERSON_CHANGED",
    "REG_POSITION",
    "REG_POSITION_INVALID",
    "REG_PRIVACY_NOTICE",
    "REG_SUBMITTED",
    "REG_TITLE",
    "REG_UNIT",
    "REG_UNIT_NOT_FOUND",
    "SUPERIOR_CHAIR",
    "UNITS_EMPTY",
    "UNITS_USAGE",
    "UNIT_BAD_KIND",
    "UNIT_NOT_FOUND",
    "USERS_NONE",
    "USERS_USAGE",
    "USER_HEAD_NEEDS_LEADER",
    "USER_IN_CHARGE_NEEDS_SUPERIOR",
    "USER_NEEDS_UNIT",
    "USER_NOT_FOUND",
    "USER_NOT_SELF",
    "bad_field",
    "csv_duplicate",
    "csv_errors",
    "csv_imported",
    "me_card",
    "pending_header",
    "reg_cooldown",
    "reg_unit_many",
    "registration_already_decided",
    "registration_decided",
    "registration_decision_ack",
    "registration_request",
    "registration_result",
    "role_changed",
    "unit_code_taken",
    "unit_saved",
    "units_list",
    "user_blocked_bot",
    "user_card",
    "user_line",
    "users_found",
]


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
REG_NAME = StepText(
    label="Họ và tên", prompt="Vui lòng nhập họ và tên đầy đủ.", hint="Ví dụ: Nguyễn Thị Minh Anh"
)
REG_NAME_INVALID = (
    "Họ và tên cần có ít nhất hai từ, chỉ gồm chữ cái (tối đa 100 ký tự). Ví dụ: Trần Văn Bình"
)
REG_UNIT = StepText(
    label="Đơn vị",
    prompt="Vui lòng chọn đơn vị công tác trong danh sách, hoặc gõ một phần tên đơn vị.",
    hint="Có thể gõ không dấu, ví dụ: loc tho, noi vu",
)
REG_UNIT_NOT_FOUND = (
    "Không tìm thấy đơn vị phù hợp. Vui lòng gõ lại một phần tên (ví dụ: «phuoc hai») "
    "hoặc chọn trong danh sách."
)
REG_POSITION = StepText(
    label="Chức vụ",
    prompt="Vui lòng chọn hoặc nhập chức vụ hiện tại.",
    hint="Ví dụ: Chuyên viên; Phó Trưởng phòng",
)
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
REG_PERSON_CHANGED = (
    "Yêu cầu này không còn hiệu lực: tài khoản của người đăng ký đã được thay đổi sau khi gửi "
    "(ví dụ đã bị vô hiệu hóa hoặc đã được cấp vai trò). Không có thay đổi nào được áp dụng."
)
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
CSV_BAD_KIND = (
    "Loại đơn vị phải là lanhdao (lãnh đạo cấp trên), coquan (cơ quan), phuong (phường) "
    "hoặc xa (xã); cũng nhận leadership, agency, ward, commune."
)
UNIT_BAD_KIND = (
    "Loại đơn vị chưa đúng. Dùng: <code>lanhdao</code> (lãnh đạo cấp trên: Chủ tịch, Phó Chủ "
    "tịch UBND, người nhận kế hoạch của thủ trưởng), <code>coquan</code>, <code>phuong</code> "
    "hoặc <code>xa</code>. Ví dụ: /donvi loai LDTP lanhdao"
)
CSV_EMPTY = "Tệp không có dòng dữ liệu nào."
CSV_FIELD_TOO_LONG = "Có ô dữ liệu dài quá 128 KB (thường do thiếu dấu ngoặc kép đóng)."
CSV_MALFORMED = "Tệp CSV sai định dạng, không đọc được dòng này."
CSV_TOO_COMPLEX = (
    "Không đọc được tệp trong giới hạn thời gian và bộ nhớ cho phép. "
    "Vui lòng lưu lại từ Excel dạng «CSV UTF-8» rồi gửi lại."
)
UNIT_NOT_FOUND = "Không tìm thấy đơn vị có mã này. Gõ /donvi để xem danh sách mã."
UNITS_USAGE = (
    "<b>Quản lý đơn vị</b>\n"
    "/donvi — xem danh sách\n"
    "/donvi them MÃ | Tên đơn vị | loại — thêm mới (loại có thể bỏ trống: cơ quan)\n"
    "/donvi doiten MÃ | Tên mới — đổi tên\n"
    "/donvi loai MÃ LOẠI — đổi loại: <code>lanhdao</code> (lãnh đạo cấp trên, nhận kế hoạch "
    "của thủ trưởng các đơn vị), <code>coquan</code>, <code>phuong</code>, <code>xa</code>\n"
    "/donvi tat MÃ — ngừng sử dụng; /donvi bat MÃ — dùng lại\n"
    "Gửi tệp CSV (cột code,name,kind) với chú thích «donvi them» để bổ sung, "
    "hoặc «donvi thay» để thay toàn bộ danh sách."
)
UNITS_EMPTY = "Chưa có đơn vị nào."
CSV_CAPTION_HINT = (
    "Đã nhận tệp. Để nhập danh sách đơn vị, gửi lại tệp CSV với chú thích «donvi them» "
    "(bổ sung) hoặc «donvi thay» (thay toàn bộ)."
)
# Unit kinds in the order /donvi lists them; "leadership" units hold the heads' superior level.
KIND_NAMES = {
    "leadership": "Lãnh đạo cấp trên",
    "agency": "Cơ quan",
    "ward": "Phường",
    "commune": "Xã",
}


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
    for kind in [*KIND_NAMES, *sorted({u.kind for u in items} - set(KIND_NAMES))]:
        group = [u for u in items if u.kind == kind]
        if group:
            lines.append(f"\n<b>{escape(KIND_NAMES.get(kind, kind))} ({len(group)})</b>")
        for unit in group:
            state = "" if unit.active else " (ngừng sử dụng)"
            lines.append(f"<code>{escape(unit.code)}</code> — {escape(unit.name)}{state}")
    lines += ["", "Gõ /donvi huongdan để xem cách thêm, sửa, đổi loại."]
    return "\n".join(lines)


def unit_code_taken(unit: OrgUnit) -> str:
    """/donvi them with a code that exists: nothing changed; how to rename or reactivate."""
    state = "đang sử dụng" if unit.active else "ngừng sử dụng"
    code = escape(unit.code)
    hint = f"/donvi doiten {code} | Tên mới"
    if not unit.active:
        hint += f"; để dùng lại: /donvi bat {code}"
    return (
        f"Mã <code>{code}</code> đã có: {escape(unit.name)} ({state}). Chưa thay đổi gì. "
        f"Để đổi tên: {hint}"
    )


def unit_saved(unit: OrgUnit) -> str:
    """Confirm a unit change."""
    state = "đang sử dụng" if unit.active else "ngừng sử dụng"
    kind = KIND_NAMES.get(unit.kind, unit.kind)
    return (
        f"✅ Đã lưu: <code>{escape(unit.code)}</code> — {escape(unit.name)} · "
        f"{escape(kind)} ({state})."
    )


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
    "/nguoidung MÃ_TELEGRAM phutrach SỐ — giao Phó Chủ tịch phụ trách lĩnh vực "
    "(«phutrach bo» để bỏ)\n"
    "/nguoidung MÃ_TELEGRAM phutrach donvi MÃ_ĐƠN_VỊ — giao phụ trách đơn vị "
    "(thêm «bo» ở cuối để bỏ)\n"
    "Bấm vào người dùng để đổi vai trò, đặt thủ trưởng, đầu mối báo cáo hoặc ngừng sử dụng.\n"
    "<b>Cấp trên của thủ trưởng</b>: lãnh đạo thuộc đơn vị loại «Lãnh đạo cấp trên» (xem "
    "/donvi); người được đặt «thủ trưởng» ở đó nhận kế hoạch của thủ trưởng các đơn vị, trừ "
    "lĩnh vực hoặc đơn vị đã giao cho một Phó Chủ tịch phụ trách."
)
SUPERIOR_CHAIR = "nhận kế hoạch của thủ trưởng các đơn vị (mặc định)"
USER_IN_CHARGE_NEEDS_SUPERIOR = (
    "Chỉ lãnh đạo thuộc đơn vị loại «Lãnh đạo cấp trên» mới được giao phụ trách lĩnh vực "
    "hoặc đơn vị."
)


def bad_field(fields: Iterable[str]) -> str:
    """The field numbers an admin may give to «phutrach»."""
    listed = "\n".join(f"{i}. {escape(name)}" for i, name in enumerate(fields, 1))
    return (
        f"Số lĩnh vực không đúng. Chọn một trong các lĩnh vực:\n{listed}\n"
        "Để giao phụ trách đơn vị: /nguoidung MÃ_TELEGRAM phutrach donvi MÃ_ĐƠN_VỊ"
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


ADMIN_REVOKED = (
    "Quyền quản trị của bạn đã được thu hồi do tài khoản không còn trong danh sách quản trị "
    "viên của bot (cấu hình BOT_ADMIN_IDS). Nếu cần, xin liên hệ Phòng Nội vụ."
)
# Where an admin's role comes from, as /nguoidung shows it (AdminSource values).
ADMIN_SOURCE = {
    "settings": "Quản trị (cấu hình)",
    "appointed": "Quản trị (bổ nhiệm trong bot)",
}


def user_card(
    user: User,
    unit_name: str | None,
    admin_source: str | None = None,
    unit_kind: str = "",
    in_charge_units: Iterable[str] = (),
) -> str:
    """A user's card for admins (`admin_source`: settings | appointed, for admins;
    `in_charge_units`: names of the units a vice-chair is in charge of)."""
    flags = []
    superior = unit_kind == "leadership"
    if superior:
        unit_name = f"{unit_name} ({KIND_NAMES[unit_kind]})"
    if user.is_head:
        flags.append(SUPERIOR_CHAIR if superior else "thủ trưởng")
    if user.in_charge:
        flags.append(f"phụ trách lĩnh vực «{escape(user.in_charge)}»")
    units = list(in_charge_units)
    if units:
        flags.append("phụ trách đơn vị: " + ", ".join(escape(name) for name in units))
    if user.is_contact:
        flags.append("đầu mối báo cáo")
    if user.blocked:
        flags.append("đã chặn bot")
    return "\n".join(
        [
            f"<b>{escape(user.full_name or user.first_name)}</b> (<code>{user.telegram_id}</code>)",
            f"Đơn vị: {escape(unit_name or '—')}",
            f"Chức vụ: {escape(user.position or '—')}",
            f"Vai trò: {ADMIN_SOURCE[admin_source] if admin_source else ROLE_NAMES[user.role.value]}",
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


def user_blocked_bot(name: str, telegram_id: int) -> str:
    """Tell admins that someone blocked the bot (nothing more is sent to them)."""
    return (
        f"ℹ️ {escape(name)} (<code>{telegram_id}</code>) đã chặn bot; bot ngừng gửi tin cho "
        "người này cho đến khi họ mở lại bot."
    )
