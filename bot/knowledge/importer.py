"""Parse the official text of NĐ73, KL14 and letter 2390 into units the bot can quote.

A decree is read as chapters (Chương I …), optional sections (Mục 1 …) and articles (Điều 1 …)
with their clauses (khoản "1.") and points (điểm "a)"). A conclusion or letter has no articles:
its top-level numbered points ("1.", "1-", or Roman "I.") become units "Mục N", the text before
them is the preamble and the recipients/signature block is the closing.

Reading a file into text is `bot.knowledge.extract`; the header's facts are read by
`bot.knowledge.header`; whether the result is the named document is `bot.knowledge.validation`.
"""

from __future__ import annotations

import re
from typing import Final

from bot.knowledge.extract import normalize_text
from bot.knowledge.header import find_date, find_kind, find_number, is_upper
from bot.models.official import (
    Clause,
    Layout,
    ParsedDocument,
    ParsedUnit,
    Point,
    Section,
    spec_for,
)
from bot.vntext import fold

# ---------------------------------------------------------------------------------------------
# Line patterns (matched against stripped, NFC lines)

_SEP = r"[.:\-–]"
_CHAPTER = re.compile(rf"^(?i:chương)\s+([IVXLC]+|\d{{1,2}})(?!\w)\s*({_SEP}?)\s*(.*)$")
_SECTION = re.compile(rf"^(?i:mục)\s+(\d{{1,2}}|[IVX]+)(?!\w)\s*({_SEP}?)\s*(.*)$")
_ARTICLE = re.compile(rf"^(?i:điều)\s+(\d{{1,3}})\s*(?:{_SEP}\s*(.*))?$")
_CLAUSE = re.compile(r"^(\d{1,2})\s*\.(?!\d)\s*(\S.*)$")
_CLAUSE_OR_DASH = re.compile(r"^(\d{1,2})\s*(?:\.(?!\d)|[-–](?=\s))\s*(\S.*)$")
_POINT = re.compile(r"^([a-zđ])\s*\)\s*(\S.*)$")
_TOP_POINT = re.compile(r"^(\d{1,2})\s*(?:\.(?!\d)|[-–)](?=\s))\s*(\S.*)$")
_ROMAN_PART = re.compile(r"^([IVX]{1,6})\s*[.\-–]\s*(.*)$")
_SUB_POINT = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?\s+(\S.*)$")

# Vietnamese điểm letters in order (no f, j, w, z; đ after d).
_LETTERS: Final = "abcdđeghiklmnopqrstuvxy"

# Closing block: recipients, or a signature line ("TM. CHÍNH PHỦ", "KT. CHỦ TỊCH", "T/M …").
_RECIPIENTS = re.compile(r"^(?i:nơi nhận)\s*(?::|$)")
_SIGNATURE = re.compile(r"^(?:TM|T/M|KT|K/T|TL|T/L|TUQ)\s*(?:[.:]\s*|\s+)(\S.*)$")
_SIGNER_TITLES: Final = frozenset({"thu tuong", "pho thu tuong", "chu tich", "pho chu tich"})

_SENTENCE_END: Final = ".;:!?…"
_HEADER_LINES: Final = 60
_TITLE_MAX: Final = 120


def _heading(pattern: re.Pattern[str], line: str) -> re.Match[str] | None:
    """Match a chapter/section heading, refusing sentences that merely start with the word."""
    match = pattern.match(line)
    if match is None:
        return None
    separator, rest = match.group(2), match.group(3)
    return match if (not rest or separator or is_upper(rest)) else None


def _is_closing(line: str) -> bool:
    if _RECIPIENTS.match(line):
        return True
    signature = _SIGNATURE.match(line)
    if signature and is_upper(signature.group(1)):
        return True
    return is_upper(line) and fold(line) in _SIGNER_TITLES


