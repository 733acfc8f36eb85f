"""Reporting deadlines (hạn báo cáo): a deadline, its targets and offsets, and what the service
reports about them (progress of an occurrence, a unit's view, compliance).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.models.people import OrgUnit


@dataclass(frozen=True, slots=True)
class Deadline:
    """A reporting deadline set by admins for some units."""

    id: int
    title: str
    description: str
    first_due: datetime
    recurrence: dict[str, Any]
    targets: tuple[int, ...] | None  # None: all units
    offsets: tuple[timedelta, ...]
    overdue_daily: bool
    status: str  # active | paused | cancelled
    created_by: int | None

    @property
    def active(self) -> bool:
        """True while reminders go out."""
        return self.status == "active"


@dataclass(frozen=True, slots=True)
class Created:
    """A new (or rescheduled) deadline and how many units it concerns."""

    deadline: Deadline
    units: int


@dataclass(frozen=True, slots=True)
class Progress:
    """A deadline's current occurrence across its target units."""

    deadline: Deadline
    occurrence: int
    due: datetime
    submitted: dict[int, int]  # unit id -> who marked it
    targets: list[OrgUnit]


@dataclass(frozen=True, slots=True)
class UnitStatus:
    """A deadline's current occurrence as one unit sees it."""

    deadline: Deadline
    occurrence: int
    due: datetime
    unit_id: int
    submitted: bool
    submitted_by: tuple[str, str] | None = None  # (local time, who) when submitted
    may_confirm: bool = True  # the viewer may mark it submitted
    may_undo: bool = False  # the viewer may undo the mark
    confirmers: tuple[str, ...] = ()  # who may mark it (for those who may not)


@dataclass(frozen=True, slots=True)
class Compliance:
    """Who submitted an occurrence: each target unit with its local submission time."""

    deadline: Deadline
    occurrence: int
    due: datetime
    rows: list[tuple[OrgUnit, tuple[str, str] | None]]  # (unit, (local time, who) or None)
