"""Who reviews a proposal: the unit's head, else the superior level (NĐ73 Điều 7 khoản 4),
else the admins, and moving a proposal to another reviewer."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot import texts
from bot.authority import Standing
from bot.clock import Clock
from bot.models.people import APPROVED_ROLES, Role, User
from bot.models.proposals import Proposal, Route
from bot.proposals.actions import Actor
from bot.proposals.notices import Notice
from bot.proposals.post import ProposalPost
from bot.proposals.procedure import superior_decides
from storage.proposals import ProposalRepository
from storage.users import UserRepository


@dataclass(frozen=True, slots=True)
class Routing:
    """Who reviews a proposal and who else is told."""

    route: Route
    reviewer_id: int | None
    watchers: tuple[int, ...]
    superior_unset: bool = False  # a head's plan went to the admins: no superior designated


def holds_review(standing: Standing, proposal: Proposal) -> bool:
    """Whether a person may decide on a proposal now, by their current role, unit and status.

    Never the proposer. Admins always (whoever was routed); otherwise the stored reviewer, and
    only while they still hold what made them the reviewer: the head of the proposal's unit,
    a city-level leader, or, for a reviewer an admin named, an approved account.
    """
    if standing.telegram_id == proposal.proposer_id:
        return False
    if standing.role is Role.ADMIN:
        return True
    if standing.telegram_id != proposal.reviewer_id:
        return False
    if proposal.route is Route.HEAD:
        return (
            standing.role is Role.LEADER
            and standing.is_head
            and standing.unit_id is not None
            and standing.unit_id == proposal.unit_id
        )
    if proposal.route is Route.CITY:
        return standing.role is Role.LEADER and (standing.unit_id is None or standing.superior)
    return proposal.route is Route.ASSIGNED and standing.holds(APPROVED_ROLES)


class Router:
    """Finds a proposal's reviewer and hands proposals over."""

    def __init__(
        self, *, repo: ProposalRepository, users: UserRepository, post: ProposalPost, clock: Clock
    ) -> None:
        self._repo = repo
        self._users = users
        self._post = post
        self._clock = clock

    async def routing(
        self, proposer: User, unit_id: int | None = None, field: str | None = None
    ) -> Routing:
        """The unit's head (or the superior level for a head, or admins when nobody holds it).

        `unit_id` is the proposal's unit when it differs from the proposer's current one (a
        proposal stays with the unit it was sent from); `field`, then the unit, pick the
        superior-level vice-chair in charge of it (NĐ73 Điều 7 khoản 4).
        """
        unit_id = proposer.unit_id if unit_id is None else unit_id
        heads_it = proposer.is_head and proposer.unit_id == unit_id
        if unit_id is not None and not heads_it:
            leaders = [
                u
                for u in await self._users.leaders(unit_id)
                if u.telegram_id != proposer.telegram_id and not u.blocked
            ]
            head = next((u for u in leaders if u.is_head), None)
            if head is not None:
                watchers = tuple(u.telegram_id for u in leaders if u is not head)
                return Routing(Route.HEAD, head.telegram_id, watchers)
        return await self._superior(proposer, field, unit_id)

    async def _superior(self, proposer: User, field: str | None, unit_id: int | None) -> Routing:
        """The superior level: the vice-chair in charge of the field, else the one in charge
        of the unit, else the chair; the others there are told. Leaders with no unit (older
        set-ups) when nobody is designated."""
        level = [
            u
            for u in await self._users.superior_leaders()
            if u.telegram_id != proposer.telegram_id and not u.blocked
        ]
        of_unit = await self._users.in_charge_of_unit(unit_id) if unit_id is not None else []
        chosen = next((u for u in level if field and u.in_charge == field), None)
        chosen = chosen or next((u for u in level if u.telegram_id in of_unit), None)
        chosen = chosen or next((u for u in level if u.is_head), None)
        if chosen is not None:
            watchers = tuple(u.telegram_id for u in level if u is not chosen)
            return Routing(Route.CITY, chosen.telegram_id, watchers)
        city = [
            u
            for u in await self._users.leaders(None)
            if u.telegram_id != proposer.telegram_id and not u.blocked
        ]
        if city:
            return Routing(Route.CITY, city[0].telegram_id, tuple(u.telegram_id for u in city[1:]))
        return Routing(Route.ADMINS, None, (), superior_unset=True)

    async def superior_decides(self, proposal: Proposal) -> bool:
        """Whether the superior level's own decision approves this plan (a head's own plan,
        khoản 4 Điều 7, or a plan waiting at that level), not the collective's vote."""
        proposer = await self._users.get(proposal.proposer_id)
        head_plan = (
            proposer is not None
            and proposer.is_head
            and proposal.unit_id is not None
            and proposer.unit_id == proposal.unit_id
        )
        return superior_decides(proposal.route, head_plan)

    async def current(self, proposal: Proposal) -> Routing:
        """Who should review an existing proposal now (its unit as sent)."""
        proposer = await self._users.get(proposal.proposer_id)
        if proposer is None:
            return Routing(Route.ADMINS, None, ())
        return await self.routing(proposer, proposal.unit_id, proposal.field)

    async def move_reviewer(
        self,
        conn: aiosqlite.Connection,
        proposal: Proposal,
        routing: Routing,
        actor_id: int | None,
        action: str,
        why: str | None = None,
    ) -> None:
        """Give a proposal to the routing's reviewer, record it and tell them (caller's txn).

        `actor_id` made the change (an admin; None for the system): the history and the
        notices name them. The former reviewer, if any, is told that it no longer waits on
        them and `why` (a `texts.REVIEW_MOVED_REASONS` key; an admin's reassignment when None).
        """
        now = self._clock.now()
        await self._repo.update(
            conn, proposal.id, now, route=routing.route, reviewer_id=routing.reviewer_id
        )
        await self._repo.add_event(
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
        moved = await self._repo.get(proposal.id)
        assert moved is not None
        header = texts.proposal_notice(
            moved.number, moved.title, action, await self._post.name_of(actor_id), None
        )
        await self._post.retire_cards(conn, moved, header, (Actor.REVIEWER,))
        await self._post.notify_reviewers(
            conn, moved, routing.reviewer_id, routing.watchers, header=header
        )
        former = proposal.reviewer_id
        if former == routing.reviewer_id:
            return
        name = await self._post.reviewer_name(moved)
        if former is not None:
            notice = texts.review_moved_away(moved.number, moved.title, name, why or action)
            await self._post.send_card(conn, moved, former, None, notice)
        told = texts.review_moved_to(moved.number, moved.title, name)
        await self._post.send(conn, [moved.proposer_id], "proposal_rerouted", Notice(told))
