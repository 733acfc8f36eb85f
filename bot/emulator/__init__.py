"""An embedded Telegram Bot API emulator: an aiohttp server on 127.0.0.1.

A real PTB Application talks to it through `base_url`/`base_file_url`. The end-to-end tests
act as users through it (users.py), inspect what the bot sent (state.py) and inject faults,
holds and latency (server.py); the local playground (`python -m bot demo`) puts a web chat
page in front of the same emulator. It enforces what Telegram would refuse: message and
callback-data sizes, HTML parse errors, flood limits.

    async with FakeBotApi() as fake:
        app = Application.builder().token(fake.token).base_url(fake.base_url)
        ...                                           # .base_file_url(fake.base_file_url)
        fake.send_command(1001, "/start")             # act as a user
        menu = await fake.wait_for_message(1001, lambda m: "Chọn" in m.text)
        fake.press_button(1001, menu.message_id, menu.button_data("Tra cứu"))
        assert fake.rejections == []                  # nothing Telegram would have refused
"""

from .html import ParsedText, parse_html, utf16_len
from .models import Edit, FaultServed, Hold, Rejection, SentMessage, WebhookPush
from .server import FakeBotApi

__all__ = [
    "Edit",
    "FakeBotApi",
    "FaultServed",
    "Hold",
    "ParsedText",
    "Rejection",
    "SentMessage",
    "WebhookPush",
    "parse_html",
    "utf16_len",
]
