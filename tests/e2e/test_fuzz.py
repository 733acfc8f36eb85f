"""Fuzz: thousands of generated updates of every shape, through the real bot and fake server.

Zero calls of the error handler, no database error, nothing Telegram would reject (the fake
server's rejection log is asserted empty by the `fake` fixture).
"""

from __future__ import annotations

import os
import random
import string

from bot import commands
from tests.e2e.harness import ADMIN_ID, RunningBot

UPDATES = int(os.environ.get("FUZZ_UPDATES", "5000"))
USERS = [ADMIN_ID, 210001, 210002, 210003, 210004, 210005]
ALPHABETS = [
    string.ascii_letters + string.digits + string.punctuation + " ",
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ ",
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff",
    "مرحبا بالعالم שלום עולם ",
    "😀🎉👍🙏🏻👨‍👩‍👧‍👦🇻🇳",
    "\x00\x01\x02\x07\x1b\x7f\t\n\r",
    "<>&\"'/\\{}[]`~|",
]
CALLBACK_PREFIXES = [
    "fl",
    "rg",
    "nd",
    "qa:f",
    "qa:u",
    "qa:fb",
    "pr",
    "dl",
    "dla",
    "dg",
    "kb",
    "sl",
    "zz",
    "",
]


def random_text(rng: random.Random, limit: int = 300) -> str:
    size = (
        rng.choice([0, 1, 2, 5, 20, 80, limit, 4096, 5000])
        if rng.random() < 0.2
        else rng.randint(1, 60)
    )
    pools = rng.sample(ALPHABETS, k=rng.randint(1, 3))
    return "".join(rng.choice(rng.choice(pools)) for _ in range(size))


def random_callback(rng: random.Random) -> str:
    parts = [rng.choice(CALLBACK_PREFIXES)]
    for _ in range(rng.randint(0, 5)):
        parts.append(
            rng.choice(
                [
                    str(rng.randint(-5, 10**12)),
                    random_text(rng, 10),
                    "ok",
                    "c",
                    "p",
                    "ND73",
                    "dieu8",
                ]
            )
        )
    return ":".join(parts)[:64]


OWN: dict[int, list[int]] = {}


def random_update(bot: RunningBot, rng: random.Random) -> None:
    fake = bot.fake
    user = rng.choice(USERS)
    kind = rng.random()
    names = [*sorted(commands.known_names()), "khongco", "start@nd73_test_bot", "x" * 40]
    if kind < 0.35:
        update = fake.send_text(user, random_text(rng))
        OWN.setdefault(user, []).append(int(update["message"]["message_id"]))
    elif kind < 0.55:
        args = " ".join(random_text(rng, 20) for _ in range(rng.randint(0, 3)))
        fake.send_text(user, f"/{rng.choice(names)} {args}".strip())
    elif kind < 0.75:
        mine = [m for m in fake.sent[-50:] if m.chat_id == user]
        message_id = (
            rng.choice(mine).message_id if mine and rng.random() < 0.7 else rng.randint(1, 10**6)
        )
        if mine and rng.random() < 0.5 and rng.choice(mine).buttons():
            target = rng.choice(mine)
            buttons = target.buttons()
            data = rng.choice(buttons).get("callback_data") if buttons else random_callback(rng)
            fake.press_button(user, target.message_id, data or random_callback(rng))
        else:
            fake.press_button(user, message_id, random_callback(rng))
    elif kind < 0.83:
        name = (
            rng.choice(
                ["a.docx", "b.pdf", "c.txt", "d.csv", "", "x" * 200 + ".exe", "văn bản.docx"]
            )
            or "file"
        )
        caption = rng.choice([None, "donvi them", "donvi thay", "NĐ73", "kl14", random_text(rng)])
        content = bytes(rng.getrandbits(8) for _ in range(rng.choice([0, 10, 2000])))
        fake.send_document(user, name, content, caption=caption)
    elif kind < 0.88:
        fake.send_photo(user, b"\x89PNG" + bytes(rng.getrandbits(8) for _ in range(50)))
    elif kind < 0.94 and OWN.get(user):
        fake.edit_message(user, rng.choice(OWN[user]), random_text(rng))
    elif kind < 0.97:
        fake.send_text(user, random_text(rng), chat_id=-100123, chat_type="supergroup")
    else:
        fake.channel_post(-100456, random_text(rng))


async def test_fuzz_thousands_of_updates(bot: RunningBot) -> None:
    rng = random.Random(20261125)
    for user in USERS:
        bot.fake.send_text(user, "/start")
    for _ in range(UPDATES // 100):
        for _ in range(100):
            random_update(bot, rng)
        # Let the bot keep up, so button presses can target what it sent.
        await bot.drained()
    await bot.outbox_idle(timeout=60)
    assert bot.services.metrics.errors == 0
    integrity = await bot.services.db.fetchval("PRAGMA integrity_check")
    foreign = await bot.services.db.fetchall("PRAGMA foreign_key_check")
    assert integrity == "ok" and foreign == []
