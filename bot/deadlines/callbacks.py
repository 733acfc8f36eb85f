"""The callback data of deadline buttons, declared once.

`REMINDER` rides on reminders and unit listings: `dl:<action>:<deadline>:<occurrence>:<unit>`
with action s (submitted), u (undo), h (remind in an hour), m (remind tomorrow morning).
`ADMIN` rides on the admins' listing: `dla:<action>:<deadline>` with action p (pause),
r (resume), x (cancel: asks first), k (cancel, confirmed), n (keep it), c (compliance).
"""

from __future__ import annotations

from bot.callbacks import Codec

SUBMIT, UNSUBMIT, SNOOZE_HOUR, SNOOZE_MORNING = "s", "u", "h", "m"
PAUSE, RESUME, CANCEL, COMPLIANCE = "p", "r", "x", "c"
CANCEL_CONFIRMED, KEEP = "k", "n"

REMINDER = Codec(
    "dl",
    (
        ("action", "s|u|h|m"),
        ("deadline", r"\d{1,9}"),
        ("occurrence", r"\d{1,6}"),
        ("unit", r"\d{1,9}"),
    ),
)
ADMIN = Codec("dla", (("action", "p|r|x|c|k|n"), ("deadline", r"\d{1,9}")))
