"""Units: the shipped example list, CSV import (all or nothing) and admin edits.

A CSV sent in chat is untrusted: `read_csv` parses it in a limited child process
(`bot.sandbox`) and checks every row of the answer again before the import writes anything.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import aiosqlite

from bot import inputcheck, texts
from bot.authority import Authority
from bot.clock import Clock, to_iso
from bot.models.outcomes import Ok, Reason, Refused
from bot.models.people import ADMIN_ONLY, LEADERSHIP, OrgUnit
from bot.sandbox import SandboxFailed, run_limited
from bot.vntext import fold
from storage.audit import AuditLog
from storage.db import Database
from storage.units import UnitRepository

KINDS = {"agency", "ward", "commune", LEADERSHIP}
# Spellings admins may use for a kind, in the CSV and in /donvi (folded: no diacritics, no
# spaces, so "Lãnh đạo thành phố" and "lanhdaothanhpho" are one).
_KIND_ALIASES = {
    **{kind: kind for kind in KINDS},
    "coquan": "agency",
    "phong": "agency",
    "phuong": "ward",
    "xa": "commune",
    "lanhdao": LEADERSHIP,
    "lanhdaocaptren": LEADERSHIP,
    "captren": LEADERSHIP,
    "lanhdaothanhpho": LEADERSHIP,
    "lanhdaotinh": LEADERSHIP,
    "ldtp": LEADERSHIP,
}
_HEADERS = {
    "code": "code",
    "ma": "code",
    "mã": "code",
    "name": "name",
    "ten": "name",
    "tên": "name",
    "kind": "kind",
    "loai": "kind",
    "loại": "kind",
}
_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,31}$")
MAX_CSV_BYTES = 512 * 1024
# Limits of parsing one uploaded CSV in its child process.
PARSE_SECONDS: float = 30.0
PARSE_MEMORY: int = 256 * 1024 * 1024
_MAX_ERROR_TEXT = 300

logger = logging.getLogger(__name__)

# Why what waited on a reviewer moved (the key of the sentence the former reviewer is told).
CAUSE_ROLE = "role"  # a person's role, unit, headship or account status changed
CAUSE_IN_CHARGE = "in_charge"  # the field or units a superior-level leader is in charge of
CAUSE_LEVEL = "level"  # a unit became or stopped being the leadership unit, or was (de)activated

# Called, inside the change's transaction, when the superior level may have changed, so what
# waits there is routed again: (connection, the admin who made the change or None for the
# system, the cause).
SuperiorHook = Callable[[aiosqlite.Connection, int | None, str], Awaitable[object]]

# Details of refusals, for the handler to pick its sentence.
BAD_CODE = "bad_code"
BAD_KIND = "bad_kind"
BAD_NAME = "bad_name"
NO_SUCH_UNIT = "no_such_unit"
CODE_TAKEN = "code_taken"


def kind_of(text: str) -> str | None:
    """The kind an admin means ("lanhdao", "Lãnh đạo thành phố", "ward", …), or None."""
    return _KIND_ALIASES.get(fold(text).replace(" ", ""))


@dataclass(frozen=True, slots=True)
class UnitRow:
    """One valid CSV row."""

    line: int
    code: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class ParsedCsv:
    """Valid rows and the problems found, by line number."""

    rows: tuple[UnitRow, ...]
    errors: tuple[tuple[int, str], ...]


def parse_csv(data: bytes) -> ParsedCsv:
    """Parse a units CSV (UTF-8, header code,name[,kind]); report bad rows by line."""
    if len(data) > MAX_CSV_BYTES:
        return ParsedCsv((), ((0, texts.CSV_TOO_BIG),))
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ParsedCsv((), ((0, texts.CSV_NOT_UTF8),))
    sample = content[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(content), delimiter=delimiter)
    try:
        return _parse_rows(reader)
    except csv.Error as exc:
        # A field over csv's 128 KB limit (an unclosed quote swallowing the file) or damage.
        too_long = "field larger than field limit" in str(exc)
        line = max(reader.line_num, 1)
        return ParsedCsv(
            (), ((line, texts.CSV_FIELD_TOO_LONG if too_long else texts.CSV_MALFORMED),)
        )


def _parse_rows(reader: Any) -> ParsedCsv:
    header = next(reader, None)
    columns = [_HEADERS.get(inputcheck.clean(h).lower()) for h in header or []]
    if "code" not in columns or "name" not in columns:
        return ParsedCsv((), ((1, texts.CSV_BAD_HEADER),))
    rows: list[UnitRow] = []
    errors: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        record = {col: inputcheck.clean(v) for col, v in zip(columns, values, strict=False) if col}
        code, name = record.get("code", ""), record.get("name", "")
        given = record.get("kind", "")
        kind = (kind_of(given) or given.lower()) if given else "agency"
        problem = _row_problem(code, name, kind)
        if problem is not None:
            errors.append((line, problem))
        elif code.upper() in seen:
            errors.append((line, texts.csv_duplicate(seen[code.upper()])))
        else:
            seen[code.upper()] = line
            rows.append(UnitRow(line, code.upper(), name, kind))
    if not rows and not errors:
        errors.append((1, texts.CSV_EMPTY))
    return ParsedCsv(tuple(rows), tuple(errors))


def _row_problem(code: str, name: str, kind: str) -> str | None:
    if not _CODE_RE.match(code):
        return texts.CSV_BAD_CODE
    if not 2 <= len(name) <= 150:
        return texts.CSV_BAD_NAME
    if kind not in KINDS:
        return texts.CSV_BAD_KIND
    return None


def parse_csv_job(data: bytes) -> dict[str, list[list[Any]]]:
    """In the child: `parse_csv` as plain lists."""
    parsed = parse_csv(data)
    return {
        "rows": [[row.line, row.code, row.name, row.kind] for row in parsed.rows],
        "errors": [[line, text] for line, text in parsed.errors],
    }


async def read_csv(data: bytes) -> ParsedCsv:
    """Parse an uploaded CSV in a limited child process; check its answer row by row."""
    if len(data) > MAX_CSV_BYTES:
        return ParsedCsv((), ((0, texts.CSV_TOO_BIG),))
    try:
        raw = await run_limited(
            parse_csv_job, data, seconds=PARSE_SECONDS, memory_bytes=PARSE_MEMORY
        )
        return _checked_csv(raw)
    except SandboxFailed:
        return ParsedCsv((), ((0, texts.CSV_TOO_COMPLEX),))
    except (ValueError, TypeError) as exc:
        logger.warning("Units CSV parse came back malformed: %s", exc)
        return ParsedCsv((), ((0, texts.CSV_MALFORMED),))


def _checked_csv(raw: Any) -> ParsedCsv:
    """Rebuild `ParsedCsv` from child data, applying the row rules again."""
    if not isinstance(raw, dict) or set(raw) != {"rows", "errors"}:
        raise ValueError("expected rows and errors")
    rows: list[UnitRow] = []
    seen: set[str] = set()
    for line, code, name, kind in raw["rows"]:
        if not isinstance(line, int) or not all(isinstance(v, str) for v in (code, name, kind)):
            raise TypeError("row of the wrong types")
        if _row_problem(code, name, kind) is not None or code != code.upper() or code in seen:
            raise ValueError(f"row {line} breaks the rules")
        seen.add(code)
        rows.append(UnitRow(line, code, name, kind))
    errors: list[tuple[int, str]] = []
    for line, text in raw["errors"]:
        if not isinstance(line, int) or not isinstance(text, str) or len(text) > _MAX_ERROR_TEXT:
            raise TypeError("error of the wrong types")
        errors.append((line, text))
    return ParsedCsv(tuple(rows), tuple(errors))


class UnitService:
    """Everything admins do with units."""

    def __init__(
        self,
        db: Database,
        units: UnitRepository,
        audit: AuditLog,
        clock: Clock,
        authority: Authority,
    ) -> None:
        self._db = db
        self.units = units
        self._audit = audit
        self._clock = clock
        self._authority = authority
        self.superior_hooks: list[SuperiorHook] = []

    async def _superior_changed(self, conn: aiosqlite.Connection, actor_id: int) -> None:
        """Route again what waits at the superior level (in the change's transaction)."""
        for hook in self.superior_hooks:
            await hook(conn, actor_id, CAUSE_LEVEL)

    async def seed_if_empty(self) -> int:
        """Load the shipped example list on first start; later the admins own the list."""
        if await self.units.count() > 0:
            return 0
        data = resources.files("bot").joinpath("data/units.csv").read_bytes()
        parsed = parse_csv(data)
        async with self._db.transaction() as conn:
            now = to_iso(self._clock.now())
            for row in parsed.rows:
                await self.units.upsert(conn, code=row.code, name=row.name, kind=row.kind, now=now)
        return len(parsed.rows)

    async def import_csv(
        self, actor_id: int, data: bytes, *, replace: bool
    ) -> ParsedCsv | Refused:
        """Import a CSV all or nothing: with any bad row, nothing changes.

        The file is parsed in a limited child process (`read_csv`), which may take a while:
        the actor's standing is read again in the transaction that writes.
        """
        parsed = await read_csv(data)
        if parsed.errors:
            return parsed
        async with self._db.transaction() as conn:
            if not await self._authority.may(actor_id, ADMIN_ONLY):
                return Refused(Reason.NOT_ALLOWED, "units.import")
            now = to_iso(self._clock.now())
            for row in parsed.rows:
                await self.units.upsert(conn, code=row.code, name=row.name, kind=row.kind, now=now)
            removed = 0
            if replace:
                removed = await self.units.deactivate_missing(
                    conn, {row.code for row in parsed.rows}, now
                )
            await self._superior_changed(conn, actor_id)
            await self._audit.add(
                conn,
                actor_id=actor_id,
                action="units.import",
                target="units",
                after={"rows": len(parsed.rows), "replace": replace, "deactivated": removed},
                now=now,
            )
        return parsed

    async def add(
        self, actor_id: int, code: str, name: str, kind: str | None = None
    ) -> Ok[OrgUnit] | Refused:
        """Add a unit (`kind` as an admin types it; an agency when None); refused when the
        code, name or kind breaks its rules, and CONFLICT (CODE_TAKEN) when the code exists:
        adding never renames or reactivates a unit."""
        code = code.strip().upper()
        name = inputcheck.clean(name)
        canonical = "agency" if kind is None else kind_of(kind)
        if not _CODE_RE.match(code):
            return Refused(Reason.INVALID, BAD_CODE)
        if not 2 <= len(name) <= 150:
            return Refused(Reason.INVALID, BAD_NAME)
        if canonical is None:
            return Refused(Reason.INVALID, BAD_KIND)
        async with self._db.transaction() as conn:
            if not await self._authority.may(actor_id, ADMIN_ONLY):
                return Refused(Reason.NOT_ALLOWED, "unit.add")
            before = await self.units.get_by_code(code)
            if before is not None:
                return Refused(Reason.CONFLICT, CODE_TAKEN)
            now = to_iso(self._clock.now())
            unit_id = await self.units.upsert(conn, code=code, name=name, kind=canonical, now=now)
            await self._audit.add(
                conn,
                actor_id=actor_id,
                action="unit.add",
                target=f"unit:{unit_id}",
                before=_unit_dict(before),
                after={"code": code, "name": name, "kind": canonical},
                now=now,
            )
        return Ok(await self._get(unit_id))

    async def rename(self, actor_id: int, code: str, name: str) -> Ok[OrgUnit] | Refused:
        """Rename a unit found by code."""
        name = inputcheck.clean(name)
        async with self._db.transaction() as conn:
            if not await self._authority.may(actor_id, ADMIN_ONLY):
                return Refused(Reason.NOT_ALLOWED, "unit.rename")
            unit = await self.units.get_by_code(code.strip().upper())
            if unit is None:
                return Refused(Reason.NOT_FOUND, NO_SUCH_UNIT)
            if not 2 <= len(name) <= 150:
                return Refused(Reason.INVALID, BAD_NAME)
            now = to_iso(self._clock.now())
            await self.units.rename(conn, unit.id, name, now)
            await self._audit.add(
                conn,
                actor_id=actor_id,
                action="unit.rename",
                target=f"unit:{unit.id}",
                before={"name": unit.name},
                after={"name": name},
                now=now,
            )
        return Ok(await self._get(unit.id))

    async def set_active(self, actor_id: int, code: str, active: bool) -> Ok[OrgUnit] | Refused:
        """Deactivate or reactivate a unit found by code."""
        async with self._db.transaction() as conn:
            if not await self._authority.may(actor_id, ADMIN_ONLY):
                return Refused(
                    Reason.NOT_ALLOWED, "unit.activate" if active else "unit.deactivate"
                )
            unit = await self.units.get_by_code(code.strip().upper())
            if unit is None:
                return Refused(Reason.NOT_FOUND, NO_SUCH_UNIT)
            now = to_iso(self._clock.now())
            await self.units.set_active(conn, unit.id, active, now)
            if unit.kind == LEADERSHIP:
                await self._superior_changed(conn, actor_id)
            await self._audit.add(
                conn,
                actor_id=actor_id,
                action="unit.activate" if active else "unit.deactivate",
                target=f"unit:{unit.id}",
                before={"active": unit.active},
                after={"active": active},
                now=now,
            )
        return Ok(await self._get(unit.id))

    async def set_kind(self, actor_id: int, code: str, kind: str) -> Ok[OrgUnit] | Refused:
        """Change a unit's kind (`kind` as an admin types it: "lanhdao", "phường", …).

        A unit that becomes or stops being a leadership unit changes who receives heads'
        plans: what waits there is routed again in the same transaction.
        """
        canonical = kind_of(kind)
        now = to_iso(self._clock.now())
        async with self._db.transaction() as conn:
            unit = await self.units.get_by_code(code.strip().upper())
            if not await self._authority.may(actor_id, ADMIN_ONLY):
                target = f"unit:{unit.id}" if unit else "units"
                await self._audit.add(
                    conn, actor_id=actor_id, action="denied:unit.kind", target=target, now=now
                )
                return Refused(Reason.NOT_ALLOWED, "unit.kind")
            if unit is None:
                return Refused(Reason.NOT_FOUND, NO_SUCH_UNIT)
            if canonical is None:
                return Refused(Reason.INVALID, BAD_KIND)
            await self.units.set_kind(conn, unit.id, canonical, now)
            if LEADERSHIP in (unit.kind, canonical):
                await self._superior_changed(conn, actor_id)
            await self._audit.add(
                conn,
                actor_id=actor_id,
                action="unit.kind",
                target=f"unit:{unit.id}",
                before={"kind": unit.kind},
                after={"kind": canonical},
                now=now,
            )
        return Ok(await self._get(unit.id))

    async def _get(self, unit_id: int) -> OrgUnit:
        unit = await self.units.get(unit_id)
        assert unit is not None
        return unit


def _unit_dict(unit: OrgUnit | None) -> dict[str, object] | None:
    if unit is None:
        return None
    return {"code": unit.code, "name": unit.name, "active": unit.active}
