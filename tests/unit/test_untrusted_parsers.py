"""Parser failures on crafted uploads become refusals with a code, never an escaping exception."""

from __future__ import annotations

import pytest

from bot import texts
from bot.knowledge.extract import ExtractCode, ExtractError, extract_text
from bot.people.units import parse_csv
from tests.hostile_files import (
    broken_xref_pdf,
    corrupt_docx,
    csv_long_field,
    deep_docx,
    truncated_docx,
)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("deep.docx", deep_docx()),  # RecursionError escaped before
        ("corrupt.docx", corrupt_docx()),  # zlib.error escaped before
        ("truncated.docx", truncated_docx()),
        ("xref.pdf", broken_xref_pdf()),
    ],
)
def test_damaged_files_are_unreadable_not_a_crash(name: str, data: bytes) -> None:
    with pytest.raises(ExtractError) as caught:
        extract_text(data, name)
    assert caught.value.code is ExtractCode.UNREADABLE


def test_csv_field_over_the_csv_limit_is_refused_by_line() -> None:
    parsed = parse_csv(csv_long_field())
    assert parsed.rows == ()
    assert parsed.errors == ((2, texts.CSV_FIELD_TOO_LONG),)
