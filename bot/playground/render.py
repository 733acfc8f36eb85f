"""Telegram-formatted text as safe HTML for the playground page.

A bot message is stored by the emulator as Telegram stores it: plain text plus entities
(offsets in UTF-16 code units). Rendering starts from those, never from the bot's markup, so
the page can only ever get the tags below; all text is escaped and newlines become <br>.

    b, i, u, s, code, pre, blockquote, span.tg-spoiler, a[href]   (href: http, https, tg only)
"""

from __future__ import annotations

import html
from bisect import bisect_left
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import Any

from bot.emulator import parse_html
from bot.emulator.html import HtmlError

_TAGS = {
    "bold": ("<b>", "</b>"),
    "italic": ("<i>", "</i>"),
    "underline": ("<u>", "</u>"),
    "strikethrough": ("<s>", "</s>"),
    "spoiler": ('<span class="tg-spoiler">', "</span>"),
    "code": ("<code>", "</code>"),
    "pre": ("<pre>", "</pre>"),
    "blockquote": ("<blockquote>", "</blockquote>"),
    "expandable_blockquote": ("<blockquote>", "</blockquote>"),
}
SAFE_SCHEMES = ("http://", "https://", "tg://")


@dataclass(frozen=True)
class _Span:
    start: int  # index into the Python string
    end: int
    opening: str
    closing: str


def escape_text(text: str) -> str:
    """Plain text (what a user typed) as HTML: escaped, newlines as <br>."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def safe_url(url: object) -> str | None:
    """The link target if the page may open it (http, https, tg), else None."""
    if isinstance(url, str) and url.lower().startswith(SAFE_SCHEMES):
        return url
    return None


def render_telegram_html(source: str) -> str:
    """Telegram HTML (parse_mode=HTML) as safe HTML; markup Telegram would refuse is shown
    as the text it is."""
    try:
        parsed = parse_html(source, strict_ampersand=False)
    except HtmlError:
        return escape_text(source)
    return render_entities(parsed.text, parsed.entities)


def render_entities(text: str, entities: list[dict[str, Any]]) -> str:
    """Plain text and its Telegram entities as safe HTML."""
    starts = list(accumulate((2 if ord(char) > 0xFFFF else 1 for char in text), initial=0))
    spans = sorted(
        (span for span in (_span(starts, entity) for entity in entities) if span is not None),
        key=lambda span: (span.start, -span.end),
    )
    return _render(text, spans, 0, len(text))


def _span(starts: list[int], entity: dict[str, Any]) -> _Span | None:
    """`starts[i]` is the UTF-16 offset where character i starts (and the length, last)."""
    kind = entity.get("type")
    try:
        offset, length = int(entity["offset"]), int(entity["length"])
    except (KeyError, TypeError, ValueError):
        return None
    if kind == "text_link":
        url = safe_url(entity.get("url"))
        if url is None:
            return None
        href = html.escape(url, quote=True)
        tags = (f'<a href="{href}" target="_blank" rel="noopener noreferrer">', "</a>")
    elif kind in _TAGS:
        tags = _TAGS[str(kind)]
    else:
        return None
    last = len(starts) - 1
    start = min(bisect_left(starts, offset), last)
    end = min(bisect_left(starts, offset + length), last)
    return _Span(start, end, *tags) if end > start else None


def _render(text: str, spans: list[_Span], start: int, end: int) -> str:
    """Spans sorted by (start, -end), all inside [start, end]; a span crossing the end of
    an earlier one is split there, so the tags always nest."""
    out: list[str] = []
    position = start
    pending = list(spans)
    while pending:
        outer = pending.pop(0)
        inside: list[_Span] = []
        rest: list[_Span] = []
        for span in pending:
            if span.start >= outer.end:
                rest.append(span)
                continue
            inside.append(replace(span, end=min(span.end, outer.end)))
            if span.end > outer.end:
                rest.append(replace(span, start=outer.end))
        pending = sorted(rest, key=lambda span: (span.start, -span.end))
        out.append(escape_text(text[position : outer.start]))
        out.append(outer.opening)
        out.append(_render(text, inside, outer.start, outer.end))
        out.append(outer.closing)
        position = outer.end
    out.append(escape_text(text[position:end]))
    return "".join(out)
