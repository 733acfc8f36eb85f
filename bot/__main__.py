"""Entry point: `python -m bot`."""

import os

# Everything the bot creates (database, WAL, lock, backups, exports, temporary files) holds
# personal data: files 0600, folders 0700, whatever the shell's umask was.
os.umask(0o077)

# PTB 22 reports durations (RetryAfter.retry_after) as timedelta only when asked to.
os.environ.setdefault("PTB_TIMEDELTA", "true")

from bot.cli import main

raise SystemExit(main())
