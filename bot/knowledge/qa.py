"""Hỏi đáp: answer questions, log them for admins, take feedback, quote official texts."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from bot.clock import Clock, to_iso
from bot.knowledge.answer import Answer, Answerer
from bot.knowledge.base import KnowledgeBase, Unit
from bot.knowledge.normalize import canonical
from bot.knowledge.views import View, answer_views, short_view
from storage.db import Database
from storage.questions import LoggedQuestion as LoggedQuestion
from storage.questions import QuestionCount, QuestionLog

_CLAUSE_START = re.compile(r"^\s*(\d{1,2})\.\s")


class OfficialText(Protocol):
    """An imported official unit: its wording as published."""

    @property
    def body(self) -> str:
        """The unit's official wording."""
        ...


class OfficialSource(Protocol):
    """Where imported official wording is kept."""

    async def unit(self, doc: str, unit_id: str) -> OfficialText | None:
        """The official wording of one unit, if imported."""
        ...


FEEDBACK_TAG = 8  # hex characters of the keyed tag in a feedback button


@dataclass(frozen=True, slots=True)
class QAResult:
    """An answer with the id it was logged under and the official wording, when imported."""

    answer: Answer
    question_id: int
    official: str | None
    # What the answer shows, with every caveat of it: one view, or one per part of a question
    # that asks two things.
    views: tuple[View, ...] = ()
    feedback_tag: str = ""  # proves a 👍/👎 press comes from the asker ("" : no feedback)


@dataclass(frozen=True, slots=True)
class QAStats:
    """What /cauhoi shows."""

    asked: int
    answered: int
    useful: int
    not_useful: int
    top: list[QuestionCount]
    unanswered: list[QuestionCount]


class QAService:
    """Questions and answers over the knowledge base."""

    def __init__(
        self,
        *,
        db: Database,
        kb: KnowledgeBase,
        answerer: Answerer,
        questions: QuestionLog,
        official: OfficialSource | None,
        clock: Clock,
        feedback_key: bytes | None = None,
    ) -> None:
        self._db = db
        self.kb = kb
        self._answerer = answerer
        self._questions = questions
        self._official = official
        self._clock = clock
        # Keyed tags let only the asker vote even where the log keeps no asker id.
        self._feedback_key = feedback_key or os.urandom(32)

    async def ask(self, telegram_id: int | None, text: str) -> QAResult:
        """Answer a question and log it (unanswered ones are what admins review).

        Small talk ("xin chào", "cảm ơn", "ok") is answered but not logged: it is no question
        for Phòng Nội vụ to review (question id 0, no feedback).
        """
        answer = self._answerer.ask(text)
        if answer.reason == "small_talk":
            return QAResult(answer, 0, None, (), "")
        best = answer.best
        top = answer.hits[0] if answer.hits else None
        async with self._db.transaction() as conn:
            question_id = await self._questions.add(
                conn,
                telegram_id=telegram_id,
                text=text,
                normalized=canonical(text),
                answered=answer.answered,
                doc=best.doc if best else None,
                unit=best.id if best else None,
                score=top.score if top else None,
                now=to_iso(self._clock.now()),
            )
        official = await self.official_wording(best, answer.clause, text) if best else None
        tag = self.feedback_tag(question_id, telegram_id) if telegram_id is not None else ""
        return QAResult(answer, question_id, official, self.views(answer), tag)

    def feedback_tag(self, question_id: int, telegram_id: int) -> str:
        """A short keyed tag binding a question to the person it was answered for."""
        message = f"{question_id}:{telegram_id}".encode()
        return hmac.new(self._feedback_key, message, hashlib.sha256).hexdigest()[:FEEDBACK_TAG]

    def views(self, answer: Answer) -> tuple[View, ...]:
        """What an answer shows: its unit (or khoản), or each part, with their caveats."""
        return answer_views(answer, self._answerer)

    def unit_view(self, unit: Unit) -> View:
        """The short answer of a unit opened by a button, with its caveats."""
        return short_view(unit)

    def unit(self, doc: str, key: str) -> Unit | None:
        """A unit by document code and ASCII key (from callback data)."""
        return self.kb.by_key(doc, key)

    def article(self, number: int) -> Unit | None:
        """An article of NĐ73 by number (/dieu N)."""
        return self.kb.get(f"ND73/Điều {number}")

    async def official_wording(
        self, unit: Unit, clause: int | None = None, question: str = ""
    ) -> str | None:
        """The imported official text of a unit: the asked clause when one is named."""
        if self._official is None:
            return None
        found = await self._official.unit(unit.doc, unit.id)
        if found is None:
            return None
        if clause is None:
            return found.body
        return pick_clause(found.body, clause) or found.body

    async def feedback(self, question_id: int, telegram_id: int, useful: bool, tag: str) -> bool:
        """Record feedback; False unless the presser is the person who asked (the tag says so).

        A question kept without its asker's id keeps its vote without an id too (one per
        question, since only the asker may vote).
        """
        if not hmac.compare_digest(tag, self.feedback_tag(question_id, telegram_id)):
            return False
        stored = await self._questions.asked_by(question_id)
        voter = telegram_id if stored == telegram_id else 0
        async with self._db.transaction() as conn:
            await self._questions.set_feedback(
                conn, question_id, voter, useful, to_iso(self._clock.now())
            )
        return True

    async def question_log(self, days: int = 90, limit: int = 10_000) -> list[LoggedQuestion]:
        """Questions of recent days, newest first, for admins to review (/xuat cauhoi)."""
        since = to_iso(self._clock.now() - timedelta(days=days))
        return await self._questions.recent(since, limit)

    async def stats(self, days: int = 30, limit: int = 10) -> QAStats:
        """Most asked and unanswered questions over recent days."""
        since = to_iso(self._clock.now() - timedelta(days=days))
        asked, answered, useful, not_useful = await self._questions.totals(since)
        return QAStats(
            asked=asked,
            answered=answered,
            useful=useful,
            not_useful=not_useful,
            top=await self._questions.top(answered=None, since=since, limit=limit),
            unanswered=await self._questions.top(answered=False, since=since, limit=limit),
        )


def pick_clause(body: str, clause: int) -> str | None:
    """The lines of one numbered clause ("2. ...") of an article's official text."""
    lines = body.splitlines()
    start = None
    for index, line in enumerate(lines):
        match = _CLAUSE_START.match(line)
        if match and int(match.group(1)) == clause:
            start = index
        elif match and start is not None:
            return "\n".join(lines[start:index]).strip()
    return "\n".join(lines[start:]).strip() if start is not None else None
