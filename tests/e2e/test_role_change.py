"""A change of role and the re-routing it causes are one transaction: all of it or none."""

from __future__ import annotations

from typing import Any

import pytest

from bot import texts
from bot.clock import ManualClock
from bot.models.people import Role
from tests.e2e.harness import ADMIN_ID, Phone, RunningBot
from tests.e2e.test_proposals import HEAD, STAFF, fill_plan, office

__all__ = ["office"]


async def test_a_crash_while_rerouting_leaves_the_role_unchanged(
    office: RunningBot, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    staff = Phone(office, STAFF)
    await staff.press(await fill_plan(staff, clock, attach=False), texts.BTN_SUBMIT)
    await office.outbox_idle()
    services = office.services

    async def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("process died while re-routing")

    monkeypatch.setattr(services.proposals.repo, "update", crash)
    with pytest.raises(RuntimeError):
        await services.user_admin.set_role(ADMIN_ID, HEAD, Role.STAFF)
    head = await services.people.users.get(HEAD)
    proposal = await services.proposals.repo.get(1)
    assert head is not None and head.role is Role.LEADER
    assert proposal is not None and proposal.reviewer_id == HEAD

    monkeypatch.undo()
    await services.user_admin.set_role(ADMIN_ID, HEAD, Role.STAFF)
    head = await services.people.users.get(HEAD)
    proposal = await services.proposals.repo.get(1)
    assert head is not None and head.role is Role.STAFF
    assert proposal is not None and proposal.reviewer_id != HEAD
