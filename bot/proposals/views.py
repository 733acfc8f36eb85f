"""Reading proposals: who may see one, the card a viewer gets, lists, history and exports."""

from __future__ import annotations

import re

from bot import texts
from bot.config import Settings
from bot.models.people import Role
from bot.models.proposals import Proposal
from bot.people.service import PeopleService
from bot.proposals import notices
from bot.proposals.actions import Actor
from bot.proposals.notices import MY_PAGE_SIZE, Notice
from bot.proposals.post import ProposalPost
from bot.proposals.register import ProposalRow
from bot.proposals.routing import holds_review
from storage.proposals import ProposalRepository
from storage.units import UnitRepository
from storage.users import UserRepository

_NUMBER = re.compile(r"(\d{4})\D+(\d{1,6})\s*$")


class ProposalViews:
    """What people may read about proposals, and how it reads."""

    def __init__(
        self,
        *,
        repo: ProposalRepository,
        users: UserRepository,
        units: UnitRepository,
        people: PeopleService,
        post: ProposalPost,
        settings: Settings,
    ) -> None:
        self._repo = repo
        self._users = users
        self._units = units
        self._people = people
        self._post = post
        self._settings = settings

    async def get(self, proposal_id: int) -> Proposal | None:
        """One proposal, if it exists."""
        return await self._repo.get(proposal_id)

    async def mine(self, proposer_id: int, page: int = 1) -> list[Proposal]:
        """One page of a proposer's proposals, newest first."""
        offset = (max(page, 1) - 1) * MY_PAGE_SIZE
        return await self._repo.by_proposer(proposer_id, MY_PAGE_SIZE, offset)

    async def count_mine(self, proposer_id: int) -> int:
        """How many proposals a person has made."""
        return await self._repo.count_by_proposer(proposer_id)

    async def awaiting(self, actor_id: int) -> list[Proposal]:
        """What waits on a leader (or, for admins, also what was routed to admins).

        Only what they may decide now: never their own proposals, nothing they no longer hold.
        """
        waiting = await self._repo.awaiting(actor_id, admins=await self._people.is_admin(actor_id))
        standing = await self._people.authority.standing(actor_id)
        return [p for p in waiting if holds_review(standing, p)]

    async def can_review(self, actor_id: int, proposal: Proposal) -> bool:
        """Whether the person may decide now: by current role, unit and status, never their own."""
        return holds_review(await self._people.authority.standing(actor_id), proposal)

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

    async def party(self, proposal: Proposal, viewer_id: int) -> Actor | None:
        """Whose buttons a viewer gets: the proposer's, the reviewer's, or none (a watcher)."""
        if viewer_id == proposal.proposer_id:
            return Actor.PROPOSER
        if await self.can_review(viewer_id, proposal):
            return Actor.REVIEWER
        return None

    async def card(self, proposal: Proposal, viewer_id: int, header: str = "") -> Notice:
        """The text and buttons a viewer gets for a proposal."""
        return await self._post.card(proposal, await self.party(proposal, viewer_id), header)

    async def as_it_stands(self, proposal: Proposal) -> Notice:
        """The card without decision buttons (for a card whose buttons no longer apply)."""
        return await self._post.card(proposal, None)

    async def review_list(self, waiting: list[Proposal]) -> Notice:
        """/duyet: the proposals waiting on someone, by the level at which they decide."""
        levels = {p.id: await self._post.level(p) for p in waiting}
        return notices.review_list(waiting, self.due_text, levels)

    def due_text(self, proposal: Proposal) -> str | None:
        """The time limit as shown in lists ("17:00 03/12/2026"), if any."""
        return self._post.local(proposal.due_at) if proposal.due_at else None

    async def history_text(self, proposal: Proposal) -> str:
        """A proposal's history, one line per event."""
        lines = [f"🕘 <b>{proposal.number}</b>"]
        for event in await self._repo.events(proposal.id):
            actor = await self._users.get(event.actor_id) if event.actor_id else None
            lines.append(
                texts.proposal_event_line(
                    self._post.local(event.created_at),
                    actor.display_name if actor else texts.SYSTEM_ACTOR,
                    event.action,
                    event.to_status,
                    event.note,
                )
            )
        return "\n".join(lines)

    async def by_number(self, number: str) -> Proposal | None:
        """Find a proposal by its number ("ĐX-2026-0001", also typed "dx-2026-1")."""
        match = _NUMBER.search(number)
        if match is None:
            return None
        for proposal in await self._repo.all():
            if proposal.number == f"ĐX-{match.group(1)}-{int(match.group(2)):04d}":
                return await self._repo.get(proposal.id)
        return None

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
        for proposal in await self._repo.all(unit_id=unit_id):
            if year is not None and proposal.created_at.astimezone(self._settings.tz).year != year:
                continue
            rows.append(await self.export_row(proposal))
        return rows

    async def export_row(self, proposal: Proposal) -> ProposalRow:
        """One proposal with names resolved (for the .docx plan)."""
        full = await self._repo.get(proposal.id) or proposal
        return ProposalRow(
            full,
            await self._post.name_of(proposal.proposer_id),
            await self._post.unit_name(proposal.unit_id),
            await self._post.reviewer_name(proposal),
        )
