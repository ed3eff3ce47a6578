"""Routing: the city's own service, else the region's, else national; a national one asked for by name."""
import pytest

from bot.routing import LOCAL, NAMED, NATIONAL, route


@pytest.mark.parametrize("text, topic, city, service, scope", [
    ("tarvitsen asunnon", "housing", "kokkola", "kokkola-housing-advice", LOCAL),
    ("kaikukortti", "kaikukortti", "vaasa", "vaasa-kaikukortti", LOCAL),
    ("I need help with Kela", "social_security", "vaasa", "national-kela", NAMED),
    ("Migri oleskelulupa", "residence_permit", "helsinki", "national-migri", NAMED),
    ("oleskelulupa", "residence_permit", "kokkola", "national-migri", NATIONAL),
    ("I need help finding an apartment", "housing", "kokkola", "kokkola-housing-advice", LOCAL),
])
def test_route(kb, text, topic, city, service, scope):
    r = route(kb, topic, city, text)
    assert (r.service.id, r.scope) == (service, scope)


def test_unknown_city_gets_national(kb):
    r = route(kb, "housing", "other", "apartment")
    assert r.service.is_national and r.scope == NATIONAL


def test_every_topic_routes_somewhere_in_every_city(kb):
    for city in kb.cities:
        for topic in kb.topics:
            assert route(kb, topic, city).service is not None, (topic, city)
