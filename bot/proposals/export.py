"""Proposal exports: the register of proposals as .xlsx and one plan as a Word (.docx) document.

Pure functions from proposals to file bytes: no Telegram, no database. Chat texts live in
bot/texts.py; the Vietnamese strings in the "Document labels" block below are the documents'
own headings and labels, kept next to the layout that uses them.

Output is reproducible: the package metadata and the zip entry times are taken from
``generated_at``, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import (  # type: ignore[import-untyped]
    Alignment,
    Border,
    Font,
    PatternFill,
    Side,
)
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

from bot.inputcheck import clean
from bot.models.proposals import Attachment, Evaluation, Proposal, Status

__all__ = [
    "DECISION_NOTE_KEYS",
    "EVALUATION_LABELS",
    "EVALUATION_OUTCOME_KEYS",
    "STATUS_LABELS",
    "ProposalRow",
    "evaluation_outcome",
    "proposal_docx",
    "proposals_xlsx",
    "safe_text",
]

# ---------------------------------------------------------------------------------------------
# Document labels (Vietnamese): text that appears inside the exported files.
# ---------------------------------------------------------------------------------------------

STATUS_LABELS: Final[Mapping[Status, str]] = {
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

EVALUATION_LABELS: Final[Mapping[Evaluation, str]] = {
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
)

# Word document.
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
DOC_RECORD_BASIS: Final = "Căn cứ phê duyệt: {basis}."
DOC_BASIS_LABELS: Final[Mapping[str, str]] = {
    "majority": "Quá nửa tập thể tán thành",
    "head": "Thủ trưởng tự chịu trách nhiệm",
}
DOC_RECORD_DECISION: Final = "Ý kiến chỉ đạo: {note}"
DOC_RECORD_RESULT: Final = "Báo cáo kết quả: {text}"
DOC_RECORD_EVALUATION: Final = "Kết quả đánh giá: {label}."
DOC_RECORD_EVALUATION_NOTE: Final = "Nhận xét đánh giá: {note}"
DOC_RECORD_PRINTED: Final = "Bản xuất lúc {time} ngày {day}."

# ---------------------------------------------------------------------------------------------
# Where the exporter looks inside the free-form decision / evaluation dicts.
# ---------------------------------------------------------------------------------------------

# As bot/flows/proposal_actions.py stores them: an approval's decision is {"meeting_date": ISO,
# "votes_for": n, "votes_against": n, "basis": "majority" | "head", "comment": text | None};
# an evaluation is {"level": Evaluation value, "comment": text}. Other keys are ignored.
# The reviewer's comment on the decision (first key holding text wins).
DECISION_NOTE_KEYS: Final = ("comment", "note")
# The evaluation outcome: the first key whose value is an Evaluation value.
EVALUATION_OUTCOME_KEYS: Final = ("level", "outcome")
EVALUATION_NOTE_KEYS: Final = ("comment", "note")

# Excel refuses longer cell text.
_XLSX_MAX_CELL = 32_767
# Core properties of a .docx are limited to 255 characters each.
_DOCX_MAX_PROPERTY = 255
# Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF),
# plus DEL and C1 controls, which are legal XML but never meant as text.
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

_FONT = "Times New Roman"
_BODY_PT = 13
_TITLE_PT = 14
_PAGE_WIDTH_CM = 21.0
_PAGE_HEIGHT_CM = 29.7
_MARGIN_LEFT_CM = 3.0
_MARGIN_RIGHT_CM = 1.5
_MARGIN_TOP_CM = 2.0
_MARGIN_BOTTOM_CM = 2.0
_TEXT_WIDTH_CM = _PAGE_WIDTH_CM - _MARGIN_LEFT_CM - _MARGIN_RIGHT_CM  # 16.5
# Header and signature tables: the left column is narrower (agency), the right holds the motto.
_LEFT_COL_CM = 6.5
_RIGHT_COL_CM = _TEXT_WIDTH_CM - _LEFT_COL_CM


@dataclass(frozen=True, slots=True)
class ProposalRow:
    """A proposal with the names an export shows next to it."""

    proposal: Proposal
    proposer_name: str
    unit_name: str | None
    reviewer_name: str | None


# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------


def safe_text(value: object) -> str:
    """Return user text fit for a document: NFC, no control/invisible characters, XML-safe.

    Line breaks are kept (blank lines dropped, runs of spaces collapsed); anything that is not
    a string becomes "".
    """
    if not isinstance(value, str):
        return ""
    return _XML_UNSAFE.sub("", clean(value))


_EVALUATION_VALUES: Final = frozenset(item.value for item in Evaluation)


def evaluation_outcome(proposal: Proposal) -> Evaluation | None:
    """The outcome recorded in a proposal's evaluation, if any."""
    for key in EVALUATION_OUTCOME_KEYS:
        value = (proposal.evaluation or {}).get(key)
        if isinstance(value, str) and value in _EVALUATION_VALUES:
            return Evaluation(value)
    return None


