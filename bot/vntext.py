"""Vietnamese text folding for matching: NFC, lowercase, and a de-accented form with đ→d."""

from __future__ import annotations

import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(text: str) -> str:
    """Return the NFC (precomposed) form users' keyboards may not send."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lowercase, strip diacritics (đ→d), collapse spaces: 'Phường Lộc Thọ' → 'phuong loc tho'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(bare.lower().split())


def matches(query: str, candidate: str) -> bool:
    """Tell whether every word of a query occurs, diacritics optional, in a candidate."""
    words = fold(query).split()
    target = fold(candidate)
    return bool(words) and all(word in target for word in words)


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word boundary, "…" marking the cut."""
    text = " ".join(text.split()) if len(text) > limit else text
    if len(text) <= limit:
        return text
    keep = max(limit - 1, 1)
    cut = text[:keep]
    space = cut.rfind(" ")
    if text[keep] != " " and space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–") + "…"
