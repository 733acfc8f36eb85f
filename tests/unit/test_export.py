"""Proposal exports: the .xlsx register and the .docx plan, opened back with their libraries."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import docx
import openpyxl
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from bot.models.proposals import Attachment, Evaluation, Proposal, Route, Status
from bot.proposals.doc_kit import safe_text
from bot.proposals.plan import proposal_docx
from bot.proposals.register import (
    ProposalRow,
    evaluation_outcome,
    proposals_xlsx,
)
from bot.texts.documents import DOC_EVALUATION_LABELS as EVALUATION_LABELS
from bot.texts.documents import DOC_STATUS_LABELS as STATUS_LABELS

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# 09:30 on 4 March 2026 in Nha Trang.
NOW = datetime(2026, 3, 4, 2, 30, tzinfo=UTC)
HEADERS = [
    "Số",
    "Tên đề xuất",
    "Lĩnh vực",
    "Người đề xuất",
    "Đơn vị",
    "Trạng thái",
    "Người xem xét",
    "Hạn xử lý",
    "Ngày gửi",
    "Kết quả đánh giá",
    "Loại hạn",
    "Căn cứ phê duyệt",
]
# Everything XML 1.0 forbids or nobody means as text, mixed into user answers.
NASTY = "\x00\x01\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f\x85\ufffe\uffff\ud800\u202e\u200b"
PLAN: dict[str, Any] = {
    "title": "Số hoá hồ sơ một cửa",
    "field": "Cải cách hành chính",
    "need": "Điểm nghẽn: hồ sơ giấy.\nNút thắt: chờ chuyển hồ sơ giữa các phòng.",
    "solution": "Quét hồ sơ khi tiếp nhận; luân chuyển trên phần mềm.",
    "scope": "Bộ phận một cửa các phường",
    "period": {"start": "2027-01-01", "end": "2027-06-30"},
    "resources": "02 công chức; 50 triệu đồng; 02 máy quét",
    "feasibility": "Khả thi; rủi ro: mạng chập chờn.",
    "impact": "Giảm 50% thời gian chờ.",
    "attachments": [{"kind": "document", "file_id": "f1", "file_name": "du_toan.xlsx"}],
}


def make_proposal(**changes: Any) -> Proposal:
    proposal = Proposal(
        id=42,
        number="ĐX-2026-0042",
        proposer_id=1001,
        unit_id=7,
        title=PLAN["title"],
        field=PLAN["field"],
        plan=dict(PLAN),
        status=Status.SUBMITTED,
        route=Route.HEAD,
        reviewer_id=2002,
        due_kind="review",
        due_at=datetime(2026, 3, 13, 10, 0, tzinfo=UTC),  # 17:00 local
        received_at=NOW,
        decision=None,
        result=None,
        evaluation=None,
        created_at=datetime(2026, 3, 3, 20, 15, tzinfo=UTC),  # 4 March, 03:15 local
        updated_at=NOW,
        attachments=(Attachment("document", "f1", "du_toan.xlsx"),),
    )
    return dataclasses.replace(proposal, **changes)


def make_row(proposal: Proposal | None = None, **names: Any) -> ProposalRow:
    values: dict[str, Any] = {
        "proposer_name": "Nguyễn Văn An",
        "unit_name": "Phòng Nội vụ",
        "reviewer_name": "Trần Thị Bình",
    }
    values.update(names)
    return ProposalRow(proposal or make_proposal(), **values)


def open_sheet(data: bytes) -> Any:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Đề xuất"]
    return workbook["Đề xuất"]


def row_values(sheet: Any, row: int) -> list[Any]:
    return [cell.value for cell in sheet[row]]


def docx_texts(data: bytes) -> list[str]:
    """Every paragraph's text in body order, table cells included."""
    document = docx.Document(io.BytesIO(data))
    return [
        "".join(node.text or "" for node in paragraph.iter(qn("w:t")))
        for paragraph in document.element.body.iter(qn("w:p"))
    ]


def paragraph_by_text(document: Any, text: str) -> Any:
    matches = [p for p in document.paragraphs if p.text == text]
    assert len(matches) == 1, text
    return matches[0]


