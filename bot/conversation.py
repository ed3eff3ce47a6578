"""Per-turn decisions of the assistant that do not depend on Rasa: language, city, follow-up kind."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from . import languages
from .language import identifier_for, requested_language  # noqa: F401 (used by actions)
from .loader import load_cached
from .model import KnowledgeBase
from .places import CityFinder
from .routing import OTHER_CITY
from .text import fold

DEFAULT_LANGUAGE = "en"

# What a follow-up asks for, by words in any of the languages (folded text).
DETAIL_WORDS = {
    "hours": r"auki|aukiolo|aukeaa|milloin|open|opening|hours|when|oppet|oppettid|när|nar|kello|время|години|avatud|saacad",
    "address": r"osoite|missa|missä|sijainti|address|where|located|adress|var ligger|var finns|адрес|где|aadress|kus|cinwaan",
    "phone": r"puhelin|numero|soittaa|soitan|phone|number|call|telefon|ringa|телефон|номер|telefoni|taleefan",
    "email": r"sahkoposti|sähköposti|email|e-mail|mail|e-post|почта|пошта|e-kiri",
    "url": r"nettisivu|verkkosivu|kotisivu|website|web page|link|webbsida|länk|lank|сайт|veebileht",
}
DETAILS = {kind: re.compile(fold(pattern)) for kind, pattern in DETAIL_WORDS.items()}


def kb() -> KnowledgeBase:
    return load_cached()


def supported(lang: Optional[str]) -> Optional[str]:
    return lang if lang in languages.SUPPORTED else None


def language(text: str, current: Optional[str], locked: bool = False) -> str:
    """The language of the reply: sticky; a page-given language (locked) changes only on request."""
    return _language(id(kb()), text, current, locked)


# several actions of one turn ask about the same message; detection takes a few milliseconds
# (keyed by the knowledge base's id: a reloaded knowledge base is a new key)
@lru_cache(maxsize=2048)
def _language(kb_id: int, text: str, current: Optional[str], locked: bool) -> str:
    identifier = identifier_for(kb())
    if locked and current:
        guess = identifier.guess(text)
        return guess.language if guess.reason == "request" else current
    return identifier.conversation_language(text, supported(current), DEFAULT_LANGUAGE)


_finders = {}


def city_in(text: str) -> Optional[str]:
    base = kb()
    if id(base) not in _finders:
        _finders[id(base)] = CityFinder(base)
    return _finders[id(base)].find(text or "")


def warm_up() -> None:
    """Load the knowledge base, the city finder and the language models now: loaded on the first message they
    block the server for many seconds, and a burst of first messages then fails."""
    language("Hello", None)
    city_in("Vaasa")


def normalise_city(value: Optional[str]) -> Optional[str]:
    """A city id from a slot or entity value ("Kokkolassa", "kokkola", "other"), or None."""
    if not value:
        return None
    if value == OTHER_CITY or value in kb().cities:
        return value
    return city_in(value)


def topic_by_words(text: str, city: Optional[str], min_score: float = 1.0) -> Optional[str]:
    """The main topic of the service the staff lookup finds for a message, when it finds one clearly."""
    from .retrieval import index_for

    hits = index_for(kb()).search(text, city=city if city in kb().cities else None, limit=1)
    return hits[0].service.topics[0] if hits and hits[0].score >= min_score else None


def detail_kind(text: str) -> str:
    folded = fold(text or "")
    for kind, pattern in DETAILS.items():
        if pattern.search(folded):
            return kind
    return "contacts"
