"""Hỏi đáp: free text and /hoi are questions; /dieu N looks an article up; answer buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot import inputcheck, keyboards, texts
from bot.knowledge.base import Unit
from bot.knowledge.callbacks import ANSWER, FEEDBACK
from bot.knowledge.qa import QAResult
from bot.knowledge.views import View, full_caveats
from handlers.common import reply, reply_long, tracked
from handlers.context import BotContext
from handlers.flows import markup_of
from handlers.registry import command
from handlers.start import own_commands
from handlers.typed import problem_text

MAX_RELATED = 2
# A two-part answer stays one message (Telegram's limit is 4096 characters).
MAX_ANSWER_CHARS = 4000


def answer_markup(result: QAResult) -> dict[str, object] | None:
    """Buttons under an answer: full text, up to two related units, feedback."""
    best = result.answer.best
    if best is None:
        return None
    rows: list[list[keyboards.Button]] = [
        [(texts.BTN_FULL_TEXT, ANSWER.build("f", best.doc, best.key))]
    ]
    others = [hit.unit for hit in result.answer.hits[1:] if hit.unit.ref != best.ref]
    for unit in _dedupe(others)[:MAX_RELATED]:
        rows.append(
            [(texts.related_button(unit.id, unit.title), ANSWER.build("u", unit.doc, unit.key))]
        )
    if result.feedback_tag:
        rows.append(
            [
                (texts.BTN_USEFUL, FEEDBACK.build(result.question_id, 1, result.feedback_tag)),
                (texts.BTN_NOT_USEFUL, FEEDBACK.build(result.question_id, 0, result.feedback_tag)),
            ]
        )
    return keyboards.inline(rows)


def _dedupe(units: list[Unit]) -> list[Unit]:
    seen: set[str] = set()
    kept = []
    for unit in units:
        if unit.ref not in seen:
            seen.add(unit.ref)
            kept.append(unit)
    return kept


def render_view(context: BotContext, view: View, official: str | None) -> str:
    """The short answer of a unit or of one khoản, with every caveat of what it states."""
    unit = view.unit
    citation = context.services.qa.kb.documents[unit.doc].citation
    cite = texts.citation(unit.id, unit.kind, citation)
    if view.clause is None:
        heading = texts.unit_heading(unit.id, unit.title, unit.kind)
    else:
        heading = texts.clause_heading(view.clause, unit.id, unit.title)
        if view.clause_known:
            cite = texts.clause_citation(view.clause, unit.id, citation)
    return texts.answer(
        heading,
        view.text,
        cite,
        confirmed=view.confirmed,
        official=official,
        notes=view.caveats,
        lead="" if view.clause_known else texts.clause_not_held(view.clause or 0, unit.id),
        more_notes=view.more_caveats,
    )


def render_result(context: BotContext, result: QAResult) -> str:
    """An answer: its view, or each part of a question that asks two things."""
    first, *others = result.views
    text = render_view(context, first, result.official)
    for view in others:
        more = f"{text}\n\n{texts.SECOND_PART_LEAD}\n\n{render_view(context, view, None)}"
        text = more if len(more) <= MAX_ANSWER_CHARS else text
    return text


async def answer_question(update: Update, context: BotContext, text: str) -> None:
    """Answer a question typed by the user."""
    checked = inputcheck.check(text)
    if not checked.ok:
        await reply(update, context, problem_text(checked))
        return
    user = update.effective_user
    result = await context.services.qa.ask(user.id if user else None, checked.text)
    if result.answer.best is None:
        await reply(update, context, await _refusal(update, context, result.answer.reason))
        return
    await reply(
        update,
        context,
        render_result(context, result),
        reply_markup=markup_of(answer_markup(result)),
    )


async def _refusal(update: Update, context: BotContext, reason: str) -> str:
    """Why a question got no answer: no such unit, a question about the bot, or not covered."""
    if reason == "no_such_unit":
        return texts.no_such_unit()
    if reason == "unknown_point":
        return texts.point_not_confirmed()
    if reason == "small_talk":
        return texts.SMALL_TALK_REPLY
    if reason == "about_bot":
        return texts.about_the_bot(await own_commands(update, context))
    return texts.not_covered(texts.EXAMPLE_QUESTIONS, reason == "other_document")


@command("hoi")
async def ask_command(update: Update, context: BotContext) -> None:
    """Answer `/hoi <câu hỏi>`."""
    question = " ".join(context.args or [])
    if not question.strip():
        await reply(update, context, texts.ASK_USAGE)
        return
    await answer_question(update, context, question)


@command("dieu")
async def article_command(update: Update, context: BotContext) -> None:
    """Show an article of NĐ73 by number: `/dieu 8`."""
    args = context.args or []
    unit = (
        context.services.qa.article(int(args[0]))
        if len(args) == 1 and args[0].isdigit() and len(args[0]) <= 3
        else None
    )
    if unit is None:
        await reply(update, context, texts.ARTICLE_USAGE)
        return
    await answer_question(update, context, f"điều {unit.id.split()[-1]} nghị định 73")


@tracked("qa_button")
async def unit_button(update: Update, context: BotContext) -> None:
    """Show the full text of a unit, or a related unit's short answer."""
    query = update.callback_query
    assert query is not None
    press = ANSWER.parse(query.data)
    qa = context.services.qa
    unit = qa.unit(press["doc"], press["key"]) if press else None
    if press is None or unit is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    official = await qa.official_wording(unit)
    if press["view"] == "u":
        # Its own "full text" button: the caveats the short answer leaves out are there.
        full = keyboards.inline([[(texts.BTN_FULL_TEXT, ANSWER.build("f", unit.doc, unit.key))]])
        view = render_view(context, qa.unit_view(unit), official)
        await reply(update, context, view, reply_markup=markup_of(full))
        return
    await reply_long(update, context, render_full_text(context, unit, official))


def render_full_text(context: BotContext, unit: Unit, official: str | None) -> str:
    """The whole of a unit: its details, its note and the official wording when imported."""
    document = context.services.qa.kb.documents[unit.doc]
    return texts.full_text(
        texts.unit_heading(unit.id, unit.title, unit.kind),
        unit.details,
        full_caveats(unit),
        texts.citation(unit.id, unit.kind, document.citation),
        official,
    )


@tracked("qa_feedback")
async def feedback_button(update: Update, context: BotContext) -> None:
    """Record 👍 / 👎 on an answer."""
    query = update.callback_query
    assert query is not None
    press = FEEDBACK.parse(query.data)
    ok = press is not None and await context.services.qa.feedback(
        int(press["id"]), query.from_user.id, press["useful"] == "1", press["tag"]
    )
    await query.answer(texts.FEEDBACK_THANKS if ok else texts.STALE_BUTTON)


@command("cauhoi")
async def questions_command(update: Update, context: BotContext) -> None:
    """Show the most asked and the unanswered questions (admins)."""
    stats = await context.services.qa.stats()
    await reply_long(
        update,
        context,
        texts.qa_stats(
            stats.asked,
            stats.answered,
            stats.useful,
            stats.not_useful,
            [(q.text, q.count) for q in stats.top],
            [(q.text, q.count) for q in stats.unanswered],
            30,
        ),
    )


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add the Q&A handlers (free text reaches them through the fallback text handler)."""
    # Feedback first: ANSWER.pattern ("^qa:") matches feedback data too.
    app.add_handler(CallbackQueryHandler(feedback_button, pattern=FEEDBACK.pattern))
    app.add_handler(CallbackQueryHandler(unit_button, pattern=ANSWER.pattern))