def _first_text(data: Mapping[str, Any] | None, keys: Iterable[str]) -> str:
    for key in keys:
        text = safe_text((data or {}).get(key))
        if text:
            return text
    return ""


def _aware(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"{name} must be an aware datetime")
    return moment


def _local(moment: datetime, tz: ZoneInfo) -> datetime:
    """An aware moment as naive local wall time (Excel has no time zones)."""
    return _aware(moment, "datetime").astimezone(tz).replace(tzinfo=None)


def _status_label(status: Status) -> str:
    return STATUS_LABELS.get(status, str(status))


def _stable_zip(data: bytes, moment: datetime) -> bytes:
    """Rewrite an OOXML package with every entry stamped with one time (reproducible bytes)."""
    stamp = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry))
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Spreadsheet
# ---------------------------------------------------------------------------------------------

_HEADER_ROW = 3
_THIN = Side(style="thin", color="999999")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill(fill_type="solid", start_color="DDE5F0", end_color="DDE5F0")
_DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
_DATE_FORMAT = "dd/mm/yyyy"


def proposals_xlsx(
    rows: Sequence[ProposalRow], *, title: str, generated_at: datetime, tz: ZoneInfo
) -> bytes:
    """Render proposals as a one-sheet workbook: title, generated-at line, one row each.

    Args:
        rows: the proposals, in the order to list them.
        title: the sheet's heading (free text; cleaned like user text).
        generated_at: aware moment the export is made; shown and used as file metadata.
        tz: the zone dates are shown in.

    Returns:
        The .xlsx file's bytes.
    """
    _aware(generated_at, "generated_at")
    local_now = _local(generated_at, tz)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = XLSX_SHEET
    last_col = get_column_letter(len(XLSX_COLUMNS))

    sheet.merge_cells(f"A1:{last_col}1")
    _put(sheet, 1, 1, safe_text(title)).font = Font(name="Arial", bold=True, size=14)
    sheet.merge_cells(f"A2:{last_col}2")
    generated = XLSX_GENERATED.format(
        time=f"{local_now:%H:%M}", day=f"{local_now:%d/%m/%Y}", count=len(rows)
    )
    _put(sheet, 2, 1, generated).font = Font(name="Arial", italic=True, size=10)

    for col, (header, width) in enumerate(XLSX_COLUMNS, start=1):
        cell = _put(sheet, _HEADER_ROW, col, header)
        cell.font = Font(name="Arial", bold=True, size=10)
        cell.fill = _HEADER_FILL
        cell.border = _GRID
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(col)].width = width

    body_font = Font(name="Arial", size=10)
    body_alignment = Alignment(vertical="top", wrap_text=True)
    for offset, row in enumerate(rows, start=1):
        values = _xlsx_values(row, tz)
        for col, value in enumerate(values, start=1):
            cell = _put(sheet, _HEADER_ROW + offset, col, value)
            cell.font = body_font
            cell.border = _GRID
            cell.alignment = body_alignment
            if isinstance(value, datetime):
                cell.number_format = _DATETIME_FORMAT
            elif isinstance(value, date):
                cell.number_format = _DATE_FORMAT

    last_row = _HEADER_ROW + len(rows)
    sheet.freeze_panes = f"A{_HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{_HEADER_ROW}:{last_col}{last_row}"
    sheet.print_title_rows = f"{_HEADER_ROW}:{_HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    stamp = generated_at.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    workbook.properties.creator = "tro-ly-nd73"
    workbook.properties.title = safe_text(title)[:_DOCX_MAX_PROPERTY]
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save: save() stamps the wall clock into the metadata.
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook, archive).save()
    return _stable_zip(buffer.getvalue(), local_now)


