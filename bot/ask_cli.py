"""`python -m bot ask`: answer questions from the shell (JSON for admins and graders)."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any, TextIO

from bot import texts
from bot.config import Settings
from bot.knowledge.answer import Answer, Answerer
from bot.knowledge.base import load_default
from bot.knowledge.views import answer_views

MAX_RESULTS = 5


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `ask`."""
    parser.add_argument("question", nargs="*", help=texts.CLI_ASK_QUESTION)
    parser.add_argument("--json", action="store_true", help=texts.CLI_ASK_JSON)


def official_refs(database: Path) -> set[str]:
    """Units whose official text was imported ("ND73/Điều 8"), read-only; empty if no DB."""
    if not database.exists():
        return set()
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
            rows = conn.execute("SELECT doc, unit FROM official_units").fetchall()
    except sqlite3.Error:
        return set()
    return {f"{doc}/{unit}" for doc, unit in rows}


def as_json(answer: Answer, official: set[str], answerer: Answerer) -> dict[str, Any]:
    """The JSON object of one answered (or refused) question.

    "clause" is there when the answer is at khoản level; "caveats" are those the answer shows
    (of every part, for a question that asks two things, with "parts" naming them).
    """
    views = answer_views(answer, answerer)
    data: dict[str, Any] = {
        "query": answer.question,
        "answered": answer.answered,
        "reason": answer.reason,
    }
    if views and views[0].clause is not None:
        data["clause"] = views[0].clause
        data["clause_confirmed"] = views[0].clause_known and views[0].confirmed
    if answer.parts:
        data["parts"] = [
            {"doc": p.unit.doc, "unit": p.unit.id, **({"clause": p.clause} if p.clause else {})}
            for p in answer.parts
        ]
    data["caveats"] = [caveat for view in views for caveat in view.caveats]
    data["results"] = [
        {
            "doc": hit.unit.doc,
            "unit": hit.unit.id,
            "title": hit.unit.title,
            "score": hit.score,
            "confirmed": hit.unit.confirmed,
            "source": "official" if hit.unit.ref in official else "builtin",
        }
        for hit in answer.hits[:MAX_RESULTS]
    ]
    return data


def as_text(answer: Answer) -> str:
    """A readable answer for a terminal."""
    best = answer.best
    if best is None:
        return texts.CLI_ASK_NOT_COVERED
    return f"{best.ref} — {best.title}\n{best.summary}"


def run(args: argparse.Namespace, settings: Settings, stdin: TextIO = sys.stdin) -> int:
    """Answer the question given, or one question per stdin line."""
    answerer = Answerer(load_default())
    official = official_refs(settings.database_path)
    questions = [" ".join(args.question)] if args.question else stdin
    use_json = args.json or not args.question
    for line in questions:
        question = line.strip()
        if not question:
            continue
        answer = answerer.ask(question)
        if use_json:
            print(json.dumps(as_json(answer, official, answerer), ensure_ascii=False), flush=True)
        else:
            print(as_text(answer))
    return 0
