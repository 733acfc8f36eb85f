"""The document kit: text made safe for XML, reproducible zips, spreadsheet cells and sheets,
Word paragraphs, layout tables and rules.

Nothing here knows what a proposal is: the register (register.py), the plan (plan.py) and the
/xuat statistics and question-log sheets are built from these pieces.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from bot.inputcheck import clean

# Excel refuses longer cell text.
XLSX_MAX_CELL = 32_767
# Core properties of a .docx are limited to 255 characters each.
DOCX_MAX_PROPERTY = 255
# Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF),
# plus DEL and C1 controls, which are legal XML but never meant as text.
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def safe_text(value: object) -> str:
    """Return user text fit for a document: NFC, no control/invisible characters, XML-safe.

    Line breaks are kept (blank lines dropped, runs of spaces collapsed); anything that is not
    a string becomes "".
    """
    if not isinstance(value, str):
        return ""
    return _XML_UNSAFE.sub("", clean(value))


def first_text(data: Mapping[str, Any] | None, keys: Iterable[str]) -> str:
    """The safe text of the first key holding any (free-form dicts name things differently)."""
    for key in keys:
        text = safe_text((data or {}).get(key))
        if text:
            return text
    return ""


def aware(moment: datetime, name: str) -> datetime:
    """`moment` itself; a naive datetime is a bug in the caller, so it is refused loudly."""
    if moment.tzinfo is None:
        raise ValueError(f"{name} must be an aware datetime")
    return moment


def local_time(moment: datetime, tz: ZoneInfo) -> datetime:
    """An aware moment as naive local wall time (Excel has no time zones)."""
    return aware(moment, "datetime").astimezone(tz).replace(tzinfo=None)


def stable_zip(data: bytes, moment: datetime) -> bytes:
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


def put_cell(sheet: Any, row: int, col: int, value: str | datetime | date | None) -> Any:
    """Write one cell; text is always stored as text (never read back as a formula)."""
    cell = sheet.cell(row=row, column=col)
    if isinstance(value, str):
        text = value[:XLSX_MAX_CELL]
        cell.value = text or None
        if text:
            # openpyxl turns "=..." into a formula and "#N/A" into an error: user text is neither.
            cell.data_type = "s"
    else:
        cell.value = value
    return cell


def text_lines(text: str) -> list[str]:
    """The non-empty lines of a text (one paragraph each)."""
    return [line for line in text.split("\n") if line]


def add_line(
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
    fill(paragraph, text, align=align, bold=bold, italic=italic, size=size)
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def fill(
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


def heading(document: DocxDocument, text: str) -> None:
    paragraph = add_line(document, text, bold=True, before=12, after=6)
    paragraph.paragraph_format.keep_with_next = True


def subheading(document: DocxDocument, text: str) -> None:
    paragraph = add_line(document, text, bold=True, before=6, after=3)
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.keep_with_next = True


def body(document: DocxDocument, *, indent: bool = True) -> Paragraph:
    paragraph: Paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph_format = paragraph.paragraph_format
    paragraph_format.first_line_indent = Cm(1) if indent else None
    paragraph_format.space_after = Pt(6)
    paragraph_format.line_spacing = 1.15
    return paragraph


def borderless_table(document: DocxDocument, widths_cm: tuple[float, float]) -> Table:
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
    widths = (Cm(widths_cm[0]), Cm(widths_cm[1]))
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


def paragraph_border(paragraph: Paragraph, edge: str) -> None:
    border = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{edge}")
    for attribute, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1")):
        line.set(qn(attribute), value)
    line.set(qn("w:color"), "auto")
    border.append(line)
    paragraph._p.get_or_add_pPr().insert_element_before(border, *_AFTER_PBDR)


def rule(paragraph: Paragraph, *, width_cm: float, box_cm: float, after: int = 0) -> None:
    """Turn an empty paragraph into a short centred horizontal rule (its bottom border)."""
    side = Cm(max(box_cm - width_cm, 0) / 2)
    paragraph_format = paragraph.paragraph_format
    paragraph_format.left_indent = side
    paragraph_format.right_indent = side
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(after)
    paragraph_format.line_spacing = Pt(2)
    paragraph_border(paragraph, "bottom")


def top_border(paragraph: Paragraph) -> None:
    paragraph_border(paragraph, "top")


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
        put_cell(sheet, 1, col, header).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(col)].width = width
    for row, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            if isinstance(value, str):
                put_cell(sheet, row, col, safe_text(value))
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
            put_cell(sheet, sheet.max_row + 1, 1, safe_text(label))
            sheet.cell(row=sheet.max_row, column=2, value=count)
        sheet.column_dimensions["A"].width = 60
        sheet.column_dimensions["B"].width = 12
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