# --- Spreadsheet ---


def test_xlsx_title_generated_line_and_headers() -> None:
    data = proposals_xlsx([make_row()], title="Danh sách đề xuất", generated_at=NOW, tz=TZ)

    sheet = open_sheet(data)
    assert sheet["A1"].value == "Danh sách đề xuất"
    assert sheet["A1"].font.bold
    assert sheet["A2"].value == "Lập lúc 09:30 ngày 04/03/2026. Tổng số: 1 đề xuất."
    assert row_values(sheet, 3) == HEADERS
    assert all(cell.font.bold for cell in sheet[3])
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:L4"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width > 10


def test_xlsx_row_values_with_real_dates() -> None:
    evaluated = make_proposal(
        status=Status.EVALUATED,
        due_at=None,
        evaluation={"level": "partly", "comment": "Đạt một phần"},
    )
    data = proposals_xlsx(
        [make_row(), make_row(evaluated, unit_name=None, reviewer_name=None)],
        title="Đề xuất",
        generated_at=NOW,
        tz=TZ,
    )

    sheet = open_sheet(data)
    assert sheet.max_row == 3 + 2
    assert row_values(sheet, 4) == [
        "ĐX-2026-0042",
        "Số hoá hồ sơ một cửa",
        "Cải cách hành chính",
        "Nguyễn Văn An",
        "Phòng Nội vụ",
        "Đang xem xét",
        "Trần Thị Bình",
        datetime(2026, 3, 13, 17, 0),  # local wall time, as Excel has no time zones
        datetime(2026, 3, 4, 0, 0),  # sent 03:15 local on 4 March (still 3 March in UTC)
        None,
        "Xem xét: 07 ngày làm việc (khoản 1 Điều 8 NĐ73)",
        None,
    ]
    assert sheet["H4"].is_date and sheet["H4"].number_format == "dd/mm/yyyy hh:mm"
    assert sheet["I4"].is_date and sheet["I4"].number_format == "dd/mm/yyyy"
    assert row_values(sheet, 5)[4:] == [
        None,
        "Đã đánh giá",
        None,
        None,
        datetime(2026, 3, 4, 0, 0),
        "Hoàn thành một phần",
        None,
        None,
    ]


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (Status.SUBMITTED, "Đang xem xét"),
        (Status.NEEDS_INFO, "Cần bổ sung"),
        (Status.APPROVED, "Đang thực hiện"),
        (Status.REJECTED, "Không phê duyệt"),
        (Status.WITHDRAWN, "Đã rút"),
        (Status.PAUSED, "Tạm dừng"),
        (Status.STOPPED, "Dừng thực hiện"),
        (Status.FINISHED, "Chờ báo cáo kết quả"),
        (Status.REPORTED, "Chờ đánh giá"),
        (Status.EVALUATED, "Đã đánh giá"),
    ],
)
def test_xlsx_status_labels(status: Status, label: str) -> None:
    data = proposals_xlsx(
        [make_row(make_proposal(status=status))], title="T", generated_at=NOW, tz=TZ
    )
    assert open_sheet(data)["F4"].value == label


def test_every_status_and_evaluation_has_a_label() -> None:
    assert set(STATUS_LABELS) == set(Status)
    assert len(set(STATUS_LABELS.values())) == len(Status)
    assert EVALUATION_LABELS == {
        Evaluation.DONE: "Hoàn thành",
        Evaluation.PARTLY: "Hoàn thành một phần",
        Evaluation.NOT_DONE: "Không hoàn thành",
    }


def test_xlsx_evaluation_labels_one_row_each() -> None:
    rows = [
        make_row(make_proposal(id=n, status=Status.EVALUATED, evaluation={"level": value}))
        for n, value in enumerate(["done", "partly", "not_done"], start=1)
    ]
    data = proposals_xlsx(rows, title="T", generated_at=NOW, tz=TZ)

    sheet = open_sheet(data)
    assert sheet.max_row == 6
    assert [sheet.cell(row=r, column=10).value for r in (4, 5, 6)] == [
        "Hoàn thành",
        "Hoàn thành một phần",
        "Không hoàn thành",
    ]


