"""The playground's chat page in a real headless Chromium, against a stub of its backend.

Everything the page does on its own (toasts, alerts, edits, deletions, files, the reply
keyboard, the command menu, unread marks, a lost connection) is checked here in seconds;
tests/e2e/test_playground_browser.py walks the real bot through the real backend.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from selenium.webdriver.common.keys import Keys

from tests.e2e.browser import Page, phone_browser
from tests.playground_stub import BANNER, PERSONAS, StubServer


def stub_offline(server: StubServer, offline: bool) -> None:
    body = json.dumps({"offline": offline}).encode()
    request = urllib.request.Request(f"{server.url}/_stub/offline", data=body, method="POST")
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200


def last_bot(page: Page) -> dict[str, object]:
    return [b for b in page.bubbles() if b["side"] == "bot"][-1]


def test_page_behaves_like_a_telegram_chat(tmp_path: Path) -> None:
    with StubServer() as server, phone_browser(tmp_path / "profile") as page:
        page.open(server.url)
        assert page.one("#banner").text == BANNER
        labels = [tab.get_attribute("title") for tab in page.css(".persona")]
        assert labels == [f"{p['name']} · {p['label']}" for p in PERSONAS]
        # Every tab is in sight on the phone: none runs off the screen.
        rights = page.js(
            "return [...document.querySelectorAll('.persona')]"
            ".map(t => t.getBoundingClientRect().right);"
        )
        assert max(rights) <= 412
        assert "active" in page.one('.persona[data-key="newcomer"]').get_attribute("class")
        # A phone-sized page: the chat fills the viewport's width, nothing scrolls sideways.
        width = page.js("return document.getElementById('app').getBoundingClientRect().width")
        assert width == 412
        assert page.js("return document.documentElement.scrollWidth") <= 412

        # An empty chat offers "Bắt đầu", which sends /start; the reply keyboard appears.
        page.wait(lambda: page.one("#start-btn").is_displayed(), "the start button")
        page.one("#start-btn").click()
        page.bot_says("Xin chào")
        assert page.bubbles()[0]["text"].startswith("/start")
        keys = page.wait(lambda: page.css("#reply-keyboard .reply-btn"), "the reply keyboard")
        assert [k.text for k in keys] == ["❓ Hỏi đáp", "📝 Đề xuất", "👤 Tài khoản"]
        keys[2].click()
        page.bot_says("Bạn đã gửi: 👤 Tài khoản")
        # A /command in the bot's text is a link that sends it, as in Telegram.
        page.one(".msg.in a.cmd-link").click()
        page.bot_says("Bạn đã gửi: /help")

        # The "/" menu lists the chat's commands; tapping one sends it.
        page.one("#menu-btn").click()
        entries = page.wait(lambda: page.css("#cmd-menu .cmd"), "the command menu")
        assert [e.get_attribute("data-command") for e in entries] == ["/start", "/help", "/toi"]
        entries[2].click()
        page.bot_says("Bạn đã gửi: /toi")
        assert not page.one("#cmd-menu").is_displayed()

        # Enter sends, Shift+Enter starts a new line.
        composer = page.one("#composer")
        composer.send_keys("dòng một", Keys.SHIFT, Keys.ENTER, Keys.SHIFT, "dòng hai", Keys.ENTER)
        page.bot_says("Bạn đã gửi: dòng một\ndòng hai")
        assert page.one("#composer").get_attribute("value") == ""

        # A long formatted message with buttons: toast, alert, silent answer, url, edit, delete.
        count = len(page.bubbles())
        page.send("dài")
        long = page.bot_says("Điều 8. Trình tự xem xét đề xuất", after=count)
        bold = page.css(f'.msg[data-id="{long["id"]}"] .bubble b')
        assert bold and bold[0].text == "Điều 8. Trình tự xem xét đề xuất"
        page.press(long["id"], "👍 Hữu ích")
        assert page.toast("Cảm ơn") == "Cảm ơn bạn đã đánh giá."
        page.wait(lambda: not page.one("#toast").is_displayed(), "the toast to go", timeout=5)
        page.press(long["id"], "⚠️ Cảnh báo")
        page.wait(lambda: page.one("#alert").is_displayed(), "the alert dialog")
        assert page.one("#alert-text").text == "Đây là thông báo dạng hộp thoại."
        page.one("#alert-ok").click()
        page.wait(lambda: not page.one("#alert").is_displayed(), "the alert to close")
        link = page.one(f'.msg[data-id="{long["id"]}"] a.inline-btn.url')
        assert link.get_attribute("target") == "_blank"
        assert link.get_attribute("href") == "https://example.org/nd73"
        page.press(long["id"], "✏️ Sửa tin")
        page.wait(
            lambda: next(b for b in page.bubbles() if b["id"] == long["id"])["edited"],
            "the edited mark",
        )
        edited = next(b for b in page.bubbles() if b["id"] == long["id"])
        assert "Đã sửa" in edited["text"] and "đã chỉnh sửa" in edited["text"]
        assert edited["buttons"] == []

        count = len(page.bubbles())
        page.send("dài")
        second = page.bot_says("Điều 8", after=count)
        page.press(second["id"], "🗑 Xoá tin")
        page.wait(
            lambda: all(b["id"] != second["id"] for b in page.bubbles()),
            "the deleted message to go",
        )

        # Files from the bot: a document chip that downloads, a photo.
        count = len(page.bubbles())
        page.send("tệp")
        page.bot_says("danh-sach.csv", after=count)
        chip = page.one(".msg.in .doc")
        assert "33 B" in chip.text
        downloaded = page.js(
            "return fetch(arguments[0]).then(r => r.text());", chip.get_attribute("href")
        )
        assert "Phường Lộc Thọ" in downloaded
        page.wait(
            lambda: page.js(
                "const i = document.querySelector('.photo img'); return i && i.naturalWidth > 0;"
            ),
            "the photo to load",
        )

        # Sending a file; one over 20 MB is refused on the page with a notice.
        upload = tmp_path / "ke-hoach.txt"
        upload.write_text("Kế hoạch thử nghiệm\n", encoding="utf-8")
        page.one("#file-input").send_keys(str(upload))
        page.bot_says("Đã nhận tệp ke-hoach.txt")
        mine = [b for b in page.bubbles() if b["side"] == "user"][-1]
        assert "ke-hoach.txt" in mine["text"]
        count = len(page.bubbles())
        big = tmp_path / "qua-lon.pdf"
        with big.open("wb") as handle:
            handle.truncate(21 * 1024 * 1024)
        page.one("#file-input").send_keys(str(big))
        notice = page.wait(
            lambda: page.one("#notice").is_displayed() and page.one("#notice").text, "a notice"
        )
        assert "20 MB" in notice and "qua-lon.pdf" in notice
        assert len(page.bubbles()) == count

        # Another persona's new message marks its tab; opening it clears the mark.
        page.send("báo admin")
        page.bot_says("Đã báo quản trị.")
        admin_tab = page.one('.persona[data-key="admin"]')
        page.wait(lambda: "unread" in (admin_tab.get_attribute("class") or ""), "unread mark")
        assert admin_tab.find_element("css selector", ".badge").get_attribute("data-count") == "1"
        page.persona("admin")
        page.bot_says("yêu cầu đăng ký mới")
        page.wait(lambda: "unread" not in (admin_tab.get_attribute("class") or ""), "mark cleared")
        assert page.one("#whoami").text == f"{PERSONAS[4]['name']} · {PERSONAS[4]['label']}"
        page.persona("newcomer")
        page.bot_says("Đã báo quản trị.")

        # Nothing was loaded from anywhere but the page's own server.
        origins = page.js(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).origin);"
        )
        assert set(origins) <= {server.url}
        page.screenshot(tmp_path / "stub.png")

        # A lost connection shows a notice; it goes when the server answers again.
        stub_offline(server, True)
        page.send("ping")
        page.wait(lambda: "Mất kết nối" in page.one("#notice").text, "the offline notice")
        stub_offline(server, False)
        page.wait(lambda: not page.one("#notice").is_displayed(), "the notice to go", timeout=15)
        page.bot_says("Bạn đã gửi: ping")
