"""Queueing the proposal's messages: each card with the names read now, in the caller's
transaction, so a change and the messages it causes commit together.

A card that carries a party's decision buttons (the reviewer's or the proposer's actions) is a
copy in that party's outbox group (`live_key`), whether the outbox sent it or it was shown in a
reply (`keep_reply`). When the proposal moves on, `retire_cards` edits every such copy to show
what happened, without the buttons that no longer apply, and moves it out of the group.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import aiosqlite

from bot import texts
from bot.clock import Clock
from bot.config import Settings
from bot.models.people import LEADERSHIP
from bot.models.proposals import Proposal, Route
from bot.people.service import PeopleService
from bot.proposals.actions import Actor, actions_for
from bot.proposals.notices import CardFacts, Notice, buttons, card_text
from bot.workdays import Calendar
from storage.outbox import OutboxRepository
from storage.units import UnitRepository
from storage.users import UserRepository


def copies_key(proposal_id: int) -> str:
    """The outbox group of a proposal's cards that carry no decision buttons."""
    return f"proposal:{proposal_id}"


def party_key(proposal_id: int, party: Actor) -> str:
    """The outbox group of the cards carrying a party's decision buttons for a proposal."""
    return f"{copies_key(proposal_id)}:{party.value}"


def live_key(proposal: Proposal, actor: Actor | None) -> str | None:
    """The group of a card for `actor` on the proposal as it stands; None when the card has no
    decision buttons (a watcher's, or nothing for that party to decide now)."""
    if actor is None or not actions_for(proposal.status, actor):
        return None
    return party_key(proposal.id, actor)


