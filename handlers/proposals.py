"""Đề xuất: /dexuat, /dexuatcuatoi, /duyet and the proposal buttons (pr:<action>:<id>)."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot import keyboards, texts
from bot.models.people import APPROVED_ROLES, Role
from bot.proposals import forms as proposal_flow
from bot.proposals.action_forms import FLOW_FOR_ACTION, PROPOSAL_ID
from bot.proposals.service import CODE_ACTIONS
from handlers.common import reply, tracked
from handlers.context import BotContext
from handlers.flows import markup_of, show
from handlers.registry import command

REVIEWER_ROLES = frozenset({Role.LEADER, Role.ADMIN})
_PRESS = re.compile(r"^pr:([a-z]{2}):(\d{1,12})$")
_DRAFT = re.compile(r"^pr:(dc|dr|dd):(\d{1,12})$")
DIRECT_ACTIONS = frozenset({"withdraw", "resume", "finish"})


@command("dexuat")
async def propose_command(update: Update, context: BotContext) -> None:
    """Start a proposal, or offer to continue a parked draft."""
    user = update.effective_user
    assert user is not None
    services = context.services
    active = await services.flows.active(user.id)
    if active is not None:
        await show(update, context, await services.flows.current(active))
        return
    parked = await services.drafts.latest_parked(user.id, proposal_flow.NAME)
    if parked is not None:
        markup = keyboards.inline(
            [
                [
                    (texts.DRAFT_CONTINUE, f"pr:dc:{parked.id}"),
                    (texts.DRAFT_RESTART, f"pr:dr:{parked.id}"),
                ]
            ]
        )
        await reply(update, context, texts.DRAFT_PARKED_FOUND, reply_markup=markup_of(markup))
        return
    await _start(update, context, user.id)


async def _start(update: Update, context: BotContext, user_id: int) -> None:
    services = context.services
    intro = texts.PROPOSAL_INTRO
    if not await services.proposals.is_canbo(user_id):
        intro = f"{intro}\n\n{texts.PROPOSAL_NOT_CANBO}"
    await show(
        update, context, await services.flows.start(user_id, proposal_flow.NAME, intro=intro)
    )


@tracked("draft_button", roles=APPROVED_ROLES)
async def draft_button(update: Update, context: BotContext) -> None:
    """Continue, restart or reopen a proposal draft."""
    query = update.callback_query
    assert query is not None
    match = _DRAFT.match(query.data or "")
    if match is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    action, draft_id = match.group(1), int(match.group(2))
    engine = context.services.flows
    user_id = query.from_user.id
    if action == "dr":
        await engine.discard_parked(user_id, proposal_flow.NAME)
        await _start(update, context, user_id)
        return
    outcome = await engine.reopen(user_id, draft_id)
    if outcome is None:
        await reply(update, context, texts.STALE_BUTTON)
        return
    await show(update, context, outcome)


@command("dexuatcuatoi")
async def my_proposals_command(update: Update, context: BotContext) -> None:
    """List the user's proposals (and drafts that can be reopened)."""
    user = update.effective_user
    assert user is not None
    services = context.services
    proposals = await services.proposals.mine(user.id)
    drafts = [
        d
        for d in await services.drafts.of_user(user.id, proposal_flow.NAME)
        if d.status.value != "active"
    ]
    if not proposals and not drafts:
        await reply(update, context, texts.PROPOSALS_NONE)
        return
    rows = [
        [(f"{p.number} · {texts.STATUS_LABELS[p.status.value]}", f"pr:op:{p.id}")]
        for p in proposals
    ]
    rows += [
        [(f"📝 {str(d.answers.get('title') or texts.PROPOSAL_TITLE)[:40]}", f"pr:dd:{d.id}")]
        for d in drafts
    ]
    lines = [
        texts.proposal_line(p.number, p.title, p.status.value, services.proposals.due_text(p))
        for p in proposals
    ]
    await reply(
        update,
        context,
        "\n".join(lines) or texts.PROPOSAL_TITLE,
        reply_markup=markup_of(keyboards.inline(rows)),
    )


