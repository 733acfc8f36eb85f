"""The services one bot process shares, opened once at start-up and closed at shutdown."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import date

from bot.authority import Authority
from bot.broadcasts.service import BroadcastService
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.deadlines import forms as deadline_flow
from bot.deadlines.service import DeadlineService
from bot.digest.service import DigestService
from bot.flows.engine import FlowEngine
from bot.flows.model import FlowRegistry
from bot.flows.render import render
from bot.knowledge.answer import Answerer
from bot.knowledge.base import KnowledgeBase, load_default
from bot.knowledge.official import OfficialImportService
from bot.knowledge.qa import QAService
from bot.metrics import Metrics
from bot.outbox.budget import RateBudget
from bot.outbox.sender import OutboxSender, Transport
from bot.people import forms as registration
from bot.people.admin import UserAdminService
from bot.people.service import PeopleService
from bot.people.units import UnitService
from bot.privacy import UPDATE_MEMORY, PrivacyService
from bot.proposals import forms as proposal_flow
from bot.proposals.drafts import ProposalHousekeeping
from bot.proposals.service import ProposalService
from bot.ratelimit import RateLimiter
from bot.stats.service import StatsService
from bot.texts import FLOW_RESENT
from bot.workdays import Calendar, load_calendar
from storage.audit import AuditLog
from storage.broadcasts import BroadcastRepository
from storage.db import Database
from storage.deadlines import DeadlineRepository
from storage.drafts import DraftRepository
from storage.migrations import migrate
from storage.official import OfficialRepository
from storage.outbox import OutboxRepository
from storage.proposals import ProposalRepository
from storage.questions import QuestionLog
from storage.stats import StatsRepository
from storage.units import UnitRepository
from storage.updates import UpdateLog
from storage.users import UserRepository

logger = logging.getLogger(__name__)


@dataclass
class Services:
    """Everything handlers reach through `context.services`."""

    settings: Settings
    clock: Clock
    db: Database
    updates: UpdateLog
    outbox: OutboxRepository
    people: PeopleService
    units: UnitService
    user_admin: UserAdminService
    flows: FlowEngine
    qa: QAService
    official: OfficialImportService
    proposals: ProposalService
    drafts: DraftRepository
    deadlines: DeadlineService
    digests: DigestService
    broadcasts: BroadcastService
    stats: StatsService
    authority: Authority
    housekeeping: ProposalHousekeeping
    privacy: PrivacyService
    budget: RateBudget = field(default_factory=RateBudget)
    metrics: Metrics = field(default_factory=Metrics)
    limiter: RateLimiter = field(default_factory=RateLimiter)
    sender: OutboxSender | None = None

    @classmethod
    def create(
        cls,
        settings: Settings,
        *,
        clock: Clock | None = None,
        kb: KnowledgeBase | None = None,
        calendar: Calendar | None = None,
    ) -> Services:
        """Wire the services (nothing is opened yet; knowledge and holidays are loaded)."""
        clock = clock or SystemClock()
        kb = kb or load_default()
        calendar = calendar or load_calendar()
        db = Database(settings.database_path, clock=clock)
        users, units, audit = UserRepository(db), UnitRepository(db), AuditLog(db)
        outbox = OutboxRepository(db)
        people = PeopleService(
            db=db,
            users=users,
            units=units,
            audit=audit,
            outbox=outbox,
            settings=settings,
            clock=clock,
        )
        official = OfficialRepository(db)
        proposals = ProposalService(
            db=db,
            repo=ProposalRepository(db),
            users=users,
            people=people,
            units=units,
            outbox=outbox,
            calendar=calendar,
            settings=settings,
            clock=clock,
        )

        def today() -> date:
            return clock.now().astimezone(settings.tz).date()

        deadlines = DeadlineService(
            db=db,
            repo=DeadlineRepository(db),
            users=users,
            people=people,
            units=units,
            outbox=outbox,
            calendar=calendar,
            settings=settings,
            clock=clock,
        )
        questions = QuestionLog(db)
        digests = DigestService(
            db=db,
            authority=people.authority,
            deadlines=deadlines,
            proposals=proposals.repo,
            users=users,
            questions=questions,
            outbox=outbox,
            settings=settings,
            clock=clock,
        )
        broadcasts = BroadcastService(
            BroadcastRepository(db), outbox, units, clock, settings.tz, people.authority
        )
        flows = FlowRegistry()
        # Each feature hands over all its forms; a new form in a feature changes no line here.
        flows.add_all(deadline_flow.forms(deadlines, units, clock))
        flows.add_all(broadcasts.forms())
        flows.add_all(registration.forms(units, people))
        flows.add_all(proposal_flow.forms(proposals, today))
        drafts = DraftRepository(db)
        user_admin = UserAdminService(
            db=db,
            users=users,
            units=units,
            audit=audit,
            outbox=outbox,
            people=people,
            clock=clock,
        )
        user_admin.role_left_hooks.append(proposals.reroute.from_person)
        user_admin.superior_hooks.append(proposals.reroute.superior)
        unit_service = UnitService(db, units, audit, clock, people.authority)
        unit_service.superior_hooks.append(proposals.reroute.superior)
        return cls(
            settings=settings,
            clock=clock,
            db=db,
            updates=UpdateLog(db),
            outbox=outbox,
            people=people,
            units=unit_service,
            user_admin=user_admin,
            flows=FlowEngine(db, drafts, flows, clock, people.authority),
            qa=QAService(
                db=db,
                kb=kb,
                answerer=Answerer(kb),
                questions=questions,
                official=official,
                clock=clock,
                feedback_key=_feedback_key(settings),
            ),
            official=OfficialImportService(db, official, clock, people.authority),
            proposals=proposals,
            drafts=drafts,
            deadlines=deadlines,
            digests=digests,
            broadcasts=broadcasts,
            stats=StatsService(StatsRepository(db), outbox, deadlines, clock),
            authority=people.authority,
            privacy=PrivacyService(
                db=db,
                audit=audit,
                questions=questions,
                outbox=outbox,
                updates=UpdateLog(db),
                drafts=drafts,
                authority=people.authority,
                settings=settings,
                clock=clock,
            ),
            housekeeping=ProposalHousekeeping(
                db=db,
                repo=proposals.repo,
                drafts=drafts,
                post=proposals.post,
                people=people,
                calendar=calendar,
                settings=settings,
                clock=clock,
            ),
        )

    async def open(self) -> None:
        """Open the database, migrate it, seed units and tidy old bookkeeping."""
        await self.db.open()
        version = await migrate(self.db.conn)
        pruned = await self.updates.prune(self.clock.now() - UPDATE_MEMORY)
        seeded = await self.units.seed_if_empty()
        # BOT_ADMIN_IDS is the truth for the admins it names: an id removed loses the role.
        revoked = await self.user_admin.enforce_configured_admins()
        if revoked:
            logger.warning("%d admins no longer in BOT_ADMIN_IDS lost the role", revoked)
        logger.info(
            "Database ready at schema %d (%d old update ids pruned, %d units seeded)",
            version,
            pruned,
            seeded,
        )

    async def start_sender(self, transport: Transport) -> None:
        """Re-prompt every active draft once, then start draining the outbox."""
        await self._queue_pending_prompts()
        self.sender = OutboxSender(
            self.outbox,
            transport,
            self.budget,
            self.clock,
            on_blocked=self._blocked,
            on_result=self.metrics.sent,
        )
        await self.sender.start()

    def wake_outbox(self) -> None:
        """Tell the sender that new rows were committed."""
        if self.sender is not None:
            self.sender.wake()

    async def stop_sender(self) -> None:
        """Stop draining the outbox (rows in flight finish or go back to pending)."""
        if self.sender is not None:
            await self.sender.stop()
            self.sender = None

    async def close(self) -> None:
        """Stop the sender if still running and close the database."""
        await self.stop_sender()
        await self.db.close()

    async def _blocked(self, chat_id: int) -> None:
        await self.people.set_blocked(chat_id, True)
        logger.info("User %s blocked the bot; marked inactive", chat_id)

    async def _queue_pending_prompts(self) -> None:
        prompts = await self.flows.pending_prompts()
        if not prompts:
            return
        async with self.db.transaction() as conn:
            for user_id, view in prompts:
                messages = render(view)
                for index, message in enumerate(messages):
                    text = f"{FLOW_RESENT}\n\n{message.text}" if index == 0 else message.text
                    await self.outbox.enqueue(
                        conn,
                        chat_id=user_id,
                        kind="flow_prompt",
                        text=text,
                        payload={"reply_markup": message.markup} if message.markup else None,
                        now=self.clock.now(),
                    )
        logger.info("Re-sent the current prompt of %d active drafts", len(prompts))


def _feedback_key(settings: Settings) -> bytes | None:
    """A key for feedback tags that survives restarts (derived from the token, if any)."""
    if settings.token is None:
        return None
    secret = settings.token.get_secret_value().encode()
    return hashlib.sha256(b"qa-feedback:" + secret).digest()