class ProposalPost:
    """Renders proposal cards for a viewer and queues them in the outbox."""

    def __init__(
        self,
        *,
        users: UserRepository,
        units: UnitRepository,
        outbox: OutboxRepository,
        people: PeopleService,
        calendar: Calendar,
        settings: Settings,
        clock: Clock,
    ) -> None:
        self._users = users
        self._units = units
        self._outbox = outbox
        self._people = people
        self._calendar = calendar
        self._settings = settings
        self._clock = clock

    async def card(self, proposal: Proposal, actor: Actor | None, header: str = "") -> Notice:
        """The card a viewer gets: the buttons of `actor` (None: a watcher, history only)."""
        return Notice(await self._card_text(proposal, header), buttons(proposal, actor))

    async def send_card(
        self,
        conn: aiosqlite.Connection,
        proposal: Proposal,
        chat_id: int,
        actor: Actor | None,
        header: str,
    ) -> None:
        """Queue a card (messages about one proposal are grouped, the newest kept)."""
        card = await self.card(proposal, actor, header)
        await self._outbox.enqueue(
            conn,
            chat_id=chat_id,
            kind="proposal",
            text=card.text,
            payload={"reply_markup": card.markup} if card.markup else None,
            group_key=live_key(proposal, actor) or copies_key(proposal.id),
            now=self._clock.now(),
        )

    async def retire_cards(
        self,
        conn: aiosqlite.Connection,
        moved: Proposal,
        header: str,
        parties: Iterable[Actor] = (Actor.PROPOSER, Actor.REVIEWER),
    ) -> None:
        """Edit every card that carries the parties' decision buttons to the proposal as it is
        now, under `header` (what happened), with the reading buttons only."""
        card = await self.card(moved, None, header)
        for party in parties:
            await self._outbox.rewrite_group(
                conn,
                party_key(moved.id, party),
                card.text,
                reply_markup=card.markup,
                regroup=copies_key(moved.id),
                now=self._clock.now(),
            )

    async def keep_reply(
        self,
        conn: aiosqlite.Connection,
        shown: Proposal,
        current: Proposal,
        actor: Actor | None,
        sent: tuple[int, int],
        card: Notice,
    ) -> None:
        """Count a card shown in a reply (`sent`: chat and message id) among the copies
        `retire_cards` edits; edit it at once if the proposal moved while it was on its way."""
        key = live_key(shown, actor)
        if key is None:
            return
        moved = (current.status, current.reviewer_id) != (shown.status, shown.reviewer_id)
        row = await self._outbox.record_sent(
            conn,
            chat_id=sent[0],
            message_id=sent[1],
            kind="proposal",
            payload={"text": card.text, "reply_markup": card.markup},
            group_key=copies_key(shown.id) if moved else key,
            now=self._clock.now(),
        )
        if moved:
            retired = await self.card(current, None)
            await self._outbox.enqueue_edit(
                conn,
                target_id=row,
                text=retired.text,
                reply_markup=retired.markup,
                now=self._clock.now(),
            )

    async def notify_reviewers(
        self,
        conn: aiosqlite.Connection,
        proposal: Proposal,
        reviewer_id: int | None,
        watchers: Iterable[int],
        *,
        header: str,
    ) -> None:
        """The reviewer (or every admin when none is routed) with buttons, watchers without.

        Nobody decides their own proposal: an admin who proposed gets no decision buttons.
        """
        if reviewer_id is not None:
            await self.send_card(conn, proposal, reviewer_id, Actor.REVIEWER, header)
        else:
            for admin_id in await self._people.admin_chat_ids():
                if admin_id != proposal.proposer_id:
                    await self.send_card(conn, proposal, admin_id, Actor.REVIEWER, header)
        for watcher in watchers:
            await self.send_card(conn, proposal, watcher, None, header)

    async def superior_unset_once(self, conn: aiosqlite.Connection) -> None:
        """Tell the admins, once ever, that heads' plans reach them because no superior is
        set, with steps that work on this database (create the leadership unit, or use it)."""
        if await self._people.claim_once(conn, "superior:unset"):
            admins = await self._people.admin_chat_ids()
            units = await self._units.of_kind(LEADERSHIP)
            leadership = (units[0].code, units[0].name) if units else None
            text = texts.superior_unset(leadership, self._settings.org_name)
            await self.send(conn, admins, "superior_unset", Notice(text))

    async def send(
        self, conn: aiosqlite.Connection, chat_ids: Iterable[int], kind: str, notice: Notice
    ) -> None:
        """Queue one notice to several people."""
        for chat_id in chat_ids:
            await self._outbox.enqueue(
                conn,
                chat_id=chat_id,
                kind=kind,
                text=notice.text,
                now=self._clock.now(),
                payload={"reply_markup": notice.markup} if notice.markup else None,
            )

    async def name_of(self, telegram_id: int | None) -> str:
        """A person's display name (their id when unknown, "Hệ thống" for no one)."""
        if telegram_id is None:
            return texts.SYSTEM_ACTOR
        user = await self._users.get(telegram_id)
        return user.display_name if user else str(telegram_id)

    async def reviewer_name(self, proposal: Proposal) -> str:
        """Who reviews a proposal ("Quản trị viên" when it was routed to the admins)."""
        if proposal.reviewer_id is None:
            return texts.ROLE_NAMES["admin"]
        name = await self.name_of(proposal.reviewer_id)
        return texts.reviewer_at_level(name, await self.level(proposal))

    async def level(self, proposal: Proposal) -> str | None:
        """The level that decides: "Thủ trưởng đơn vị", or "Cấp trên: " and the name of the
        reviewer's leadership unit (BOT_ORG_NAME's leaders for leaders with no unit)."""
        if proposal.route is Route.HEAD:
            return texts.LEVEL_HEAD
        if proposal.route is not Route.CITY or proposal.reviewer_id is None:
            return None
        reviewer = await self._users.get(proposal.reviewer_id)
        unit = await self._units.get(reviewer.unit_id) if reviewer and reviewer.unit_id else None
        if unit is None:
            return texts.level_default(self._settings.org_name)
        return texts.level_superior(unit.name)

    async def unit_name(self, unit_id: int | None) -> str | None:
        """The name of a unit, if any."""
        unit = await self._units.get(unit_id) if unit_id else None
        return unit.name if unit else None

    def local(self, moment: datetime | None) -> str:
        """A moment as shown to people: "17:00 03/12/2026" in the office's zone."""
        if moment is None:
            return ""
        return f"{moment.astimezone(self._settings.tz):%H:%M %d/%m/%Y}"

    async def _card_text(self, proposal: Proposal, header: str) -> str:
        due = proposal.due_at
        facts = CardFacts(
            proposer_name=await self.name_of(proposal.proposer_id),
            unit_name=await self.unit_name(proposal.unit_id),
            reviewer=await self.reviewer_name(proposal),
            due=self.local(due) if due else None,
            days_left=self._calendar.working_days_left(self._clock.now(), due, self._settings.tz)
            if due
            else None,
        )
        return card_text(proposal, facts, header)
