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
