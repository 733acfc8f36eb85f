"""Domain types shared by services and storage.

Glossary (Vietnamese term → identifier → meaning):
    cán bộ, công chức        → Role.STAFF        an approved member of staff
    lãnh đạo                 → Role.LEADER       a leader of one unit (or city level)
    thủ trưởng               → is_head           the head of a unit, versus deputies
    Phòng Nội vụ             → Role.ADMIN        administrators of the bot
    người dùng mới           → Role.GUEST        pressed /start, not (yet) approved
    đơn vị                   → unit              an agency or ward/commune
    bản nháp                 → draft             a guided conversation's saved state
    hộp thư đi               → outbox            messages the bot starts, sent durably
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    """What a person may do in the bot."""

    GUEST = "guest"
    STAFF = "staff"
    LEADER = "leader"
    ADMIN = "admin"


ALL_ROLES = frozenset(Role)
APPROVED_ROLES = frozenset({Role.STAFF, Role.LEADER, Role.ADMIN})
ADMIN_ONLY = frozenset({Role.ADMIN})


class UserStatus(StrEnum):
    """Where a person's account stands."""

    NEW = "new"
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    DEACTIVATED = "deactivated"


@dataclass(frozen=True, slots=True)
class Unit:
    """An agency or ward/commune (đơn vị)."""

    id: int
    code: str
    name: str
    kind: str
    active: bool


@dataclass(frozen=True, slots=True)
class User:
    """A person who pressed /start."""

    telegram_id: int
    first_name: str
    username: str | None
    full_name: str | None
    position: str | None
    unit_id: int | None
    role: Role
    is_head: bool
    is_contact: bool
    status: UserStatus
    blocked: bool
    rejected_at: datetime | None
    created_at: datetime

    @property
    def approved(self) -> bool:
        """True for an approved, active account."""
        return self.status is UserStatus.APPROVED

    @property
    def display_name(self) -> str:
        """The name to show: the registered full name, else the Telegram first name."""
        return self.full_name or self.first_name or str(self.telegram_id)


@dataclass(frozen=True, slots=True)
class Registration:
    """A request to be approved as staff."""

    id: int
    telegram_id: int
    full_name: str
    unit_id: int
    position: str
    status: str
    decided_by: int | None
    created_at: datetime


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
