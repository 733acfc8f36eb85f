"""Handing proposals over when who holds the review changes: a reviewer leaving their post, or
a change at the superior level (NĐ73 Điều 7 khoản 4) such as a new field or unit in charge.

What moves is what waits for a decision (`AWAITING_DECISION`). A plan already decided (approved,
paused, finished) stays with whoever decided it while they still hold the review, and moves only
when they lose it: to whoever is designated now, the admins when nobody is.
"""

from __future__ import annotations

import aiosqlite

from bot.authority import Authority
from bot.models.people import Role
from bot.models.proposals import Proposal, Route
from bot.people.units import CAUSE_LEVEL, CAUSE_ROLE
from bot.proposals.actions import AWAITING_DECISION, WAITING_ON_REVIEWER
from bot.proposals.routing import Router, holds_review
from storage.proposals import ProposalRepository


def stays_with_holder(proposal: Proposal) -> bool:
    """Whether a proposal stays with its reviewer while they hold the review: one an admin
    gave to them, or one past its decision."""
    return proposal.route is Route.ASSIGNED or proposal.status not in AWAITING_DECISION


class Rerouter:
    """Moves proposals after changes of people or of the superior level (caller's txn)."""

    def __init__(self, *, repo: ProposalRepository, router: Router, authority: Authority) -> None:
        self._repo = repo
        self._router = router
        self._authority = authority

    async def from_person(
        self,
        conn: aiosqlite.Connection,
        telegram_id: int,
        old_role: Role | None = None,
        actor_id: int | None = None,
    ) -> int:
        """When a reviewer leaves the role, give what waited on them to the new holder.

        Runs in the caller's transaction (the change of role, unit, head or status, made by
        `actor_id` or the system), so both commit or neither does. Returned proposals (needing
        more information) move too.
        """
        moved = 0
        standing = await self._authority.standing(telegram_id)
        for proposal in await self._repo.reviewed_by(telegram_id, WAITING_ON_REVIEWER):
            if stays_with_holder(proposal) and holds_review(standing, proposal):
                continue
            routing = await self._router.current(proposal)
            if routing.reviewer_id == telegram_id:
                continue
            await self._router.move_reviewer(
                conn, proposal, routing, actor_id, "reroute", why=CAUSE_ROLE
            )
            moved += 1
        return moved

    async def superior(
        self, conn: aiosqlite.Connection, actor_id: int | None = None, why: str = CAUSE_LEVEL
    ) -> int:
        """After a change at the superior level (by `actor_id`, for `why`), give heads' plans
        waiting there (or with the admins) to whoever is designated now."""
        moved = 0
        waiting = await self._repo.routed_to_admins(WAITING_ON_REVIEWER)
        waiting += await self._repo.routed_to_city(WAITING_ON_REVIEWER)
        for proposal in waiting:
            if proposal.route is Route.CITY and await self._held(proposal):
                continue
            routing = await self._router.current(proposal)
            if routing.route is not Route.CITY and proposal.route is not Route.CITY:
                continue
            if (routing.route, routing.reviewer_id) == (proposal.route, proposal.reviewer_id):
                continue
            await self._router.move_reviewer(conn, proposal, routing, actor_id, "reroute", why=why)
            moved += 1
        return moved

    async def _held(self, proposal: Proposal) -> bool:
        """A plan past its decision whose decider still holds the review."""
        if not stays_with_holder(proposal) or proposal.reviewer_id is None:
            return False
        return holds_review(await self._authority.standing(proposal.reviewer_id), proposal)
