"""Words inside the documents the bot produces: the .docx plan and the .xlsx register.

They follow the layout of an administrative document (national name, motto, place and date);
the code that lays them out is bot/proposals/plan.py and register.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from bot.models.proposals import Evaluation, Status

__all__ = [
    "DOC_ATTACHMENTS",
    "DOC_BASIS_LABELS",
    "DOC_EMPTY",
    "DOC_EVALUATION_LABELS",
    "DOC_FIELD",
    "DOC_HEAD_VOTE_LABELS",
    "DOC_MOTTO",
    "DOC_NATIONAL_NAME",
    "DOC_NO_ATTACHMENTS",
    "DOC_NUMBER",
    "DOC_PART_IMPACT",
    "DOC_PART_NEED",
    "DOC_PART_SOLUTION",
    "DOC_PERIOD",
    "DOC_PLACE_DATE",
    "DOC_RECORD",
    "DOC_RECORD_BASIS",
    "DOC_RECORD_DECISION",
    "DOC_RECORD_EVALUATION",
    "DOC_RECORD_EVALUATION_NOTE",
    "DOC_RECORD_HEAD_VOTE",
    "DOC_RECORD_MEETING",
    "DOC_RECORD_NOT_VOTING",
    "DOC_RECORD_PRINTED",
    "DOC_RECORD_RESULT",
    "DOC_RECORD_REVIEWER",
    "DOC_RECORD_STATUS",
    "DOC_RECORD_SUPERIOR",
    "DOC_SIGNER",
    "DOC_SOLUTION_ITEMS",
    "DOC_STATUS_LABELS",
    "DOC_TITLE",
    "DOC_UNNAMED_FILE",
    "DOC_UNNAMED_PHOTO",
    "XLSX_COLUMNS",
    "XLSX_GENERATED",
    "XLSX_SHEET",
]

DOC_STATUS_LABELS: Final[Mapping[Status, str]] = {
    Status.SUBMITTED: "Đang xem xét",
    Status.NEEDS_INFO: "Cần bổ sung",
    Status.APPROVED: "Đang thực hiện",
    Status.REJECTED: "Không phê duyệt",
    Status.WITHDRAWN: "Đã rút",
    Status.PAUSED: "Tạm dừng",
    Status.STOPPED: "Dừng thực hiện",
    Status.FINISHED: "Chờ báo cáo kết quả",
    Status.REPORTED: "Chờ đánh giá",
    Status.EVALUATED: "Đã đánh giá",
}

DOC_EVALUATION_LABELS: Final[Mapping[Evaluation, str]] = {
    Evaluation.DONE: "Hoàn thành",
    Evaluation.PARTLY: "Hoàn thành một phần",
    Evaluation.NOT_DONE: "Không hoàn thành",
}

# Spreadsheet.
XLSX_SHEET: Final = "Đề xuất"
XLSX_GENERATED: Final = "Lập lúc {time} ngày {day}. Tổng số: {count} đề xuất."
# (column header, width in characters)
XLSX_COLUMNS: Final[tuple[tuple[str, float], ...]] = (
    ("Số", 15),
    ("Tên đề xuất", 46),
    ("Lĩnh vực", 22),
    ("Người đề xuất", 24),
    ("Đơn vị", 28),
    ("Trạng thái", 20),
    ("Người xem xét", 24),
    ("Hạn xử lý", 17),
    ("Ngày gửi", 12),
    ("Kết quả đánh giá", 20),
    ("Loại hạn", 30),
    ("Căn cứ phê duyệt", 34),
)

# The approval's basis (decision["basis"], bot/proposals/procedure.py): the collective's result
# under khoản 1 Điều 8 NĐ73, the head's decision on their own responsibility, or the superior
# level's own decision (a head's plan, khoản 4 Điều 7), to which no rule of Điều 8 is given.
DOC_BASIS_LABELS: Final[Mapping[str, str]] = {
    "majority": "Tập thể lãnh đạo thông qua (trên 50% số phiếu đã biểu quyết là tán thành)",
    "tie_head": "Tập thể lãnh đạo thông qua (phiếu bằng nhau, theo phía thủ trưởng tán thành)",
    "head": (
        "Tập thể không thông qua; thủ trưởng quyết định cho triển khai, tự chịu trách nhiệm "
        "trước cơ quan cấp trên và trước pháp luật"
    ),
    "superior": "Quyết định của cấp trên",
}

DOC_NATIONAL_NAME: Final = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
DOC_MOTTO: Final = "Độc lập - Tự do - Hạnh phúc"
DOC_PLACE_DATE: Final = "{place}, ngày {day:02d} tháng {month:02d} năm {year}"
DOC_TITLE: Final = "KẾ HOẠCH ĐỀ XUẤT ĐỔI MỚI, SÁNG TẠO"
DOC_NUMBER: Final = "Số đề xuất: {number}"
DOC_FIELD: Final = "Lĩnh vực: "
DOC_PART_NEED: Final = "I. SỰ CẦN THIẾT, MỤC ĐÍCH, YÊU CẦU"
DOC_PART_SOLUTION: Final = "II. NỘI DUNG, NHIỆM VỤ, GIẢI PHÁP"
DOC_PART_IMPACT: Final = "III. ĐÁNH GIÁ TÁC ĐỘNG VÀ HIỆU QUẢ DỰ KIẾN"
# Part II subsections, by plan key.
DOC_SOLUTION_ITEMS: Final[tuple[tuple[str, str], ...]] = (
    ("solution", "1. Nội dung, nhiệm vụ, giải pháp"),
    ("scope", "2. Phạm vi, đối tượng áp dụng"),
    ("period", "3. Thời gian thực hiện"),
    ("resources", "4. Nguồn lực thực hiện (nhân lực, kinh phí, phương tiện)"),
    ("feasibility", "5. Tính khả thi và rủi ro dự kiến"),
)
DOC_PERIOD: Final = "Từ ngày {start} đến ngày {end}."
DOC_EMPTY: Final = "(Không nêu)"
DOC_ATTACHMENTS: Final = "TÀI LIỆU KÈM THEO"
DOC_NO_ATTACHMENTS: Final = "Không có."
DOC_UNNAMED_PHOTO: Final = "Ảnh chụp {n}"
DOC_UNNAMED_FILE: Final = "Tệp đính kèm {n}"
DOC_SIGNER: Final = "NGƯỜI ĐỀ XUẤT"
DOC_RECORD: Final = "Ghi nhận của hệ thống"
DOC_RECORD_STATUS: Final = "Trạng thái: {status}."
DOC_RECORD_REVIEWER: Final = "Người xem xét: {name}."
DOC_RECORD_MEETING: Final = (
    "Họp tập thể lãnh đạo ngày {day}: {votes_for} tán thành, {votes_against} không tán thành."
)
DOC_RECORD_SUPERIOR: Final = "Cấp trên quyết định phê duyệt ngày {day}."
DOC_RECORD_NOT_VOTING: Final = "Thành viên không biểu quyết: {count}."
DOC_RECORD_HEAD_VOTE: Final = "Biểu quyết của thủ trưởng: {vote}."
DOC_HEAD_VOTE_LABELS: Final[Mapping[str, str]] = {"for": "tán thành", "against": "không tán thành"}
DOC_RECORD_BASIS: Final = "Căn cứ phê duyệt: {basis}."
DOC_RECORD_DECISION: Final = "Ý kiến chỉ đạo: {note}"
DOC_RECORD_RESULT: Final = "Báo cáo kết quả: {text}"
DOC_RECORD_EVALUATION: Final = "Kết quả đánh giá: {label}."
DOC_RECORD_EVALUATION_NOTE: Final = "Nhận xét đánh giá: {note}"
DOC_RECORD_PRINTED: Final = "Bản xuất lúc {time} ngày {day}."
