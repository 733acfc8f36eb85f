"""The official texts the bot can quote, as parsed: documents, units, clauses and points.

`DocSpec` says what is known of each of the three documents (NĐ73, KL14, letter 2390);
`ParsedDocument` is one parsed text, stored as JSON through `to_payload`/`from_payload`.
The parser that builds these lives in `bot/knowledge/importer.py`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

# ---------------------------------------------------------------------------------------------
# The three documents


@dataclass(frozen=True, slots=True)
class DocSpec:
    """What is known of one document's identity and shape."""

    code: str
    number: str  # as printed, e.g. "73/2023/NĐ-CP"
    kind: str | None  # folded type heading ("nghi dinh"); a letter has none
    year: int
    articles: bool  # structured as Điều (decree) rather than numbered points
    min_units: int  # fewer units than this is not the whole document
    expected_units: int | None = None
    expected_chapters: int | None = None


SPECS: Final[dict[str, DocSpec]] = {
    "ND73": DocSpec("ND73", "73/2023/NĐ-CP", "nghi dinh", 2023, True, 5, 24, 5),
    "KL14": DocSpec("KL14", "14-KL/TW", "ket luan", 2021, False, 2),
    "CV2390": DocSpec("CV2390", "2390/UBND-NV", None, 2024, False, 2),
}
DOCS: Final = tuple(SPECS)


def spec_for(doc: str) -> DocSpec:
    """Return the spec of a document code; raise ValueError for an unknown one."""
    try:
        return SPECS[doc]
    except KeyError:
        raise ValueError(f"unknown document {doc!r}; expected one of {DOCS}") from None


# ---------------------------------------------------------------------------------------------
# Parsed structure


class Layout(StrEnum):
    """How a text is divided."""

    ARTICLES = "articles"  # Điều N
    POINTS = "points"  # top-level numbered points, units "Mục N"
    NONE = "none"  # nothing recognisable


@dataclass(frozen=True, slots=True)
class Point:
    """One điểm of a clause: letter ("a", "đ") and its wording."""

    letter: str
    text: str


@dataclass(frozen=True, slots=True)
class Clause:
    """One khoản: its number and wording, and its điểm.

    Number 0 holds điểm that come straight under a unit, before any numbered khoản; its text is
    the lead-in sentence.
    """

    number: int
    text: str
    points: tuple[Point, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedUnit:
    """One quotable unit: "Điều 8" of a decree or "Mục 2" of a conclusion or letter.

    `body` is the official wording under the heading, one line per paragraph; `title` is the
    heading's text ("" when the unit has none). `chapter` and `section` are numbers as printed
    ("II", "1"); see `ParsedDocument.chapters` and `.sections` for their titles.
    """

    id: str
    number: int
    title: str
    chapter: str | None
    section: str | None
    body: str
    clauses: tuple[Clause, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    """A "Mục" grouping articles inside a chapter of a decree."""

    chapter: str | None
    number: str
    title: str


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an admin should see before applying an import."""

    chapters: int
    units: int
    first: str | None
    last: str | None
    gaps: tuple[int, ...]  # unit numbers missing between 1 and the highest found
    duplicates: tuple[int, ...]  # unit numbers found more than once
    expected_units: int | None = None
    expected_chapters: int | None = None

    @property
    def count_differs(self) -> bool:
        """True when the document is known to have another number of units or chapters."""
        return (self.expected_units is not None and self.units != self.expected_units) or (
            self.expected_chapters is not None and self.chapters != self.expected_chapters
        )


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """The parsed official text of one document."""

    doc: str
    layout: Layout
    number: str | None  # as printed in the header, e.g. "73/2023/NĐ-CP"
    date: str | None  # ISO date of the header's date line, e.g. "2023-09-29"
    date_line: str | None  # that line as printed: "Hà Nội, ngày 29 tháng 9 năm 2023"
    kind: str | None  # type heading as printed: "NGHỊ ĐỊNH", "KẾT LUẬN"
    chapters: tuple[tuple[str, str], ...]  # (number, title): ("I", "QUY ĐỊNH CHUNG")
    units: tuple[ParsedUnit, ...]
    preamble: str
    closing: str
    sections: tuple[Section, ...] = ()

    def summary(self) -> ImportSummary:
        """Count chapters and units and find missing or repeated unit numbers."""
        numbers = [unit.number for unit in self.units]
        counts = Counter(numbers)
        present = set(numbers)
        gaps = tuple(n for n in range(1, max(present, default=0) + 1) if n not in present)
        spec = SPECS.get(self.doc)
        return ImportSummary(
            chapters=len(self.chapters),
            units=len(self.units),
            first=self.units[0].id if self.units else None,
            last=self.units[-1].id if self.units else None,
            gaps=gaps,
            duplicates=tuple(sorted(n for n, c in counts.items() if c > 1)),
            expected_units=spec.expected_units if spec else None,
            expected_chapters=spec.expected_chapters if spec else None,
        )

    def unit(self, unit_id: str) -> ParsedUnit | None:
        """Return the first unit with this id ("Điều 8"), if any."""
        return next((unit for unit in self.units if unit.id == unit_id), None)

    def chapter_title(self, number: str | None) -> str | None:
        """Return the title of a chapter by its number."""
        return next((title for num, title in self.chapters if num == number), None)


# ---------------------------------------------------------------------------------------------
# JSON payload (staged imports)

PAYLOAD_VERSION: Final = 1


def to_payload(parsed: ParsedDocument) -> dict[str, Any]:
    """Turn a parsed document into JSON-ready data."""
    return {
        "v": PAYLOAD_VERSION,
        "doc": parsed.doc,
        "layout": parsed.layout.value,
        "number": parsed.number,
        "date": parsed.date,
        "date_line": parsed.date_line,
        "kind": parsed.kind,
        "chapters": [list(chapter) for chapter in parsed.chapters],
        "sections": [[s.chapter, s.number, s.title] for s in parsed.sections],
        "units": [
            {
                "id": unit.id,
                "number": unit.number,
                "title": unit.title,
                "chapter": unit.chapter,
                "section": unit.section,
                "body": unit.body,
                "clauses": [
                    {
                        "number": clause.number,
                        "text": clause.text,
                        "points": [[point.letter, point.text] for point in clause.points],
                    }
                    for clause in unit.clauses
                ],
            }
            for unit in parsed.units
        ],
        "preamble": parsed.preamble,
        "closing": parsed.closing,
    }


def from_payload(data: dict[str, Any]) -> ParsedDocument:
    """Rebuild a parsed document from `to_payload` data."""
    if data.get("v") != PAYLOAD_VERSION:
        raise ValueError(f"unsupported payload version {data.get('v')!r}")
    return ParsedDocument(
        doc=data["doc"],
        layout=Layout(data["layout"]),
        number=data["number"],
        date=data["date"],
        date_line=data["date_line"],
        kind=data["kind"],
        chapters=tuple((str(n), str(t)) for n, t in data["chapters"]),
        sections=tuple(Section(c, str(n), str(t)) for c, n, t in data["sections"]),
        units=tuple(
            ParsedUnit(
                id=unit["id"],
                number=int(unit["number"]),
                title=unit["title"],
                chapter=unit["chapter"],
                section=unit["section"],
                body=unit["body"],
                clauses=tuple(
                    Clause(
                        number=int(clause["number"]),
                        text=clause["text"],
                        points=tuple(Point(str(k), str(t)) for k, t in clause["points"]),
                    )
                    for clause in unit["clauses"]
                ),
            )
            for unit in data["units"]
        ),
        preamble=data["preamble"],
        closing=data["closing"],
    )
