"""Which service answers a topic for a newcomer in a city: the city's own, else the region's, else national."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

from .model import KnowledgeBase, Service
from .retrieval import index_for

LOCAL, REGIONAL, NATIONAL = "local", "regional", "national"
OTHER_CITY = "other"  # the user lives in a city the knowledge base does not know


@dataclass(frozen=True)
class Route:
    topic: str
    city: Optional[str]
    service: Optional[Service]
    scope: Optional[str]  # LOCAL, REGIONAL or NATIONAL
    alternatives: List[Service] = field(default_factory=list)


def _rank(kb: KnowledgeBase, services: List[Service], topic: str, city: Optional[str], text: str) -> List[Service]:
    """Services whose main topic this is first, the city's own before a regional one, then by relevance."""
    relevance = {}
    if text:
        relevance = {h.service.id: h.score for h in index_for(kb).search(text, city=city, topic=topic, limit=50)}
    order = {s.id: i for i, s in enumerate(kb.services.values())}
    return sorted(
        services,
        key=lambda s: (
            s.topics.index(topic) > 0,
            city is not None and s.city != city,
            -relevance.get(s.id, 0.0),
            order[s.id],
        ),
    )


def route(kb: KnowledgeBase, topic: str, city: Optional[str], text: str = "") -> Route:
    if topic not in kb.topics:
        raise ValueError(f"unknown topic {topic!r}")
    known_city = city if city in kb.cities else None
    national = _rank(kb, [s for s in kb.services_for(topic) if s.is_national], topic, None, text)
    if known_city:
        local = _rank(kb, [s for s in kb.services_for(topic, known_city) if not s.is_national], topic, known_city, text)
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