def test_evaluation_outcome_ignores_unknown_values() -> None:
    assert evaluation_outcome(make_proposal(evaluation={"level": "excellent"})) is None
    assert evaluation_outcome(make_proposal(evaluation={"comment": "done"})) is None
    assert evaluation_outcome(make_proposal(evaluation=None)) is None
    assert evaluation_outcome(make_proposal(evaluation={"level": "done"})) is Evaluation.DONE


def test_xlsx_many_rows() -> None:
    rows = [make_row(make_proposal(id=n, number=f"ĐX-2026-{n:04d}")) for n in range(1, 251)]
    sheet = open_sheet(proposals_xlsx(rows, title="T", generated_at=NOW, tz=TZ))
    assert sheet.max_row == 3 + 250
    assert sheet.auto_filter.ref == "A3:L253"
    assert sheet["A253"].value == "ĐX-2026-0250"
    assert "Tổng số: 250 đề xuất" in sheet["A2"].value


def test_xlsx_without_rows_keeps_the_header() -> None:
    sheet = open_sheet(proposals_xlsx([], title="Trống", generated_at=NOW, tz=TZ))
    assert sheet.max_row == 3
    assert row_values(sheet, 3) == HEADERS
    assert sheet.auto_filter.ref == "A3:L3"


def test_xlsx_control_characters_in_user_text() -> None:
    proposal = make_proposal(title=f"Tên{NASTY} đề\txuất", field=f"Lĩnh{NASTY}vực")
    row = make_row(proposal, proposer_name=f"An{NASTY}", unit_name=f"\x1bPhòng{NASTY}")
    data = proposals_xlsx([row], title=f"Báo{NASTY}cáo", generated_at=NOW, tz=TZ)

    sheet = open_sheet(data)
    assert sheet["A1"].value == "Báocáo"
    assert row_values(sheet, 4)[1:5] == ["Tên đề xuất", "Lĩnhvực", "An", "Phòng"]


def test_xlsx_user_text_is_never_a_formula() -> None:
    proposal = make_proposal(title='=HYPERLINK("http://x.invalid","bấm")', field="#N/A")
    data = proposals_xlsx([make_row(proposal)], title="=1+1", generated_at=NOW, tz=TZ)

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    sheet = open_sheet(data)
    assert sheet["B4"].value == '=HYPERLINK("http://x.invalid","bấm")'
    assert sheet["C4"].value == "#N/A"


def test_xlsx_is_reproducible() -> None:
    rows = [make_row()]
    first = proposals_xlsx(rows, title="T", generated_at=NOW, tz=TZ)
    second = proposals_xlsx(rows, title="T", generated_at=NOW, tz=TZ)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 3, 4, 9, 30, 0)}
    workbook = openpyxl.load_workbook(io.BytesIO(first))
    assert workbook.properties.modified == datetime(2026, 3, 4, 2, 30)


def test_naive_generated_at_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        proposals_xlsx([], title="T", generated_at=datetime(2026, 3, 4, 9, 30), tz=TZ)
    with pytest.raises(ValueError, match="aware"):
        proposal_docx(make_row(), org_name="UBND", generated_at=datetime(2026, 3, 4, 9, 30), tz=TZ)


# --- Word document ---


def render(row: ProposalRow | None = None, **kwargs: Any) -> bytes:
    options: dict[str, Any] = {
        "org_name": "UBND thành phố Nha Trang",
        "generated_at": NOW,
        "tz": TZ,
    }
    options.update(kwargs)
    return proposal_docx(row or make_row(), **options)


def test_docx_header_has_quoc_hieu_and_no_borders() -> None:
    document = docx.Document(io.BytesIO(render()))

    header = document.tables[0]
    left, right = header.rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == [
        "UBND THÀNH PHỐ NHA TRANG",
        "PHÒNG NỘI VỤ",
    ]
    assert [p.text for p in right.paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert all(run.bold for p in right.paragraphs for run in p.runs)
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}
    # The short rules under the agency and under the motto.
    rules = [p for cell in (left, right) for p in cell.paragraphs if not p.text]
    assert all(p._p.pPr.find(qn("w:pBdr")) is not None for p in rules)
    assert len(rules) == 2


