"""What a service answers: `Ok(value)` or `Refused(reason)`, never a bare string or None.

Handlers turn a `Refused` into the polite Vietnamese sentence of its reason
(`bot.texts.refusal`); services never render user text for a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class Reason(StrEnum):
    """Why a service refused an action."""

    NOT_ALLOWED = "not_allowed"  # the person may not do this now (role, unit, status)
    NOT_FOUND = "not_found"  # the thing named does not exist
    STALE = "stale"  # the thing moved on: already decided, done, closed or cancelled
    INVALID = "invalid"  # the input does not meet its rules
    CONFLICT = "conflict"  # it would clash with something that exists (a code, a duplicate)


@dataclass(frozen=True, slots=True)
class Ok(Generic[T]):
    """The action was applied; `value` is what it produced."""

    value: T


@dataclass(frozen=True, slots=True)
class Refused:
    """The action was not applied and nothing changed."""

    reason: Reason
    detail: str | None = None  # for logs and audit, English; never shown as is


Outcome = Ok[T] | Refused
