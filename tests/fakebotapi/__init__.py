"""A fake Telegram Bot API server for end-to-end tests with a real PTB Application.

    async with FakeBotApi() as fake:
        app = Application.builder().token(fake.token).base_url(fake.base_url)
        ...                                           # .base_file_url(fake.base_file_url)
        fake.send_command(1001, "/start")             # act as a user
        menu = await fake.wait_for_message(1001, lambda m: "Chọn" in m.text)
        fake.press_button(1001, menu.message_id, menu.button_data("Tra cứu"))
        assert fake.rejections == []                  # nothing Telegram would have refused

Run the bot as a real process with BotProcess(fake, tmp_path / "bot.sqlite3").
"""

from .html import ParsedText, parse_html, utf16_len
from .models import Edit, FaultServed, Hold, Rejection, SentMessage, WebhookPush
from .process import BotProcess
from .server import FakeBotApi

__all__ = [
    "BotProcess",
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
