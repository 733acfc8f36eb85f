"""The facts a document's header states: its number, date, type heading and letterhead.

The parser (`bot.knowledge.importer`) records them on the parsed document; the checks
(`bot.knowledge.validation`) compare them with what is known of the named document.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from bot.models.official import ParsedDocument
from bot.vntext import fold

# Header facts.
_NUMBER = re.compile(
    r"(\d{1,5})\s*(?:/\s*(\d{4})\s*)?[/\-–]\s*([A-ZĐ][A-ZĐ0-9]*(?:\s*[/\-–]\s*[A-ZĐ][A-ZĐ0-9]*)*)"
)
_NUMBER_LINE = re.compile(r"(?:^|\s)Số\s*[:.]?\s*(?=\d)")
_DATE = re.compile(r"(?i:ngày)\s+(\d{1,2})\s+(?i:tháng)\s+(\d{1,2})\s+(?i:năm)\s+(\d{4})")
# Type headings of Vietnamese official documents (folded), standing alone on a header line.
_KINDS: Final = frozenset(
    {
        "nghi dinh", "nghi quyet", "ket luan", "quyet dinh", "chi thi", "thong tu", "luat",
        "phap lenh", "thong bao", "ke hoach", "huong dan", "quy dinh", "giay moi", "bao cao",
        "to trinh", "cong dien", "chuong trinh", "de an", "quy che",
    }
)  # fmt: skip
_LETTERHEAD: Final = (
    "cong hoa xa hoi chu nghia viet nam",
    "doc lap - tu do - hanh phuc",
    "dang cong san viet nam",
)


def is_upper(text: str) -> bool:
    """True for text with letters, all of them capitals (a heading, a signature title)."""
    return any(char.isalpha() for char in text) and text == text.upper()


def _cells(lines: list[str]) -> list[str]:
    # Table cells of a letterhead often arrive on one line, separated by tabs.
    return [cell.strip() for line in lines for cell in line.split("\t") if cell.strip()]


def find_number(header: list[str]) -> str | None:
    """Return the document number printed in the header ("Số: 73/2023/NĐ-CP", "14-KL/TW")."""
    cells = _cells(header)
    for cell in cells:
        prefix = _NUMBER_LINE.search(cell)
        if prefix:
            match = _NUMBER.match(cell, prefix.end())
            if match:
                return _display_number(match)
    for cell in cells:
        match = _NUMBER.fullmatch(cell)
        if match:
            return _display_number(match)
    return None


def _display_number(match: re.Match[str]) -> str:
    return re.sub(r"\s+", "", match.group(0)).replace("–", "-")


def canonical_number(number: str) -> str:
    """Fold a document number for comparison: "73/2023/NĐ-CP" → "73/2023/ND-CP"."""
    return fold(re.sub(r"\s+", "", number).replace("–", "-")).upper()


def find_date(lines: list[str]) -> tuple[str, str] | None:
    """Return (ISO date, printed line) of the first "<Place>, ngày … năm …" line."""
    for cell in _cells(lines):
        for match in _DATE.finditer(cell):
            before = cell[: match.start()].rstrip()
            place = ""
            if before:
                if not before.endswith(","):
                    continue
                words = before[:-1].split()
                taken: list[str] = []
                for word in reversed(words[-4:]):
                    if not (word[:1].isupper() and (len(word) == 1 or word[1:].islower())):
                        break
                    taken.insert(0, word)
                if not taken:
                    continue
                place = " ".join(taken)
            try:
                moment = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
            except ValueError:
                continue
            printed = f"{place}, {match.group(0)}" if place else match.group(0)
            return moment.isoformat(), printed
    return None


def find_kind(header: list[str]) -> str | None:
    for cell in _cells(header):
        if is_upper(cell) and fold(cell) in _KINDS:
            return cell
    return None


def legal_markers(parsed: ParsedDocument) -> int:
    """Count signs of an official document: number, date, letterhead, type, closing, bases."""
    folded = fold(parsed.preamble)
    return sum(
        (
            parsed.number is not None,
            parsed.date is not None,
            any(mark in folded for mark in _LETTERHEAD),
            parsed.kind is not None,
            bool(parsed.closing),
            any(line.startswith(("can cu ", "thuc hien ")) for line in folded.split("\n")),
        )
    )
