"""What admins are told about an official text they sent: its summary, or why it was refused.

Used in chat and on the shell (`python -m bot kb import`); the service only reports facts.
"""

from __future__ import annotations

from bot import texts
from bot.knowledge.official import NotStaged, Staged


def describe(result: Staged | NotStaged) -> str:
    """What an admin is told about a staged (or refused) file, in chat and on the shell."""
    if isinstance(result, NotStaged):
        if result.extract_code is not None:
            reasons = [texts.IMPORT_EXTRACT_ERRORS.get(result.extract_code, result.extract_code)]
        else:
            reasons = [texts.import_problem(p.code, p.found, p.expected) for p in result.problems]
        return texts.import_refused(reasons)
    s = result.summary
    return texts.import_summary(
        result.doc,
        result.file_name,
        s.chapters,
        s.units,
        s.first,
        s.last,
        s.gaps,
        s.expected_units,
        s.count_differs,
    )
