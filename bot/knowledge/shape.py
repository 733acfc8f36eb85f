"""The shape of a question: small talk, two questions in one, the khoản a question is about.

Everything here reads the folded, abbreviation-expanded question ("gui ke hoach cho ai va bao
lau thi duoc tra loi"); nothing ranks units.
"""

from __future__ import annotations

import re

from bot.knowledge.base import Unit
from bot.knowledge.lexicon import FILLERS
from bot.vntext import fold

# Greetings, thanks and acknowledgements: a message made only of these (and filler words) is
# small talk, not a question about the documents ("cảm ơn bạn", "xin chào", "ok em").
_SMALL_TALK_CORE = frozenset(
    {
        "chao",
        "cam",
        "on",
        "thank",
        "thanks",
        "thankyou",
        "tks",
        "thx",
        "hi",
        "hello",
        "alo",
        "ok",
        "oke",
        "okay",
        "okie",
        "oki",
        "okela",
        "you",
        "uk",
        "bye",
        "tam",
        "biet",
        "vang",
        "da",
        "roi",
    }
)
_SMALL_TALK_EXTRA = frozenset(
    {
        "nhieu",
        "rat",
        "qua",
        "lam",
        "bot",
        "tro",
        "ly",
        "nd",
        "buoi",
        "sang",
        "chieu",
        "trua",
        "toi",
        "moi",
        "nguoi",
        "ca",
        "nha",
        "nhe",
        "ah",
        "uh",
        "um",
        "hihi",
        "haha",
        "hjhj",
        "nghe",
        "hieu",
        "tot",
    }
)
# The core words alone ("đã", "rồi") are not small talk unless a greeting or thanks is among
# them.
_GREETING = re.compile(
    r"\b(?:chao|cam on|thanks?|thankyou|tks|thx|hi|hello|alo|ok|oke|okay|okie|oki|okela|uk"
    r"|bye|tam biet)\b"
)
# A bare acknowledgement ("vâng ạ", "dạ", "đã rõ", "được rồi") is small talk too, but only when
# every word is one of these few (fillers would let "dạ cho em hỏi" through).
_ACK = re.compile(r"\b(?:vang|da|ro|duoc roi)\b")
_ACK_WORDS = frozenset({"vang", "da", "ro", "duoc", "roi", "a", "nhe", "nha", "em", "anh", "chi"})

# Words that ask: each half of a two-part question has one ("cho ai", "bao lâu", "mấy ngày").
_ASKING = re.compile(
    r"\b(?:ai|bao lau|may ngay|bao nhieu|gi|nao|dau|sao|the nao|nhu nao|ra sao|khong|chua"
    r"|khi nao|luc nao|bao gio)\b"
)
# Where a question may join two questions: "và", "còn", a comma, a question mark, "rồi".
_JOIN = re.compile(r"\s*(?:\?|,|;)\s*|\s+(?:va|con|roi|voi lai|them nua la)\s+")
# Fewest content syllables in each half (so "ai và khi nào" is not split into nothing).
MIN_PART_WORDS = 2


def is_small_talk(folded: str) -> bool:
    """Whether a message is only a greeting, thanks or an acknowledgement."""
    words = folded.split()
    if words and _ACK.search(folded) and all(word in _ACK_WORDS for word in words):
        return True
    if not words or not _GREETING.search(folded):
        return False
    allowed = _SMALL_TALK_CORE | _SMALL_TALK_EXTRA | FILLERS
    return all(word in allowed for word in words)


def split_parts(folded: str) -> tuple[str, str] | None:
    """A question that asks two things ("gửi cho ai và bao lâu thì được trả lời"), split.

    Both halves must ask (have a question word) and say something (content words); the first
    place where that holds is the split.
    """
    for match in _JOIN.finditer(folded):
        left, right = folded[: match.start()].strip(), folded[match.end() :].strip()
        if _asks(left) and _asks(right):
            return left, right
    return None


def _asks(part: str) -> bool:
    if not _ASKING.search(part):
        return False
    content = [w for w in part.split() if w not in FILLERS and not _ASKING.fullmatch(w)]
    return len(content) >= MIN_PART_WORDS


def clause_asked(unit: Unit, folded: str) -> int | None:
    """The one khoản of a unit whose words the question uses ("bảo vệ" → Điều 5 khoản 2).

    None when no khoản or more than one khoản matches: the unit's short answer is shown.
    """
    padded = f" {folded} "
    matched = [
        clause.number
        for clause in unit.clauses
        if any(f" {' '.join(words)} " in padded for words in clause.when)
    ]
    return matched[0] if len(matched) == 1 else None


# The subject of the Decree ("cán bộ năng động, sáng tạo, dám nghĩ, dám làm, dám chịu trách
# nhiệm") is in most questions as a name, not as what is asked: "cán bộ dám nghĩ dám làm được
# bảo vệ ra sao" asks about protection (Điều 11), not the definition (Điều 3). Unless the
# question asks what the words mean, they are left out of the ranking.
_SUBJECT = (
    ("nang", "dong", "sang", "tao"),
    ("nang", "dong"),
    ("dam", "nghi"),
    ("dam", "lam"),
    ("dam", "chiu", "trach", "nhiem"),
)
_DEFINITION = re.compile(
    r"\b(?:la gi|la ai|la nguoi|la sao|the nao la|dinh nghia|khai niem|nghia la|duoc hieu"
    r"|hieu (?:nhu )?the nao|hieu la|hieu ra sao|khac gi|khac nhau|goi la|tieu chi|tieu chuan"
    r"|duoc coi la|duoc xem la|the nao thi duoc|nao thi duoc (?:coi|xem|goi)|nghia la sao"
    r"|la the nao|hieu sao|ra sao moi la|cung tinh|duoc tinh la|tinh la)\b"
)
# Words the rest of the question must keep for the subject to be left out.
MIN_REST_WORDS = 1


def without_subject(words: list[str]) -> list[str]:
    """The question's syllables without the Decree's subject, when that is not what is asked.

    `words` are the question's (accented or not) syllables; matching is on folded forms.
    """
    folded = [fold(w) for w in words]
    if _DEFINITION.search(" ".join(folded)):
        return words
    keep = [True] * len(words)
    found = False
    for start in range(len(words)):
        for phrase in _SUBJECT:
            if tuple(folded[start : start + len(phrase)]) == phrase:
                keep[start : start + len(phrase)] = [False] * len(phrase)
                found = True
    if not found:
        return words
    rest = [w for w, k in zip(words, keep, strict=True) if k]
    content = [w for w in rest if fold(w) not in FILLERS and fold(w) not in {"can", "bo"}]
    return rest if len(content) >= MIN_REST_WORDS else words
