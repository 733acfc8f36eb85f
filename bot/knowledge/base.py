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
# Typical questions per unit, kept apart from the documents themselves.
QUESTIONS_FILE = "questions.yaml"


class KnowledgeError(Exception):
    """A knowledge file is malformed; the message names the file and line."""


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
    note: str = ""
    chapter: str = ""
    see_also: tuple[str, ...] = ()
    # Typical questions the unit answers, in staff's words (questions.yaml), for search only.
    questions: tuple[str, ...] = ()

    @property
    def ref(self) -> str:
        """ "ND73/Điều 8"."""
        return f"{self.doc}/{self.id}"

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
    return Unit(
        doc=code,
        id=str(raw["id"]).strip(),
        title=str(raw["title"]).strip(),
        kind=str(raw["kind"]),
        confirmed=raw["confirmed"],
        aliases=tuple(str(a).strip() for a in raw["aliases"]),
        summary=str(raw["summary"]).strip(),
        details=str(raw["details"]).strip(),
        note=str(raw.get("note") or "").strip(),
        chapter=str(raw.get("chapter") or "").strip(),
        see_also=tuple(str(s) for s in raw.get("see_also") or ()),
    )