def _xlsx_values(row: ProposalRow, tz: ZoneInfo) -> tuple[str | datetime | date | None, ...]:
    proposal = row.proposal
    outcome = evaluation_outcome(proposal)
    return (
        safe_text(proposal.number),
        safe_text(proposal.title),
        safe_text(proposal.field),
        safe_text(row.proposer_name),
        safe_text(row.unit_name),
        _status_label(proposal.status),
        safe_text(row.reviewer_name),
        _local(proposal.due_at, tz).replace(second=0, microsecond=0) if proposal.due_at else None,
        _local(proposal.created_at, tz).date(),
        EVALUATION_LABELS[outcome] if outcome else None,
    )


def _put(sheet: Any, row: int, col: int, value: str | datetime | date | None) -> Any:
    """Write one cell; text is always stored as text (never read back as a formula)."""
    cell = sheet.cell(row=row, column=col)
    if isinstance(value, str):
        text = value[:_XLSX_MAX_CELL]
        cell.value = text or None
        if text:
            # openpyxl turns "=..." into a formula and "#N/A" into an error: user text is neither.
            cell.data_type = "s"
    else:
        cell.value = value
    return cell


# ---------------------------------------------------------------------------------------------
# Word document
# ---------------------------------------------------------------------------------------------


def proposal_docx(
    row: ProposalRow,
    *,
    org_name: str,
    place: str = "Nha Trang",
    generated_at: datetime,
    tz: ZoneInfo,
) -> bytes:
    """Render one proposal's plan as a Vietnamese administrative document (NĐ73 Điều 7 k2).

    Layout: agency / Quốc hiệu header, place and date (the day the plan was sent), the title,
    the proposal's name and number, parts I-III of the plan, the attachments, the proposer's
    signature block and a short record of where the proposal stands.

    Args:
        row: the proposal with its proposer's, unit's and reviewer's names.
        org_name: the agency above the unit (printed upper-case), e.g. "UBND thành phố Nha Trang".
        place: the place name of the date line.
        generated_at: aware moment the export is made; shown in the record and used as metadata.
        tz: the zone dates are shown in.

    Returns:
        The .docx file's bytes.
    """
    _aware(generated_at, "generated_at")
    proposal = row.proposal
    plan = proposal.plan if isinstance(proposal.plan, Mapping) else {}
    document = Document()
    _setup_page(document)
    _setup_styles(document)

    _header(document, org_name=safe_text(org_name), unit_name=safe_text(row.unit_name))
    sent = _local(proposal.created_at, tz)
    place_date = DOC_PLACE_DATE.format(
        place=safe_text(place), day=sent.day, month=sent.month, year=sent.year
    )
    _line(document, place_date, align=WD_ALIGN_PARAGRAPH.RIGHT, italic=True, before=6, after=12)

    _line(document, DOC_TITLE, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=_TITLE_PT)
    name = safe_text(proposal.title) or safe_text(plan.get("title"))
    for text in _lines(name):
        _line(document, text, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=_TITLE_PT)
    number = DOC_NUMBER.format(number=safe_text(proposal.number))
    _line(document, number, align=WD_ALIGN_PARAGRAPH.CENTER, italic=True)
    _rule(document.add_paragraph(), width_cm=4.0, box_cm=_TEXT_WIDTH_CM, after=12)

    field = safe_text(proposal.field) or safe_text(plan.get("field"))
    if field:
        paragraph = _body(document)
        paragraph.add_run(DOC_FIELD).bold = True
        paragraph.add_run(field.replace("\n", "; "))

    _heading(document, DOC_PART_NEED)
    _text_block(document, plan.get("need"))

    _heading(document, DOC_PART_SOLUTION)
    for key, label in DOC_SOLUTION_ITEMS:
        _subheading(document, label)
        if key == "period":
            _body(document).add_run(_period_text(plan.get("period")))
        else:
            _text_block(document, plan.get(key))

    _heading(document, DOC_PART_IMPACT)
    _text_block(document, plan.get("impact"))

    _heading(document, DOC_ATTACHMENTS)
    names = _attachment_names(proposal, plan)
    if not names:
        _body(document).add_run(DOC_NO_ATTACHMENTS)
    for index, file_name in enumerate(names, start=1):
        _body(document, indent=False).add_run(f"{index}. {file_name}")

    _signature(document, safe_text(row.proposer_name))
    _record(document, row, generated_at=generated_at, tz=tz)

    _set_properties(document, row, generated_at)
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue(), _local(generated_at, tz))


