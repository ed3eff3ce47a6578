"""Opas's REST channel: Rasa's `POST /webhooks/rest/webhook`, guarded for a public site.

Registered in credentials.yml as `bot.channel.OpasRestInput`; its name stays `rest`, so the URL the web
widget and tests use does not change. Over Rasa's own RestInput it
- answers malformed requests (bad JSON, invalid UTF-8, wrong types, overlong text) with a 400 and a reason;
- limits messages per sender id and per client address (limits library; settings below), answering a
  polite message in the conversation's language with 429 and Retry-After;
- replaces personal data in the text and metadata (bot.privacy) before Rasa parses, logs or stores it;
- starts a new Rasa session (action_session_start carries language, city and topic over) every
  OPAS_SESSION_MAX_MESSAGES messages of one sender: Rasa loads a session's events and sends them to the
  action server on every turn, so without a bound a script on one sender id slows everyone down;
- never answers with silence: when the action server (or anything behind Rasa) fails, the user gets a
  polite message with the contacts of their city's Welcome Office (replies.service_unavailable);
- logs no message text.

Settings (environment):
  OPAS_RATE_LIMIT_SENDER   messages per sender id, e.g. "30/minute" (default); "none" turns it off
  OPAS_RATE_LIMIT_ADDRESS  messages per client address, default "300/minute"; "none" turns it off
  OPAS_RATE_LIMIT_STORAGE  where counts are kept: "memory://" (default, per process) or "redis://host:6379"
                           to share them between Rasa instances
  OPAS_MAX_MESSAGE_CHARS   longest message text accepted, default 5000
  OPAS_SESSION_MAX_MESSAGES  messages of one sender in one Rasa session, default 100 (counted per process);
                           "none" turns it off
The client address is the socket's, or the proxy's forwarded one when Sanic is told to trust it
(SANIC_PROXIES_COUNT=1 or SANIC_REAL_IP_HEADER behind nginx).
"""
from __future__ import annotations

import json
import logging
import os
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple
from urllib.parse import urlsplit, urlunsplit

import aiohttp
from limits import parse as parse_limit
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from . import conversation, replies
from .privacy import redact, redact_data
from .store_faults import make_strict

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 255  # the SQL tracker store's sender_id column
METADATA = ("language", "city")


def _limit(name: str, default: str):
    value = os.environ.get(name, default).strip()
    return None if value.lower() in ("", "none", "off", "0") else parse_limit(value)


class BadRequest(Exception):
    pass


def read_body(raw: bytes, max_chars: int) -> Tuple[str, Optional[str], Optional[Dict[str, Any]]]:
    """sender, message and metadata of a webhook body, or BadRequest saying what is wrong."""
    try:
        body = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadRequest("the body is not valid UTF-8")
    except ValueError:
        raise BadRequest("the body is not valid JSON")
    if not isinstance(body, dict):
        raise BadRequest('the body must be a JSON object {"sender": "...", "message": "..."}')
    sender, message, metadata = body.get("sender"), body.get("message"), body.get("metadata")
    if isinstance(sender, int) and not isinstance(sender, bool):
        sender = str(sender)
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        raise BadRequest(f"sender must be a text of 1 to {MAX_SENDER_CHARS} characters")
    if message is not None and not isinstance(message, str):
        raise BadRequest("message must be a text")
    if message and len(message) > max_chars:
        raise BadRequest(f"message is longer than {max_chars} characters")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest("metadata must be a JSON object")
    # only what the widget sends is kept: the page's language and city (anything else would be stored)
    metadata = {k: v for k, v in (metadata or {}).items() if k in METADATA and isinstance(v, str) and len(v) <= 100}
    if "\x00" in sender or (message and "\x00" in message):
        raise BadRequest("the text holds a NUL character")  # PostgreSQL cannot store it
    return sender, message, metadata


class SessionLength:
    """Counts each sender's messages in this process; says when the next one should open a new session.

    Per process: with several Rasa instances a session may reach the bound on each; still bounded. The
    least recently seen senders are forgotten beyond `senders`, so memory is bounded too.
    """

    def __init__(self, limit: Optional[int], senders: int = 10_000):
        self.limit, self.senders = limit, senders
        self.counts: "OrderedDict[str, int]" = OrderedDict()

    def new_session_due(self, sender: str) -> bool:
        if not self.limit:
            return False
        count = self.counts.pop(sender, 0) + 1
        due = count > self.limit
        self.counts[sender] = 1 if due else count
        if len(self.counts) > self.senders:
            self.counts.popitem(last=False)
        return due


