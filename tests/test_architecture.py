"""The code's shape, checked: layer order, no cycles, `telegram` only at the edge, small modules.

The layers are listed lowest first. A module may import its own layer and the layers below it,
never one above. Within a layer, packages may use each other as long as no cycle forms: the
cycle check runs on files and on packages (a feature package such as `bot/proposals` is one
node; each top-level module of `bot/` is its own node). Imports under `TYPE_CHECKING` and
inside functions count: they are dependencies all the same. docs/ARCHITECTURE.md explains why.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "storage")

# Lowest first. A name matches a module and everything under it; the longest match wins.
LAYERS: tuple[tuple[str, ...], ...] = (
    # 0. Ground: values and pure helpers that know nothing of the bot's features.
    (
        "bot.models",
        "bot.clock",
        "bot.vntext",
        "bot.workdays",
        "bot.inputcheck",
        "bot.metrics",
        "bot.ratelimit",
        "bot.logs",
        "bot.sandbox",
        "bot.emulator",
    ),
    # 1. SQL only.
    ("storage",),
    # 2. The kit features are built with: words, settings, buttons, commands, forms, outbox.
    (
        "bot.texts",
        "bot.config",
        "bot.keyboards",
        "bot.commands",
        "bot.callbacks",
        "bot.authority",
        "bot.flows",
        "bot.outbox",
    ),
    # 3. Features others build on.
    ("bot.people", "bot.broadcasts", "bot.knowledge", "bot.ops", "bot.privacy"),
    # 4. Features that route through people.
    ("bot.proposals", "bot.deadlines"),
    # 5. Features that read across the others.
    ("bot.digest", "bot.stats", "bot.health"),
    # 6. Wiring: the services one process shares.
    ("bot.runtime",),
    # 7. Telegram adapters.
    ("handlers",),
    # 8. Entry points.
    (
        "bot.app",
        "bot.runner",
        "bot.cli",
        "bot.ask_cli",
        "bot.kb_cli",
        "bot.playground",
        "bot.__main__",
        "bot",
    ),
)

# Where `telegram` (python-telegram-bot) may be imported.
TELEGRAM_ALLOWED = ("handlers", "bot.app", "bot.runner")
MAX_MODULE_LINES = 500
MAX_HANDLER_LINES = 40


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    tree: ast.Module
    lines: int
    is_package: bool


@dataclass(frozen=True)
class Import:
    source: str
    target: str
    line: int


def load(root: Path) -> dict[str, Module]:
    """Parse every module of the checked packages under `root`."""
    modules: dict[str, Module] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            text = path.read_text(encoding="utf-8")
            name = ".".join(parts)
            modules[name] = Module(name, path, ast.parse(text), len(text.splitlines()), is_package)
    return modules


def imports(module: Module, known: Iterable[str]) -> Iterator[Import]:
    """Every import in the module, resolved to the longest known module name (or as written)."""
    known = set(known)
    for node in ast.walk(module.tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.name.split(".")
                anchor = anchor if module.is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from bot import texts` names a module; `from bot.x import y` names x (or x.y).
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        for name in names:
            yield Import(module.name, resolve(name, known), node.lineno)


def resolve(name: str, known: set[str]) -> str:
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in known:
            return candidate
        parts.pop()
    return name


def layer_of(name: str) -> int | None:
    best: tuple[int, int] | None = None
    for level, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            matches = name == prefix or name.startswith(prefix + ".")
            if matches and (best is None or len(prefix) > best[0]):
                best = (len(prefix), level)
    return None if best is None else best[1]


def node_of(name: str) -> str:
    """The package-level node: `bot.proposals.service` -> `bot.proposals`; `bot.texts` stays."""
    parts = name.split(".")
    return ".".join(parts[:2])


def internal_edges(modules: dict[str, Module]) -> list[Import]:
    edges = []
    for module in modules.values():
        for imp in imports(module, modules):
            if imp.target in modules and imp.target != imp.source:
                edges.append(imp)
    return edges


def upward_imports(modules: dict[str, Module]) -> list[str]:
    found = []
    for imp in internal_edges(modules):
        source, target = layer_of(imp.source), layer_of(imp.target)
        if source is None or target is None:
            found.append(f"{imp.source} or {imp.target} has no layer")
        elif target > source:
            found.append(
                f"{imp.source}:{imp.line} imports {imp.target} (layer {target} > {source})"
            )
    return found


def cycles(edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        if a != b:
            graph.setdefault(a, set()).add(b)
            graph.setdefault(b, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def file_cycles(modules: dict[str, Module]) -> list[list[str]]:
    # A package's __init__ re-exporting its own modules is not a dependency between files.
    return cycles(
        (i.source, i.target)
        for i in internal_edges(modules)
        if not (modules[i.source].is_package and i.target.startswith(i.source + "."))
    )


def package_cycles(modules: dict[str, Module]) -> list[list[str]]:
    return cycles((node_of(i.source), node_of(i.target)) for i in internal_edges(modules))


def telegram_outside_edge(modules: dict[str, Module]) -> list[str]:
    found = []
    for module in modules.values():
        allowed = any(
            module.name == p or module.name.startswith(p + ".") for p in TELEGRAM_ALLOWED
        )
        for imp in imports(module, modules):
            if (imp.target == "telegram" or imp.target.startswith("telegram.")) and not allowed:
                found.append(f"{module.name}:{imp.line} imports {imp.target}")
    return found


def long_modules(modules: dict[str, Module]) -> list[str]:
    return [f"{m.name}: {m.lines} lines" for m in modules.values() if m.lines > MAX_MODULE_LINES]


def handler_lengths(modules: dict[str, Module]) -> dict[str, int]:
    lengths = {}
    for module in modules.values():
        if not module.name.startswith("handlers"):
            continue
        for node in ast.walk(module.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                end = node.end_lineno or node.lineno
                lengths[f"{module.name}.{node.name}"] = end - node.lineno + 1
    return lengths


def problems(root: Path) -> dict[str, list[str]]:
    modules = load(root)
    return {
        "upward": upward_imports(modules),
        "file cycles": [" -> ".join(c) for c in file_cycles(modules)],
        "package cycles": [" -> ".join(c) for c in package_cycles(modules)],
        "telegram": telegram_outside_edge(modules),
        "long modules": long_modules(modules),
        "long handlers": [
            f"{name}: {n} lines"
            for name, n in handler_lengths(modules).items()
            if n > MAX_HANDLER_LINES
        ],
    }


# --- The checks on this repository ------------------------------------------------------------

REPO = problems(ROOT)


@pytest.mark.parametrize("kind", sorted(REPO))
def test_repository_keeps_its_shape(kind: str) -> None:
    assert REPO[kind] == []


def test_every_module_has_a_layer() -> None:
    assert [m for m in load(ROOT) if layer_of(m) is None] == []


# --- The checks check: a tree with each fault in it is caught ---------------------------------


def _tree(root: Path, files: dict[str, str]) -> Path:
    for package in PACKAGES:
        (root / package).mkdir(parents=True, exist_ok=True)
        (root / package / "__init__.py").write_text("")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_a_clean_tree_passes(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "bot/models/__init__.py": "",
            "bot/models/people.py": "X = 1\n",
            "storage/users.py": "from bot.models.people import X\n",
            "handlers/start.py": "import telegram\nfrom storage import users\n",
        },
    )
    assert all(found == [] for found in problems(root).values())


def test_storage_importing_a_feature_is_caught(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "bot/proposals/__init__.py": "",
            "bot/proposals/service.py": "X = 1\n",
            "storage/proposals.py": "from bot.proposals.service import X\n",
        },
    )
    assert problems(root)["upward"] == [
        "storage.proposals:1 imports bot.proposals.service (layer 4 > 1)"
    ]


def test_a_cycle_is_caught(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "handlers/a.py": "from handlers import b\n",
            "handlers/b.py": "def f():\n    from handlers.a import g\n",
        },
    )
    found = problems(root)
    assert found["file cycles"] == ["handlers.a -> handlers.b"]


def test_a_package_cycle_is_caught(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "bot/people/__init__.py": "",
            "bot/people/a.py": "from bot.knowledge.b import Y\nX = 1\n",
            "bot/knowledge/__init__.py": "",
            "bot/knowledge/b.py": "Y = 1\n",
            "bot/knowledge/c.py": "from bot.people.a import X\n",
        },
    )
    found = problems(root)
    assert found["file cycles"] == []
    assert found["package cycles"] == ["bot.knowledge -> bot.people"]


def test_telegram_in_domain_code_and_long_code_are_caught(tmp_path: Path) -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(45))
    root = _tree(
        tmp_path,
        {
            "bot/models/__init__.py": "from telegram import Update\n",
            "bot/vntext.py": "X = 1\n" * 501,
            "handlers/long.py": f"def handle():\n{body}",
        },
    )
    found = problems(root)
    assert found["telegram"] == ["bot.models:1 imports telegram"]
    assert found["long modules"] == ["bot.vntext: 501 lines"]
    assert found["long handlers"] == ["handlers.long.handle: 46 lines"]
