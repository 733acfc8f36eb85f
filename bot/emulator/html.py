"""Telegram-flavoured text formatting: HTML validation, plain text, entities, UTF-16 lengths.

Telegram measures text in UTF-16 code units and accepts only a small HTML subset with
parse_mode=HTML. `parse_html` mirrors that: it returns the plain text and the entities Telegram
would store, or raises `HtmlError` worded like the part of Telegram's error after
"Bad Request: can't parse entities: ".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

Entity = dict[str, Any]

# Supported tag -> entity type.
_TAG_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

_TAG_NAME = re.compile(r"[A-Za-z0-9-]*")
_END_TAG = re.compile(r"</([A-Za-z0-9-]*)\s*>")
_ATTRIBUTE = re.compile(r"""([A-Za-z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_HTML_ENTITY = re.compile(r"&(?:#([0-9]{1,8})|#[xX]([0-9A-Fa-f]{1,8})|([A-Za-z]+));")
_PLAIN_RUN = re.compile(r"[^<&]+")


class HtmlError(ValueError):
    """The text is not valid Telegram HTML."""


@dataclass
class ParsedText:
    """Plain text as Telegram stores it plus its entities (offsets in UTF-16 code units)."""

    text: str
    entities: list[Entity] = field(default_factory=list)

    @property
    def length(self) -> int:
        return utf16_len(self.text)


def utf16_len(text: str) -> int:
    """Length of `text` in UTF-16 code units, the unit Telegram uses for limits and offsets."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str, *, strict_ampersand: bool = True) -> ParsedText:
    """Parse `source` like Telegram does for parse_mode=HTML.

    With `strict_ampersand` a bare "&" that does not start a supported entity is an error (real
    Telegram keeps it as text; being strict catches missing escaping in the bot).
    """
    return trim(_HtmlParser(source, strict_ampersand).run())


def plain(text: str, entities: list[Entity] | None = None) -> ParsedText:
    """Text sent without parse_mode (optionally with explicit entities), trimmed like Telegram."""
    return trim(ParsedText(text, [dict(entity) for entity in entities or []]))


def trim(parsed: ParsedText) -> ParsedText:
    """Drop leading/trailing whitespace and clip the entities to what is left."""
    stripped = parsed.text.strip()
    if stripped == parsed.text:
        return parsed
    lead = utf16_len(parsed.text[: len(parsed.text) - len(parsed.text.lstrip())])
    total = utf16_len(stripped)
    entities = []
    for entity in parsed.entities:
        start = max(0, entity["offset"] - lead)
        end = min(total, entity["offset"] + entity["length"] - lead)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return ParsedText(stripped, entities)


@dataclass
class _OpenTag:
    name: str
    start: int
    attributes: dict[str, str]


class _HtmlParser:
    def __init__(self, source: str, strict_ampersand: bool) -> None:
        self.source = source
        self.strict_ampersand = strict_ampersand
        self.out: list[str] = []
        self.position = 0  # UTF-16 offset of the end of the output so far
        self.stack: list[_OpenTag] = []
        self.entities: list[Entity] = []

    def run(self) -> ParsedText:
        index = 0
        while index < len(self.source):
            char = self.source[index]
            if char == "<":
                index = self._tag(index)
            elif char == "&":
                index = self._entity(index)
            else:
                match = _PLAIN_RUN.match(self.source, index)
                assert match is not None
                self._emit(match.group())
                index = match.end()
        if self.stack:
            tag = self.stack[-1].name
            raise HtmlError(f'Can\'t find end tag corresponding to start tag "{tag}"')
        self.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
        return ParsedText("".join(self.out), self.entities)

    def _emit(self, text: str) -> None:
        self.out.append(text)
        self.position += utf16_len(text)

    def _byte_offset(self, index: int) -> int:
        return len(self.source[:index].encode("utf-8"))

    def _entity(self, index: int) -> int:
        match = _HTML_ENTITY.match(self.source, index)
        decoded = _decode_entity(match) if match else None
        if decoded is None:
            if self.strict_ampersand:
                where = self._byte_offset(index)
                raise HtmlError(f'Unsupported HTML entity or bare "&" at byte offset {where}')
            self._emit("&")
            return index + 1
        assert match is not None
        self._emit(decoded)
        return match.end()

    def _tag(self, index: int) -> int:
        if self.source.startswith("</", index):
            return self._end_tag(index)
        name_match = _TAG_NAME.match(self.source, index + 1)
        assert name_match is not None
        name = name_match.group().lower()
        if name not in _TAG_TYPES:
            where = self._byte_offset(index)
            raise HtmlError(f'Unsupported start tag "{name}" at byte offset {where}')
        attributes, end = self._attributes(name_match.end(), index)
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise HtmlError('Tag "span" must have class "tg-spoiler"')
        if name == "tg-emoji" and not attributes.get("emoji-id", "").isdigit():
            raise HtmlError("Custom emoji entity must contain a valid custom emoji identifier")
        self.stack.append(_OpenTag(name, self.position, attributes))
        return end

    def _attributes(self, index: int, tag_start: int) -> tuple[dict[str, str], int]:
        attributes: dict[str, str] = {}
        while True:
            while index < len(self.source) and self.source[index].isspace():
                index += 1
            if index >= len(self.source):
                raise HtmlError(
                    f"Unclosed start tag at byte offset {self._byte_offset(tag_start)}"
                )
            if self.source[index] == ">":
                return attributes, index + 1
            match = _ATTRIBUTE.match(self.source, index)
            if match is None:
                where = self._byte_offset(index)
                raise HtmlError(f"Expected equal sign in declaration of an attribute at {where}")
            value = next((group for group in match.groups()[1:] if group is not None), "")
            attributes[match.group(1).lower()] = _decode_attribute(value)
            index = match.end()

    def _end_tag(self, index: int) -> int:
        match = _END_TAG.match(self.source, index)
        where = self._byte_offset(index)
        if match is None:
            raise HtmlError(f"Unclosed end tag at byte offset {where}")
        name = match.group(1).lower()
        if not self.stack:
            raise HtmlError(f'Unexpected end tag "{name}" at byte offset {where}')
        top = self.stack.pop()
        if top.name != name:
            raise HtmlError(
                f'Unmatched end tag at byte offset {where}, expected "</{top.name}>", '
                f'found "</{name}>"'
            )
        self._close(top)
        return match.end()

    def _close(self, tag: _OpenTag) -> None:
        length = self.position - tag.start
        entity: Entity = {"type": _TAG_TYPES[tag.name], "offset": tag.start, "length": length}
        parent = self.stack[-1] if self.stack else None
        if tag.name == "code" and parent is not None and parent.name == "pre":
            # <pre><code class="language-x"> is one pre entity with a language.
            css_class = tag.attributes.get("class", "")
            if css_class.startswith("language-") and len(css_class) > len("language-"):
                parent.attributes["language"] = css_class.removeprefix("language-")
            return
        if tag.name == "a":
            href = tag.attributes.get("href", "")
            if not href:
                return
            entity["url"] = href
        elif tag.name == "pre" and tag.attributes.get("language"):
            entity["language"] = tag.attributes["language"]
        elif tag.name == "blockquote" and "expandable" in tag.attributes:
            entity["type"] = "expandable_blockquote"
        elif tag.name == "tg-emoji":
            entity["custom_emoji_id"] = tag.attributes["emoji-id"]
        if length > 0:
            self.entities.append(entity)


def _decode_entity(match: re.Match[str]) -> str | None:
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        return _NAMED_ENTITIES.get(name)
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def _decode_attribute(value: str) -> str:
    def replace(match: re.Match[str]) -> str:
        decoded = _decode_entity(match)
        return match.group() if decoded is None else decoded

    return _HTML_ENTITY.sub(replace, value)
