"""Reporting deadlines (hạn báo cáo): a deadline, its targets and its reminder offsets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any


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
