"""Broadcasts by admins: one outbox row per recipient, a delivery report afterwards."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from bot import inputcheck, texts
from bot.authority import Authority, holding
from bot.clock import Clock
from bot.flows.model import (
    Accept,
    Choice,
    Completion,
    Flow,
    Reject,
    Step,
    SubmitContext,
    SubmitRejected,
)
from bot.flows.validators import files_done, files_only
from bot.models.outcomes import Ok, Reason, Refused
from bot.models.people import ADMIN_ONLY
from storage.broadcasts import BroadcastRepository
from storage.outbox import OutboxRepository
from storage.units import UnitRepository

FLOW = "broadcast"
MAX_TEXT = 3500


@dataclass(frozen=True, slots=True)
class Queued:
    """A broadcast stored with one message per recipient."""

    broadcast_id: int
    recipients: int


# How the form words a refused broadcast.
_REFUSALS = {Reason.NOT_ALLOWED: texts.NOT_ALLOWED, Reason.NOT_FOUND: texts.EXPORT_EMPTY}


class BroadcastService:
    """Choose recipients, queue the messages, report delivery."""

    def __init__(
        self,
        repo: BroadcastRepository,
        outbox: OutboxRepository,
        units: UnitRepository,
        clock: Clock,
        tz: ZoneInfo,
        authority: Authority,
    ) -> None:
        self._repo = repo
        self._authority = authority
        self._outbox = outbox
        self._tz = tz
        self._units = units
        self._clock = clock

    async def queue(
        self,
        conn: Any,
        actor_id: int,
        text: str,
        audience: str,
        files: Sequence[Mapping[str, Any]] = (),
    ) -> Ok[Queued] | Refused:
        """Store the broadcast and one message per recipient (then its files, in order), in the
        caller's transaction. The report counts the text messages; files have their own group.
        Refused when the sender is no longer an admin or nobody would receive it.
        """
        if not await self._authority.may(actor_id, ADMIN_ONLY):
            return Refused(Reason.NOT_ALLOWED, "no longer an admin")
        people = await self._repo.recipients(audience)
        if not people:
            return Refused(Reason.NOT_FOUND, "no recipients")
        now = self._clock.now()
        broadcast_id = await self._repo.add(
            conn,
            created_by=actor_id,
            text=text,
            audience=audience,
            recipients=len(people),
            now=now,
        )
        body = f"{texts.BC_HEADER}\n\n{escape(text)}"
        for person in people:
            await self._outbox.enqueue(
                conn,
                chat_id=person,
                kind="broadcast",
                text=body,
                group_key=f"bc:{broadcast_id}",
                now=now,
            )
            for file in files:
                photo = file.get("kind") == "photo"
                await self._outbox.enqueue(
                    conn,
                    chat_id=person,
                    kind="broadcast_file",
                    method="sendPhoto" if photo else "sendDocument",
                    payload={"photo" if photo else "document": str(file["file_id"])},
                    group_key=f"bc:{broadcast_id}:files",
                    now=now,
                )
        return Ok(Queued(broadcast_id, len(people)))

    async def report(self, limit: int = 5) -> list[tuple[int, str, int, dict[str, int]]]:
        """Recent broadcasts with their outbox outcomes."""
        return [
            (
                item.id,
                f"{item.created_at.astimezone(self._tz):%H:%M %d/%m/%Y}",
                item.recipients,
                await self._outbox.group_counts(f"bc:{item.id}"),
            )
            for item in await self._repo.recent(limit)
        ]

    def forms(self) -> list[Flow]:
        """Every form of the broadcasts feature, for the runtime's registry."""
        return [self.flow()]

    def flow(self) -> Flow:
        """The compose → audience → preview → confirm flow."""

        async def text_step(text: str, answers: dict[str, Any]) -> Accept | Reject:
            checked = inputcheck.check(text, max_length=MAX_TEXT)
            if not checked.ok:
                return Reject(texts.p_length(1, MAX_TEXT))
            return Accept(checked.text, checked.text)

        async def audiences(answers: dict[str, Any]) -> list[Choice]:
            return [Choice(key, label, key) for key, label in texts.BC_AUDIENCES.items()]

        async def units_step(text: str, answers: dict[str, Any]) -> Accept | Reject:
            ids, names = [], []
            for code in (c.strip().upper() for c in text.replace(";", ",").split(",")):
                unit = await self._units.get_by_code(code) if code else None
                if unit is None:
                    return Reject(texts.DEADLINE_ERRORS["bad_units"])
                ids.append(str(unit.id))
                names.append(unit.name)
            return Accept(",".join(ids), ", ".join(names))

        async def submit(answers: dict[str, Any], ctx: SubmitContext) -> Completion:
            queued = await self.queue(
                ctx.conn,
                ctx.telegram_id,
                answers["text"],
                answers["audience"],
                answers.get("attachments") or (),
            )
            if isinstance(queued, Refused):
                raise SubmitRejected(_REFUSALS.get(queued.reason, texts.NOT_ALLOWED))
            done = queued.value
            return Completion(texts.broadcast_queued(done.recipients, done.broadcast_id))

        return Flow(
            name=FLOW,
            title=texts.BC_TITLE,
            submit=submit,
            admits=holding(ADMIN_ONLY),
            steps=(
                Step(
                    "text",
                    texts.BC_TEXT,
                    text_step,
                ),
                Step(
                    "attachments",
                    texts.BC_FILES,
                    files_only,
                    choices=files_done,
                    skippable=True,
                    files=True,
                    max_files=texts.BC_FILES_MAX,
                ),
                Step(
                    "audience",
                    texts.BC_AUDIENCE,
                    units_step,
                    choices=audiences,
                ),
            ),
        )
