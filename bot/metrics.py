"""In-process counters (tests and /thongke read them)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Metrics:
    """Counts of handled updates by outcome, and errors."""

    outcomes: Counter[str] = field(default_factory=Counter)
    errors: int = 0

    def count(self, outcome: str) -> None:
        """Count one handled update's outcome."""
        self.outcomes[outcome] += 1
