"""The real playground (`python -m bot demo`) in a real headless Chromium, as a person uses it.

A newcomer registers by answering the bot and pressing its buttons, the admin approves in
their own chat (the persona switch on the page), then the newcomer asks a question and presses
the answer's buttons. The test saves a screenshot of that chat; with UPDATE_SCREENSHOT=1 it
also becomes the README's (docs/playground.png), which otherwise stays as committed (the clock
in it changes on every run).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot import texts
from tests.e2e.browser import Page, phone_browser

ROOT = Path(__file__).resolve().parents[2]
README_SCREENSHOT = ROOT / "docs" / "playground.png"
QUESTION = "cán bộ dám nghĩ dám làm là ai"
NEWCOMER_NAME = "Lê Thị Thử"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def playground(tmp_path: Path) -> Iterator[str]:
    """`python -m bot demo` on a free port with a fresh database; its URL once it answers."""
    port = free_port()
    log_path = tmp_path / "demo.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
    command = [sys.executable, "-m", "bot", "demo", "--port", str(port)]
    command += ["--database", str(tmp_path / "demo.sqlite3")]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise AssertionError(
                    f"`python -m bot demo` exited with {process.returncode}:\n"
                    + log_path.read_text(errors="replace")
                )
            try:
                with urllib.request.urlopen(f"{url}/api/personas", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("the playground did not answer in 90 s")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def register(page: Page) -> None:
    """As the newcomer: /start, then the registration form as the bot asks it."""
    page.persona("newcomer")
    count = len(page.bubbles())
    page.send("/start")
    page.bot_says("/help", after=count)
    count = len(page.bubbles())
    page.send("/dangky")
    page.bot_says("Bước 1/3", after=count)
    count = len(page.bubbles())
    page.send(NEWCOMER_NAME)
    page.bot_says("Bước 2/3", after=count)
    count = len(page.bubbles())
    page.send("loc tho")
    position = page.bot_says("Bước 3/3", after=count)
    assert "Chuyên viên" in position["buttons"], position
    page.press(position["id"], "Chuyên viên")
    review = page.wait(
        lambda: next(
            (b for b in page.bubbles() if texts.BTN_SUBMIT in b["buttons"]),
            None,
        ),
        "the review with its send button",
    )
    assert NEWCOMER_NAME in review["text"] and "Phường Lộc Thọ" in review["text"]
    page.press(review["id"], texts.BTN_SUBMIT)
    page.bot_says(texts.REG_SUBMITTED)


def approve(page: Page) -> None:
    """As the admin: approve the newcomer's request; the request is edited to say who did."""
    page.persona("admin")
    request = page.wait(
        lambda: next(
            (
                b
                for b in page.bubbles()
                if NEWCOMER_NAME in b["text"] and texts.BTN_APPROVE in b["buttons"]
            ),
            None,
        ),
        "the registration request with its approve button",
    )
    page.press(request["id"], texts.BTN_APPROVE)
    page.toast("Đã duyệt")
    page.wait(
        lambda: next(
            (
                b
                for b in page.bubbles()
                if b["id"] == request["id"] and "Đã duyệt bởi" in b["text"]
            ),
            None,
        ),
        "the request edited to show the decision",
    )
    # The newcomer's chat got the news while the admin's was open: its tab is marked.
    page.wait(
        lambda: (
            "unread" in (page.one('.persona[data-key="newcomer"]').get_attribute("class") or "")
        ),
        "an unread mark on the newcomer's tab",
    )


def test_register_ask_and_press_in_a_real_browser(tmp_path: Path) -> None:
    with playground(tmp_path) as url, phone_browser(tmp_path / "profile") as page:
        page.open(url)
        assert "cục bộ" in page.one("#banner").text
        register(page)
        approve(page)

        page.persona("newcomer")
        page.bot_says("đã được duyệt")
        count = len(page.bubbles())
        page.send(QUESTION)
        answer = page.wait(
            lambda: next(
                (b for b in page.bubbles()[count:] if texts.BTN_USEFUL in b["buttons"]),
                None,
            ),
            "an answer with its buttons",
        )
        assert "Nghị định 73/2023/NĐ-CP" in answer["text"], answer
        page.press(answer["id"], texts.BTN_USEFUL)
        assert page.toast(texts.FEEDBACK_THANKS) == texts.FEEDBACK_THANKS
        screenshot = tmp_path / "playground.png"
        page.screenshot(screenshot)

        count = len(page.bubbles())
        page.press(answer["id"], texts.BTN_FULL_TEXT)
        page.wait(
            lambda: [b for b in page.bubbles()[count:] if b["side"] == "bot"],
            "the full text the button asks for",
        )
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("UPDATE_SCREENSHOT") == "1":
        README_SCREENSHOT.write_bytes(screenshot.read_bytes())