def _session_limit() -> Optional[int]:
    value = os.environ.get("OPAS_SESSION_MAX_MESSAGES", "100").strip().lower()
    return None if value in ("", "none", "off", "0") else int(value)


class OpasRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def __init__(self) -> None:
        self.per_sender = _limit("OPAS_RATE_LIMIT_SENDER", "30/minute")
        self.per_address = _limit("OPAS_RATE_LIMIT_ADDRESS", "300/minute")
        # the limiter holds only a weak reference to its storage
        self.counts = storage_from_string(os.environ.get("OPAS_RATE_LIMIT_STORAGE", "memory://"))
        self.limiter = MovingWindowRateLimiter(self.counts)
        self.max_chars = int(os.environ.get("OPAS_MAX_MESSAGE_CHARS", 5000))
        self.sessions = SessionLength(_session_limit())

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "OpasRestInput":
        return cls()

    def over_limit(self, sender: str, address: str) -> bool:
        """Counts this message; True when the sender or the address has sent too many."""
        checks = [(self.per_sender, "sender", sender), (self.per_address, "address", address)]
        return not all(self.limiter.hit(item, kind, key) for item, kind, key in checks if item is not None)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.listener("after_server_start")  # Rasa loads its agent before the server starts
        async def strict_stores(app, loop) -> None:
            make_strict(getattr(app.ctx, "agent", None))  # a lost store is said, not hidden (bot/store_faults.py)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                sender, text, metadata = read_body(request.body, self.max_chars)
            except BadRequest as exc:
                return response.json({"error": str(exc)}, status=400)
            text = redact(text) if text else text
            metadata = redact_data(metadata) if metadata else metadata
            if self.over_limit(sender, request.remote_addr or request.ip or "?"):
                lang = conversation.supported((metadata or {}).get("language")) or conversation.language(text or "", None)
                return response.json([{"recipient_id": sender, "text": replies.simple("chat.slow_down", lang)[0]["text"]}],
                                     status=429, headers={"Retry-After": "60"})
            collector = CollectingOutputChannel()
            failed = False
            try:
                if self.sessions.new_session_due(sender):  # Rasa's own intent: runs action_session_start
                    await on_new_message(UserMessage("/session_start", CollectingOutputChannel(), sender,
                                                     input_channel=self.name(), metadata=metadata))
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata))
            except Exception as exc:  # noqa: BLE001 (the user gets a polite answer below; the text is not logged)
                failed = True
                logger.error("handling a message failed: %s", type(exc).__name__)
            if not collector.messages and (failed or not await self.actions_up(request)):
                collector.messages = await self.unavailable(request, sender, text or "", metadata or {})
            return response.json(collector.messages)

        return webhook

    @staticmethod
    async def actions_up(request: Request) -> bool:
        endpoint = getattr(request.app.ctx.agent, "action_endpoint", None)
        if endpoint is None or not endpoint.url:
            return True
        parts = urlsplit(endpoint.url)
        health = urlunsplit((parts.scheme, parts.netloc, "/health", "", ""))
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
                async with session.get(health) as reply:
                    return reply.status == 200
        except (aiohttp.ClientError, OSError, TimeoutError):
            return False

    @staticmethod
    async def unavailable(request: Request, sender: str, text: str, metadata: Dict[str, Any]) -> List[Dict[str, Any]]:
        """The polite 'technical problem' answer, in the conversation's language, naming the city's advice point."""
        slots: Dict[str, Any] = {}
        try:
            tracker = await request.app.ctx.agent.tracker_store.retrieve(sender)
            slots = tracker.current_slot_values() if tracker else {}
        except Exception as exc:  # noqa: BLE001 (the tracker store may be what failed)
            logger.error("cannot read the conversation to answer politely: %s", type(exc).__name__)
        page_language = conversation.supported(metadata.get("language"))
        lang = conversation.language(text, page_language or slots.get("language"),  # as the actions decide it
                                     bool(page_language or slots.get("language_locked")))
        city = conversation.normalise_city(slots.get("city") or metadata.get("city")) or conversation.city_in(text)
        messages = replies.service_unavailable(conversation.kb(), city, lang)
        return [{"recipient_id": sender, **m} for m in messages]