def _setup_page(document: DocxDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Cm(_PAGE_WIDTH_CM)
    section.page_height = Cm(_PAGE_HEIGHT_CM)
    section.left_margin = Cm(_MARGIN_LEFT_CM)
    section.right_margin = Cm(_MARGIN_RIGHT_CM)
    section.top_margin = Cm(_MARGIN_TOP_CM)
    section.bottom_margin = Cm(_MARGIN_BOTTOM_CM)


def _setup_styles(document: DocxDocument) -> None:
    """Times New Roman 13 pt for every script, Vietnamese proofing language."""
    style = document.styles["Normal"]
    assert isinstance(style, ParagraphStyle)
    style.font.name = _FONT
    style.font.size = Pt(_BODY_PT)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    # font.name sets only ascii/hAnsi; Vietnamese text may fall back to the other slots.
    for attribute in ("w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), _FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), "vi-VN")
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = 1.0


def _header(document: DocxDocument, *, org_name: str, unit_name: str) -> None:
    """The two-column header: agency on the left, Quốc hiệu and Tiêu ngữ on the right."""
    table = _borderless_table(document)
    left, right = table.rows[0].cells
    agency = org_name.replace("\n", " ").upper()
    unit = unit_name.replace("\n", " ").upper()
    first = left.paragraphs[0]
    if unit:
        _fill(first, agency, align=WD_ALIGN_PARAGRAPH.CENTER, size=12)
        _fill(left.add_paragraph(), unit, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=12)
    else:
        _fill(first, agency, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=12)
    _rule(left.add_paragraph(), width_cm=2.5, box_cm=_LEFT_COL_CM)

    national = right.paragraphs[0]
    _fill(national, DOC_NATIONAL_NAME, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=12)
    _fill(right.add_paragraph(), DOC_MOTTO, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    _rule(right.add_paragraph(), width_cm=6.0, box_cm=_RIGHT_COL_CM)


def _signature(document: DocxDocument, proposer_name: str) -> None:
    _line(document, "", after=6)
    table = _borderless_table(document)
    right = table.rows[0].cells[1]
    _fill(right.paragraphs[0], DOC_SIGNER, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    for _ in range(3):
        right.add_paragraph()
    name = right.add_paragraph()
    _fill(name, proposer_name.replace("\n", " "), align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)


def _record(
    document: DocxDocument, row: ProposalRow, *, generated_at: datetime, tz: ZoneInfo
) -> None:
    """Where the proposal stands, for the file: status, reviewer, decision, evaluation."""
    proposal = row.proposal
    lines = [DOC_RECORD_STATUS.format(status=_status_label(proposal.status))]
    reviewer = safe_text(row.reviewer_name).replace("\n", " ")
    if reviewer:
        lines.append(DOC_RECORD_REVIEWER.format(name=reviewer))
    lines.extend(_decision_lines(proposal.decision))
    decision_note = _first_text(proposal.decision, DECISION_NOTE_KEYS)
    if decision_note:
        lines.append(DOC_RECORD_DECISION.format(note=decision_note))
    result = safe_text(proposal.result)
    if result:
        lines.append(DOC_RECORD_RESULT.format(text=result))
    outcome = evaluation_outcome(proposal)
    if outcome:
        lines.append(DOC_RECORD_EVALUATION.format(label=EVALUATION_LABELS[outcome]))
    evaluation_note = _first_text(proposal.evaluation, EVALUATION_NOTE_KEYS)
    if evaluation_note:
        lines.append(DOC_RECORD_EVALUATION_NOTE.format(note=evaluation_note))
    printed = _local(generated_at, tz)
    lines.append(DOC_RECORD_PRINTED.format(time=f"{printed:%H:%M}", day=f"{printed:%d/%m/%Y}"))

    heading = _line(document, DOC_RECORD, bold=True, italic=True, before=18)
    _top_border(heading)
    for line in lines:
        for text in _lines(line):
            _line(document, text, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def _decision_lines(decision: Mapping[str, Any] | None) -> list[str]:
    """The approval meeting (date and votes) and the basis, when the decision records them."""
    if not isinstance(decision, Mapping):
        return []
    lines = []
    meeting = _as_date(decision.get("meeting_date"))
    votes_for, votes_against = decision.get("votes_for"), decision.get("votes_against")
    if meeting is not None and isinstance(votes_for, int) and isinstance(votes_against, int):
        lines.append(
            DOC_RECORD_MEETING.format(
                day=_vn_date(meeting), votes_for=votes_for, votes_against=votes_against
            )
        )
    basis = DOC_BASIS_LABELS.get(str(decision.get("basis")))
    if basis:
        lines.append(DOC_RECORD_BASIS.format(basis=basis))
    return lines


def _set_properties(document: DocxDocument, row: ProposalRow, generated_at: datetime) -> None:
    stamp = generated_at.astimezone(UTC).replace(microsecond=0)
    props = document.core_properties
    props.title = f"{safe_text(row.proposal.number)} {safe_text(row.proposal.title)}".replace(
        "\n", " "
    )[:_DOCX_MAX_PROPERTY]
    props.subject = DOC_TITLE
    props.author = safe_text(row.proposer_name).replace("\n", " ")[:_DOCX_MAX_PROPERTY]
    props.comments = ""
    props.last_modified_by = ""
    props.revision = 1
    props.created = stamp
    props.modified = stamp


# --- Plan values ---


def _text_block(document: DocxDocument, value: object) -> None:
    """One paragraph per line of the user's answer, or a placeholder when there is none."""
    text = safe_text(value)
    for line in _lines(text) or [DOC_EMPTY]:
        _body(document).add_run(line)


def _period_text(value: object) -> str:
    start, end = _period_ends(value)
    if start is None and end is None:
        return DOC_EMPTY
    return DOC_PERIOD.format(start=_vn_date(start), end=_vn_date(end))


def _period_ends(value: object) -> tuple[date | str | None, date | str | None]:
    if isinstance(value, Mapping):
        raw_start, raw_end = value.get("start"), value.get("end")
    else:
        raw_start, raw_end = getattr(value, "start", None), getattr(value, "end", None)
    return _as_date(raw_start), _as_date(raw_end)


def _as_date(value: object) -> date | str | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = safe_text(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text  # shown as typed rather than lost


def _vn_date(value: date | str | None) -> str:
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return value or "…"


def _attachment_names(proposal: Proposal, plan: Mapping[str, Any]) -> list[str]:
    """File names of the attachments (stored rows first, else the plan's list)."""
    items: list[Attachment] = list(proposal.attachments)
    if not items:
        raw = plan.get("attachments")
        for entry in raw if isinstance(raw, list) else []:
            if isinstance(entry, Mapping):
                items.append(
                    Attachment(
                        kind=str(entry.get("kind") or ""),
                        file_id=str(entry.get("file_id") or ""),
                        file_name=entry.get("file_name") if entry.get("file_name") else None,
                    )
                )
    names = []
    photos = files = 0
    for item in items:
        name = safe_text(item.file_name).replace("\n", " ")
        if not name:
            if item.kind == "photo":
                photos += 1
                name = DOC_UNNAMED_PHOTO.format(n=photos)
            else:
                files += 1
                name = DOC_UNNAMED_FILE.format(n=files)
        names.append(name)
    return names


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line]


# --- Paragraph and table building ---


def _line(
    document: DocxDocument,
    text: str,
    *,
    align: WD_PARAGRAPH_ALIGNMENT | None = None,
    bold: bool = False,
    italic: bool = False,
    size: int | None = None,
    before: int = 0,
    after: int = 0,
) -> Paragraph:
    paragraph: Paragraph = document.add_paragraph()
    _fill(paragraph, text, align=align, bold=bold, italic=italic, size=size)
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def _fill(
    paragraph: Paragraph,
    text: str,
    *,
    align: WD_PARAGRAPH_ALIGNMENT | None = None,
    bold: bool = False,
    italic: bool = False,
    size: int | None = None,
) -> None:
    if align is not None:
        paragraph.alignment = align
    if not text:
        return
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if size is not None:
        run.font.size = Pt(size)


def _heading(document: DocxDocument, text: str) -> None:
    paragraph = _line(document, text, bold=True, before=12, after=6)
    paragraph.paragraph_format.keep_with_next = True


def _subheading(document: DocxDocument, text: str) -> None:
    paragraph = _line(document, text, bold=True, before=6, after=3)
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.keep_with_next = True


def _body(document: DocxDocument, *, indent: bool = True) -> Paragraph:
    paragraph: Paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph_format = paragraph.paragraph_format
    paragraph_format.first_line_indent = Cm(1) if indent else None
    paragraph_format.space_after = Pt(6)
    paragraph_format.line_spacing = 1.15
    return paragraph


def _borderless_table(document: DocxDocument) -> Table:
    """A one-row, two-column layout table with no borders (agency | motto, blank | signer)."""
    table: Table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
        "w:tblDescription", "w:tblPrChange",
    )  # fmt: skip
    widths = (Cm(_LEFT_COL_CM), Cm(_RIGHT_COL_CM))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    cell: _Cell
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = width
    return table


# pPr children that must follow w:pBdr (schema order; Word rejects out-of-order elements).
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _paragraph_border(paragraph: Paragraph, edge: str) -> None:
    border = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{edge}")
    for attribute, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1")):
        line.set(qn(attribute), value)
    line.set(qn("w:color"), "auto")
    border.append(line)
    paragraph._p.get_or_add_pPr().insert_element_before(border, *_AFTER_PBDR)


def _rule(paragraph: Paragraph, *, width_cm: float, box_cm: float, after: int = 0) -> None:
    """Turn an empty paragraph into a short centred horizontal rule (its bottom border)."""
    side = Cm(max(box_cm - width_cm, 0) / 2)
    paragraph_format = paragraph.paragraph_format
    paragraph_format.left_indent = side
    paragraph_format.right_indent = side
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(after)
    paragraph_format.line_spacing = Pt(2)
    _paragraph_border(paragraph, "bottom")


def _top_border(paragraph: Paragraph) -> None:
    _paragraph_border(paragraph, "top")


def sheet_xlsx(
    name: str,
    columns: Sequence[tuple[str, int]],
    rows: Iterable[Sequence[str | int | float | None]],
) -> bytes:
    """One sheet: bold headers (label, width), then the rows; text is cleaned like user text."""
    book = Workbook()
    sheet = book.active
    sheet.title = safe_text(name)[:31] or "Sheet"
    for col, (header, width) in enumerate(columns, start=1):
        _put(sheet, 1, col, header).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(col)].width = width
    for row, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            if isinstance(value, str):
                _put(sheet, row, col, safe_text(value))
            else:
                sheet.cell(row=row, column=col, value=value)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def tables_xlsx(
    tables: Mapping[str, Sequence[tuple[str, int]]], columns: tuple[str, str]
) -> bytes:
    """Named (label, count) tables as one sheet each (the /thongke export)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in tables.items():
        sheet = book.create_sheet(safe_text(name)[:31] or "Sheet")
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for label, count in rows:
            _put(sheet, sheet.max_row + 1, 1, safe_text(label))
            sheet.cell(row=sheet.max_row, column=2, value=count)
        sheet.column_dimensions["A"].width = 60
        sheet.column_dimensions["B"].width = 12
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