def test_docx_date_line_title_and_number() -> None:
    document = docx.Document(io.BytesIO(render(place="Khánh Hòa")))

    # Sent at 03:15 on 4 March local time (3 March in UTC).
    date_line = paragraph_by_text(document, "Khánh Hòa, ngày 04 tháng 03 năm 2026")
    assert date_line.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert all(run.italic for run in date_line.runs)
    title = paragraph_by_text(document, "KẾ HOẠCH ĐỀ XUẤT ĐỔI MỚI, SÁNG TẠO")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold for run in title.runs)
    name = paragraph_by_text(document, "Số hoá hồ sơ một cửa")
    assert name.alignment == WD_ALIGN_PARAGRAPH.CENTER
    paragraph_by_text(document, "Số đề xuất: ĐX-2026-0042")


def test_docx_three_parts_in_order_with_the_plan() -> None:
    texts = docx_texts(render())

    order = [
        "Nha Trang, ngày 04 tháng 03 năm 2026",
        "KẾ HOẠCH ĐỀ XUẤT ĐỔI MỚI, SÁNG TẠO",
        "Lĩnh vực: Cải cách hành chính",
        "I. SỰ CẦN THIẾT, MỤC ĐÍCH, YÊU CẦU",
        "Điểm nghẽn: hồ sơ giấy.",
        "Nút thắt: chờ chuyển hồ sơ giữa các phòng.",
        "II. NỘI DUNG, NHIỆM VỤ, GIẢI PHÁP",
        "1. Nội dung, nhiệm vụ, giải pháp",
        "Quét hồ sơ khi tiếp nhận; luân chuyển trên phần mềm.",
        "2. Phạm vi, đối tượng áp dụng",
        "Bộ phận một cửa các phường",
        "3. Thời gian thực hiện",
        "Từ ngày 01/01/2027 đến ngày 30/06/2027.",
        "4. Nguồn lực thực hiện (nhân lực, kinh phí, phương tiện)",
        "02 công chức; 50 triệu đồng; 02 máy quét",
        "5. Tính khả thi và rủi ro dự kiến",
        "Khả thi; rủi ro: mạng chập chờn.",
        "III. ĐÁNH GIÁ TÁC ĐỘNG VÀ HIỆU QUẢ DỰ KIẾN",
        "Giảm 50% thời gian chờ.",
        "TÀI LIỆU KÈM THEO",
        "1. du_toan.xlsx",
        "NGƯỜI ĐỀ XUẤT",
        "Nguyễn Văn An",
        "Trạng thái: Đang xem xét.",
        "Người xem xét: Trần Thị Bình.",
        "Bản xuất lúc 09:30 ngày 04/03/2026.",
    ]
    positions = [texts.index(text) for text in order]
    assert positions == sorted(positions)
    for heading in order[3], order[6], order[17]:
        assert sum(text == heading for text in texts) == 1


def test_docx_page_and_font() -> None:
    document = docx.Document(io.BytesIO(render()))

    section = document.sections[0]
    measured = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    # Stored in twentieths of a point, so compare to within a hundredth of a centimetre.
    assert [length.cm for length in measured] == pytest.approx([21, 29.7, 2, 2, 3, 1.5], abs=0.01)
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert Pt(13) <= normal.font.size <= Pt(14)
    sizes = {run.font.size for p in document.paragraphs for run in p.runs if run.font.size}
    assert sizes <= {Pt(12), Pt(13), Pt(14)}


