"""People and organisational units: roles, statuses, accounts, registrations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    """What a person may do in the bot."""

    GUEST = "guest"
    STAFF = "staff"
    LEADER = "leader"
    ADMIN = "admin"


ALL_ROLES = frozenset(Role)
APPROVED_ROLES = frozenset({Role.STAFF, Role.LEADER, Role.ADMIN})
ADMIN_ONLY = frozenset({Role.ADMIN})
# The kind of unit whose leaders are the superior level of heads (NĐ73 Điều 7 khoản 4).
LEADERSHIP = "leadership"


class UserStatus(StrEnum):
    """Where a person's account stands."""

    NEW = "new"
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    DEACTIVATED = "deactivated"


@dataclass(frozen=True, slots=True)
class OrgUnit:
    """An agency, ward/commune or the city leadership (đơn vị)."""

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
    in_charge: str | None = None  # the field a city vice-chair is in charge of (phụ trách)

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
