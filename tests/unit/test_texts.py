"""The texts package: refusal sentences, one record per form step, and clean re-exports."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import bot.texts
from bot import texts
from bot.models.outcomes import Reason
from bot.texts.forms import StepText

MODULES = sorted(info.name for info in pkgutil.iter_modules(bot.texts.__path__))


@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_has_a_sentence(reason: Reason) -> None:
    sentence = texts.refusal(reason)
    assert sentence.strip()
    assert sentence.endswith(".")


def test_not_allowed_reuses_the_existing_sentence() -> None:
    assert texts.refusal(Reason.NOT_ALLOWED) == texts.NOT_ALLOWED


def test_refusal_sentences_differ() -> None:
    sentences = [texts.refusal(reason) for reason in Reason]
    assert len(set(sentences)) == len(sentences)


def _defined(module_name: str) -> set[str]:
    """Public names a texts module declares itself (not the ones it imports)."""
    path = Path(bot.texts.__path__[0]) / f"{module_name}.py"
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
    return {name for name in names if not name.startswith("_")}


@pytest.mark.parametrize("module_name", MODULES)
def test_all_lists_exactly_what_the_module_declares(module_name: str) -> None:
    module = importlib.import_module(f"bot.texts.{module_name}")
    assert sorted(module.__all__) == sorted(_defined(module_name))


def test_no_name_is_declared_twice_and_the_package_exports_all() -> None:
    seen: dict[str, str] = {}
    for module_name in MODULES:
        module = importlib.import_module(f"bot.texts.{module_name}")
        for name in module.__all__:
            assert name not in seen, f"{name} in both {seen[name]} and {module_name}"
            seen[name] = module_name
            assert getattr(texts, name) is getattr(module, name)


def test_step_records_are_complete() -> None:
    records = {name: value for name, value in vars(texts).items() if isinstance(value, StepText)}
    assert len(records) >= 30
    for name, record in records.items():
        assert record.label.strip() and record.prompt.strip(), name


def test_an_example_kept_apart_shows_after_the_hint() -> None:
    assert StepText("A", "B?", "Tối đa 10 ký tự.").shown_hint == "Tối đa 10 ký tự."
    both = StepText("A", "B?", "Tối đa 10 ký tự.", example="abc")
    assert both.shown_hint == "Tối đa 10 ký tự. Ví dụ: abc"
    assert StepText("A", "B?", example="abc").shown_hint == "Ví dụ: abc"
