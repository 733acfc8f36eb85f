"""Proposal types: states, the plan's fields, a proposal and its history."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """Where a proposal stands (see bot/proposals/actions.py for the allowed moves)."""

    SUBMITTED = "submitted"  # with the reviewer (đang xem xét)
    NEEDS_INFO = "needs_info"  # returned for completion (cần bổ sung)
    APPROVED = "approved"  # approved, being carried out (đang thực hiện)
    REJECTED = "rejected"  # not approved (không phê duyệt)
    WITHDRAWN = "withdrawn"  # withdrawn by the proposer before a decision
    PAUSED = "paused"  # paused by the head after approval (tạm dừng)
    STOPPED = "stopped"  # stopped by the head after approval (dừng)
    FINISHED = "finished"  # work finished; the result report is due (chờ báo cáo kết quả)
    REPORTED = "reported"  # result reported; the evaluation is due (chờ đánh giá)
    EVALUATED = "evaluated"  # evaluated (đã đánh giá)


class Route(StrEnum):
    """Who reviews: the unit's head, city-level leaders (proposer is a head), or admins;
    or a person an admin named (/chuyenduyet)."""

    HEAD = "head"
    CITY = "city"
    ADMINS = "admins"
    ASSIGNED = "assigned"


class Evaluation(StrEnum):
    """The three outcomes of evaluating a result."""

    DONE = "done"  # hoàn thành
    PARTLY = "partly"  # hoàn thành một phần
    NOT_DONE = "not_done"  # không hoàn thành


# The plan's fields in the order the guided conversation asks them (NĐ73 Điều 7 khoản 2).
PLAN_FIELDS: tuple[str, ...] = (
    "title",
    "field",
    "need",
    "solution",
    "scope",
    "period",
    "resources",
    "feasibility",
    "impact",
    "attachments",
)


@dataclass(frozen=True, slots=True)
class Period:
    """When the work is planned to run (both ends inclusive)."""

    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Attachment:
    """A document or photo sent with the plan (Telegram file id)."""

    kind: str  # document | photo
    file_id: str
    file_name: str | None = None


@dataclass(frozen=True, slots=True)
class Proposal:
    """One submitted proposal."""

    id: int
    number: str  # "ĐX-2026-0042"
    proposer_id: int
    unit_id: int | None
    title: str
    field: str
    plan: dict[str, Any]  # the answers by PLAN_FIELDS key (period as ISO dates)
    status: Status
    route: Route
    reviewer_id: int | None
    due_kind: str | None  # review | report | evaluate
    due_at: datetime | None
    received_at: datetime | None
    decision: dict[str, Any] | None
    result: str | None
    evaluation: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
    attachments: tuple[Attachment, ...] = dc_field(default=())


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of a proposal's history."""

    id: int
    proposal_id: int
    actor_id: int | None
    action: str
    from_status: str | None
    to_status: str | None
    note: str | None
    created_at: datetime
