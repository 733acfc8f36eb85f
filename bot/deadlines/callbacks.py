"""The callback data of deadline buttons, declared once.

`REMINDER` rides on reminders and unit listings: `dl:<action>:<deadline>:<occurrence>:<unit>`
with action s (submitted), u (undo), h (remind in an hour), m (remind tomorrow morning), and
an optional last field naming the message pressed when it is no reminder, so the handler can
show it again: l (a unit's listing, /hanbaocao), c (the admins' compliance message).
`ADMIN` rides on the admins' listing: `dla:<action>:<deadline>` with action p (pause),
r (resume), x (cancel: asks first), k (cancel, confirmed), n (keep it), c (compliance).
"""

from __future__ import annotations

from bot.callbacks import Codec

SUBMIT, UNSUBMIT, SNOOZE_HOUR, SNOOZE_MORNING = "s", "u", "h", "m"
LISTING, STATUS = "l", "c"
PAUSE, RESUME, CANCEL, COMPLIANCE = "p", "r", "x", "c"
CANCEL_CONFIRMED, KEEP = "k", "n"

REMINDER = Codec(
    "dl",
    (
        ("action", "s|u|h|m"),
        ("deadline", r"\d{1,9}"),
        ("occurrence", r"\d{1,6}"),
        ("unit", r"\d{1,9}"),
        ("view", "l|c"),
    ),
    optional=1,
)
ADMIN = Codec("dla", (("action", "p|r|x|c|k|n"), ("deadline", r"\d{1,9}")))
