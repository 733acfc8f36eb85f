"""Hạn báo cáo: /taohan, /hanbaocao, reminder buttons and admin controls; /tonghop digests."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot import keyboards, texts
from bot.deadlines import callbacks as dl
from bot.deadlines import forms as deadline_flow
from bot.deadlines.service import Created
from bot.digest import callbacks as dg
from bot.models.people import ADMIN_ONLY, ALL_ROLES, Role
from handlers.common import reply, reply_long, tracked
from handlers.context import BotContext
from handlers.flows import markup_of, show

LEADER_ROLES = frozenset({Role.LEADER, Role.ADMIN})


@tracked("new_deadline", roles=ADMIN_ONLY)
async def new_deadline_command(update: Update, context: BotContext) -> None:
    """Create a deadline: in one line, or through the guided form."""
    user = update.effective_user
    assert user is not None and update.effective_message is not None
    text = (update.effective_message.text or "").split(maxsplit=1)
    if len(text) < 2:
        await show(
            update, context, await context.services.flows.start(user.id, deadline_flow.NAME)
        )
        return
    parts = [p.strip() for p in text[1].split("|")]
    if len(parts) < 2:
        await reply(update, context, texts.DEADLINE_USAGE)
        return
    created = await context.services.deadlines.create(
        user.id,
        title=parts[1],
        description="",
        due_text=parts[0],
        recurrence_text=parts[4] if len(parts) > 4 else "không",
        targets_text=parts[2] if len(parts) > 2 else "all",
        offsets_text=parts[3] if len(parts) > 3 else "",
        overdue_daily=False,
    )
    if not isinstance(created, Created):
        await reply(update, context, created)
        return
    service = context.services.deadlines
    await reply(
        update,
        context,
        texts.deadline_created(
            created.deadline.title, service.local(created.deadline.first_due), created.units
        ),
    )


@tracked("deadlines", roles=ALL_ROLES)
async def deadlines_command(update: Update, context: BotContext) -> None:
    """Show the deadlines of the user's unit; admins see every deadline with its controls."""
    user = update.effective_user
    assert user is not None
    services = context.services
    service = services.deadlines
    if await services.people.is_admin(user.id):
        deadlines = await service.repo.list_all()
        if not deadlines:
            await reply(update, context, texts.DEADLINES_NONE)
            return
        for deadline in deadlines[:20]:
            n, due = service.current(deadline)
            done = len(await service.repo.submitted_units(deadline.id, n))
            total = len(await service.target_units(deadline))
            toggle = (
                (texts.BTN_RESUME, dl.ADMIN.build(dl.RESUME, deadline.id))
                if deadline.status == "paused"
                else (texts.BTN_PAUSE, dl.ADMIN.build(dl.PAUSE, deadline.id))
            )
            markup = keyboards.inline(
                [
                    [(texts.BTN_COMPLIANCE, dl.ADMIN.build(dl.COMPLIANCE, deadline.id))],
                    [toggle, (texts.BTN_CANCEL_DEADLINE, dl.ADMIN.build(dl.CANCEL, deadline.id))],
                ]
            )
            await reply(
                update,
                context,
                texts.deadline_line(
                    deadline.title, service.local(due), deadline.status, done, total
                ),
                reply_markup=markup_of(markup),
            )
        return
    mine = await service.for_user(user.id)
    if not mine:
        await reply(update, context, texts.DEADLINES_NONE)
        return
    for item in mine[:20]:
        base = (item.deadline.id, item.occurrence)
        user_row = await services.people.users.get(user.id)
        unit_id = (user_row.unit_id if user_row else None) or 0
        button = (
            (texts.BTN_UNSUBMIT, dl.REMINDER.build(dl.UNSUBMIT, *base, unit_id))
            if item.submitted
            else (texts.BTN_SUBMITTED, dl.REMINDER.build(dl.SUBMIT, *base, unit_id))
        )
        await reply(
            update,
            context,
            texts.deadline_unit_line(item.deadline.title, service.local(item.due), item.submitted),
            reply_markup=markup_of(keyboards.inline([[button]])),
        )


@tracked("deadline_button")
async def deadline_button(update: Update, context: BotContext) -> None:
    """Submitted / undo / snooze; the service checks that the person may act for the unit."""
    query = update.callback_query
    assert query is not None
    fields = dl.REMINDER.parse(query.data)
    if fields is None:
        await query.answer(texts.STALE_BUTTON)
        return
    action = fields["action"]
    deadline_id, n, unit_id = (int(fields[k]) for k in ("deadline", "occurrence", "unit"))
    service = context.services.deadlines
    actor = query.from_user.id
    if action == dl.SUBMIT:
        text = await service.submit(actor, deadline_id, n, unit_id)
    elif action == dl.UNSUBMIT:
        text = await service.unsubmit(actor, deadline_id, n, unit_id)
    else:
        text = await service.snooze(
            actor, deadline_id, n, unit_id, until_morning=action == dl.SNOOZE_MORNING
        )
    await query.answer(
        text, show_alert=text in (texts.DEADLINE_NOT_YOURS, texts.DEADLINE_NOT_FOUND)
    )


