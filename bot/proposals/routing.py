"""Who reviews a proposal: the unit's head, else the city's leaders, else the admins (NĐ73
Điều 8), and moving a proposal to another reviewer."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot import texts
from bot.clock import Clock
from bot.models.people import User
from bot.models.proposals import Proposal, Route
from bot.proposals.post import ProposalPost
from storage.proposals import ProposalRepository
from storage.users import UserRepository


@dataclass(frozen=True, slots=True)
class Routing:
    """Who reviews a proposal and who else is told."""

    route: Route
    reviewer_id: int | None
    watchers: tuple[int, ...]


class Router:
    """Finds a proposal's reviewer and hands proposals over."""

    def __init__(
        self, *, repo: ProposalRepository, users: UserRepository, post: ProposalPost, clock: Clock
    ) -> None:
        self._repo = repo
        self._users = users
        self._post = post
        self._clock = clock

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

    async def move_reviewer(
        self,
        conn: aiosqlite.Connection,
        proposal: Proposal,
        routing: Routing,
        actor_id: int | None,
        action: str,
    ) -> None:
        """Give a proposal to the routing's reviewer, record it and tell them (caller's txn)."""
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
            moved.number, moved.title, action, await self._post.reviewer_name(moved), None
        )
        await self._post.notify_reviewers(
            conn, moved, routing.reviewer_id, routing.watchers, header=header
        )
