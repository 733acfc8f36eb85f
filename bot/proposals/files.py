"""The proposal files /xuat sends: the register (.xlsx) and one plan (.docx), named and
captioned, from what the views read."""

from __future__ import annotations

from dataclasses import dataclass

from bot import texts
from bot.clock import Clock
from bot.config import Settings
from bot.proposals.plan import proposal_docx
from bot.proposals.register import proposals_xlsx
from bot.proposals.views import ProposalViews
from bot.vntext import clip


@dataclass(frozen=True, slots=True)
class ExportFile:
    """A document to send: its name, its bytes and the caption under it."""

    filename: str
    data: bytes
    caption: str


class ProposalFiles:
    """Builds the proposal exports."""

    def __init__(self, views: ProposalViews, settings: Settings, clock: Clock) -> None:
        self._views = views
        self._settings = settings
        self._clock = clock

    async def register(self, *, unit_code: str | None, year: int | None) -> ExportFile | None:
        """The register of proposals (filters optional); None when nothing matches."""
        rows = await self._views.export_rows(unit_code=unit_code, year=year)
        if not rows:
            return None
        now, tz = self._clock.now(), self._settings.tz
        data = proposals_xlsx(rows, title=texts.EXPORT_LIST_TITLE, generated_at=now, tz=tz)
        name = f"de-xuat-{now.astimezone(tz):%Y%m%d}.xlsx"
        return ExportFile(name, data, texts.export_caption(len(rows)))

    async def plan(self, number: str) -> ExportFile | None:
        """One proposal's plan as a Word document; None when the number is unknown."""
        proposal = await self._views.by_number(number)
        if proposal is None:
            return None
        data = proposal_docx(
            await self._views.export_row(proposal),
            org_name=self._settings.org_name,
            generated_at=self._clock.now(),
            tz=self._settings.tz,
        )
        name = f"{proposal.number.replace('Đ', 'D')}.docx"
        return ExportFile(name, data, clip(proposal.title, 200))
