"""Hostile input on the public endpoints: Rasa's REST webhook (Opas's channel) and the web server's /api/*.
Fuzzed with hypothesis against real servers: never a 5xx, the server stays up, memory stays bounded,
rate limits answer politely, CORS only for configured origins, Rasa's HTTP API never without a token."""
import asyncio
import json
import uuid

import pytest
import requests
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channel import OpasRestInput
from bot.messages import t
from bot.serve import MAX_BODY, Servers, check_api_args
from bot.web.server import create_app
from tests.live import CITY_PAGE

FUZZ = settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))

HOSTILE_TEXTS = [
    "<script>alert(document.cookie)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
    "'; DROP TABLE events; --", "1' OR '1'='1", "\" UNION SELECT sender_id FROM events --",
    "{{7*7}} ${7*7} %s%s%s %n", "../../../../etc/passwd", "\x1b[31mred\x1b[0m", "\u202eevil\u202c",
    "\ufeff\u200b\u200d", "a\u0000b", "\ud800", "💣" * 500, "ä" * 5000, "/restart", "/session_start",
    "/choose_language{\"language\": \"xx\"}", "/inform_city{\"city\": \"<b>x</b>\"}", "/nonexistent_intent",
]


@pytest.fixture(scope="module")
def bot(live_bot):
    """The session's real servers (tests/conftest.py): default per-sender limit, CITY_PAGE allowed by CORS."""
    return live_bot


def alive(bot):
    assert requests.get(bot.url + "/", timeout=10).status_code == 200
    assert bot.say(uuid.uuid4().hex, "Kaikukortti Vaasassa")


# --- Rasa's REST webhook ------------------------------------------------------------------------------------

@FUZZ
@given(body=st.binary(max_size=3000))
def test_random_bytes_are_refused_cleanly(bot, body):
    response = requests.post(bot.webhook, data=body, timeout=60)
    assert response.status_code in (200, 400), response.text[:300]


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                    max_leaves=12)


@FUZZ
@given(body=JSON | st.fixed_dictionaries({"sender": JSON, "message": JSON}, optional={"metadata": JSON}))
def test_any_json_is_answered_or_refused_cleanly(bot, body):
    response = requests.post(bot.webhook, data=json.dumps(body), timeout=60)
    assert response.status_code in (200, 400), response.text[:300]
    if response.status_code == 400:
        assert response.json()["error"]


@settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(text=st.sampled_from(HOSTILE_TEXTS) | st.text(st.characters(), max_size=200))
def test_hostile_text_gets_a_reply_or_a_clear_refusal(bot, text):
    response = requests.post(bot.webhook, data=json.dumps({"sender": uuid.uuid4().hex, "message": text}), timeout=60)
    if "\x00" in text:
        assert response.status_code == 400 and "NUL" in response.json()["error"]
    else:
        assert response.status_code == 200, response.text[:300]
        assert isinstance(response.json(), list)


def test_hostile_texts_each_get_a_reply(bot):
    for text in HOSTILE_TEXTS:
        if "\x00" in text:
            continue
        reply = bot.say(uuid.uuid4().hex, text)
        if text in ("/restart", "/session_start"):  # Rasa's own commands: the conversation starts over, silently
            assert reply == []
            continue
        assert reply and all(m.get("text") or m.get("custom") or m.get("buttons") for m in reply), text
    alive(bot)


def test_bodies_over_1_mb_get_413_and_invalid_utf8_400(bot):
    big = json.dumps({"sender": "big", "message": "x" * MAX_BODY}).encode()
    assert requests.post(bot.webhook, data=big, timeout=60).status_code == 413
    long = json.dumps({"sender": "long", "message": "x" * 900_000}).encode()
    response = requests.post(bot.webhook, data=long, timeout=60)
    assert response.status_code == 400 and "longer than" in response.json()["error"]
    broken = b'{"sender": "u", "message": "\xff\xfe caf\xe9"}'
    response = requests.post(bot.webhook, data=broken, timeout=60)
    assert response.status_code == 400 and "UTF-8" in response.json()["error"]
    alive(bot)


FLOOD = 300


def test_a_flood_on_one_sender_id_is_answered_politely_and_memory_stays_bounded(bot):
    """A few hundred messages on one conversation as fast as they can be sent: the first 30 a minute are
    answered, the rest get the polite 429; no 5xx, memory flat. (tests/bench/flood.py sends 10,000 with
    the limits off, to measure what Rasa itself does with a conversation that long.)"""
    sender = uuid.uuid4().hex
    bot.say(uuid.uuid4().hex, "tarvitsen asunnon")  # warm up: every model and cache loaded
    before = bot.rasa_rss_kb()
    statuses = [bot.post(sender, ["tarvitsen asunnon", "Vaasa", "kiitos"][i % 3]).status_code for i in range(FLOOD)]
    after = bot.rasa_rss_kb()
    assert statuses[:30] == [200] * 30 and set(statuses) == {200, 429}
    assert statuses.count(429) >= FLOOD - 60  # at most one more minute's worth answered
    print(f"\nRasa RSS before {before / 1024:.0f} MB, after {FLOOD} messages on one sender {after / 1024:.0f} MB")
    assert after - before < 64 * 1024, f"RSS grew {(after - before) / 1024:.0f} MB over {FLOOD} messages"
    alive(bot)


# --- CORS and the HTTP API ----------------------------------------------------------------------------------

def test_rasa_allows_only_the_configured_origins(bot):
    def preflight(origin):
        return requests.options(bot.webhook, headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
                                timeout=10).headers.get("Access-Control-Allow-Origin")

    assert preflight(CITY_PAGE) == CITY_PAGE
    assert preflight("https://evil.example") is None


