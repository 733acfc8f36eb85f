"""A fake Telegram Bot API server for end-to-end tests with a real PTB Application."""

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
