"""The tests' view of the Bot API emulator (bot/emulator), plus BotProcess.

The emulator itself lives in the package so the playground (`python -m bot demo`) and the
tests share one implementation; BotProcess, which runs the bot as a child process against it,
is test-only.
"""

from bot.emulator import (
    Edit,
    FakeBotApi,
    FaultServed,
    Hold,
    ParsedText,
    Rejection,
    SentMessage,
    WebhookPush,
    parse_html,
    utf16_len,
)

from .process import BotProcess

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
