"""Entry point: `python -m bot`."""

import os

# PTB 22 reports durations (RetryAfter.retry_after) as timedelta only when asked to.
os.environ.setdefault("PTB_TIMEDELTA", "true")

from bot.cli import main

raise SystemExit(main())
