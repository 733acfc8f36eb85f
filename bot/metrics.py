"""In-process counters (tests and /thongke read them)."""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field


@dataclass
class Metrics:
    """Counts of handled updates by outcome, and errors."""

    outcomes: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    # Ids of the latest updates whose handling finished (replies sent), newest last.
    finished: deque[int] = field(default_factory=lambda: deque(maxlen=1000))

    def count(self, outcome: str, update_id: int | None = None) -> None:
        """Count one handled update's outcome (and remember it finished)."""
        self.outcomes[outcome] += 1
        if update_id is not None:
            self.finished.append(update_id)
