"""Drafts: the saved state of a guided conversation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class DraftStatus(StrEnum):
    """Where a guided conversation stands."""

    ACTIVE = "active"
    PARKED = "parked"
    DONE = "done"
    ARCHIVED = "archived"


@dataclass(frozen=True, slots=True)
class Draft:
    """The saved state of one guided conversation: the truth, not a cache."""

    id: int
    telegram_id: int
    flow: str
    step: int
    answers: dict[str, Any]
    messages: dict[str, int]
    status: DraftStatus
    updated_at: datetime
