"""Typed, immutable model of the knowledge base (see docs/knowledge-schema.md)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Dict, Mapping, Optional, Tuple

NATIONAL = "national"

# Fields of a service's per-language text, in the order a card shows them.
TEXT_FIELDS = ("name", "summary", "eligibility", "access", "cost")
REQUIRED_TEXT_FIELDS = ("name", "summary", "eligibility", "access")
CONTACT_TYPES = ("address", "phone", "email", "url", "hours")


@dataclass(frozen=True)
class SourceRef:
    ref: str  # a seed file name or an http(s) address
    section: Optional[str] = None

    @property
    def is_url(self) -> bool:
        return self.ref.startswith(("http://", "https://"))


@dataclass(frozen=True)
class Contact:
    type: str
    value: object  # str, or {lang: str} for opening hours
    source: str
    verified: dt.date
    label: Mapping[str, str] = field(default_factory=dict)

    def value_in(self, lang: str) -> str:
        if isinstance(self.value, Mapping):
            return self.value.get(lang) or self.value.get("en") or next(iter(self.value.values()))
        return str(self.value)


@dataclass(frozen=True)
class Service:
    id: str
    city: str
    area: Tuple[str, ...]
    topics: Tuple[str, ...]
    organisation: Mapping[str, str]
    texts: Mapping[str, Mapping[str, str]]
    keywords: Mapping[str, Tuple[str, ...]]
    service_languages: Tuple[str, ...]
    contacts: Tuple[Contact, ...]
    see_also: Tuple[str, ...]
    sources: Tuple[SourceRef, ...]
    verified: dt.date
    path: str = ""

    @property
    def is_national(self) -> bool:
        return self.city == NATIONAL

    def serves(self, city_id: str) -> bool:
        return self.is_national or city_id in self.area

    def text(self, lang: str, key: str) -> Optional[str]:
        """The text in `lang`, falling back to English, then Finnish."""
        for code in (lang, "en", "fi"):
            value = self.texts.get(code, {}).get(key)
            if value:
                return value
        return None

    def name(self, lang: str) -> str:
        return self.text(lang, "name") or self.id

    def contacts_of(self, kind: str) -> Tuple[Contact, ...]:
        return tuple(c for c in self.contacts if c.type == kind)


@dataclass(frozen=True)
class Region:
    id: str
    names: Mapping[str, str]


@dataclass(frozen=True)
class City:
    id: str
    names: Mapping[str, str]
    forms: Tuple[str, ...]
    region: str
    advice_service: Optional[str] = None

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get("en") or self.id


@dataclass(frozen=True)
class Topic:
    id: str
    texts: Mapping[str, Mapping[str, str]]
    keywords: Mapping[str, Tuple[str, ...]]

    def name(self, lang: str) -> str:
        return (self.texts.get(lang) or self.texts.get("en") or {}).get("name", self.id)

    def description(self, lang: str) -> str:
        return (self.texts.get(lang) or self.texts.get("en") or {}).get("description", "")


@dataclass(frozen=True)
class Seed:
    file: str
    title: str
    language: str


@dataclass(frozen=True)
class KnowledgeBase:
    services: Dict[str, Service]
    cities: Dict[str, City]
    regions: Dict[str, Region]
    topics: Dict[str, Topic]
    seeds: Dict[str, Seed]

    def services_for(self, topic: Optional[str] = None, city: Optional[str] = None):
        """Services of a topic (and available in a city: local or national), in file order."""
        return [
            s
            for s in self.services.values()
            if (topic is None or topic in s.topics) and (city is None or s.serves(city))
        ]
