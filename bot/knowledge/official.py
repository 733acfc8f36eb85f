"""Importing the official text of a document: extract, parse, check, stage, then apply."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from bot.authority import Authority
from bot.clock import Clock
from bot.knowledge.reading import ReadFailed, read_official
from bot.knowledge.validation import ImportRefused, Problem, validate
from bot.models.official import DOCS, ImportSummary
from bot.models.outcomes import Ok, Reason, Refused
from bot.models.people import ADMIN_ONLY
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
class NotStaged:
    """Why a file was not staged: an extraction code or the parser's problems."""

    extract_code: str | None = None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class Applied:
    """A staged import that is now the official text of its document."""

    doc: str
    units: int


class OfficialImportService:
    """Stage and apply official texts.

    Applying and discarding re-check, in their transaction, that the actor is an admin; an
    actor of None is the operator at the shell (`python -m bot kb import`), who owns the file.
    """

    def __init__(
        self, db: Database, repo: OfficialRepository, clock: Clock, authority: Authority
    ) -> None:
        self._db = db
        self.repo = repo
        self._clock = clock
        self._authority = authority

    async def guess_doc(self, data: bytes, file_name: str) -> str | NotStaged | None:
        """Which document a file is, from its own header (when the caption names none).

        None when the header names none; `NotStaged` when the file cannot be read at all.
        The file is read in a limited child process (`bot.knowledge.reading`).
        """
        read = await read_official(data, file_name, None)
        if isinstance(read, ReadFailed):
            return NotStaged(extract_code=str(read.code))
        return read.doc

    async def stage(
        self, actor_id: int | None, data: bytes, file_name: str, doc: str
    ) -> Staged | NotStaged:
        """Read and check a file; keep it pending until confirmed.

        The file is parsed in a limited child process and its answer checked before anything
        is written (`bot.knowledge.reading`).
        """
        read = await read_official(data, file_name, doc)
        if isinstance(read, ReadFailed):
            return NotStaged(extract_code=str(read.code))
        parsed = read.parsed
        assert parsed is not None
        try:
            summary = validate(parsed, doc)
        except ImportRefused as exc:
            return NotStaged(problems=tuple(exc.problems))
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

    async def apply(self, actor_id: int | None, import_id: int) -> Ok[Applied] | Refused:
        """Replace the document's official text atomically; refused when no longer pending."""
        try:
            async with self._db.transaction() as conn:
                if not await self._may(actor_id):
                    return Refused(Reason.NOT_ALLOWED, "official.apply")
                staged = await self.repo.get_import(import_id)
                units = await self.repo.apply(conn, import_id, now=self._clock.now())
        except ImportNotPending:
            return Refused(Reason.STALE, f"import:{import_id}")
        assert staged is not None
        return Ok(Applied(staged.doc, units))

    async def discard(self, actor_id: int | None, import_id: int) -> Ok[int] | Refused:
        """Drop a staged import; refused when it is not pending any more."""
        async with self._db.transaction() as conn:
            if not await self._may(actor_id):
                return Refused(Reason.NOT_ALLOWED, "official.discard")
            if not await self.repo.discard(conn, import_id, self._clock.now()):
                return Refused(Reason.STALE, f"import:{import_id}")
        return Ok(import_id)

    async def _may(self, actor_id: int | None) -> bool:
        return actor_id is None or await self._authority.may(actor_id, ADMIN_ONLY)