@tracked("deadline_admin", roles=ADMIN_ONLY)
async def deadline_admin_button(update: Update, context: BotContext) -> None:
    """Pause, resume, cancel a deadline, or show per-unit compliance."""
    query = update.callback_query
    assert query is not None
    fields = dl.ADMIN.parse(query.data)
    service = context.services.deadlines
    deadline = await service.repo.get(int(fields["deadline"])) if fields else None
    if fields is None or deadline is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    action = fields["action"]
    if action == dl.COMPLIANCE:
        n, due = service.current(deadline)
        rows = await service.compliance(deadline, n)
        units = await service.target_units(deadline)
        # One button per unit: admins mark (or unmark) a unit as submitted.
        buttons = [
            [
                (
                    ("↩️ " if when else "✅ ") + unit.name[:40],
                    dl.REMINDER.build(dl.UNSUBMIT if when else dl.SUBMIT, deadline.id, n, unit.id),
                )
            ]
            for unit, (_, when) in zip(units, rows, strict=True)
        ][:40]
        markup = markup_of(keyboards.inline(buttons)) if buttons else None
        text = texts.compliance(deadline.title, service.local(due), rows)
        await reply(update, context, text, reply_markup=markup)
        return
    status = {dl.PAUSE: "paused", dl.RESUME: "active", dl.CANCEL: "cancelled"}[action]
    changed = await service.set_status(deadline.id, status)
    assert changed is not None
    n, due = service.current(changed)
    await reply(
        update,
        context,
        texts.deadline_line(
            changed.title,
            service.local(due),
            changed.status,
            len(await service.repo.submitted_units(changed.id, n)),
            len(await service.target_units(changed)),
        ),
    )


@tracked("digest", roles=LEADER_ROLES)
async def digest_command(update: Update, context: BotContext) -> None:
    """Show or change the digest subscription: /tonghop [hangngay|hangtuan|tat] [HH:MM]."""
    user = update.effective_user
    assert user is not None
    digests = context.services.digests
    args = context.args or []
    if args:
        result = await digests.configure(user.id, args)
        if result is not None:
            await reply(update, context, result)
            return
    mode, at_time = await digests.settings_of(user.id)
    markup = keyboards.inline(
        [
            [
                (texts.DIGEST_MODES["daily"], dg.DIGEST.build(dg.DAILY)),
                (texts.DIGEST_MODES["weekly"], dg.DIGEST.build(dg.WEEKLY)),
            ],
            [
                (texts.DIGEST_MODES["off"], dg.DIGEST.build(dg.OFF)),
                (texts.BTN_DIGEST_NOW, dg.DIGEST.build(dg.NOW)),
            ],
        ]
    )
    await reply(
        update, context, texts.digest_settings(mode, at_time), reply_markup=markup_of(markup)
    )


@tracked("digest_button", roles=LEADER_ROLES)
async def digest_button(update: Update, context: BotContext) -> None:
    """Change the digest mode or send one now."""
    query = update.callback_query
    assert query is not None
    fields = dg.DIGEST.parse(query.data)
    if fields is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    digests = context.services.digests
    if fields["choice"] == dg.NOW:
        await reply_long(update, context, await digests.build(query.from_user.id))
        return
    await digests.configure(query.from_user.id, [fields["choice"]])
    mode, at_time = await digests.settings_of(query.from_user.id)
    await reply(update, context, texts.digest_settings(mode, at_time))


@tracked("edit_deadline", roles=ADMIN_ONLY)
async def edit_deadline_command(update: Update, context: BotContext) -> None:
    """Change a deadline's due time and offsets: `/suahan <số> 20/12/2026 17:00 | 3d,1d`."""
    message = update.effective_message
    assert message is not None
    parts = (message.text or "").split(maxsplit=2)
    service = context.services.deadlines
    deadline = (
        await service.repo.get(int(parts[1])) if len(parts) == 3 and parts[1].isdigit() else None
    )
    if deadline is None:
        await reply(update, context, texts.EDIT_DEADLINE_USAGE)
        return
    due_text, _, offsets = parts[2].partition("|")
    error = await service.reschedule(deadline.id, due_text.strip(), offsets.strip())
    if error is not None:
        await reply(update, context, error)
        return
    changed = await service.repo.get(deadline.id)
    assert changed is not None
    await reply(
        update,
        context,
        texts.deadline_created(
            changed.title,
            service.local(changed.first_due),
            len(await service.target_units(changed)),
        ),
    )


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add the handlers of this module."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("taohan", new_deadline_command, filters=private))
    app.add_handler(CommandHandler("hanbaocao", deadlines_command, filters=private))
    app.add_handler(CommandHandler("suahan", edit_deadline_command, filters=private))
    app.add_handler(CommandHandler("tonghop", digest_command, filters=private))
    app.add_handler(CallbackQueryHandler(deadline_button, pattern=dl.REMINDER.pattern))
    app.add_handler(CallbackQueryHandler(deadline_admin_button, pattern=dl.ADMIN.pattern))
    app.add_handler(CallbackQueryHandler(digest_button, pattern=dg.DIGEST.pattern))
