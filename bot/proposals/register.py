"""The register of proposals as an .xlsx workbook: one sheet, a title, one row a proposal.

Pure: no Telegram, no database. The Vietnamese strings here are the workbook's own headings and
labels (the status and evaluation labels are shared with the plan). Output is reproducible: the
package metadata and zip entry times come from ``generated_at``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Final
from zoneinfo import ZoneInfo

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

from bot.models.proposals import Evaluation, Proposal, Status
from bot.proposals import doc_kit as kit
from bot.texts.documents import (
    DOC_BASIS_LABELS as BASIS_LABELS,
)
from bot.texts.documents import (
    DOC_EVALUATION_LABELS as EVALUATION_LABELS,
)
from bot.texts.documents import (
    DOC_STATUS_LABELS as STATUS_LABELS,
)
from bot.texts.documents import (
    XLSX_COLUMNS,
    XLSX_GENERATED,
    XLSX_SHEET,
)

# Where the running time limit comes from: the Decree's, or the city's internal follow-up.
DUE_KIND_LABELS: Final[Mapping[str, str]] = {
    "review": "Xem xét: 07 ngày làm việc (khoản 1 Điều 8 NĐ73)",
    "report": "Báo cáo kết quả: 05 ngày làm việc (khoản 1 Điều 18 NĐ73)",
    "evaluate": "Đánh giá: 07 ngày làm việc (Điều 18 NĐ73)",
    "review_follow": "Xem xét: mốc theo dõi nội bộ (không phải thời hạn theo NĐ73)",
    "evaluate_follow": "Đánh giá: mốc theo dõi nội bộ (không phải thời hạn theo NĐ73)",
}

# The evaluation outcome: the first key whose value is an Evaluation value.
EVALUATION_OUTCOME_KEYS: Final = ("level", "outcome")


@dataclass(frozen=True, slots=True)
class ProposalRow:
    """A proposal with the names an export shows next to it."""

    proposal: Proposal
    proposer_name: str
    unit_name: str | None
    reviewer_name: str | None


_EVALUATION_VALUES: Final = frozenset(item.value for item in Evaluation)


def evaluation_outcome(proposal: Proposal) -> Evaluation | None:
    """The outcome recorded in a proposal's evaluation, if any."""
    for key in EVALUATION_OUTCOME_KEYS:
        value = (proposal.evaluation or {}).get(key)
        if isinstance(value, str) and value in _EVALUATION_VALUES:
            return Evaluation(value)
    return None


def basis_label(decision: Mapping[str, object] | None) -> str | None:
    """The label of an approval's basis, if the decision records one."""
    if not isinstance(decision, Mapping):
        return None
    return BASIS_LABELS.get(str(decision.get("basis")))


def status_label(status: Status) -> str:
    """The document label of a status (its value if a new status has none yet)."""
    return STATUS_LABELS.get(status, str(status))


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
    kit.aware(generated_at, "generated_at")
    local_now = kit.local_time(generated_at, tz)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = XLSX_SHEET
    last_col = get_column_letter(len(XLSX_COLUMNS))

    sheet.merge_cells(f"A1:{last_col}1")
    kit.put_cell(sheet, 1, 1, kit.safe_text(title)).font = Font(name="Arial", bold=True, size=14)
    sheet.merge_cells(f"A2:{last_col}2")
    generated = XLSX_GENERATED.format(
        time=f"{local_now:%H:%M}", day=f"{local_now:%d/%m/%Y}", count=len(rows)
    )
    kit.put_cell(sheet, 2, 1, generated).font = Font(name="Arial", italic=True, size=10)

    for col, (header, width) in enumerate(XLSX_COLUMNS, start=1):
        cell = kit.put_cell(sheet, _HEADER_ROW, col, header)
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
            cell = kit.put_cell(sheet, _HEADER_ROW + offset, col, value)
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
    workbook.properties.title = kit.safe_text(title)[: kit.DOCX_MAX_PROPERTY]
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save: save() stamps the wall clock into the metadata.
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook, archive).save()
    return kit.stable_zip(buffer.getvalue(), local_now)


def _xlsx_values(row: ProposalRow, tz: ZoneInfo) -> tuple[str | datetime | date | None, ...]:
    proposal = row.proposal
    outcome = evaluation_outcome(proposal)
    return (
        kit.safe_text(proposal.number),
        kit.safe_text(proposal.title),
        kit.safe_text(proposal.field),
        kit.safe_text(row.proposer_name),
        kit.safe_text(row.unit_name),
        status_label(proposal.status),
        kit.safe_text(row.reviewer_name),
        kit.local_time(proposal.due_at, tz).replace(second=0, microsecond=0)
        if proposal.due_at
        else None,
        kit.local_time(proposal.created_at, tz).date(),
        EVALUATION_LABELS[outcome] if outcome else None,
        DUE_KIND_LABELS.get(proposal.due_kind or "") if proposal.due_at else None,
        basis_label(proposal.decision),
    )
