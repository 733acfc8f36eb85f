"""Đề xuất: /dexuat, /dexuatcuatoi, /duyet, /chuyenduyet and the proposal buttons (pr:…)."""

from __future__ import annotations

import contextlib

from telegram import CallbackQuery, Message, Update
from telegram.error import BadRequest
from telegram.ext import Application, CallbackQueryHandler

from bot import texts
from bot.models.outcomes import Reason, Refused
from bot.models.people import APPROVED_ROLES, Role
from bot.models.proposals import Attachment, Proposal
from bot.proposals import forms as proposal_flow
from bot.proposals import notices
from bot.proposals.action_forms import PROPOSAL_ID
from bot.proposals.actions import BY_CODE, BY_FORM, CONFIRMED, ProposalAction
from bot.proposals.callbacks import (
    CODEC,
    CONFIRM,
    DRAFT_CODES,
    DRAFT_RESTART,
    FILES,
    FULL_TEXT,
    HISTORY,
    OPEN,
)
from handlers.common import reply, reply_long, send_paced, tracked
from handlers.context import BotContext
from handlers.flows import markup_of, show
from handlers.registry import command

REVIEWER_ROLES = frozenset({Role.LEADER, Role.ADMIN})


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
        await _send(update, context, notices.parked_draft(parked.id))
        return
    await _start(update, context, user.id)


async def _start(update: Update, context: BotContext, user_id: int) -> None:
    services = context.services
    intro = proposal_flow.intro(await services.proposals.is_canbo(user_id))
    await show(
        update, context, await services.flows.start(user_id, proposal_flow.NAME, intro=intro)
    )


async def _send(update: Update, context: BotContext, notice: notices.Notice) -> None:
    await reply(update, context, notice.text, reply_markup=markup_of(notice.markup))


@command("dexuatcuatoi")
async def my_proposals_command(update: Update, context: BotContext) -> None:
    """List the user's proposals (and drafts that can be reopened)."""
    user = update.effective_user
    assert user is not None
    services, views = context.services, context.services.proposals.views
    page = notices.page_argument(context.args)
    proposals = await views.mine(user.id, page)
    total = await views.count_mine(user.id)
    drafts = notices.reopenable(await services.drafts.of_user(user.id, proposal_flow.NAME))
    if not proposals and not drafts:
        await reply(update, context, texts.PROPOSALS_NONE)
        return
    shown = notices.Page(page, len(proposals), total)
    await _send(update, context, notices.my_proposals(proposals, drafts, views.due_text, shown))


@command("duyet")
async def review_command(update: Update, context: BotContext) -> None:
    """List what awaits this leader, oldest first, with days left."""
    user = update.effective_user
    assert user is not None
    views = context.services.proposals.views
    waiting = await views.awaiting(user.id)
    if not waiting:
        await reply(update, context, texts.REVIEW_NONE)
        return
    await _send(update, context, await views.review_list(waiting))


async def proposal_press(update: Update, context: BotContext) -> None:
    """Route a `pr:` press: draft buttons and proposal buttons are checked differently."""
    query = update.callback_query
    data = CODEC.parse(query.data if query else None)
    if data is not None and data["code"] in DRAFT_CODES:
        await draft_button(update, context)
    else:
        await proposal_button(update, context)


@tracked("draft_button", roles=APPROVED_ROLES)
async def draft_button(update: Update, context: BotContext) -> None:
    """Continue, restart or reopen a proposal draft."""
    query = update.callback_query
    assert query is not None
    data = CODEC.parse(query.data)
    if data is None or data["code"] not in DRAFT_CODES:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    engine, user_id = context.services.flows, query.from_user.id
    if data["code"] == DRAFT_RESTART:
        await engine.discard_parked(user_id, proposal_flow.NAME)
        await _start(update, context, user_id)
        return
    outcome = await engine.reopen(user_id, int(data["id"]))
    if outcome is None:
        await reply(update, context, texts.STALE_BUTTON)
        return
    await show(update, context, outcome)


@tracked("proposal_button")
async def proposal_button(update: Update, context: BotContext) -> None:
    """Open a proposal, show its history, or take an action (roles re-checked by the service)."""
    query = update.callback_query
    assert query is not None
    data = CODEC.parse(query.data)
    proposal = await context.services.proposals.views.get(int(data["id"])) if data else None
    action = BY_CODE.get(data["code"]) if data else None
    if data is None or proposal is None or (action is None and data["code"] in DRAFT_CODES):
        await query.answer(texts.STALE_BUTTON)
    elif action is None:
        await _view(update, context, query, proposal, data["code"])
    else:
        await _take(update, context, query, proposal, action)


async def _view(
    update: Update, context: BotContext, query: CallbackQuery, proposal: Proposal, code: str
) -> None:
    views, user_id = context.services.proposals.views, query.from_user.id
    if not await views.may_view(user_id, proposal):
        await query.answer(texts.NOT_ALLOWED, show_alert=True)
        return
    await query.answer()
    if code == OPEN:
        await _send_card(update, context, proposal, user_id)
    elif code == HISTORY:
        await reply_long(update, context, await views.history_text(proposal))
    elif code == FULL_TEXT:
        for page in notices.full_text(proposal):
            await reply(update, context, page)
    elif code == FILES:
        await _send_files(update, context, proposal)


async def _send_card(
    update: Update, context: BotContext, proposal: Proposal, user_id: int, header: str = ""
) -> None:
    """Reply with the viewer's card; one with decision buttons is edited when the plan moves."""
    proposals = context.services.proposals
    card = await proposals.views.card(proposal, user_id, header)
    sent = await reply(update, context, card.text, reply_markup=markup_of(card.markup))
    if sent is not None:
        await proposals.shown(proposal, user_id, sent.message_id, card)


