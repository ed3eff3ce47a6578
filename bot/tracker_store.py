"""Rasa's SQL tracker store (SQLite or PostgreSQL) that never writes personal data.

Configured in an endpoints file like `type: SQL`, with the same keys:

    tracker_store:
      type: bot.tracker_store.RedactingSQLTrackerStore
      dialect: sqlite          # or postgresql, with url/port/username/password/db/login_db/query
      db: var/tracker.db

Every new event passes `bot.privacy.redact_data` before it is written or handed to an event broker. The
REST channel (bot.channel) redacts the user's text already; this catches every other way in, such as
Rasa's HTTP API (`POST /conversations/{id}/messages` or `/tracker/events`) and metadata a page sends.
The bot's own messages are left alone: they hold only knowledge-base facts.
"""
from __future__ import annotations

from typing import Any, Dict, Iterator, List, Text

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import BotUttered, Event
from rasa.shared.core.trackers import DialogueStateTracker

from .privacy import redact_data


def redacted(event: Event) -> Event:
    """The event with personal data replaced by markers (the same object when it holds none)."""
    if isinstance(event, BotUttered):
        return event
    data: Dict[Text, Any] = event.as_dict()
    clean = redact_data(data)
    return event if clean == data else Event.from_parameters(clean)


class RedactingSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` whose stored and published events are redacted."""

    def _additional_events(self, session, tracker: DialogueStateTracker) -> Iterator[Event]:
        return (redacted(event) for event in super()._additional_events(session, tracker))

    async def _stream_new_events(self, event_broker: EventBroker, new_events: List[Event], sender_id: Text) -> None:
        await super()._stream_new_events(event_broker, [redacted(e) for e in new_events], sender_id)
