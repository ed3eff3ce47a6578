"""The staff lookup API: JSON list best first, clear 400s for bad input, the widget's texts per language."""
import asyncio

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.web.server import create_app


def call(path):
    async def go():
        async with TestClient(TestServer(create_app())) as client:
            response = await client.get(path)
            return response.status, await response.json()
    return asyncio.run(go())


def test_lookup_best_first():
    status, body = call("/api/lookup?q=asumisneuvonta&city=kokkola&lang=fi")
    assert status == 200 and body[0]["id"] == "kokkola-housing-advice"
    assert {"id", "topics", "city", "score", "name", "text"} <= set(body[0])
    assert [r["score"] for r in body] == sorted((r["score"] for r in body), reverse=True)


@pytest.mark.parametrize("query, words", [
    ("q=asunto&city=atlantis", "unknown city"), ("q=asunto&topic=parking", "unknown topic"),
    ("q=asunto&lang=de", "unknown lang"), ("q=" + "x" * 201, "longer than 200"),
    ("q=asunto&limit=0", "between 1 and 20"), ("q=asunto&limit=many", "whole number"),
])
def test_bad_input_is_a_clear_400(query, words):
    status, body = call("/api/lookup?" + query)
    assert status == 400 and words in body["error"]


def test_empty_query_without_filters_is_an_empty_list():
    assert call("/api/lookup?q=") == (200, [])


def test_widget_strings_in_every_language():
    for lang in ("fi", "ar", "ur", "et"):
        status, body = call(f"/api/strings?lang={lang}")
        assert status == 200 and body["privacy"] and body["send"]
        assert body["dir"] == ("rtl" if lang in ("ar", "ur") else "ltr")