async def _send_files(update: Update, context: BotContext, proposal: Proposal) -> None:
    """Send back every attached file, in order, each captioned with its place in the list."""
    files, chat = proposal.attachments, update.effective_chat
    if not files or chat is None:
        await reply(update, context, texts.FILES_NONE)
        return
    for index, item in enumerate(files, start=1):
        caption = texts.file_caption(proposal.number, index, len(files), item.file_name)
        await _send_file(context, chat.id, item, caption)


async def _send_file(context: BotContext, chat_id: int, item: Attachment, caption: str) -> None:
    bot, file_id = context.bot, item.file_id
    if item.kind == "photo":
        await send_paced(
            context, chat_id, lambda: bot.send_photo(chat_id, file_id, caption=caption)
        )
    else:
        await send_paced(
            context, chat_id, lambda: bot.send_document(chat_id, file_id, caption=caption)
        )


async def _take(
    update: Update,
    context: BotContext,
    query: CallbackQuery,
    proposal: Proposal,
    action: ProposalAction,
) -> None:
    services, user_id = context.services, query.from_user.id
    check = await services.proposals.check(user_id, proposal.id, action.name)
    if isinstance(check, Refused):
        await query.answer(notices.refusal(check, action.name), show_alert=True)
        if check.reason in (Reason.STALE, Reason.NOT_ALLOWED):
            await _drop_stale_buttons(query, context, proposal)
        return
    await query.answer()
    if action.confirm:
        await _send(update, context, notices.confirmation(action.name, proposal))
    elif action.direct:
        await _act(update, context, user_id, proposal, action)
    elif action.form == proposal_flow.NAME:
        answers = notices.returned_answers(proposal)
        await show(
            update,
            context,
            await services.flows.start(user_id, action.form, answers, at_review=True),
        )
    else:  # the form of the plan's level: the superior's own decision or the collective's
        form = await services.proposals.form_for(proposal, action)
        assert form is not None
        await _leave_decision(context, user_id, proposal.id, form)
        started = await services.flows.start(user_id, form, {PROPOSAL_ID: proposal.id})
        await show(update, context, started)


async def _leave_decision(context: BotContext, user_id: int, proposal_id: int, form: str) -> None:
    """Another decision on the plan whose decision form is open (e.g. «❌ Không phê duyệt» under
    the approval's basis) replaces that form: its draft is thrown away, not left to resume."""
    engine = context.services.flows
    active = await engine.active(user_id)
    if (
        active is not None
        and active.flow in BY_FORM
        and active.flow != form
        and active.answers.get(PROPOSAL_ID) == proposal_id
    ):
        await engine.discard(user_id, active.id, active.step)


async def _drop_stale_buttons(
    query: CallbackQuery, context: BotContext, proposal: Proposal
) -> None:
    """A card whose buttons no longer apply (one the outbox no longer keeps) shows the plan as
    it stands, without them."""
    message = query.message
    markup = message.reply_markup if isinstance(message, Message) else None
    pressed = markup is not None and any(
        button.callback_data == query.data for row in markup.inline_keyboard for button in row
    )
    if not pressed:
        return  # forged data, or a message this chat does not have or can no longer edit
    card = await context.services.proposals.views.as_it_stands(proposal)
    with contextlib.suppress(BadRequest):  # e.g. already edited to the same text
        await query.edit_message_text(card.text, reply_markup=markup_of(card.markup))


@tracked("proposal_confirm")
async def confirm_button(update: Update, context: BotContext) -> None:
    """Go ahead with an irreversible action, or leave the proposal as it is."""
    query = update.callback_query
    assert query is not None
    data = CONFIRM.parse(query.data)
    proposal = await context.services.proposals.views.get(int(data["id"])) if data else None
    if data is None or proposal is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    with contextlib.suppress(BadRequest):  # the question is answered once: its buttons go
        await query.edit_message_reply_markup(reply_markup=None)
    action = CONFIRMED.get(data["code"])
    if action is None:
        await reply(update, context, texts.CONFIRM_KEPT)
        return
    await _act(update, context, query.from_user.id, proposal, action)


async def _act(
    update: Update, context: BotContext, user_id: int, proposal: Proposal, action: ProposalAction
) -> None:
    result = await context.services.proposals.act(user_id, proposal.id, action.name)
    if isinstance(result, Refused):
        await reply(update, context, notices.refusal(result, action.name))
        return
    # The updated card carries the next step's button (e.g. "Báo cáo kết quả").
    await _send_card(
        update, context, result.value, user_id, notices.done(action.name, result.value)
    )


@command("chuyenduyet")
async def reassign_command(update: Update, context: BotContext) -> None:
    """Give a proposal to another reviewer: `/chuyenduyet ĐX-2026-0001 <mã Telegram>`."""
    user = update.effective_user
    assert user is not None
    args = context.args or []
    proposals = context.services.proposals
    proposal = await proposals.views.by_number(args[0]) if len(args) == 2 else None
    if proposal is None or not args[1].isdigit():
        await reply(update, context, texts.REASSIGN_USAGE)
        return
    result = await proposals.reassign(user.id, proposal.id, int(args[1]))
    text = notices.refusal(result) if isinstance(result, Refused) else result.value
    await reply(update, context, text)


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add the handlers of this module."""
    app.add_handler(CallbackQueryHandler(proposal_press, pattern=CODEC.pattern))
    app.add_handler(CallbackQueryHandler(confirm_button, pattern=CONFIRM.pattern))
