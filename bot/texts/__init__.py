"""Every Vietnamese string the bot shows (chat messages in HTML, CLI output): the only home of UI text.

The words are split by feature; this package re-exports them all, so callers write
`from bot import texts` and `texts.NAME` whichever module a word lives in. Each module lists its
public names in `__all__`, and no name is declared in two modules (tests/unit/test_texts.py).
"""

from bot.texts.admin import *
from bot.texts.broadcasts import *
from bot.texts.cli import *
from bot.texts.common import *
from bot.texts.deadlines import *
from bot.texts.documents import *
from bot.texts.forms import *
from bot.texts.knowledge import *
from bot.texts.people import *
from bot.texts.playground import *
from bot.texts.proposal_actions import *
from bot.texts.proposals import *
