"""Rasa's REST channel (same URL: /webhooks/rest/webhook), with a polite answer when a message cannot be handled.

Rasa's own channel logs the failure (with the message text) and answers 200 with an empty list: the visitor
hears nothing. That happens when the tracker store (PostgreSQL) or the lock store (Redis) is lost during a
run. Here the visitor is told, in their language, to write again in a few minutes (and to call 112 if someone
is in danger); the log says what failed, without the message. Configured in credentials.yml. Once Rasa's agent
is loaded, its tracker store is made to raise its errors rather than hide them (bot/store_faults.py).
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Optional

from rasa.core.channels import rest
from rasa.core.channels.channel import UserMessage

from .messages import t
from .store_faults import make_strict

logger = logging.getLogger(__name__)


def _reply_language(message: UserMessage) -> str:
    from . import conversation

    page_language = conversation.supported((message.metadata or {}).get("language"))
    try:
        return conversation.language(message.text or "", page_language, locked=bool(page_language))
    except Exception:  # never let choosing a language hide the apology
        return page_language or conversation.DEFAULT_LANGUAGE


def _reason(exc: BaseException) -> str:
    """The driver's first line (no SQL statement or parameters: they hold what the visitor wrote)."""
    inner: Any = getattr(exc, "orig", None) or exc
    first = (str(inner).strip().splitlines() or [""])[0]
    return f"{type(inner).__name__}: {first}"[:300]


class RestInput(rest.RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]):
        async def handled_politely(message: UserMessage) -> Optional[Any]:
            try:
                return await on_new_message(message)
            except Exception as exc:  # the store or a component failed: answer, do not go silent
                logger.error("message from %s not handled: %s", message.sender_id, _reason(exc))
                await message.output_channel.send_text_message(message.sender_id,
                                                               t("chat.unavailable", _reply_language(message)))
                return None

        blueprint = super().blueprint(handled_politely)

        @blueprint.listener("after_server_start")  # Rasa loads its agent before the server starts
        async def strict_stores(app, loop) -> None:
            make_strict(getattr(app.ctx, "agent", None))

        return blueprint
