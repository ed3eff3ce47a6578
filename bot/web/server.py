"""The web side of Opas: the demo city page with the chat widget (/), the staff lookup page (/staff) and
a small JSON API (/api/...). aiohttp, which Rasa already brings, serves it.

API
  GET /api/lookup?q=...&city=...&topic=...&lang=...&limit=...
      -> 200 [ {id, topics, city, score, name, summary, eligibility, access, cost, contacts, ...}, ... ] best first
      -> 400 {"error": "..."} for an unknown city/topic/lang, a query over 200 characters, a bad limit
  GET /api/meta?lang=xx   -> cities, topics and languages for the filters, named in `lang`
  GET /api/strings?lang=xx -> the widget's own texts in `lang`
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, Iterable

from aiohttp import web

from .. import languages, loader
from ..cards import card, render
from ..messages import catalogue, t
from ..replies import privacy_notice
from ..retrieval import index_for
from ..serve import cors_origins

STATIC = Path(__file__).resolve().parent / "static"
MAX_QUERY = 200
MAX_LIMIT = 20
WIDGET_KEYS = ("title", "placeholder", "send", "typing", "offline", "language", "new_chat", "open", "close",
               "call", "email", "map", "website", "given_in", "how", "contacts", "you", "bot")


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def _lang(request: web.Request) -> str:
    lang = request.query.get("lang", "en")
    if lang not in languages.SUPPORTED:
        raise web.HTTPBadRequest(text=json.dumps({"error": f"unknown lang {lang!r}; one of {', '.join(languages.SUPPORTED)}"}),
                                 content_type="application/json")
    return lang


async def lookup(request: web.Request) -> web.Response:
    kb = request.app["kb"]
    q = request.query.get("q", "")
    if len(q) > MAX_QUERY:
        return _error(400, f"q is longer than {MAX_QUERY} characters")
    city, topic = request.query.get("city") or None, request.query.get("topic") or None
    if city and city not in kb.cities:
        return _error(400, f"unknown city {city!r}")
    if topic and topic not in kb.topics:
        return _error(400, f"unknown topic {topic!r}")
    lang = _lang(request)
    try:
        limit = int(request.query.get("limit", 10))
    except ValueError:
        return _error(400, "limit must be a whole number")
    if not 1 <= limit <= MAX_LIMIT:
        return _error(400, f"limit must be between 1 and {MAX_LIMIT}")
    if not q.strip() and not (city or topic):
        return web.json_response([])
    hits = index_for(kb).search(q, city=city, topic=topic, lang=lang, limit=limit)
    results = []
    for hit in hits:
        data = card(hit.service, lang, kb, hit.score)
        data["text"] = render(data, kb)  # for "copy text"
        results.append(data)
    return web.json_response(results, dumps=lambda o: json.dumps(o, ensure_ascii=False))


async def meta(request: web.Request) -> web.Response:
    kb = request.app["kb"]
    lang = _lang(request)
    return web.json_response({
        "cities": [{"id": c.id, "name": c.name(lang)} for c in sorted(kb.cities.values(), key=lambda c: c.name(lang))],
        "topics": [{"id": tp.id, "name": tp.name(lang)} for tp in kb.topics.values()],
        "languages": [{"id": code, "name": languages.ENDONYMS[code], "rtl": code in languages.RTL}
                      for code in languages.SUPPORTED],
    }, dumps=lambda o: json.dumps(o, ensure_ascii=False))


async def strings(request: web.Request) -> web.Response:
    lang = _lang(request)
    data: Dict[str, Any] = {key: t(f"web.{key}", lang) for key in WIDGET_KEYS}
    data["privacy"] = t("chat.privacy", lang)
    data["privacy_notice"] = privacy_notice(lang)["text"]
    data["dir"] = "rtl" if lang in languages.RTL else "ltr"
    data["language_names"] = catalogue(lang).get("language_names") or catalogue("en")["language_names"]
    return web.json_response(data, dumps=lambda o: json.dumps(o, ensure_ascii=False))


def _page(name: str):
    async def handler(request: web.Request) -> web.Response:
        html = (STATIC / name).read_text(encoding="utf-8")
        html = html.replace("{{RASA_URL}}", request.app["rasa_url"])
        return web.Response(text=html, content_type="text/html")
    return handler


@web.middleware
async def security_headers(request: web.Request, handler):
    response = await handler(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    origin = request.headers.get("Origin")
    allowed = request.app["cors"]
    if request.path.startswith("/api/"):
        response.headers["Vary"] = "Origin"  # the answer differs by origin: caches must not mix them
        if origin and ("*" in allowed or origin in allowed):
            response.headers["Access-Control-Allow-Origin"] = "*" if "*" in allowed else origin
    return response


def create_app(rasa_url: str = "http://localhost:5005", cors: Iterable[str] = ()) -> web.Application:
    """`cors`: the other origins whose pages may call /api/ (a city's page with the widget); "*" for any."""
    app = web.Application(middlewares=[security_headers], client_max_size=64 * 1024)
    app["kb"] = loader.load_cached()
    index_for(app["kb"])  # build the index now, not on the first request
    app["rasa_url"] = rasa_url
    app["cors"] = frozenset(cors)
    app.router.add_get("/", _page("demo.html"))
    app.router.add_get("/staff", _page("staff.html"))
    app.router.add_get("/api/lookup", lookup)
    app.router.add_get("/api/meta", meta)
    app.router.add_get("/api/strings", strings)
    app.router.add_static("/static/", STATIC, show_index=False)
    return app


def main(port: int = None, rasa_url: str = None) -> None:
    port = port or int(os.environ.get("WEB_PORT", 8080))
    rasa_url = rasa_url or os.environ.get("OPAS_RASA_URL", f"http://localhost:{os.environ.get('RASA_PORT', 5005)}")
    web.run_app(create_app(rasa_url, cors_origins(port)), port=port, print=None,
                access_log=None)
