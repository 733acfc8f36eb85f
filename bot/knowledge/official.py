"""Importing the official text of a document: extract, parse, check, stage, then apply."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from bot import texts
from bot.clock import Clock
from bot.knowledge.extract import ExtractError, extract_text
from bot.knowledge.importer import (
    ImportRefused,
    Problem,
    detect_doc,
    parse_legal,
    validate,
)
from bot.models.official import DOCS, ImportSummary
from bot.vntext import fold
from storage.db import Database
from storage.official import ImportNotPending, OfficialRepository

# How admins name the documents in a caption or on the command line.
_DOC_NAMES = (
    ("ND73", re.compile(r"\b(?:nd|nghi dinh)\s*73\b|\b73 2023\b")),
    ("KL14", re.compile(r"\b(?:kl|ket luan)\s*14\b|\b14 kl\b")),
    ("CV2390", re.compile(r"\b(?:cv|cong van)\s*2390\b|\b2390\b")),
)


def doc_from_name(text: str) -> str | None:
    """The document a caption names ("NĐ73", "kl 14", "CV2390"), if exactly one."""
    folded = re.sub(r"[^a-z0-9]+", " ", fold(text))
    found = {code for code, pattern in _DOC_NAMES if pattern.search(folded)}
    if len(found) == 1:
        return found.pop()
    upper = text.strip().upper()
    return upper if upper in DOCS else None


@dataclass(frozen=True, slots=True)
class Staged:
    """A parsed file waiting for the admin's confirmation."""

    import_id: int
    doc: str
    file_name: str
    summary: ImportSummary


@dataclass(frozen=True, slots=True)
class Refused:
    """Why a file was not staged: an extraction code or the parser's problems."""

    extract_code: str | None = None
    problems: tuple[Problem, ...] = ()


class OfficialImportService:
    """Stage and apply official texts; callers check that the actor is an admin."""

    def __init__(self, db: Database, repo: OfficialRepository, clock: Clock) -> None:
        self._db = db
        self.repo = repo
        self._clock = clock

    def guess_doc(self, data: bytes, file_name: str) -> str | None:
        """Which document a file is, from its own header (when the caption names none)."""
        try:
            return detect_doc(extract_text(data, file_name))
        except ExtractError:
            return None

    async def stage(
        self, actor_id: int | None, data: bytes, file_name: str, doc: str
    ) -> Staged | Refused:
        """Read and check a file; keep it pending until confirmed."""
        try:
            text = extract_text(data, file_name)
        except ExtractError as exc:
            return Refused(extract_code=str(exc.code))
        parsed = parse_legal(text, doc)
        try:
            summary = validate(parsed, doc)
        except ImportRefused as exc:
            return Refused(problems=tuple(exc.problems))
        async with self._db.transaction() as conn:
            import_id = await self.repo.stage(
                conn,
                doc=doc,
                file_name=file_name[:200],
                sha256=hashlib.sha256(data).hexdigest(),
                parsed=parsed,
                created_by=actor_id,
                now=self._clock.now(),
            )
        return Staged(import_id, doc, file_name, summary)

    async def apply(self, import_id: int) -> int | None:
        """Replace the document's official text atomically; None when not pending any more."""
        try:
            return await self.repo.apply(import_id, now=self._clock.now())
        except ImportNotPending:
            return None

    async def discard(self, import_id: int) -> bool:
        """Drop a staged import."""
        return await self.repo.discard(import_id, self._clock.now())


def describe(result: Staged | Refused) -> str:
    """What an admin is told about a staged (or refused) file, in chat and on the shell."""
    if isinstance(result, Refused):
        if result.extract_code is not None:
            reasons = [texts.IMPORT_EXTRACT_ERRORS.get(result.extract_code, result.extract_code)]
        else:
            reasons = [texts.import_problem(p.code, p.found, p.expected) for p in result.problems]
        return texts.import_refused(reasons)
    s = result.summary
    return texts.import_summary(
        result.doc,
        result.file_name,
        s.chapters,
        s.units,
        s.first,
        s.last,
        s.gaps,
        s.expected_units,
        s.count_differs,
    )
