"""The languages Opas speaks, and which of them every knowledge-base text must have."""
from __future__ import annotations

# ISO 639-1 codes, in the order the language menu shows them. fa covers Persian and Dari.
SUPPORTED = ("fi", "sv", "en", "ar", "fa", "so", "ur", "ru", "uk", "et")

# Texts every service, topic and city must have: all of them, so no newcomer gets a half-translated answer.
REQUIRED = SUPPORTED

RTL = frozenset({"ar", "fa", "ur"})

# Each language's own name for itself, for menus.
ENDONYMS = {
    "fi": "suomi",
    "sv": "svenska",
    "en": "English",
    "ar": "العربية",
    "fa": "فارسی / دری",
    "so": "Soomaali",
    "ur": "اردو",
    "ru": "русский",
    "uk": "українська",
    "et": "eesti",
}

# ISO 639-3 codes a service may list that a supported language covers (Dari is Persian for us).
COVERED_BY = {"prs": "fa", "pes": "fa", "fas": "fa", "per": "fa", "ara": "ar", "som": "so"}


def covers(service_language: str, user_language: str) -> bool:
    """Whether a service given in `service_language` is own-language service for the user."""
    return COVERED_BY.get(service_language, service_language) == user_language
