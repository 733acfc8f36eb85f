"""One proposal's plan as a Word (.docx) document, laid out as a Vietnamese administrative text.

Pure: no Telegram, no database. The Vietnamese strings in the "Document labels" block are the
document's own headings and labels, kept next to the layout that uses them. Output is
reproducible: the core properties and the zip entry times come from ``generated_at``.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.styles.style import ParagraphStyle

from bot.models.proposals import Attachment, Proposal
from bot.proposals import doc_kit as kit
from bot.proposals.register import (
    ProposalRow,
    basis_label,
    evaluation_outcome,
    status_label,
)
from bot.texts.documents import (
    DOC_ATTACHMENTS,
    DOC_EMPTY,
    DOC_EVALUATION_LABELS,
    DOC_FIELD,
    DOC_HEAD_VOTE_LABELS,
    DOC_MOTTO,
    DOC_NATIONAL_NAME,
    DOC_NO_ATTACHMENTS,
    DOC_NUMBER,
    DOC_PART_IMPACT,
    DOC_PART_NEED,
    DOC_PART_SOLUTION,
    DOC_PERIOD,
    DOC_PLACE_DATE,
    DOC_RECORD,
    DOC_RECORD_BASIS,
    DOC_RECORD_DECISION,
    DOC_RECORD_EVALUATION,
    DOC_RECORD_EVALUATION_NOTE,
    DOC_RECORD_HEAD_VOTE,
    DOC_RECORD_MEETING,
    DOC_RECORD_NOT_VOTING,
    DOC_RECORD_PRINTED,
    DOC_RECORD_RESULT,
    DOC_RECORD_REVIEWER,
    DOC_RECORD_STATUS,
    DOC_RECORD_SUPERIOR,
    DOC_SIGNER,
    DOC_SOLUTION_ITEMS,
    DOC_TITLE,
    DOC_UNNAMED_FILE,
    DOC_UNNAMED_PHOTO,
)

# Where the plan looks inside the free-form decision / evaluation dicts, as the action forms
# (action_forms.py) store them: an approval's decision is {"meeting_date": ISO,
# "head_vote": "for" | "against", "votes_for": n, "votes_against": n, "not_voting": n,
# "basis": "majority" | "tie_head" | "head", "comment": text | None} (older approvals may
# lack head_vote and not_voting), or the superior level's own decision {"basis": "superior",
# "decision_date": ISO, "comment": text | None};
# an evaluation is {"level": Evaluation value, "comment": text}. Other keys are ignored.
# The reviewer's comment on the decision (first key holding text wins).
DECISION_NOTE_KEYS: Final = ("comment", "note")
EVALUATION_NOTE_KEYS: Final = ("comment", "note")

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
    kit.aware(generated_at, "generated_at")
    proposal = row.proposal
    plan = proposal.plan if isinstance(proposal.plan, Mapping) else {}
    document = Document()
    _setup_page(document)
    _setup_styles(document)

    _header(document, org_name=kit.safe_text(org_name), unit_name=kit.safe_text(row.unit_name))
    sent = kit.local_time(proposal.created_at, tz)
    place_date = DOC_PLACE_DATE.format(
        place=kit.safe_text(place), day=sent.day, month=sent.month, year=sent.year
    )
    kit.add_line(
        document, place_date, align=WD_ALIGN_PARAGRAPH.RIGHT, italic=True, before=6, after=12
    )

    kit.add_line(document, DOC_TITLE, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=_TITLE_PT)
    name = kit.safe_text(proposal.title) or kit.safe_text(plan.get("title"))
    for text in kit.text_lines(name):
        kit.add_line(document, text, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=_TITLE_PT)
    number = DOC_NUMBER.format(number=kit.safe_text(proposal.number))
    kit.add_line(document, number, align=WD_ALIGN_PARAGRAPH.CENTER, italic=True)
    kit.rule(document.add_paragraph(), width_cm=4.0, box_cm=_TEXT_WIDTH_CM, after=12)

    field = kit.safe_text(proposal.field) or kit.safe_text(plan.get("field"))
    if field:
        paragraph = kit.body(document)
        paragraph.add_run(DOC_FIELD).bold = True
        paragraph.add_run(field.replace("\n", "; "))

    kit.heading(document, DOC_PART_NEED)
    _text_block(document, plan.get("need"))

    kit.heading(document, DOC_PART_SOLUTION)
    for key, label in DOC_SOLUTION_ITEMS:
        kit.subheading(document, label)
        if key == "period":
            kit.body(document).add_run(_period_text(plan.get("period")))
        else:
            _text_block(document, plan.get(key))

    kit.heading(document, DOC_PART_IMPACT)
    _text_block(document, plan.get("impact"))

    kit.heading(document, DOC_ATTACHMENTS)
    names = _attachment_names(proposal, plan)
    if not names:
        kit.body(document).add_run(DOC_NO_ATTACHMENTS)
    for index, file_name in enumerate(names, start=1):
        kit.body(document, indent=False).add_run(f"{index}. {file_name}")

    _signature(document, kit.safe_text(row.proposer_name))
    _record(document, row, generated_at=generated_at, tz=tz)

    _set_properties(document, row, generated_at)
    buffer = io.BytesIO()
    document.save(buffer)
    return kit.stable_zip(buffer.getvalue(), kit.local_time(generated_at, tz))


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
    table = kit.borderless_table(document, (_LEFT_COL_CM, _RIGHT_COL_CM))
    left, right = table.rows[0].cells
    agency = org_name.replace("\n", " ").upper()
    unit = unit_name.replace("\n", " ").upper()
    first = left.paragraphs[0]
    if unit:
        kit.fill(first, agency, align=WD_ALIGN_PARAGRAPH.CENTER, size=12)
        kit.fill(left.add_paragraph(), unit, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=12)
    else:
        kit.fill(first, agency, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=12)
    kit.rule(left.add_paragraph(), width_cm=2.5, box_cm=_LEFT_COL_CM)

    national = right.paragraphs[0]
    kit.fill(national, DOC_NATIONAL_NAME, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=12)
    kit.fill(right.add_paragraph(), DOC_MOTTO, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    kit.rule(right.add_paragraph(), width_cm=6.0, box_cm=_RIGHT_COL_CM)


def _signature(document: DocxDocument, proposer_name: str) -> None:
    kit.add_line(document, "", after=6)
    table = kit.borderless_table(document, (_LEFT_COL_CM, _RIGHT_COL_CM))
    right = table.rows[0].cells[1]
    kit.fill(right.paragraphs[0], DOC_SIGNER, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    for _ in range(3):
        right.add_paragraph()
    name = right.add_paragraph()
    kit.fill(name, proposer_name.replace("\n", " "), align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)


def _record(
    document: DocxDocument, row: ProposalRow, *, generated_at: datetime, tz: ZoneInfo
) -> None:
    """Where the proposal stands, for the file: status, reviewer, decision, evaluation."""
    proposal = row.proposal
    lines = [DOC_RECORD_STATUS.format(status=status_label(proposal.status))]
    reviewer = kit.safe_text(row.reviewer_name).replace("\n", " ")
    if reviewer:
        lines.append(DOC_RECORD_REVIEWER.format(name=reviewer))
    lines.extend(_decision_lines(proposal.decision))
    decision_note = kit.first_text(proposal.decision, DECISION_NOTE_KEYS)
    if decision_note:
        lines.append(DOC_RECORD_DECISION.format(note=decision_note))
    result = kit.safe_text(proposal.result)
    if result:
        lines.append(DOC_RECORD_RESULT.format(text=result))
    outcome = evaluation_outcome(proposal)
    if outcome:
        lines.append(DOC_RECORD_EVALUATION.format(label=DOC_EVALUATION_LABELS[outcome]))
    evaluation_note = kit.first_text(proposal.evaluation, EVALUATION_NOTE_KEYS)
    if evaluation_note:
        lines.append(DOC_RECORD_EVALUATION_NOTE.format(note=evaluation_note))
    printed = kit.local_time(generated_at, tz)
    lines.append(DOC_RECORD_PRINTED.format(time=f"{printed:%H:%M}", day=f"{printed:%d/%m/%Y}"))

    heading = kit.add_line(document, DOC_RECORD, bold=True, italic=True, before=18)
    kit.top_border(heading)
    for line in lines:
        for text in kit.text_lines(line):
            kit.add_line(document, text, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def _decision_lines(decision: Mapping[str, Any] | None) -> list[str]:
    """The superior's decision day or the approval meeting (date and votes), and the basis,
    when the decision records them."""
    if not isinstance(decision, Mapping):
        return []
    lines = []
    decided = _as_date(decision.get("decision_date"))
    if decided is not None:
        lines.append(DOC_RECORD_SUPERIOR.format(day=_vn_date(decided)))
    meeting = _as_date(decision.get("meeting_date"))
    votes_for, votes_against = decision.get("votes_for"), decision.get("votes_against")
    if meeting is not None and isinstance(votes_for, int) and isinstance(votes_against, int):
        lines.append(
            DOC_RECORD_MEETING.format(
                day=_vn_date(meeting), votes_for=votes_for, votes_against=votes_against
            )
        )
    not_voting = decision.get("not_voting")
    if isinstance(not_voting, int) and not_voting:
        lines.append(DOC_RECORD_NOT_VOTING.format(count=not_voting))
    head_vote = DOC_HEAD_VOTE_LABELS.get(str(decision.get("head_vote")))
    if head_vote:
        lines.append(DOC_RECORD_HEAD_VOTE.format(vote=head_vote))
    basis = basis_label(decision)
    if basis:
        lines.append(DOC_RECORD_BASIS.format(basis=basis))
    return lines


def _set_properties(document: DocxDocument, row: ProposalRow, generated_at: datetime) -> None:
    stamp = generated_at.astimezone(UTC).replace(microsecond=0)
    props = document.core_properties
    props.title = (
        f"{kit.safe_text(row.proposal.number)} {kit.safe_text(row.proposal.title)}".replace(
            "\n", " "
        )[: kit.DOCX_MAX_PROPERTY]
    )
    props.subject = DOC_TITLE
    props.author = kit.safe_text(row.proposer_name).replace("\n", " ")[: kit.DOCX_MAX_PROPERTY]
    props.comments = ""
    props.last_modified_by = ""
    props.revision = 1
    props.created = stamp
    props.modified = stamp


# --- Plan values ---


def _text_block(document: DocxDocument, value: object) -> None:
    """One paragraph per line of the user's answer, or a placeholder when there is none."""
    text = kit.safe_text(value)
    for line in kit.text_lines(text) or [DOC_EMPTY]:
        kit.body(document).add_run(line)


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
    text = kit.safe_text(value)
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
        name = kit.safe_text(item.file_name).replace("\n", " ")
        if not name:
            if item.kind == "photo":
                photos += 1
                name = DOC_UNNAMED_PHOTO.format(n=photos)
            else:
                files += 1
                name = DOC_UNNAMED_FILE.format(n=files)
        names.append(name)
    return names