def test_rasa_http_api_is_refused_without_a_token(tmp_path):
    with pytest.raises(ValueError, match="auth-token"):
        check_api_args(["--enable-api"])
    check_api_args(["--enable-api", "--auth-token", "x"])
    servers = Servers(tmp_path / "no-model.tar.gz", extra_args=["--enable-api"])
    with pytest.raises(ValueError):
        servers.start()
    assert servers.processes == []  # nothing was started


# --- rate limits ----------------------------------------------------------------------------------------------

def test_too_many_messages_from_one_sender_get_a_polite_429_in_their_language(bot):
    """The server runs with the default limit of 30 messages a minute per sender id."""
    sender = uuid.uuid4().hex
    statuses = [bot.post(sender, "/greet", language="sv").status_code for _ in range(30)]
    assert set(statuses) == {200}
    limited = bot.post(sender, "var kan jag lära mig finska?")
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "60"
    assert limited.json() == [{"recipient_id": sender, "text": t("chat.slow_down", "sv")}]
    assert bot.post(uuid.uuid4().hex, "hej").status_code == 200  # others are not affected


def test_the_limits_count_per_address_and_per_sender(monkeypatch):
    monkeypatch.setenv("OPAS_RATE_LIMIT_SENDER", "3/minute")
    monkeypatch.setenv("OPAS_RATE_LIMIT_ADDRESS", "5/minute")
    channel = OpasRestInput()
    assert [channel.over_limit("a", "10.0.0.1") for _ in range(4)] == [False, False, False, True]
    assert [channel.over_limit(f"s{i}", "10.0.0.2") for i in range(6)] == [False] * 5 + [True]
    assert not channel.over_limit("b", "10.0.0.3")
    monkeypatch.setenv("OPAS_RATE_LIMIT_SENDER", "none")
    monkeypatch.setenv("OPAS_RATE_LIMIT_ADDRESS", "none")
    assert not any(OpasRestInput().over_limit("a", "x") for _ in range(100))


# --- the web server's /api/* ------------------------------------------------------------------------------------

def web_get(paths, headers=None, cors=()):
    async def go():
        async with TestClient(TestServer(create_app(cors=cors))) as client:
            out = []
            for path in paths:
                response = await client.get(path, headers=headers or {})
                out.append((response.status, response.headers.get("Access-Control-Allow-Origin")))
            return out
    return asyncio.run(go())


# a URL holds bytes: lone surrogates cannot be sent as such; invalid UTF-8 comes as raw escapes like %ff
PARAM = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300) | st.sampled_from(
    [text for text in HOSTILE_TEXTS if text != "\ud800"])


@settings(max_examples=15, deadline=None, database=None)
@given(params=st.lists(st.tuples(st.sampled_from(["q", "city", "topic", "lang", "limit", "x"]), PARAM), max_size=5),
       raw=st.lists(st.sampled_from(["%ff%fe", "%", "%zz", "%00", "q=%c3", "&&&", "q=%E2%80%AE", "limit=1e9"]), max_size=3))
def test_web_api_never_answers_5xx(params, raw):
    from urllib.parse import quote

    query = "&".join([f"{quote(k)}={quote(v, safe='')}" for k, v in params] + raw)
    paths = [f"/api/{endpoint}?{query}" for endpoint in ("lookup", "meta", "strings")]
    for status, _ in web_get(paths):
        assert status < 500


def test_web_api_cors_only_for_configured_origins():
    [(status, allowed)] = web_get(["/api/meta?lang=fi"], {"Origin": CITY_PAGE}, cors=[CITY_PAGE])
    assert status == 200 and allowed == CITY_PAGE
    [(status, allowed)] = web_get(["/api/meta?lang=fi"], {"Origin": "https://evil.example"}, cors=[CITY_PAGE])
    assert status == 200 and allowed is None


# --- a conversation that never ends -------------------------------------------------------------------------

def test_session_length_counts_per_sender_and_forgets_the_oldest():
    from bot.channel import SessionLength

    sessions = SessionLength(3, senders=2)
    assert [sessions.new_session_due("a") for _ in range(7)] == [False, False, False, True, False, False, True]
    sessions.new_session_due("b")
    sessions.new_session_due("c")  # "a" is forgotten: three senders, room for two
    assert list(sessions.counts) == ["b", "c"]
    assert not any(SessionLength(None).new_session_due("a") for _ in range(500))


def test_a_long_conversation_gets_a_new_session_and_keeps_its_city(tmp_path):
    """Every OPAS_SESSION_MAX_MESSAGES messages the channel opens a new Rasa session; the city and
    language carry over, so the user notices nothing, and Rasa reloads only the new session's events."""
    from tests.live import LiveBot, customs, trained_model

    bot = LiveBot(trained_model(), tmp_path, env={"OPAS_SESSION_MAX_MESSAGES": "3",
                                                   "OPAS_RATE_LIMIT_ADDRESS": "none"}).start()
    try:
        sender = uuid.uuid4().hex
        assert customs(bot.say(sender, "tarvitsen asunnon"))[0]["service"] is None  # which city?
        assert customs(bot.say(sender, "Vaasa"))[0]["city"] == "vaasa"
        bot.say(sender, "kiitos")
        answer = customs(bot.say(sender, "tarvitsen asunnon"))  # the 4th message: a new session first
        assert answer[0]["city"] == "vaasa" and answer[0]["service"] and answer[0]["language"] == "fi"
        dump = bot.dump()
        assert dump.count('"event": "session_started"') == 2, "one session at the start, one after 3 messages"
    finally:
        bot.stop()
