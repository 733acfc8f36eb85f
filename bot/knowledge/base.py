"""The knowledge base: one YAML file per document, loaded and validated at start-up."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from bot.vntext import fold

DOCS = ("ND73", "KL14", "CV2390")
KINDS = ("general", "article", "point", "related")
_REQUIRED = ("id", "title", "kind", "confirmed", "aliases", "summary", "details")
_CLAUSE_KEYS = {"n", "text", "confirmed", "caveats", "when", "__line__"}
# Typical questions per unit, kept apart from the documents themselves.
QUESTIONS_FILE = "questions.yaml"


class KnowledgeError(Exception):
    """A knowledge file is malformed; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class UnitClause:
    """One khoản of an article as the knowledge base explains it, with its own caveats."""

    number: int
    text: str
    # False when the khoản's content is only read from how other articles refer to it.
    confirmed: bool = True
    # What is unconfirmed or only in drafts about the facts of this khoản.
    caveats: tuple[str, ...] = ()
    # Words (folded) that, all present in a question, make it a question about this khoản
    # ("bao ve" for the conditions of protection in Điều 5): one tuple per alternative.
    when: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Unit:
    """One answerable unit: an article, a numbered point, general information, a related text."""

    doc: str
    id: str
    title: str
    kind: str
    confirmed: bool
    aliases: tuple[str, ...]
    summary: str
    details: str
    # Caveats of the unit as a whole: shown with everything the unit says.
    caveats: tuple[str, ...] = ()
    chapter: str = ""
    see_also: tuple[str, ...] = ()
    # Typical questions the unit answers, in staff's words (questions.yaml), for search only.
    questions: tuple[str, ...] = ()
    # Per-khoản content where the facts allow (articles only).
    clauses: tuple[UnitClause, ...] = ()
    # The khoản whose facts the summary states (their caveats go with the short answer);
    # empty means every khoản.
    summary_clauses: tuple[int, ...] = ()

    @property
    def ref(self) -> str:
        """ "ND73/Điều 8"."""
        return f"{self.doc}/{self.id}"

    def clause(self, number: int) -> UnitClause | None:
        """One khoản of the unit, if the knowledge base has its content."""
        return next((c for c in self.clauses if c.number == number), None)

    def summary_caveats(self) -> tuple[str, ...]:
        """The caveats of the facts the short answer states: the unit's and its khoản's."""
        covered = set(self.summary_clauses) or {c.number for c in self.clauses}
        per_clause = [cav for c in self.clauses if c.number in covered for cav in c.caveats]
        return (*self.caveats, *per_clause)

    def all_caveats(self) -> tuple[str, ...]:
        """Every caveat of the unit (the full text states every fact)."""
        return (*self.caveats, *(cav for c in self.clauses for cav in c.caveats))

    def clause_caveats(self, number: int) -> tuple[str, ...]:
        """The caveats shown with one khoản: the unit's and that khoản's."""
        found = self.clause(number)
        return (*self.caveats, *(found.caveats if found else ()))

    @property
    def key(self) -> str:
        """A short ASCII key for callback data: "dieu8", "muc2", "thongtinchung"."""
        return unit_key(self.id)


@dataclass(frozen=True, slots=True)
class Document:
    """One of the three documents."""

    code: str
    name: str
    full_title: str
    citation: str
    aliases: tuple[str, ...]
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class KnowledgeBase:
    """All documents and units, with lookups."""

    documents: dict[str, Document]
    units: tuple[Unit, ...]
    _by_ref: dict[str, Unit] = field(default_factory=dict, repr=False)
    _by_key: dict[tuple[str, str], Unit] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for unit in self.units:
            self._by_ref[unit.ref] = unit
            self._by_key[(unit.doc, unit.key)] = unit

    def get(self, ref: str) -> Unit | None:
        """A unit by "DOC/Unit id"."""
        return self._by_ref.get(ref)

    def by_key(self, doc: str, key: str) -> Unit | None:
        """A unit by document code and ASCII key."""
        return self._by_key.get((doc, key))

    def related(self, unit: Unit) -> list[Unit]:
        """The units a unit points to with see_also."""
        found = []
        for ref in unit.see_also:
            target = self.get(ref if "/" in ref else f"{unit.doc}/{ref}")
            if target is not None:
                found.append(target)
        return found


def unit_key(unit_id: str) -> str:
    """ASCII slug of a unit id."""
    return "".join(ch for ch in fold(unit_id) if ch.isalnum())


