"""Whether a parsed text is the official text of the document an admin named.

`check_document`/`validate` refuse what is not the named document with `ProblemCode`s; counts
that differ from what is expected (NĐ73: 24 articles in 5 chapters) are only reported, through
`ParsedDocument.summary()`. `detect_doc` guesses the document from the header alone. Nothing
here is shown to users as is: `bot/texts/knowledge.py` renders it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from bot.knowledge.header import canonical_number, find_date, find_kind, find_number, legal_markers
from bot.knowledge.importer import header_of
from bot.models.official import SPECS, DocSpec, ImportSummary, Layout, ParsedDocument, spec_for
from bot.vntext import fold


class ProblemCode(StrEnum):
    """Why an import is refused."""

    NOT_LEGAL = "not_legal"
    WRONG_DOCUMENT = "wrong_document"
    TOO_FEW_UNITS = "too_few_units"
    DUPLICATE_UNITS = "duplicate_units"


# English descriptions for logs; the Vietnamese wording lives in bot/texts/knowledge.py.
PROBLEM_CODES: Final[dict[ProblemCode, str]] = {
    ProblemCode.NOT_LEGAL: "no articles or numbered points, or no sign of an official document",
    ProblemCode.WRONG_DOCUMENT: "the header names another document (number, type or year)",
    ProblemCode.TOO_FEW_UNITS: "far fewer units than the named document has",
    ProblemCode.DUPLICATE_UNITS: "the same article or point number occurs twice",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason to refuse an import; `found`/`expected` fill in the message."""

    code: ProblemCode
    found: str | None = None
    expected: str | None = None


class ImportRefused(Exception):
    """The text is not an acceptable official text of the named document."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(", ".join(problem.code.value for problem in problems))


def check_document(parsed: ParsedDocument, doc: str) -> list[Problem]:
    """Return the reasons to refuse `parsed` as the official text of `doc` (empty: accept)."""
    spec = spec_for(doc)
    if not parsed.units or (parsed.layout is Layout.POINTS and legal_markers(parsed) == 0):
        return [Problem(ProblemCode.NOT_LEGAL)]
    wrong = _wrong_document(parsed, spec)
    if wrong is not None:
        return [wrong]
    problems: list[Problem] = []
    count = len(parsed.units) if spec.articles == (parsed.layout is Layout.ARTICLES) else 0
    if count < spec.min_units:
        problems.append(
            Problem(ProblemCode.TOO_FEW_UNITS, found=str(count), expected=str(spec.min_units))
        )
    ids = Counter(unit.id for unit in parsed.units)
    repeated = [unit_id for unit_id, times in ids.items() if times > 1]
    if repeated:
        problems.append(Problem(ProblemCode.DUPLICATE_UNITS, found=", ".join(repeated)))
    return problems


def _wrong_document(parsed: ParsedDocument, spec: DocSpec) -> Problem | None:
    def wrong(found: str) -> Problem:
        return Problem(ProblemCode.WRONG_DOCUMENT, found=found, expected=spec.number)

    if parsed.number is not None:
        if canonical_number(parsed.number) != canonical_number(spec.number):
            return wrong(parsed.number)
        return None
    # No number in the header: judge by the type heading, the year, then the layout.
    if parsed.kind is not None and fold(parsed.kind) != spec.kind:
        return wrong(parsed.kind)
    if parsed.date is not None and int(parsed.date[:4]) != spec.year:
        return wrong(parsed.date_line or parsed.date)
    if spec.articles != (parsed.layout is Layout.ARTICLES):
        return wrong(parsed.layout.value)
    return None


def validate(parsed: ParsedDocument, doc: str) -> ImportSummary:
    """Return the summary of an acceptable text; raise ImportRefused otherwise."""
    problems = check_document(parsed, doc)
    if problems:
        raise ImportRefused(problems)
    return parsed.summary()


def detect_doc(text: str) -> str | None:
    """Guess which of the three documents a text is, from its header; None if unsure."""
    header = header_of(text)
    number = find_number(header)
    if number is not None:
        found = canonical_number(number)
        return next(
            (code for code, spec in SPECS.items() if canonical_number(spec.number) == found),
            None,
        )
    kind, found_date = find_kind(header), find_date(header)
    if kind is None or found_date is None:
        return None
    year = int(found_date[0][:4])
    matches = [c for c, s in SPECS.items() if s.kind == fold(kind) and s.year == year]
    return matches[0] if len(matches) == 1 else None
