"""Proposals: submission, routing to the right leader, transitions, notifications, reminders.

Every change and the notifications it causes are written in one transaction (the outbox), so
they cannot come apart. Roles and states are checked here, whatever button was pressed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import aiosqlite

from bot import keyboards, texts
from bot.clock import Clock
from bot.config import Settings
from bot.flows.model import SubmitRejected
from bot.models.people import Role, User
from bot.models.proposals import Attachment, Proposal, Route, Status
from bot.people.service import PeopleService
from bot.proposals.register import ProposalRow
from bot.proposals.states import (
    FINAL,
    OPEN_FOR_REVIEWER,
    Actor,
    TransitionError,
    actions_for,
    move_for,
)
from bot.workdays import Calendar
from storage.db import Database
from storage.outbox import OutboxRepository
from storage.proposals import ProposalRepository
from storage.units import UnitRepository
from storage.users import UserRepository

# Working days NĐ73 allows (Điều 8 review, Điều 18 report and evaluation).
DUE_DAYS = {"review": 7, "report": 5, "evaluate": 7}
# Who must act on each time limit.
DUE_ACTOR = {"review": Actor.REVIEWER, "report": Actor.PROPOSER, "evaluate": Actor.REVIEWER}
ACTION_CODES = {
    "approve": "ap",
    "request_info": "rq",
    "reject": "rj",
    "withdraw": "wd",
    "pause": "ps",
    "resume": "rs",
    "stop": "st",
    "finish": "fn",
    "report": "rp",
    "evaluate": "ev",
    "resubmit": "rb",
}
CODE_ACTIONS = {code: action for action, code in ACTION_CODES.items()}


@dataclass(frozen=True, slots=True)
class Routing:
    """Who reviews a proposal and who else is told."""

    route: Route
    reviewer_id: int | None
    watchers: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ActionResult:
    """What the person who acted is told."""

    ok: bool
    text: str


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
        self._units = units
        self._outbox = outbox
        self.calendar = calendar
        self._settings = settings
        self._clock = clock

    # -- who ---------------------------------------------------------------------------

    async def is_admin(self, telegram_id: int) -> bool:
        """Admins may act on every proposal."""
        return await self._people.is_admin(telegram_id)

    async def admin_ids(self) -> list[int]:
        """Everyone who receives admin notices."""
        return await self._people.admin_chat_ids()

    async def is_canbo(self, telegram_id: int) -> bool:
        """Whether NĐ73's "cán bộ" (leadership posts, Điều 2) likely describes this person."""
        user = await self._users.get(telegram_id)
        return user is not None and (user.role is Role.LEADER or user.is_head)

    async def routing(self, proposer: User) -> Routing:
        """The unit's head (or city leaders for a head, or admins when nobody holds the role)."""
        if proposer.unit_id is not None and not proposer.is_head:
            leaders = [
                u
                for u in await self._users.leaders(proposer.unit_id)
                if u.telegram_id != proposer.telegram_id and not u.blocked
            ]
            head = next((u for u in leaders if u.is_head), None)
            if head is not None:
                watchers = tuple(u.telegram_id for u in leaders if u is not head)
                return Routing(Route.HEAD, head.telegram_id, watchers)
        city = [
            u
            for u in await self._users.leaders(None)
            if u.telegram_id != proposer.telegram_id and not u.blocked
        ]
        if city:
            return Routing(Route.CITY, city[0].telegram_id, tuple(u.telegram_id for u in city[1:]))
        return Routing(Route.ADMINS, None, ())

    async def can_review(self, actor_id: int, proposal: Proposal) -> bool:
        """The routed reviewer, or an admin."""
        return actor_id == proposal.reviewer_id or await self.is_admin(actor_id)

    # -- submitting --------------------------------------------------------------------

    async def submit(
        self, conn: aiosqlite.Connection, proposer_id: int, answers: dict[str, Any]
    ) -> str:
        """Create the proposal from a reviewed draft (inside the flow's transaction)."""
        now = self._clock.now()
        self._check_period(answers)
        proposer = await self._users.get(proposer_id)
        if proposer is None or not proposer.approved:
            raise SubmitRejected(texts.PROPOSAL_NEEDS_APPROVAL)
        routing = await self.routing(proposer)
        due = self.calendar.due_from_receipt(now, DUE_DAYS["review"], self._settings.tz)
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
            due_kind="review",
            due_at=due,
            received_at=now,
            attachments=files,
            now=now,
        )
        await self.repo.add_event(
            conn,
            proposal_id=proposal_id,
            actor_id=proposer_id,
            action="submit",
            from_status=None,
            to_status=Status.SUBMITTED,
            note=None,
            data=None,
            now=now,
        )
        proposal = await self._get_in(conn, proposal_id)
        await self._notify_reviewers(
            conn,
            proposal,
            routing,
            header=texts.proposal_notice(
                proposal.number, proposal.title, "submit", proposer.display_name, None
            ),
        )
        return texts.proposal_receipt(
            proposal.number,
            proposal.title,
            await self._reviewer_name(proposal),
            self._local(due),
        )

    async def resubmit(
        self,
        conn: aiosqlite.Connection,
        proposer_id: int,
        proposal_id: int,
        answers: dict[str, Any],
    ) -> str:
        """Store the completed plan and send it back for review (a new review period)."""
        self._check_period(answers)
        plan = {k: v for k, v in answers.items() if not k.startswith("_")}
        result = await self.apply(conn, proposer_id, proposal_id, "resubmit", plan=plan)
        if not result.ok:
            raise SubmitRejected(result.text)
        return result.text

    def _check_period(self, answers: dict[str, Any]) -> None:
        period = answers.get("period") or {}
        start = period.get("start")
        if start and date.fromisoformat(start) < self._today():
            raise SubmitRejected(texts.P_PERIOD_ERRORS["past"])

    # -- transitions -------------------------------------------------------------------

    async def act(self, actor_id: int, proposal_id: int, action: str, **data: Any) -> ActionResult:
        """Take an action that needs no typed input (withdraw, resume, finish)."""
        async with self._db.transaction() as conn:
            return await self.apply(conn, actor_id, proposal_id, action, **data)

    async def check(self, actor_id: int, proposal_id: int, action: str) -> ActionResult:
        """Whether an action may start now (before asking for its details)."""
        proposal = await self.repo.get(proposal_id)
        if proposal is None:
            return ActionResult(False, texts.PROPOSAL_NOT_FOUND)
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
    ) -> ActionResult:
        """Move a proposal, record it and notify the other party, in the caller's transaction."""
        proposal = await self._get_in(conn, proposal_id)
        permitted = await self._permitted(actor_id, proposal, action)
        if not permitted.ok:
            return permitted
        move = move_for(action, proposal.status)
        now = self._clock.now()
        fields: dict[str, Any] = {"status": move.target, "due_kind": None, "due_at": None}
        if move.due_kind is not None:
            fields["due_kind"] = move.due_kind
            fields["due_at"] = self.calendar.due_from_receipt(
                now, DUE_DAYS[move.due_kind], self._settings.tz
            )
            fields["received_at"] = now
        if decision is not None:
            fields["decision"] = decision
        if evaluation is not None:
            fields["evaluation"] = evaluation
        if result is not None:
            fields["result"] = result
        if plan is not None:
            fields.update(plan=plan, title=str(plan["title"]), field=str(plan["field"]))
        await self.repo.update(conn, proposal.id, now, **fields)
        await self.repo.add_event(
            conn,
            proposal_id=proposal.id,
            actor_id=actor_id,
            action=action,
            from_status=proposal.status,
            to_status=move.target,
            note=note,
            data=decision or evaluation,
            now=now,
        )
        moved = await self._get_in(conn, proposal.id)
        actor = await self._users.get(actor_id)
        notice = texts.proposal_notice(
            moved.number,
            moved.title,
            action,
            actor.display_name if actor else str(actor_id),
            note or result,
        )
        if move.actor is Actor.REVIEWER:
            await self._enqueue_card(conn, moved, moved.proposer_id, Actor.PROPOSER, notice)
        else:
            routing = Routing(moved.route, moved.reviewer_id, ())
            await self._notify_reviewers(conn, moved, routing, header=notice)
        return ActionResult(True, texts.ACTION_DONE[action].format(number=moved.number))

    async def _permitted(self, actor_id: int, proposal: Proposal, action: str) -> ActionResult:
        try:
            move = move_for(action, proposal.status)
        except TransitionError:
            return ActionResult(False, texts.PROPOSAL_WRONG_STATE)
        if move.actor is Actor.PROPOSER and actor_id != proposal.proposer_id:
            return ActionResult(False, texts.NOT_ALLOWED)
        if move.actor is Actor.REVIEWER and not await self.can_review(actor_id, proposal):
            return ActionResult(False, texts.PROPOSAL_NOT_YOURS)
        return ActionResult(True, "")

    # -- re-routing --------------------------------------------------------------------

    async def reassign(self, admin_id: int, proposal_id: int, reviewer_id: int) -> ActionResult:
        """Admins give a proposal to another reviewer."""
        if not await self.is_admin(admin_id):
            return ActionResult(False, texts.NOT_ALLOWED)
        proposal = await self.repo.get(proposal_id)
        reviewer = await self._users.get(reviewer_id)
        if proposal is None or reviewer is None or not reviewer.approved:
            return ActionResult(False, texts.PROPOSAL_NOT_FOUND)
        if proposal.status in FINAL or reviewer_id == proposal.proposer_id:
            return ActionResult(False, texts.PROPOSAL_WRONG_STATE)
        async with self._db.transaction() as conn:
            await self._move_reviewer(
                conn, proposal, Routing(Route.HEAD, reviewer_id, ()), admin_id, "reassign"
            )
        return ActionResult(
            True,
            texts.proposal_notice(
                proposal.number, proposal.title, "reassign", reviewer.display_name, None
            ),
        )

    async def reroute_from(self, telegram_id: int, old_role: Role | None = None) -> int:
        """When a reviewer leaves the role, give what waited on them to the new holder."""
        moved = 0
        for proposal in await self.repo.reviewed_by(telegram_id, OPEN_FOR_REVIEWER):
            proposer = await self._users.get(proposal.proposer_id)
            if proposer is None:
                continue
            routing = await self.routing(proposer)
            if routing.reviewer_id == telegram_id:
                continue
            async with self._db.transaction() as conn:
                await self._move_reviewer(conn, proposal, routing, None, "reroute")
            moved += 1
        return moved

    async def _move_reviewer(
        self,
        conn: aiosqlite.Connection,
        proposal: Proposal,
        routing: Routing,
        actor_id: int | None,
        action: str,
    ) -> None:
        now = self._clock.now()
        await self.repo.update(
            conn, proposal.id, now, route=routing.route, reviewer_id=routing.reviewer_id
        )
        await self.repo.add_event(
            conn,
            proposal_id=proposal.id,
            actor_id=actor_id,
            action=action,
            from_status=None,
            to_status=None,
            note=None,
            data={"reviewer_id": routing.reviewer_id, "route": routing.route.value},
            now=now,
        )
        moved = await self._get_in(conn, proposal.id)
        await self._notify_reviewers(
            conn,
            moved,
            routing,
            header=texts.proposal_notice(
                moved.number, moved.title, action, await self._reviewer_name(moved), None
            ),
        )

    # -- reading -----------------------------------------------------------------------

    async def mine(self, proposer_id: int) -> list[Proposal]:
        """A proposer's proposals, newest first."""
        return await self.repo.by_proposer(proposer_id)

    async def awaiting(self, actor_id: int) -> list[Proposal]:
        """What waits on a leader (or, for admins, also what was routed to admins)."""
        return await self.repo.awaiting(actor_id, admins=await self.is_admin(actor_id))

    async def card(
        self, proposal: Proposal, viewer_id: int, header: str = ""
    ) -> tuple[str, dict[str, Any] | None]:
        """The text and buttons a viewer gets for a proposal."""
        if viewer_id == proposal.proposer_id:
            actor: Actor | None = Actor.PROPOSER
        elif await self.can_review(viewer_id, proposal):
            actor = Actor.REVIEWER
        else:
            actor = None
        return await self._card_text(proposal, header), self._buttons(proposal, actor)

    async def may_view(self, viewer_id: int, proposal: Proposal) -> bool:
        """Proposer, reviewer, the unit's leaders and admins may see a proposal."""
        if viewer_id == proposal.proposer_id or await self.can_review(viewer_id, proposal):
            return True
        viewer = await self._users.get(viewer_id)
        return (
            viewer is not None
            and viewer.approved
            and viewer.role is Role.LEADER
            and (viewer.unit_id == proposal.unit_id or viewer.unit_id is None)
        )

    def due_text(self, proposal: Proposal) -> str | None:
        """The time limit as shown in lists ("17:00 03/12/2026"), if any."""
        return self._local(proposal.due_at) if proposal.due_at else None

    async def history_text(self, proposal: Proposal) -> str:
        """A proposal's history, one line per event."""
        lines = [f"🕘 <b>{proposal.number}</b>"]
        for event in await self.repo.events(proposal.id):
            actor = await self._users.get(event.actor_id) if event.actor_id else None
            lines.append(
                texts.proposal_event_line(
                    self._local(event.created_at),
                    actor.display_name if actor else texts.SYSTEM_ACTOR,
                    event.action,
                    event.to_status,
                    event.note,
                )
            )
        return "\n".join(lines)

    def display(self, proposal: Proposal) -> dict[str, str]:
        """The review's display values of a proposal's plan (to edit a returned proposal)."""
        plan = proposal.plan
        period = plan.get("period") or {}
        shown = {
            key: str(plan.get(key) or "")
            for key in (
                "title",
                "field",
                "need",
                "solution",
                "scope",
                "resources",
                "feasibility",
                "impact",
            )
        }
        shown["period"] = texts.p_period_display(
            _dmy(period.get("start")), _dmy(period.get("end"))
        )
        shown["attachments"] = texts.p_files_display(len(plan.get("attachments") or []))
        return shown

    async def export_rows(
        self, *, unit_code: str | None = None, year: int | None = None
    ) -> list[ProposalRow]:
        """Proposals with names resolved, for the .xlsx register (filters optional)."""
        unit_id = None
        if unit_code:
            unit = await self._units.get_by_code(unit_code.upper())
            if unit is None:
                return []
            unit_id = unit.id
        rows = []
        for proposal in await self.repo.all(unit_id=unit_id):
            if year is not None and proposal.created_at.astimezone(self._settings.tz).year != year:
                continue
            rows.append(await self.export_row(proposal))
        return rows

    async def export_row(self, proposal: Proposal) -> ProposalRow:
        """One proposal with names resolved (for the .docx plan)."""
        proposer = await self._users.get(proposal.proposer_id)
        unit = await self._units.get(proposal.unit_id) if proposal.unit_id else None
        full = await self.repo.get(proposal.id) or proposal
        return ProposalRow(
            full,
            proposer.display_name if proposer else str(proposal.proposer_id),
            unit.name if unit else None,
            await self._reviewer_name(proposal),
        )

    async def by_number(self, number: str) -> Proposal | None:
        """Find a proposal by its number ("ĐX-2026-0001", also typed "dx-2026-1")."""
        match = re.search(r"(\d{4})\D+(\d{1,6})\s*$", number)
        if match is None:
            return None
        for proposal in await self.repo.all():
            if proposal.number == f"ĐX-{match.group(1)}-{int(match.group(2)):04d}":
                return await self.repo.get(proposal.id)
        return None

    # -- time limits -------------------------------------------------------------------

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
                text = texts.proposal_due_reminder(
                    proposal.number,
                    proposal.title,
                    texts.DUE_LABELS[proposal.due_kind],
                    self._local(proposal.due_at),
                    when,
                )
                for chat_id in recipients:
                    await self._outbox.enqueue(
                        conn,
                        chat_id=chat_id,
                        kind="proposal_due",
                        text=text,
                        now=now,
                        payload={
                            "reply_markup": keyboards.inline(
                                [
                                    [
                                        (
                                            texts.BTN_OPEN + " " + proposal.number,
                                            f"pr:op:{proposal.id}",
                                        )
                                    ]
                                ]
                            )
                        },
                    )
                queued += 1
        return queued

    def _reminder_moment(self, due: datetime, now: datetime) -> str | None:
        tz = self._settings.tz
        left = self.calendar.working_days_left(now, due, tz)
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
        return await self.admin_ids()

    # -- helpers -----------------------------------------------------------------------

    async def _notify_reviewers(
        self, conn: aiosqlite.Connection, proposal: Proposal, routing: Routing, *, header: str
    ) -> None:
        if routing.reviewer_id is not None:
            await self._enqueue_card(conn, proposal, routing.reviewer_id, Actor.REVIEWER, header)
        else:
            for admin_id in await self.admin_ids():
                await self._enqueue_card(conn, proposal, admin_id, Actor.REVIEWER, header)
        for watcher in routing.watchers:
            await self._enqueue_card(conn, proposal, watcher, None, header)

    async def _enqueue_card(
        self,
        conn: aiosqlite.Connection,
        proposal: Proposal,
        chat_id: int,
        actor: Actor | None,
        header: str,
    ) -> None:
        markup = self._buttons(proposal, actor)
        await self._outbox.enqueue(
            conn,
            chat_id=chat_id,
            kind="proposal",
            text=await self._card_text(proposal, header),
            payload={"reply_markup": markup} if markup else None,
            group_key=f"proposal:{proposal.id}",
            now=self._clock.now(),
        )

    def _buttons(self, proposal: Proposal, actor: Actor | None) -> dict[str, Any] | None:
        rows: list[list[keyboards.Button]] = []
        if actor is not None:
            actions = actions_for(proposal.status, actor)
            if actor is Actor.PROPOSER and "resubmit" in actions:
                actions = [a for a in actions if a != "resubmit"] + ["resubmit"]
            rows += [
                [(texts.ACTION_BUTTONS[a], f"pr:{ACTION_CODES[a]}:{proposal.id}")] for a in actions
            ]
        rows.append([(texts.BTN_HISTORY, f"pr:hs:{proposal.id}")])
        return keyboards.inline(rows)

    async def _card_text(self, proposal: Proposal, header: str) -> str:
        proposer = await self._users.get(proposal.proposer_id)
        unit = await self._units.get(proposal.unit_id) if proposal.unit_id else None
        plan = proposal.plan
        period = plan.get("period") or {}
        parts = [
            (texts.P_NEED_LABEL, str(plan.get("need", ""))),
            (texts.P_SOLUTION_LABEL, str(plan.get("solution", ""))),
            (texts.P_SCOPE_LABEL, str(plan.get("scope", ""))),
            (
                texts.P_PERIOD_LABEL,
                texts.p_period_display(_dmy(period.get("start")), _dmy(period.get("end"))),
            ),
            (texts.P_RESOURCES_LABEL, str(plan.get("resources", ""))),
            (texts.P_FEASIBILITY_LABEL, str(plan.get("feasibility", ""))),
            (texts.P_IMPACT_LABEL, str(plan.get("impact", ""))),
        ]
        note = None
        if proposal.status is Status.EVALUATED and proposal.evaluation:
            note = texts.EVALUATION_LABELS.get(str(proposal.evaluation.get("level")), "")
        elif proposal.result:
            note = proposal.result
        return texts.proposal_card(
            proposal.number,
            proposal.title,
            proposal.field,
            proposal.status.value,
            proposer.display_name if proposer else str(proposal.proposer_id),
            unit.name if unit else None,
            parts,
            due_label=texts.DUE_LABELS.get(proposal.due_kind or ""),
            due=self._local(proposal.due_at) if proposal.due_at else None,
            days_left=self.calendar.working_days_left(
                self._clock.now(), proposal.due_at, self._settings.tz
            )
            if proposal.due_at
            else None,
            files=len(proposal.attachments or plan.get("attachments") or []),
            header=header,
            note=note,
        )

    async def _reviewer_name(self, proposal: Proposal) -> str:
        if proposal.reviewer_id is None:
            return texts.ROLE_NAMES["admin"]
        reviewer = await self._users.get(proposal.reviewer_id)
        return reviewer.display_name if reviewer else str(proposal.reviewer_id)

    async def _get_in(self, conn: aiosqlite.Connection, proposal_id: int) -> Proposal:
        proposal = await self.repo.get(proposal_id)
        if proposal is None:
            raise SubmitRejected(texts.PROPOSAL_NOT_FOUND)
        return proposal

    def _local(self, moment: datetime | None) -> str:
        if moment is None:
            return ""
        return f"{moment.astimezone(self._settings.tz):%H:%M %d/%m/%Y}"

    def _today(self) -> date:
        return self._clock.now().astimezone(self._settings.tz).date()


def _dmy(iso: Any) -> str:
    if not iso:
        return "?"
    return f"{date.fromisoformat(str(iso)):%d/%m/%Y}"
