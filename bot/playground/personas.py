"""The people one browser can be in the playground, each with their own private chat."""

from __future__ import annotations

from dataclasses import dataclass

from bot import texts

WARD = "P-LOCTHO"  # the staff member's and the head's unit (shipped in bot/data/units.csv)
CITY_LEADERSHIP = "LDTP"  # the unit of kind `leadership`: the superior level
ADMIN_UNIT = "NV"  # Phòng Nội vụ
DEPUTY_FIELD = texts.PROPOSAL_FIELDS[1]  # «Chuyển đổi số»: the Phó Chủ tịch's field


@dataclass(frozen=True, slots=True)
class Persona:
    """One person of the demo; their chat id is their Telegram user id."""

    key: str
    user_id: int
    name: str
    label: str

    @property
    def first_name(self) -> str:
        """What Telegram would send as the user's first name (the given name)."""
        return self.name.split()[-1]


def _persona(key: str, user_id: int) -> Persona:
    return Persona(key, user_id, texts.DEMO_PERSONA_NAMES[key], texts.DEMO_PERSONA_LABELS[key])


STAFF = _persona("staff", 710001)
HEAD = _persona("head", 710002)
DEPUTY = _persona("deputy", 710003)
ADMIN = _persona("admin", 710004)
NEWCOMER = _persona("newcomer", 710005)
# Seeded, without a tab: the chair, head of the superior level, informed of heads' plans.
CHAIR = _persona("chair", 710006)

# In display order.
PERSONAS: tuple[Persona, ...] = (STAFF, HEAD, DEPUTY, ADMIN, NEWCOMER)


def by_user_id(user_id: int) -> Persona | None:
    """The persona whose chat this is, or None."""
    return next((persona for persona in PERSONAS if persona.user_id == user_id), None)
