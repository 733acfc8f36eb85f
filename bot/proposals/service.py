"""Proposals: submission, transitions, re-routing and time-limit reminders (NĐ73).

Every change and the messages it causes are written in one transaction (the outbox), so they
cannot come apart. Inside that transaction the actor's standing is read again (role, account,
whether they are still the proposer or the reviewer) and so is the proposal's state: whatever
button was pressed, whatever changed since, the rule is applied to what is true now.
Methods that act answer `Ok(...)` or `Refused(reason)`; the wording is the caller's.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import aiosqlite

from bot import texts
from bot.authority import Authority
from bot.clock import Clock
from bot.config import Settings
from bot.models.outcomes import Ok, Reason, Refused
from bot.models.people import APPROVED_ROLES, Role, UserStatus
from bot.models.proposals import Attachment, Proposal, Route, Status
from bot.people.service import PeopleService
from bot.proposals.actions import (
    ACTIONS,
    DUE_ACTOR,
    FINAL,
    SUPERIOR_FORMS,
    Actor,
    ProposalAction,
    due_days,
    due_kind_for,
    is_decree_limit,
)
from bot.proposals.files import ProposalFiles
from bot.proposals.notices import (
    LEVEL_CHANGED,
    NOT_STARTED,
    Notice,
    changed_fields,
    due_reminder,
)
from bot.proposals.post import ProposalPost
from bot.proposals.procedure import DAY_KEYS, SUPERIOR, approval_holds
from bot.proposals.reroute import Rerouter
from bot.proposals.routing import Router, Routing, holds_review
from bot.proposals.views import ProposalViews
from bot.workdays import Calendar
from storage.db import Database
from storage.outbox import OutboxRepository
from storage.proposals import ProposalRepository
from storage.units import UnitRepository
from storage.users import UserRepository


class ProposalService:
    """The procedure of NĐ73 for innovation proposals."""

    def __init__(
        self,
        *,
        db: Database,
        repo: ProposalRepository,
        users: UserRepository,
        people: PeopleService,
        units: UnitRepository,
        outbox: OutboxRepository,
        calendar: Calendar,
        settings: Settings,
        clock: Clock,
    ) -> None:
        self._db = db
        self.repo = repo
        self._users = users
        self._people = people
        self._authority: Authority = people.authority
        self.calendar = calendar
        self._settings = settings
        self._clock = clock
        self.post = ProposalPost(
            users=users,
            units=units,
            outbox=outbox,
            people=people,
            calendar=calendar,
            settings=settings,
            clock=clock,
        )
        self._router = Router(repo=repo, users=users, post=self.post, clock=clock)
        self.reroute = Rerouter(repo=repo, router=self._router, authority=self._authority)
        self.views = ProposalViews(
            repo=repo, users=users, units=units, people=people, post=self.post, settings=settings
        )
        self.files = ProposalFiles(self.views, settings, clock)

    async def is_canbo(self, telegram_id: int) -> bool:
        """Whether NĐ73's "cán bộ" (leadership posts, Điều 2) likely describes this person."""
        user = await self._users.get(telegram_id)
        return user is not None and (user.role is Role.LEADER or user.is_head)

    # -- submitting --------------------------------------------------------------------

    async def submit(
        self, conn: aiosqlite.Connection, proposer_id: int, answers: dict[str, Any]
    ) -> Ok[str] | Refused:
        """Create the proposal from a reviewed draft (in the form's transaction); Ok: receipt."""
        now = self._clock.now()
        if self._period_past(answers):
            return Refused(Reason.INVALID, "period starts in the past")
        standing = await self._authority.standing(proposer_id)
        proposer = await self._users.get(proposer_id)
        if proposer is None or standing.status is not UserStatus.APPROVED:
            return Refused(Reason.NOT_ALLOWED, "proposer not approved")
        routing = await self._router.routing(proposer, field=str(answers["field"]))
        if routing.superior_unset:
            await self.post.superior_unset_once(conn)
        due_kind = due_kind_for("review", routing.route)
        due = self._due_at(now, due_kind)
        plan = {k: v for k, v in answers.items() if not k.startswith("_")}
        files = [
            Attachment(f["kind"], f["file_id"], f.get("file_name"))
            for f in plan.get("attachments") or []
        ]
        proposal_id = await self.repo.add(
            conn,
            year=now.astimezone(self._settings.tz).year,
            proposer_id=proposer_id,
            unit_id=proposer.unit_id,
            title=str(plan["title"]),
            field=str(plan["field"]),
            plan=plan,
            status=Status.SUBMITTED,
            route=routing.route,
            reviewer_id=routing.reviewer_id,
            due_kind=due_kind,
            due_at=due,
            received_at=now,
            attachments=files,
            now=now,
        )
        await self._record(conn, now, proposal_id, proposer_id, "submit", None, Status.SUBMITTED)
        proposal = await self._must_get(proposal_id)
        header = texts.proposal_notice(
            proposal.number, proposal.title, "submit", proposer.display_name, None
        )
        await self.post.notify_reviewers(
            conn, proposal, routing.reviewer_id, routing.watchers, header=header
        )
        reviewer = await self.post.reviewer_name(proposal)
        receipt = texts.proposal_receipt(
            proposal.number,
            proposal.title,
            reviewer,
            self.post.local(due),
            texts.DUE_LABELS[due_kind],
            self.due_note(due_kind),
        )
        return Ok(receipt)

    async def resubmit(
        self,
        conn: aiosqlite.Connection,
        proposer_id: int,
        proposal_id: int,
        answers: dict[str, Any],
    ) -> Ok[Proposal] | Refused:
        """Store the completed plan and send it back for review (a new review period)."""
        if self._period_past(answers):
            return Refused(Reason.INVALID, "period starts in the past")
        plan = {k: v for k, v in answers.items() if not k.startswith("_")}
        return await self.apply(conn, proposer_id, proposal_id, "resubmit", plan=plan)

    def _period_past(self, answers: dict[str, Any]) -> bool:
        start = (answers.get("period") or {}).get("start")
        return bool(start) and date.fromisoformat(str(start)) < self._today()

    # -- transitions -------------------------------------------------------------------

    async def act(self, actor_id: int, proposal_id: int, action: str) -> Ok[Proposal] | Refused:
        """Take an action that needs no typed input (withdraw, resume, finish)."""
        async with self._db.transaction() as conn:
            return await self.apply(conn, actor_id, proposal_id, action)

    async def check(
        self, actor_id: int, proposal_id: int, action: str
    ) -> Ok[ProposalAction] | Refused:
        """Whether an action may start now (before asking for its details)."""
        proposal = await self.repo.get(proposal_id)
        if proposal is None:
            return Refused(Reason.NOT_FOUND, f"proposal {proposal_id}")
        return await self._permitted(actor_id, proposal, action)

    async def apply(
        self,
        conn: aiosqlite.Connection,
        actor_id: int,
        proposal_id: int,
        action: str,
        *,
        note: str | None = None,
        decision: dict[str, Any] | None = None,
        evaluation: dict[str, Any] | None = None,
        result: str | None = None,
        plan: dict[str, Any] | None = None,
    ) -> Ok[Proposal] | Refused:
        """Move a proposal, record it and notify the other party, in the caller's transaction.

        Ok carries the moved proposal. The proposal and the actor's standing are read here,
        in the transaction, so the check and the change see the same state.
        """
        proposal = await self.repo.get(proposal_id)
        if proposal is None:
            return Refused(Reason.NOT_FOUND, f"proposal {proposal_id}")
        permitted = await self._permitted(actor_id, proposal, action)
        if isinstance(permitted, Refused):
            return permitted
        move = permitted.value
        if action == "approve" and (refused := await self._approval_refused(proposal, decision)):
            return refused
        now = self._clock.now()
        fields: dict[str, Any] = {"status": move.target, "due_kind": None, "due_at": None}
        if action == "resubmit":
            fields.update(await self._holder_now(proposal))
        if move.due_kind is not None:
            kind = due_kind_for(move.due_kind, fields.get("route", proposal.route))
            fields.update(due_kind=kind, due_at=self._due_at(now, kind), received_at=now)
        details = {"decision": decision, "evaluation": evaluation, "result": result}
        fields.update({key: value for key, value in details.items() if value is not None})
        if plan is not None:
            fields.update(plan=plan, title=str(plan["title"]), field=str(plan["field"]))
            files = await self._replace_files(conn, proposal, plan, now)
            note = texts.p_plan_changes(changed_fields(proposal.plan, plan), files)
        await self.repo.update(conn, proposal.id, now, **fields)
        await self._record(
            conn, now, proposal.id, actor_id, action, proposal.status, move.target,
            note=note, data=decision or evaluation,
        )  # fmt: skip
        moved = await self._must_get(proposal.id)
        actor = await self.post.name_of(actor_id)
        notice = texts.proposal_notice(moved.number, moved.title, action, actor, note or result)
        await self.post.retire_cards(conn, moved, notice)
        await self._tell_other_party(conn, moved, move, notice)
        return Ok(moved)

    async def shown(self, shown: Proposal, viewer_id: int, message_id: int, card: Notice) -> None:
        """A card was shown in a reply: edited like the outbox's copies when the plan moves."""
        actor = await self.views.party(shown, viewer_id)
        async with self._db.transaction() as conn:
            current = await self._must_get(shown.id)
            await self.post.keep_reply(conn, shown, current, actor, (viewer_id, message_id), card)

    async def form_for(self, proposal: Proposal, action: ProposalAction) -> str | None:
        """The form a press opens: the superior level's own decision where it decides."""
        if action.form in SUPERIOR_FORMS and await self._router.superior_decides(proposal):
            return SUPERIOR_FORMS[action.form]
        return action.form

    async def _approval_refused(
        self, proposal: Proposal, decision: dict[str, Any] | None
    ) -> Refused | None:
        """An approval is the kind its level takes (procedure.approval_holds) and its day lies
        between the plan's receipt and today."""
        superior, decision = await self._router.superior_decides(proposal), decision or {}
        try:
            day: date | None = date.fromisoformat(str(decision.get(DAY_KEYS[superior])))
        except ValueError:
            day = None
        received = (proposal.received_at or proposal.created_at).astimezone(self._settings.tz)
        if approval_holds(decision, superior) and day and received.date() <= day <= self._today():
            return None
        other_level = superior or decision.get("basis") == SUPERIOR
        return Refused(Reason.INVALID, LEVEL_CHANGED if other_level else "votes, basis or date")

    async def _permitted(
        self, actor_id: int, proposal: Proposal, action: str
    ) -> Ok[ProposalAction] | Refused:
        move = ACTIONS.get(action)
        if move is None or proposal.status not in move.sources:
            return Refused(Reason.STALE, f"{action} not allowed from {proposal.status}")
        standing = await self._authority.standing(actor_id)
        if move.actor is Actor.PROPOSER:
            allowed = actor_id == proposal.proposer_id and standing.holds(APPROVED_ROLES)
        else:
            allowed = holds_review(standing, proposal)
        if not allowed:
            return Refused(Reason.NOT_ALLOWED, f"{actor_id} may not {action} {proposal.id}")
        if action == "finish" and self._not_started(proposal.plan):
            return Refused(Reason.INVALID, NOT_STARTED)
        return Ok(move)

    def _not_started(self, plan: dict[str, Any]) -> bool:
        """Whether the plan's implementation period is still to come."""
        start = (plan.get("period") or {}).get("start")
        return bool(start) and date.fromisoformat(str(start)) > self._today()

    async def _tell_other_party(
        self, conn: aiosqlite.Connection, moved: Proposal, move: ProposalAction, notice: str
    ) -> None:
        if move.actor is Actor.REVIEWER:
            await self.post.send_card(conn, moved, moved.proposer_id, Actor.PROPOSER, notice)
        else:
            await self.post.notify_reviewers(conn, moved, moved.reviewer_id, (), header=notice)

    async def _replace_files(
        self, conn: aiosqlite.Connection, proposal: Proposal, plan: dict[str, Any], now: datetime
    ) -> str | None:
        """Make the proposal's file records what the edited plan lists (the earlier files
        stay unless the proposer removed them); what changed, for the history, or None."""
        files = [
            Attachment(f["kind"], f["file_id"], f.get("file_name"))
            for f in plan.get("attachments") or []
        ]
        before = {f.file_id for f in proposal.attachments}
        after = {f.file_id for f in files}
        if before == after:
            return None
        await self.repo.set_files(conn, proposal.id, files, now)
        return texts.p_files_change(len(after - before), len(before - after), len(files))

    # -- re-routing --------------------------------------------------------------------

    async def reassign(
        self, admin_id: int, proposal_id: int, reviewer_id: int
    ) -> Ok[str] | Refused:
        """Admins give a proposal to another reviewer; Ok carries the notice of the change."""
        async with self._db.transaction() as conn:
            if not await self._authority.may(admin_id, {Role.ADMIN}):
                return Refused(Reason.NOT_ALLOWED, f"{admin_id} is not an admin")
            proposal = await self.repo.get(proposal_id)
            reviewer = await self._users.get(reviewer_id)
            if proposal is None or reviewer is None or not reviewer.approved:
                return Refused(Reason.NOT_FOUND, f"proposal {proposal_id} or {reviewer_id}")
            if proposal.status in FINAL:
                return Refused(Reason.STALE, f"proposal {proposal_id} is {proposal.status}")
            if reviewer_id == proposal.proposer_id:
                return Refused(Reason.CONFLICT, "the proposer cannot review their own proposal")
            routing = Routing(Route.ASSIGNED, reviewer_id, ())
            await self._router.move_reviewer(conn, proposal, routing, admin_id, "reassign")
        return Ok(
            texts.proposal_notice(
                proposal.number, proposal.title, "reassign", reviewer.display_name, None
            )
        )

    async def _holder_now(self, proposal: Proposal) -> dict[str, Any]:
        """The route and reviewer a resubmission goes to: the stored one while they still
        hold the review, else whoever holds the role now."""
        reviewer = proposal.reviewer_id
        if reviewer is not None and holds_review(
            await self._authority.standing(reviewer), proposal
        ):
            return {}
        routing = await self._router.current(proposal)
        return {"route": routing.route, "reviewer_id": routing.reviewer_id}

    # -- time limits -------------------------------------------------------------------

    def _due_at(self, received: datetime, kind: str) -> datetime:
        days = due_days(kind, self._settings.follow_up_days)
        return self.calendar.due_from_receipt(received, days, self._settings.tz)

    def due_note(self, kind: str | None) -> str:
        """Where a time limit comes from: the Decree's article, or the city's follow-up."""
        if kind is None:
            return ""
        if is_decree_limit(kind):
            return texts.DUE_BASIS[kind]
        return texts.follow_up_note(self._settings.follow_up_days, self._settings.org_name)

    async def received_on(self, proposal_id: int) -> date | None:
        """The local day the plan under review reached its reviewer (None if unknown)."""
        proposal = await self.repo.get(proposal_id)
        if proposal is None:
            return None
        received = proposal.received_at or proposal.created_at
        return received.astimezone(self._settings.tz).date()

    async def remind_due(self) -> int:
        """Queue due-date reminders (before, on the day, overdue), each exactly once."""
        now = self._clock.now()
        queued = 0
        for proposal in await self.repo.due_before(now + timedelta(days=3)):
            if proposal.due_at is None or proposal.due_kind is None:
                continue
            when = self._reminder_moment(proposal.due_at, now)
            if when is None:
                continue
            key = f"p:{proposal.id}:{proposal.due_kind}:{proposal.due_at.isoformat()}:{when}"
            recipients = await self._due_recipients(proposal)
            async with self._db.transaction() as conn:
                if not await self.repo.claim_reminder(conn, key, proposal.id, now):
                    continue
                notice = due_reminder(
                    proposal,
                    self.post.local(proposal.due_at),
                    when,
                    self.due_note(proposal.due_kind),
                )
                await self.post.send(conn, recipients, "proposal_due", notice)
                queued += 1
        return queued

    def _reminder_moment(self, due: datetime, now: datetime) -> str | None:
        left = self.calendar.working_days_left(now, due, self._settings.tz)
        if now > due:
            return "overdue"
        if left == 0:
            return "due"
        if left == 1:
            return "before"
        return None

    async def _due_recipients(self, proposal: Proposal) -> list[int]:
        assert proposal.due_kind is not None
        if DUE_ACTOR[proposal.due_kind] is Actor.PROPOSER:
            return [proposal.proposer_id]
        if proposal.reviewer_id is not None:
            return [proposal.reviewer_id]
        return await self._people.admin_chat_ids()

    # -- helpers -----------------------------------------------------------------------

    async def _record(
        self,
        conn: aiosqlite.Connection,
        now: datetime,
        proposal_id: int,
        actor_id: int,
        action: str,
        from_status: Status | None,
        to_status: Status,
        *,
        note: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        await self.repo.add_event(
            conn,
            proposal_id=proposal_id,
            actor_id=actor_id,
            action=action,
            from_status=from_status,
            to_status=to_status,
            note=note,
            data=data,
            now=now,
        )

    async def _must_get(self, proposal_id: int) -> Proposal:
        proposal = await self.repo.get(proposal_id)
        assert proposal is not None, f"proposal {proposal_id} vanished inside its transaction"
        return proposal

    def _today(self) -> date:
        return self._clock.now().astimezone(self._settings.tz).date()