def _roman(text: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, char in enumerate(text):
        value = values[char]
        following = values[text[i + 1]] if i + 1 < len(text) else 0
        total += -value if value < following else value
    return total if total > 0 and _to_roman(total) == text else None


def _to_roman(number: int) -> str:
    out = []
    for value, letters in (
        (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
        (4, "IV"), (1, "I"),
    ):  # fmt: skip
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Parsing


def parse_legal(text: str, doc: str) -> ParsedDocument:
    """Parse an official text (as `extract_text` returns it) named as document `doc`."""
    spec_for(doc)
    lines = _lines(text)
    layout, start = _find_start(lines)
    end = len(lines)
    for i in range(start if start is not None else 0, len(lines)):
        if _is_closing(lines[i]):
            end = i
            break
    if start is not None and start >= end:
        layout, start = Layout.NONE, None
    header = lines[: start if start is not None else min(end, _HEADER_LINES)][:_HEADER_LINES]
    closing = lines[end:]
    chapters: list[tuple[str, str]] = []
    sections: list[Section] = []
    units: list[ParsedUnit] = []
    preamble = header if start is not None else lines[:end]
    if layout is Layout.ARTICLES and start is not None:
        extra = _parse_articles(lines[start:end], chapters, sections, units)
        preamble = [*preamble, *extra]
    elif layout is Layout.POINTS and start is not None:
        units = _parse_points(lines[start:end])
    number = find_number(header)
    found_date = find_date(header) or find_date(closing)
    return ParsedDocument(
        doc=doc,
        layout=layout,
        number=number,
        date=found_date[0] if found_date else None,
        date_line=found_date[1] if found_date else None,
        kind=find_kind(header),
        chapters=tuple(chapters),
        units=tuple(units),
        preamble="\n".join(preamble),
        closing="\n".join(closing),
        sections=tuple(sections),
    )


def header_of(text: str) -> list[str]:
    """The header lines of a text: those before its first structural line, at most 60."""
    lines = _lines(text)
    _, start = _find_start(lines)
    return lines[: start if start is not None else _HEADER_LINES][:_HEADER_LINES]


def _lines(text: str) -> list[str]:
    lines = [line.strip() for line in normalize_text(text).split("\n")]
    return [line for line in lines if line]


def _find_start(lines: list[str]) -> tuple[Layout, int | None]:
    """Return the layout and the index of the first structural line."""
    for i, line in enumerate(lines):
        if _ARTICLE.match(line):
            # The first chapter heading before the first article starts the structure.
            for j in range(i):
                if _heading(_CHAPTER, lines[j]) or _heading(_SECTION, lines[j]):
                    return Layout.ARTICLES, j
            return Layout.ARTICLES, i
    roman = [i for i, line in enumerate(lines) if _roman_part(line) == 1]
    for i in roman:
        if any(_roman_part(line) == 2 for line in lines[i + 1 :]):
            return Layout.POINTS, i
    for i, line in enumerate(lines):
        match = _TOP_POINT.match(line)
        if match and int(match.group(1)) == 1:
            return Layout.POINTS, i
    return Layout.NONE, None


def _roman_part(line: str) -> int | None:
    match = _ROMAN_PART.match(line)
    return _roman(match.group(1)) if match else None


def _parse_articles(
    lines: list[str],
    chapters: list[tuple[str, str]],
    sections: list[Section],
    units: list[ParsedUnit],
) -> list[str]:
    """Fill chapters, sections and units from the structured part; return stray lead lines."""
    chapter: str | None = None
    section: str | None = None
    # The open chapter/section heading: is it a chapter, its number, its title lines.
    heading: tuple[bool, str, list[str]] | None = None
    article: tuple[int, list[str]] | None = None  # number, [title, body lines …]
    stray: list[str] = []

    def close() -> None:
        nonlocal heading, article
        if heading is not None:
            is_chapter, number, title = heading
            if is_chapter:
                chapters.append((number, " ".join(title)))
            else:
                sections.append(Section(chapter, number, " ".join(title)))
            heading = None
        if article is not None:
            units.append(_article_unit(article[0], article[1], chapter, section))
            article = None

    for line in lines:
        chapter_match = _heading(_CHAPTER, line)
        section_match = None if chapter_match else _heading(_SECTION, line)
        article_match = None if chapter_match or section_match else _ARTICLE.match(line)
        if chapter_match:
            close()
            chapter, section = chapter_match.group(1), None
            rest = chapter_match.group(3)
            heading = (True, chapter, [rest] if rest else [])
        elif section_match:
            close()
            section = section_match.group(1)
            rest = section_match.group(3)
            heading = (False, section, [rest] if rest else [])
        elif article_match:
            close()
            article = (int(article_match.group(1)), [(article_match.group(2) or "").strip()])
        elif article is not None:
            article[1].append(line)
        elif heading is not None:
            heading[2].append(line)
        else:
            stray.append(line)
    close()
    return stray


def _article_unit(
    number: int, lines: list[str], chapter: str | None, section: str | None
) -> ParsedUnit:
    title, body = lines[0], lines[1:]
    # Title on the next line ("Điều 5" alone), or wrapped onto it (PDF): lowercase start.
    if body and not _CLAUSE.match(body[0]) and not _POINT.match(body[0]):
        if not title and len(body[0]) <= 2 * _TITLE_MAX:
            title, body = body[0], body[1:]
        elif title and title[-1] not in _SENTENCE_END and body[0][:1].islower():
            title, body = f"{title} {body[0]}", body[1:]
    body = _reflow(body)
    return ParsedUnit(
        id=f"Điều {number}",
        number=number,
        title=title,
        chapter=chapter,
        section=section,
        body="\n".join(body),
        clauses=_clauses(body, _CLAUSE),
    )


def _parse_points(lines: list[str]) -> list[ParsedUnit]:
    """Split the structured part of a conclusion or letter into units "Mục N"."""
    roman = _roman_part(lines[0]) == 1
    starts: list[tuple[int, int, str]] = []  # line index, number, text after the marker
    expected = 1
    for i, line in enumerate(lines):
        if roman:
            match = _ROMAN_PART.match(line)
            number = _roman(match.group(1)) if match else None
        else:
            match = _TOP_POINT.match(line)
            number = int(match.group(1)) if match else None
        # Numbering goes up by one (one missing number is tolerated and reported as a gap);
        # a list restarting at 1 inside a point is that point's text.
        if number is not None and (number == expected or (starts and number == expected + 1)):
            assert match is not None
            starts.append((i, number, match.group(2).strip()))
            expected = number + 1
    units: list[ParsedUnit] = []
    for k, (i, number, first) in enumerate(starts):
        stop = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        rest = lines[i + 1 : stop]
        title = ""
        if rest and _heading_like(first):
            title = first.rstrip(":").rstrip()
            body = rest
        else:
            body = [first, *rest] if first else rest
        body = _reflow(body)
        clauses = (
            _clauses(body, _CLAUSE_OR_DASH)
            if roman
            else _clauses(body, re.compile(rf"^{number}\.(\d{{1,2}})\.?\s+(\S.*)$"))
        )
        units.append(
            ParsedUnit(
                id=f"Mục {number}",
                number=number,
                title=title,
                chapter=None,
                section=None,
                body="\n".join(body),
                clauses=clauses,
            )
        )
    return units


def _heading_like(text: str) -> bool:
    return 0 < len(text) <= _TITLE_MAX and text[-1] not in ".;,"


def _reflow(lines: list[str]) -> list[str]:
    """Join lines a PDF wrapped mid-sentence: no sentence end before, lowercase start after."""
    out: list[str] = []
    for line in lines:
        if (
            out
            and out[-1][-1] not in _SENTENCE_END
            and line[:1].islower()
            and not _POINT.match(line)
        ):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _clauses(lines: list[str], numbered: re.Pattern[str]) -> tuple[Clause, ...]:
    """Group body lines into numbered clauses and lettered points, in strict sequence."""
    clauses: list[tuple[int, list[str], list[tuple[str, list[str]]]]] = []
    lead: list[str] = []
    for line in lines:
        clause = numbered.match(line)
        if clause and int(clause.group(1)) == (clauses[-1][0] + 1 if clauses else 1):
            clauses.append((int(clause.group(1)), [clause.group(2)], []))
            continue
        point = _POINT.match(line)
        if point:
            points = clauses[-1][2] if clauses else []
            following = _LETTERS.index(points[-1][0]) + 1 if points else 0
            if following < len(_LETTERS) and point.group(1) == _LETTERS[following]:
                if not clauses:
                    clauses.append((0, lead, points))
                points.append((point.group(1), [point.group(2)]))
                continue
        if clauses and clauses[-1][2]:
            clauses[-1][2][-1][1].append(line)
        elif clauses and clauses[-1][0] != 0:
            clauses[-1][1].append(line)
        else:
            lead.append(line)
    return tuple(
        Clause(
            number=number,
            text="\n".join(text),
            points=tuple(Point(letter, "\n".join(body)) for letter, body in points),
        )
        for number, text, points in clauses
    )