class _LineLoader(yaml.SafeLoader):
    """A SafeLoader that remembers the line of every mapping (as key "__line__")."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _mapping_with_line,
)


def load_default() -> KnowledgeBase:
    """Load the knowledge base shipped with the bot."""
    folder = resources.files("bot.knowledge").joinpath("data")
    return load(Path(str(folder)))


def load(folder: Path) -> KnowledgeBase:
    """Load and validate every `*.yaml` file of a folder."""
    documents: dict[str, Document] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name == QUESTIONS_FILE:
            continue
        document = _load_file(path)
        if document.code in documents:
            raise KnowledgeError(f"{path}: document {document.code} defined twice")
        documents[document.code] = document
    missing = [code for code in DOCS if code not in documents]
    if missing:
        raise KnowledgeError(f"{folder}: missing documents {', '.join(missing)}")
    questions = folder / QUESTIONS_FILE
    if questions.exists():
        documents = _with_questions(documents, questions)
    units = tuple(unit for code in DOCS for unit in documents[code].units)
    return KnowledgeBase(documents, units)


def _with_questions(documents: dict[str, Document], path: Path) -> dict[str, Document]:
    """Attach each unit's typical questions from `questions.yaml` ({"ND73/Điều 8": [...]})."""
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path}:1: expected a mapping of unit to questions")
    line = data.pop("__line__", 1)
    refs = {unit.ref for document in documents.values() for unit in document.units}
    for ref, questions in data.items():
        if ref not in refs:
            raise KnowledgeError(f"{path}:{line}: unknown unit {ref!r}")
        if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
            raise KnowledgeError(f"{path}:{line}: the questions of {ref} must be a list of text")
    return {
        code: replace(
            document,
            units=tuple(
                replace(unit, questions=tuple(q.strip() for q in data.get(unit.ref, ())))
                for unit in document.units
            ),
        )
        for code, document in documents.items()
    }


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise KnowledgeError(f"{where}: {getattr(exc, 'problem', exc)}") from None


def _load_file(path: Path) -> Document:
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path}:1: expected a mapping at the top")
    code = data.get("doc")
    if code not in DOCS:
        raise KnowledgeError(f"{path}:{data.get('__line__', 1)}: unknown doc {code!r}")
    for name in ("name", "full_title", "citation", "units"):
        if not data.get(name):
            raise KnowledgeError(f"{path}:{data['__line__']}: missing '{name}'")
    units = tuple(_unit(path, code, raw) for raw in data["units"])
    ids = [unit.id for unit in units]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise KnowledgeError(f"{path}: duplicate unit ids {sorted(duplicates)}")
    return Document(
        code=code,
        name=str(data["name"]),
        full_title=str(data["full_title"]),
        citation=str(data["citation"]),
        aliases=tuple(str(a) for a in data.get("aliases") or ()),
        units=units,
    )


def _unit(path: Path, code: str, raw: Any) -> Unit:
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{path}: every unit must be a mapping")
    line = raw.get("__line__", "?")
    for name in _REQUIRED:
        if name not in raw or raw[name] in (None, ""):
            raise KnowledgeError(f"{path}:{line}: unit is missing '{name}'")
    if raw["kind"] not in KINDS:
        raise KnowledgeError(f"{path}:{line}: unknown kind {raw['kind']!r}")
    if not isinstance(raw["confirmed"], bool):
        raise KnowledgeError(f"{path}:{line}: 'confirmed' must be true or false")
    if not isinstance(raw["aliases"], list):
        raise KnowledgeError(f"{path}:{line}: 'aliases' must be a list")
    if "note" in raw:
        raise KnowledgeError(f"{path}:{line}: 'note' is now 'caveats' (a list of lines)")
    clauses = tuple(_clause(path, line, item) for item in raw.get("clauses") or ())
    numbers = [c.number for c in clauses]
    if len(set(numbers)) != len(numbers):
        raise KnowledgeError(f"{path}:{line}: a khoản is listed twice")
    summary_clauses = tuple(int(n) for n in raw.get("summary_clauses") or ())
    if not set(summary_clauses) <= set(numbers):
        raise KnowledgeError(f"{path}:{line}: 'summary_clauses' names a khoản not listed")
    return Unit(
        doc=code,
        id=str(raw["id"]).strip(),
        title=str(raw["title"]).strip(),
        kind=str(raw["kind"]),
        confirmed=raw["confirmed"],
        aliases=tuple(str(a).strip() for a in raw["aliases"]),
        summary=str(raw["summary"]).strip(),
        details=str(raw["details"]).strip(),
        caveats=_lines(path, line, raw.get("caveats")),
        chapter=str(raw.get("chapter") or "").strip(),
        see_also=tuple(str(s) for s in raw.get("see_also") or ()),
        clauses=clauses,
        summary_clauses=summary_clauses,
    )


def _lines(path: Path, line: object, raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        raise KnowledgeError(f"{path}:{line}: 'caveats' must be a list of text")
    return tuple(" ".join(x.split()) for x in raw)


def _clause(path: Path, unit_line: object, raw: Any) -> UnitClause:
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{path}:{unit_line}: every khoản must be a mapping")
    line = raw.get("__line__", unit_line)
    unknown = set(raw) - _CLAUSE_KEYS
    if unknown:
        raise KnowledgeError(f"{path}:{line}: unknown khoản field(s) {sorted(unknown)}")
    number = raw.get("n")
    if not isinstance(number, int) or not raw.get("text"):
        raise KnowledgeError(f"{path}:{line}: a khoản needs 'n' (a number) and 'text'")
    confirmed = raw.get("confirmed", True)
    if not isinstance(confirmed, bool):
        raise KnowledgeError(f"{path}:{line}: 'confirmed' must be true or false")
    when = raw.get("when") or []
    if not isinstance(when, list) or not all(isinstance(w, str) for w in when):
        raise KnowledgeError(f"{path}:{line}: 'when' must be a list of phrases")
    return UnitClause(
        number=number,
        text=str(raw["text"]).strip(),
        confirmed=confirmed,
        caveats=_lines(path, line, raw.get("caveats")),
        when=tuple(tuple(fold(w).split()) for w in when),
    )
