"""Periodic jobs: reminders, proposal time limits, stale drafts, backups and retention."""

from __future__ import annotations

import asyncio
import logging
from datetime import time, timedelta
from typing import Any

from telegram.ext import Application, ContextTypes

from bot.ops import backup_to, prune_backups
from handlers.context import services_of

logger = logging.getLogger(__name__)

SWEEP_INTERVAL = timedelta(minutes=10)
DISPATCH_INTERVAL = timedelta(minutes=1)


async def dispatch_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Queue the deadline reminders that fell due (also catches up after downtime)."""
    services = services_of(context.application)
    queued = await services.deadlines.dispatch() + await services.digests.send_due()
    if queued:
        logger.info("Dispatch queued %d reminders and digests", queued)
        services.wake_outbox()
    await _wake_at_next_due(context.application)


async def _wake_at_next_due(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Besides the coarse interval, wake the dispatcher when the next reminder falls due."""
    services = services_of(app)
    wakeup = await services.deadlines.next_wakeup()
    if wakeup is None or app.job_queue is None:
        return
    delay = (wakeup - services.clock.now()).total_seconds()
    if 0 < delay < DISPATCH_INTERVAL.total_seconds():
        for job in app.job_queue.get_jobs_by_name("dispatch-at-due"):
            job.schedule_removal()
        app.job_queue.run_once(dispatch_job, when=delay + 0.2, name="dispatch-at-due")


async def sweep_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Queue due-date reminders and draft reminders, then wake the sender."""
    services = services_of(context.application)
    reminders = await services.proposals.remind_due()
    chores = services.housekeeping
    drafts = await chores.sweep_drafts() + await chores.warn_missing_holidays()
    if reminders or drafts:
        logger.info("Sweep queued %d due reminders, %d draft notices", reminders, drafts)
        services.wake_outbox()


async def backup_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Take the nightly online backup (on a thread: handlers never wait for it)."""
    services = services_of(context.application)
    settings = services.settings
    stamp = services.clock.now().astimezone(settings.tz)
    target = settings.backup_dir / f"bot-{stamp:%Y%m%d-%H%M%S}.sqlite3"
    size = await asyncio.to_thread(backup_to, settings.database_path, target)
    removed = await asyncio.to_thread(prune_backups, settings.backup_dir, settings.backup_keep)
    logger.info("Nightly backup %s (%d bytes), %d old copies removed", target, size, removed)


async def retention_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Daily maintenance: forget askers, delete old messages and update ids, archive forms."""
    await services_of(context.application).privacy.apply_retention()


def schedule(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Run the sweep now (catching up after downtime) and then on an interval."""
    assert app.job_queue is not None
    app.job_queue.run_repeating(sweep_job, interval=SWEEP_INTERVAL, first=1, name="sweep")
    app.job_queue.run_repeating(
        dispatch_job, interval=DISPATCH_INTERVAL, first=0.5, name="dispatch"
    )
    settings = services_of(app).settings
    hour, minute = (int(x) for x in settings.backup_time.split(":"))
    app.job_queue.run_daily(backup_job, time(hour, minute, tzinfo=settings.tz), name="backup")
    # Daily, an hour after the backup (so the night's copy still has yesterday's state); and
    # once shortly after start, so a bot restarted every day still runs it.
    at = time((hour + 1) % 24, minute, tzinfo=settings.tz)
    app.job_queue.run_daily(retention_job, at, name="retention")
    app.job_queue.run_once(retention_job, when=30, name="retention-at-start")
