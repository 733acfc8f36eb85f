"""What a persona does on the page, turned into the updates Telegram would deliver."""

from __future__ import annotations

import asyncio
import mimetypes
from dataclasses import dataclass

from bot.emulator import FakeBotApi
from bot.playground.personas import PERSONAS, Persona, by_user_id
from bot.playground.timeline import Timeline

PRESS_ANSWER_WAIT = 5.0  # seconds the page waits for the bot's answer to a button press
PHOTO_TYPES = frozenset({"image/png", "image/jpeg"})
GENERIC_TYPE = "application/octet-stream"


@dataclass(frozen=True, slots=True)
class Toast:
    """The bot's answer to a button press, as the phone shows it."""

    text: str
    show_alert: bool


class Chats:
    """The personas' chats over one emulator: acting as them and reading what they see."""

    def __init__(self, fake: FakeBotApi, personas: tuple[Persona, ...] = PERSONAS) -> None:
        self.fake = fake
        self.personas = personas
        self.timeline = Timeline(fake, [persona.user_id for persona in personas])
        for persona in personas:
            fake.open_chat(persona.user_id, persona.first_name)

    def persona(self, user_id: int) -> Persona | None:
        """The persona of a chat, None for a chat that is not one of theirs."""
        persona = by_user_id(user_id)
        return persona if persona in self.personas else None

    def send_text(self, persona: Persona, text: str) -> int:
        """A text message; a leading /command carries its bot_command entity. Returns the
        update's id."""
        update = self.fake.send_text(persona.user_id, text, first_name=persona.first_name)
        self.timeline.add_user_message(persona.user_id, update)
        return int(update["update_id"])

    def has_button(self, persona: Persona, message_id: int, data: str) -> bool:
        """Whether the bot's message shows a button with this data now (a phone can press
        nothing else)."""
        message = self.timeline.bot_message(persona.user_id, message_id)
        if message is None:
            return False
        return any(button.get("callback_data") == data for button in message.buttons())

    async def press(self, persona: Persona, message_id: int, data: str) -> Toast | None:
        """Press an inline button; the bot's toast or alert, if it answered with a text in
        time."""
        query_id = self.fake.press_button(
            persona.user_id, message_id, data, first_name=persona.first_name
        )
        loop = asyncio.get_running_loop()
        deadline = loop.time() + PRESS_ANSWER_WAIT
        while (answer := self.fake.callback_answer(query_id)) is None:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return None
            await self.fake.wait_change(remaining)
        text = answer.get("text")
        if not isinstance(text, str) or not text:
            return None
        show_alert = answer.get("show_alert") in (True, "true", "True", "1", 1)
        return Toast(text, show_alert)

    def send_file(
        self,
        persona: Persona,
        file_name: str,
        content: bytes,
        content_type: str | None,
        caption: str | None,
    ) -> None:
        """A file: PNG and JPEG images arrive as a photo, anything else as a document."""
        kind = content_type if content_type and content_type != GENERIC_TYPE else None
        kind = kind or mimetypes.guess_type(file_name)[0] or GENERIC_TYPE
        if kind in PHOTO_TYPES:
            update = self.fake.send_photo(
                persona.user_id, content, caption=caption, first_name=persona.first_name
            )
        else:
            update = self.fake.send_document(
                persona.user_id,
                file_name,
                content,
                caption=caption,
                mime_type=kind,
                first_name=persona.first_name,
            )
        self.timeline.add_user_message(persona.user_id, update)
