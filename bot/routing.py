"""Which service answers a topic for a newcomer in a city: the city's own, else the region's, else national."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

from .model import KnowledgeBase, Service
from .retrieval import index_for
from .text import stem, words

LOCAL, REGIONAL, NATIONAL = "local", "regional", "national"
NAMED = "named"  # a national service the user asked for by name, though the city has its own
OTHER_CITY = "other"  # the user lives in a city the knowledge base does not know


@dataclass(frozen=True)
class Route:
    topic: str
    city: Optional[str]
    service: Optional[Service]
    scope: Optional[str]  # LOCAL, REGIONAL or NATIONAL
    alternatives: List[Service] = field(default_factory=list)


def _names(service: Service, text: str) -> bool:
    """Whether the question uses one of the service's own keywords ("kielikahvila", "språkcafé")."""
    folded = f" {' '.join(words(text))} "
    stems = {stem(w, "fi") for w in words(text)}
    for keywords in service.keywords.values():
        for keyword in keywords:
            kw = words(keyword)
            if (len(kw) > 1 and f" {' '.join(kw)} " in folded) or (len(kw) == 1 and len(kw[0]) >= 5 and (
                    f" {kw[0]} " in folded or stem(kw[0], "fi") in stems)):
                return True
    return False


def _rank(kb: KnowledgeBase, services: List[Service], topic: str, city: Optional[str], text: str) -> List[Service]:
    """A service the question names by its own keyword first; then services whose main topic this is, the
    city's own before a regional one, then by relevance."""
    relevance = {}
    if text:
        relevance = {h.service.id: h.score for h in index_for(kb).search(text, city=city, topic=topic, limit=50)}
    named = {s.id for s in services if text and _names(s, text)}
    order = {s.id: i for i, s in enumerate(kb.services.values())}
    return sorted(
        services,
        key=lambda s: (
            s.id not in named,
            s.topics.index(topic) > 0,
            city is not None and s.city != city,
            -relevance.get(s.id, 0.0),
            order[s.id],
        ),
    )


def _named_national(kb, text, topic, local, national):
    """A national service the question asks for by name ("help with Kela") beats the city's own."""
    if not text or not national:
        return None
    hits = {h.service.id: h.score for h in index_for(kb).search(text, topic=topic, limit=50)}
    best_local = max((hits.get(s.id, 0.0) for s in local), default=0.0)
    top = max(national, key=lambda s: hits.get(s.id, 0.0))
    def name_words(service):
        return {w for lang in ("fi", "sv", "en") for w in words(service.name(lang)) if len(w) > 2}

    def proper_name(service):  # the same word in the Finnish, Swedish and English name: "Kela", "Migri"
        return set.intersection(*({w for w in words(service.name(lang)) if len(w) > 2} for lang in ("fi", "sv", "en")))

    own = proper_name(top) - set().union(*(name_words(s) for s in local))
    asked_by_name = any(w in own for w in words(text))
    return top if asked_by_name and hits.get(top.id, 0.0) >= best_local else None


def route(kb: KnowledgeBase, topic: str, city: Optional[str], text: str = "") -> Route:
    if topic not in kb.topics:
        raise ValueError(f"unknown topic {topic!r}")
    known_city = city if city in kb.cities else None
    national = _rank(kb, [s for s in kb.services_for(topic) if s.is_national], topic, None, text)
    if known_city:
        local = _rank(kb, [s for s in kb.services_for(topic, known_city) if not s.is_national], topic, known_city, text)
        named = _named_national(kb, text, topic, local, national)
        if named:
            return Route(topic, known_city, named, NAMED, (local + [s for s in national if s is not named])[:3])
        if local:
            return Route(topic, known_city, local[0], LOCAL, (local[1:] + national)[:3])
        region = kb.cities[known_city].region
        regional = [
            s for s in kb.services_for(topic)
            if not s.is_national and any(kb.cities[c].region == region for c in s.area if c in kb.cities)
        ]
        # a national service answers everyone; a neighbour city's service may be only for its residents,
        # so it comes first only where no national one exists
        if regional and not national:
            ranked = _rank(kb, regional, topic, None, text)
            return Route(topic, known_city, ranked[0], REGIONAL, ranked[1:3])
        if national:
            return Route(topic, known_city, national[0], NATIONAL, (national[1:] + _rank(kb, regional, topic, None, text))[:3])
    if national:
        return Route(topic, city, national[0], NATIONAL, national[1:3])
    return Route(topic, city, None, None, [])