@command("duyet")
async def review_command(update: Update, context: BotContext) -> None:
    """List what awaits this leader, oldest first, with days left."""
    user = update.effective_user
    assert user is not None
    services = context.services
    waiting = await services.proposals.awaiting(user.id)
    if not waiting:
        await reply(update, context, texts.REVIEW_NONE)
        return
    lines = [texts.review_header(len(waiting))]
    lines += [
        texts.proposal_line(p.number, p.title, p.status.value, services.proposals.due_text(p))
        for p in waiting[:30]
    ]
    rows = [[(f"{p.number}", f"pr:op:{p.id}")] for p in waiting[:30]]
    await reply(update, context, "\n".join(lines), reply_markup=markup_of(keyboards.inline(rows)))


@tracked("proposal_button")
async def proposal_button(update: Update, context: BotContext) -> None:
    """Open a proposal, show its history, or take an action (roles re-checked by the service)."""
    query = update.callback_query
    assert query is not None
    match = _PRESS.match(query.data or "")
    services = context.services
    proposal = await services.proposals.repo.get(int(match.group(2))) if match else None
    if match is None or proposal is None:
        await query.answer(texts.STALE_BUTTON)
        return
    code, user_id = match.group(1), query.from_user.id
    if code in ("op", "hs"):
        if not await services.proposals.may_view(user_id, proposal):
            await query.answer(texts.NOT_ALLOWED, show_alert=True)
            return
        await query.answer()
        if code == "op":
            text, markup = await services.proposals.card(proposal, user_id)
            await reply(update, context, text, reply_markup=markup_of(markup))
        else:
            await reply(update, context, await services.proposals.history_text(proposal))
        return
    action = CODE_ACTIONS.get(code)
    if action is None:
        await query.answer(texts.STALE_BUTTON)
        return
    check = await services.proposals.check(user_id, proposal.id, action)
    if not check.ok:
        await query.answer(check.text, show_alert=True)
        return
    await query.answer()
    if action in DIRECT_ACTIONS:
        result = await services.proposals.act(user_id, proposal.id, action)
        moved = await services.proposals.repo.get(proposal.id)
        if not result.ok or moved is None:
            await reply(update, context, result.text)
            return
        # The updated card carries the next step's button (e.g. "Báo cáo kết quả").
        text, markup = await services.proposals.card(moved, user_id, header=result.text)
        await reply(update, context, text, reply_markup=markup_of(markup))
    elif action == "resubmit":
        answers = {
            **proposal.plan,
            PROPOSAL_ID: proposal.id,
            "_display": services.proposals.display(proposal),
        }
        await show(
            update,
            context,
            await services.flows.start(user_id, proposal_flow.NAME, answers, at_review=True),
        )
    else:
        await show(
            update,
            context,
            await services.flows.start(
                user_id, FLOW_FOR_ACTION[action], {PROPOSAL_ID: proposal.id}
            ),
        )


@command("chuyenduyet")
async def reassign_command(update: Update, context: BotContext) -> None:
    """Give a proposal to another reviewer: `/chuyenduyet ĐX-2026-0001 <mã Telegram>`."""
    user = update.effective_user
    assert user is not None
    args = context.args or []
    services = context.services
    proposal = await services.proposals.by_number(args[0]) if len(args) == 2 else None
    if proposal is None or not args[1].isdigit():
        await reply(update, context, texts.REASSIGN_USAGE)
        return
    result = await services.proposals.reassign(user.id, proposal.id, int(args[1]))
    await reply(update, context, result.text)


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add the handlers of this module."""
    app.add_handler(CallbackQueryHandler(draft_button, pattern=r"^pr:d[crd]:"))
    app.add_handler(CallbackQueryHandler(proposal_button, pattern=r"^pr:"))
