"""A real headless Chromium on a phone-sized viewport, for the playground page tests.

Debian's `chromium` and `chromium-driver` packages are used as installed (.ci/run installs them
when missing); Selenium is given both paths, so Selenium Manager never looks for or downloads
anything. A missing browser fails the test with what to install: it never skips.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
PHONE = {"width": 412, "height": 915, "deviceScaleFactor": 1, "mobile": True}
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=412,915",
    "--lang=vi",
)

T = TypeVar("T")


def require_browser() -> None:
    """Fail (never skip) when Debian's Chromium or its driver is not installed."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.is_file()]
    if missing:
        pytest.fail(
            f"The browser test needs Debian's Chromium and its driver; missing: "
            f"{', '.join(missing)}. Install them with "
            "`apt-get install -y --no-install-recommends chromium chromium-driver` "
            "(.ci/run does this when they are missing).",
            pytrace=False,
        )


class Page:
    """The chat page in the browser, with the few actions a person takes on it."""

    def __init__(self, driver: webdriver.Chrome) -> None:
        self.driver = driver

    def open(self, url: str) -> None:
        self.driver.get(url)
        self.wait(lambda: self.driver.find_elements(By.CSS_SELECTOR, ".persona"), "persona tabs")

    def wait(self, condition: Callable[[], T], what: str, timeout: float = 20.0) -> T:
        """Poll `condition` until it returns something truthy; fail naming `what`."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = condition()
            except (StaleElementReferenceException, WebDriverException):
                value = None  # type: ignore[assignment]
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {what}; "
                    f"the chat shows:\n{self.transcript()}"
                )
            time.sleep(0.1)

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def css(self, selector: str) -> list[WebElement]:
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def one(self, selector: str) -> WebElement:
        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def persona(self, key: str) -> None:
        """Switch to a persona's chat with its tab."""
        self.one(f'.persona[data-key="{key}"]').click()
        self.wait(
            lambda: (
                "active" in (self.one(f'.persona[data-key="{key}"]').get_attribute("class") or "")
            ),
            f"persona {key} active",
        )

    def bubbles(self) -> list[dict[str, Any]]:
        """The visible messages, oldest first: id, side, text and button labels."""
        result: list[dict[str, Any]] = self.js(
            """return [...document.querySelectorAll('#messages .msg')].map(m => ({
                 id: m.dataset.id, side: m.classList.contains('out') ? 'user' : 'bot',
                 text: m.querySelector('.bubble').innerText,
                 edited: !!m.querySelector('.edited'),
                 buttons: [...m.querySelectorAll('.inline-btn')].map(b => b.textContent)}));"""
        )
        return result

    def transcript(self) -> str:
        try:
            return "\n".join(f"[{b['side']}] {b['text']!r} {b['buttons']}" for b in self.bubbles())
        except WebDriverException as error:
            return f"(no transcript: {error.msg})"

    def send(self, text: str) -> None:
        """Type into the composer and press Enter."""
        composer = self.one("#composer")
        composer.click()
        composer.send_keys(text)
        self.js("document.getElementById('send').click();")

    def bot_says(self, needle: str, *, after: int = 0, timeout: float = 20.0) -> dict[str, Any]:
        """Wait for a bot message containing `needle` among the messages after index `after`."""

        def found() -> dict[str, Any] | None:
            return next(
                (b for b in self.bubbles()[after:] if b["side"] == "bot" and needle in b["text"]),
                None,
            )

        return self.wait(found, f"a bot message with {needle!r}", timeout)

    def press(self, message_id: str, label: str) -> None:
        """Press the inline button labelled `label` under the message `message_id`."""
        button = self.wait(
            lambda: next(
                (
                    b
                    for b in self.css(f'.msg[data-id="{message_id}"] .inline-btn')
                    if b.text == label or b.get_attribute("textContent") == label
                ),
                None,
            ),
            f"button {label!r} under {message_id}",
        )
        button.click()

    def toast(self, expect: str = "", timeout: float = 10.0) -> str:
        """The text of the toast showing `expect` (any toast when empty), once it shows."""

        def showing() -> str:
            toast = self.one("#toast")
            text = toast.text if toast.is_displayed() else ""
            return text if text and expect in text else ""

        return self.wait(showing, f"a toast saying {expect!r}", timeout)

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(path))


@contextmanager
def phone_browser(profile: Path) -> Iterator[Page]:
    """Headless Chromium showing pages as a 412x915 phone does."""
    require_browser()
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
        driver.set_page_load_timeout(30)
        yield Page(driver)
    finally:
        driver.quit()
