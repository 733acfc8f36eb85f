"""Domain types shared by every layer: frozen dataclasses and enums, one module per domain.

Glossary (Vietnamese term → identifier → meaning):
    cán bộ, công chức        → Role.STAFF        an approved member of staff
    lãnh đạo                 → Role.LEADER       a leader of one unit (or city level)
    thủ trưởng               → is_head           the head of a unit, versus deputies
    Phòng Nội vụ             → Role.ADMIN        administrators of the bot
    người dùng mới           → Role.GUEST        pressed /start, not (yet) approved
    đơn vị                   → OrgUnit (unit)    an agency or ward/commune
    bản nháp                 → draft             a guided conversation's saved state
    hộp thư đi               → outbox            messages the bot starts, sent durably
"""
