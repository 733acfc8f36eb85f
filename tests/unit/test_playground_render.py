"""The playground renders Telegram formatting to a whitelist of safe HTML, escaping the rest."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from bot.playground.render import escape_text, render_entities, render_telegram_html

ALLOWED = {
    "b": set(),
    "i": set(),
    "u": set(),
    "s": set(),
    "code": set(),
    "pre": set(),
    "blockquote": set(),
    "br": set(),
    "span": {"class"},
    "a": {"href", "target", "rel"},
}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def tags(markup: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(markup)
    return parser.found


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<b>đậm</b> và <i>nghiêng</i>", "<b>đậm</b> và <i>nghiêng</i>"),
        (
            "<strong>a</strong><em>b</em><ins>c</ins><del>d</del>",
            "<b>a</b><i>b</i><u>c</u><s>d</s>",
        ),
        ("<code>x &lt; y</code>", "<code>x &lt; y</code>"),
        ("<pre><code class='language-py'>a\nb</code></pre>", "<pre>a<br>b</pre>"),
        ("<blockquote>trích</blockquote>", "<blockquote>trích</blockquote>"),
        ('<span class="tg-spoiler">ẩn</span>', '<span class="tg-spoiler">ẩn</span>'),
        ("<tg-spoiler>ẩn</tg-spoiler>", '<span class="tg-spoiler">ẩn</span>'),
        ("dòng một\ndòng hai", "dòng một<br>dòng hai"),
        ("😀 <b>đậm</b> 🎉 <i>x</i>", "😀 <b>đậm</b> 🎉 <i>x</i>"),
        ('<b onclick="alert(1)">t</b>', "<b>t</b>"),
    ],
)
def test_telegram_html_becomes_the_whitelist(source: str, expected: str) -> None:
    assert render_telegram_html(source) == expected


def test_what_telegram_would_refuse_is_shown_as_text() -> None:
    rendered = render_telegram_html('<script>alert("x")</script><img src=x onerror=y>')
    assert rendered == '&lt;script&gt;alert("x")&lt;/script&gt;&lt;img src=x onerror=y&gt;'
    assert tags(rendered) == []


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "/relative",
    ],
)
def test_links_other_than_http_https_and_tg_are_refused(href: str) -> None:
    rendered = render_entities(
        "bấm đây", [{"type": "text_link", "offset": 0, "length": 7, "url": href}]
    )
    assert rendered == "bấm đây"


def test_safe_links_open_apart_with_their_target_escaped() -> None:
    rendered = render_telegram_html('<a href="https://x.vn/?a=1&amp;b=&quot;2&quot;">trang</a>')
    assert rendered == (
        '<a href="https://x.vn/?a=1&amp;b=&quot;2&quot;" target="_blank" '
        'rel="noopener noreferrer">trang</a>'
    )
    assert tags(rendered) == [
        (
            "a",
            {"href": 'https://x.vn/?a=1&b="2"', "target": "_blank", "rel": "noopener noreferrer"},
        )
    ]
    assert '<a href="tg://user?id=1"' in render_telegram_html('<a href="tg://user?id=1">A</a>')


def test_plain_text_with_entities_is_escaped_around_the_tags() -> None:
    text = "<b>không phải thẻ</b> & 'x'"
    rendered = render_entities(text, [{"type": "bold", "offset": 0, "length": 3}])
    assert rendered == "<b>&lt;b&gt;</b>không phải thẻ&lt;/b&gt; &amp; 'x'"


def test_crossing_entities_still_nest() -> None:
    entities = [
        {"type": "bold", "offset": 0, "length": 4},
        {"type": "italic", "offset": 2, "length": 4},
    ]
    assert render_entities("abcdef", entities) == "<b>ab<i>cd</i></b><i>ef</i>"


def test_unknown_and_broken_entities_leave_plain_text() -> None:
    entities = [
        {"type": "mention", "offset": 0, "length": 4},
        {"type": "custom_emoji", "offset": 5, "length": 2, "custom_emoji_id": "1"},
        {"type": "bold", "offset": "x", "length": 1},
        {"type": "bold", "offset": 3, "length": 0},
        {"type": "italic", "offset": 40, "length": 5},
    ]
    assert render_entities("@abc 😀 z", entities) == "@abc 😀 z"


def test_what_a_user_typed_is_only_escaped() -> None:
    assert escape_text('<b>x</b>\n& "y"') == '&lt;b&gt;x&lt;/b&gt;<br>&amp; "y"'


@pytest.mark.parametrize(
    "source",
    [
        "<b><i><u><s>lồng</s></u></i></b> <code>c</code> <pre>p</pre>",
        '<a href="https://a.vn">a</a> <a href="javascript:x">b</a> <span class="tg-spoiler">s</span>',
        "<blockquote expandable>dài\ndài</blockquote> <tg-emoji emoji-id='5'>😀</tg-emoji>",
        "&lt;iframe src=x&gt; &amp;lt; <b>\"'</b>",
    ],
)
def test_only_whitelisted_tags_and_attributes_come_out(source: str) -> None:
    for tag, attributes in tags(render_telegram_html(source)):
        assert tag in ALLOWED, tag
        assert set(attributes) <= ALLOWED[tag], (tag, attributes)
        if tag == "a":
            assert str(attributes["href"]).startswith(("http://", "https://", "tg://"))
