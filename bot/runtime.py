"""The services one bot process shares, opened once at start-up and closed at shutdown."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.metrics import Metrics
from bot.models import Role
from storage.db import Database
from storage.migrations import migrate
from storage.updates import UpdateLog

logger = logging.getLogger(__name__)

# Telegram keeps unconfirmed updates for 24 hours; remember handled ids a little longer.
UPDATE_MEMORY = timedelta(days=2)


@dataclass
class Services:
    """Everything handlers reach through `context.services`."""

    settings: Settings
    clock: Clock
    db: Database
    updates: UpdateLog
    metrics: Metrics = field(default_factory=Metrics)

    @classmethod
    def create(cls, settings: Settings, *, clock: Clock | None = None) -> Services:
        """Wire the services (nothing is opened yet)."""
        clock = clock or SystemClock()
        db = Database(settings.database_path, clock=clock)
        return cls(settings=settings, clock=clock, db=db, updates=UpdateLog(db))

    async def open(self) -> None:
        """Open the database, migrate it and tidy old bookkeeping."""
        await self.db.open()
        version = await migrate(self.db.conn)
        pruned = await self.updates.prune(self.clock.now() - UPDATE_MEMORY)
        logger.info("Database ready at schema %d (%d old update ids pruned)", version, pruned)

    async def role_of(self, user_id: int) -> Role:
        """Return a person's role; ids in BOT_ADMIN_IDS are always admins."""
        if user_id in self.settings.admin_ids:
            return Role.ADMIN
        return Role.GUEST

    async def close(self) -> None:
        """Close the database."""
        await self.db.close()