def test_docx_decision_result_and_evaluation_are_recorded() -> None:
    proposal = make_proposal(
        status=Status.EVALUATED,
        # The shapes bot/proposals/action_forms.py stores.
        decision={
            "meeting_date": "2026-03-10",
            "votes_for": 4,
            "votes_against": 1,
            "basis": "majority",
            "comment": "Đồng ý triển khai thí điểm.",
        },
        result="Đã số hoá 1.200 hồ sơ.",
        evaluation={"level": "done", "comment": "Vượt chỉ tiêu."},
    )
    texts = docx_texts(render(make_row(proposal)))

    start = texts.index("Ghi nhận của hệ thống")
    assert texts[start + 1 :] == [
        "Trạng thái: Đã đánh giá.",
        "Người xem xét: Trần Thị Bình.",
        "Họp tập thể lãnh đạo ngày 10/03/2026: 4 tán thành, 1 không tán thành.",
        "Căn cứ phê duyệt: Tập thể lãnh đạo thông qua (trên 50% số phiếu đã biểu quyết là tán thành).",
        "Ý kiến chỉ đạo: Đồng ý triển khai thí điểm.",
        "Báo cáo kết quả: Đã số hoá 1.200 hồ sơ.",
        "Kết quả đánh giá: Hoàn thành.",
        "Nhận xét đánh giá: Vượt chỉ tiêu.",
        "Bản xuất lúc 09:30 ngày 04/03/2026.",
    ]


def test_docx_head_approval_without_comment() -> None:
    proposal = make_proposal(
        status=Status.APPROVED,
        decision={
            "meeting_date": "2026-03-10",
            "votes_for": 1,
            "votes_against": 2,
            "basis": "head",
            "comment": None,
        },
    )
    texts = docx_texts(render(make_row(proposal)))

    assert (
        "Căn cứ phê duyệt: Tập thể không thông qua; thủ trưởng quyết định cho triển khai, tự chịu "
        "trách nhiệm trước cơ quan cấp trên và trước pháp luật." in texts
    )
    assert not any(text.startswith("Ý kiến chỉ đạo") for text in texts)


def test_the_superiors_decision_is_recorded_without_a_vote() -> None:
    """A head's own plan approved by the superior level (khoản 4 Điều 7): its day and comment,
    nothing of the collective's meeting of khoản 1 Điều 8."""
    proposal = make_proposal(
        status=Status.APPROVED,
        route=Route.CITY,
        due_kind="review_follow",
        decision={"basis": "superior", "decision_date": "2026-03-10", "comment": "Làm thử."},
    )
    texts = docx_texts(render(make_row(proposal)))
    start = texts.index("Ghi nhận của hệ thống")
    record = texts[start + 1 :]
    assert record[2:5] == [
        "Cấp trên quyết định phê duyệt ngày 10/03/2026.",
        "Căn cứ phê duyệt: Quyết định của cấp trên.",
        "Ý kiến chỉ đạo: Làm thử.",
    ]
    assert not any("tập thể" in line or "Điều 8" in line for line in record)
    sheet = open_sheet(proposals_xlsx([make_row(proposal)], title="T", generated_at=NOW, tz=TZ))
    assert row_values(sheet, 4)[-1] == "Quyết định của cấp trên"


def test_docx_control_characters_in_user_text() -> None:
    plan = dict(PLAN)
    plan.update(
        need=f"Dòng 1{NASTY}\r\n\r\nDòng 2 <w:t>&amp;</w:t>",
        solution=NASTY,
        period={"start": f"2027-01-01{NASTY}", "end": "sớm nhất"},
    )
    proposal = make_proposal(
        title=f"Tên{NASTY}",
        number=f"ĐX{NASTY}-1",
        plan=plan,
        attachments=(Attachment("document", "f", f"tệp{NASTY}.pdf"),),
        decision={"comment": f"Ý kiến{NASTY}"},
    )
    row = make_row(proposal, proposer_name=f"An{NASTY}", unit_name=f"Phòng{NASTY}")
    data = render(row, org_name=f"UBND{NASTY}", place=f"Nha{NASTY} Trang")

    texts = docx_texts(data)
    assert "Tên" in texts
    assert "Số đề xuất: ĐX-1" in texts
    assert "Dòng 1" in texts
    assert "Dòng 2 <w:t>&amp;</w:t>" in texts
    assert "Từ ngày 01/01/2027 đến ngày sớm nhất." in texts
    assert "1. tệp.pdf" in texts
    assert "Ý kiến chỉ đạo: Ý kiến" in texts
    assert "An" in texts and "UBND" in texts and "PHÒNG" in texts
    assert "Nha Trang, ngày 04 tháng 03 năm 2026" in texts
    # An answer made only of control characters is treated as missing.
    solution = texts.index("1. Nội dung, nhiệm vụ, giải pháp")
    assert texts[solution + 1] == "(Không nêu)"


