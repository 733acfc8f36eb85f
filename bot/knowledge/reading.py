"""Read an uploaded official text safely: parse it in a limited child, check what comes back.

Uploads are untrusted: a 4 KB PDF can ask for minutes of CPU, a 150 KB .docx for gigabytes,
deep nesting breaks recursive readers. `read_official` runs extraction and parsing in a child
process (`bot.sandbox`) with `PARSE_SECONDS` of wall time and `PARSE_MEMORY` of address space,
and rebuilds the parsed document only from an answer of exactly the expected shape and size.
Nothing is written before that; the service stages the checked result.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Final

from bot.knowledge.extract import MAX_CHARS, ExtractCode, ExtractError, extract_text
from bot.knowledge.importer import parse_legal
from bot.knowledge.validation import detect_doc
from bot.models.official import (
    DOCS,
    PAYLOAD_VERSION,
    Layout,
    ParsedDocument,
    from_payload,
    to_payload,
)
from bot.sandbox import Failure, SandboxFailed, run_limited

logger = logging.getLogger(__name__)

# Limits of one parse (module settings: tests shorten the time).
PARSE_SECONDS: float = 60.0
PARSE_MEMORY: int = 512 * 1024 * 1024

# Shape limits of a parsed document; the three real ones are far below each.
MAX_UNITS: Final = 1000
MAX_CLAUSES: Final = 300
MAX_POINTS: Final = 100
MAX_HEADINGS: Final = 300
MAX_SHORT: Final = 2000  # ids, numbers, layout, dates
MAX_TOTAL_CHARS: Final = 3 * MAX_CHARS  # bodies and clause texts repeat the same words

_TOP_KEYS: Final = frozenset(
    {"v", "doc", "layout", "number", "date", "date_line", "kind"}
    | {"chapters", "sections", "units", "preamble", "closing"}
)
_UNIT_KEYS: Final = frozenset({"id", "number", "title", "chapter", "section", "body", "clauses"})
_CLAUSE_KEYS: Final = frozenset({"number", "text", "points"})


@dataclass(frozen=True, slots=True)
class ReadFailed:
    """The file gave no usable text; `code` says why."""

    code: ExtractCode


@dataclass(frozen=True, slots=True)
class Read:
    """What a file is: the document it names (when asked to detect) or its parse."""

    doc: str | None = None
    parsed: ParsedDocument | None = None


def read_job(data: bytes, file_name: str, doc: str | None) -> dict[str, Any]:
    """In the child: the file's text parsed as `doc`, or the document it is when `doc` is None."""
    try:
        text = extract_text(data, file_name)
    except ExtractError as exc:
        return {"error": exc.code.value}
    if doc is None:
        return {"doc": detect_doc(text)}
    return {"parsed": to_payload(parse_legal(text, doc))}


async def read_official(data: bytes, file_name: str, doc: str | None) -> Read | ReadFailed:
    """Parse an uploaded file as `doc` (or detect which document it is) off the event loop."""
    try:
        raw = await run_limited(
            read_job, data, file_name, doc, seconds=PARSE_SECONDS, memory_bytes=PARSE_MEMORY
        )
    except SandboxFailed as exc:
        crashed = exc.failure is Failure.CRASHED
        return ReadFailed(ExtractCode.UNREADABLE if crashed else ExtractCode.TOO_COMPLEX)
    try:
        return _checked(raw, doc)
    except ValueError as exc:
        logger.warning("Parse of %r came back malformed: %s", file_name[:80], exc)
        return ReadFailed(ExtractCode.UNREADABLE)


def _checked(raw: Any, doc: str | None) -> Read | ReadFailed:
    if not isinstance(raw, dict) or len(raw) != 1:
        raise ValueError("answer is not one field")
    if "error" in raw:
        return ReadFailed(ExtractCode(raw["error"]))
    if doc is None:
        detected = raw.get("doc", "")
        if detected is not None and detected not in DOCS:
            raise ValueError("unknown document detected")
        return Read(doc=detected)
    if "parsed" not in raw:
        raise ValueError("no parse")
    return Read(doc=doc, parsed=check_payload(raw["parsed"], doc))


def check_payload(payload: Any, doc: str) -> ParsedDocument:
    """Rebuild a parsed document from child data of exactly the expected shape.

    Raises:
        ValueError: a missing, extra or mistyped field, an unknown document or layout, or a
            size beyond the limits above.
    """
    budget = _Budget()
    top = _fields(payload, _TOP_KEYS)
    if top["v"] != PAYLOAD_VERSION or top["doc"] != doc:
        raise ValueError("wrong version or document")
    Layout(_text(top["layout"], budget))
    for key in ("number", "date", "kind"):
        _text(top[key], budget, optional=True)
    _text(top["date_line"], budget, optional=True, limit=MAX_CHARS)
    for key in ("preamble", "closing"):
        _text(top[key], budget, limit=MAX_CHARS)
    for chapter in _items(top["chapters"], MAX_HEADINGS):
        _pair(chapter, budget, 2)
    for section in _items(top["sections"], MAX_HEADINGS):
        _pair(section, budget, 3, optional_first=True)
    for unit in _items(top["units"], MAX_UNITS):
        _unit(unit, budget)
    return from_payload(payload)


def _unit(raw: Any, budget: _Budget) -> None:
    unit = _fields(raw, _UNIT_KEYS)
    _number(unit["number"])
    _text(unit["id"], budget)
    _text(unit["title"], budget, limit=MAX_CHARS)
    for key in ("chapter", "section"):
        _text(unit[key], budget, optional=True)
    _text(unit["body"], budget, limit=MAX_CHARS)
    for raw_clause in _items(unit["clauses"], MAX_CLAUSES):
        clause = _fields(raw_clause, _CLAUSE_KEYS)
        _number(clause["number"])
        _text(clause["text"], budget, limit=MAX_CHARS)
        for point in _items(clause["points"], MAX_POINTS):
            _pair(point, budget, 2)


class _Budget:
    """Characters left for the whole document."""

    def __init__(self) -> None:
        self.left = MAX_TOTAL_CHARS

    def spend(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise ValueError("document too large")


def _fields(raw: Any, keys: frozenset[str]) -> dict[str, Any]:
    if not isinstance(raw, dict) or set(raw) != keys:
        raise ValueError(f"expected the fields {sorted(keys)}")
    return raw


def _items(raw: Any, limit: int) -> list[Any]:
    if not isinstance(raw, list) or len(raw) > limit:
        raise ValueError(f"expected a list of at most {limit}")
    return raw


def _number(raw: Any) -> None:
    if not isinstance(raw, int) or isinstance(raw, bool) or not 0 <= raw <= 100_000:
        raise ValueError("expected a small number")


def _text(raw: Any, budget: _Budget, *, optional: bool = False, limit: int = MAX_SHORT) -> str:
    if raw is None and optional:
        return ""
    if not isinstance(raw, str) or len(raw) > limit:
        raise ValueError(f"expected a text of at most {limit} characters")
    budget.spend(len(raw))
    return raw


def _pair(raw: Any, budget: _Budget, size: int, *, optional_first: bool = False) -> None:
    """A list of `size` texts: short labels, then one wording (a title or a point's text)."""
    items = _items(raw, size)
    if len(items) != size:
        raise ValueError(f"expected {size} items")
    for index, item in enumerate(items):
        last = index == size - 1
        optional = optional_first and index == 0
        _text(item, budget, optional=optional, limit=MAX_CHARS if last else MAX_SHORT)