def test_docx_missing_answers_unit_and_attachments() -> None:
    proposal = make_proposal(
        plan={"need": "Chỉ có phần I.", "attachments": []},
        attachments=(),
        field="",
    )
    data = render(make_row(proposal, unit_name=None))
    document = docx.Document(io.BytesIO(data))
    texts = docx_texts(data)

    left = document.tables[0].rows[0].cells[0]
    assert [p.text for p in left.paragraphs if p.text] == ["UBND THÀNH PHỐ NHA TRANG"]
    assert all(run.bold for run in left.paragraphs[0].runs)
    assert texts.count("(Không nêu)") == 6  # 5 subsections of part II and part III
    assert "Không có." in texts
    assert not any(text.startswith("Lĩnh vực") for text in texts)


def test_docx_attachments_from_the_plan_when_no_rows() -> None:
    plan = dict(PLAN)
    plan["attachments"] = [
        {"kind": "photo", "file_id": "p1", "file_name": None},
        {"kind": "document", "file_id": "d1", "file_name": "to_trinh.docx"},
        {"kind": "photo", "file_id": "p2"},
        "not a dict",
    ]
    texts = docx_texts(render(make_row(make_proposal(plan=plan, attachments=()))))
    start = texts.index("TÀI LIỆU KÈM THEO")
    assert texts[start + 1 : start + 4] == ["1. Ảnh chụp 1", "2. to_trinh.docx", "3. Ảnh chụp 2"]


def test_docx_is_reproducible_and_stamped() -> None:
    first = render()
    assert first == render()
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 3, 4, 9, 30, 0)}
    properties = docx.Document(io.BytesIO(first)).core_properties
    assert properties.created == datetime(2026, 3, 4, 2, 30, tzinfo=UTC)
    assert properties.title == "ĐX-2026-0042 Số hoá hồ sơ một cửa"
    assert properties.author == "Nguyễn Văn An"


def test_safe_text() -> None:
    assert safe_text(f"  Đề{NASTY}  xuất\r\n\r\n tiếp ") == "Đề xuất\ntiếp"
    assert safe_text(None) == ""
    assert safe_text(12) == ""
    assert safe_text("Đe\u0302\u0300 xuất") == "Đề xuất"  # NFC


def test_the_register_and_the_plan_say_which_basis_applied() -> None:
    """A tie with the head in favour is the collective's decision, recorded as such; a
    head's own plan's date is the city's follow-up, never the Decree's limit."""
    tie = make_proposal(
        status=Status.APPROVED,
        due_kind="review_follow",
        decision={
            "meeting_date": "2026-03-10",
            "head_vote": "for",
            "votes_for": 3,
            "votes_against": 3,
            "not_voting": 1,
            "basis": "tie_head",
            "comment": None,
        },
    )
    sheet = open_sheet(proposals_xlsx([make_row(tie)], title="T", generated_at=NOW, tz=TZ))
    assert row_values(sheet, 4)[-2:] == [
        "Xem xét: mốc theo dõi nội bộ (không phải thời hạn theo NĐ73)",
        "Tập thể lãnh đạo thông qua (phiếu bằng nhau, theo phía thủ trưởng tán thành)",
    ]
    texts = docx_texts(render(make_row(tie)))
    assert "Họp tập thể lãnh đạo ngày 10/03/2026: 3 tán thành, 3 không tán thành." in texts
    assert "Thành viên không biểu quyết: 1." in texts
    assert "Biểu quyết của thủ trưởng: tán thành." in texts
    assert (
        "Căn cứ phê duyệt: Tập thể lãnh đạo thông qua (phiếu bằng nhau, theo phía thủ trưởng "
        "tán thành)." in texts
    )
