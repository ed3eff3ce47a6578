"""Retention: conversations whose last event is older than N days are deleted from the SQL tracker store.

`python -m bot purge --older-than DAYS [--endpoints FILE] [--dry-run]`, e.g. daily from cron or a
Kubernetes CronJob. The store is the one the endpoints file configures (SQLite or PostgreSQL), opened
through Rasa's own SQLTrackerStore, so the same SQLAlchemy query serves every dialect.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import List, Optional

DEFAULT_DAYS = 30
CHUNK = 500  # sender ids per DELETE, well under every database's parameter limit


def retention_days() -> int:
    """How long conversations are kept: OPAS_RETENTION_DAYS, the same number the privacy notice names."""
    return int(os.environ.get("OPAS_RETENTION_DAYS", DEFAULT_DAYS))


def open_store(endpoints: Path):
    """The SQL tracker store the endpoints file configures; ValueError when it configures none."""
    from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
    from rasa.utils.endpoints import read_endpoint_config

    if not Path(endpoints).is_file():
        raise ValueError(f"no such endpoints file: {endpoints}")
    os.environ.setdefault("ACTION_ENDPOINT", "")  # endpoints.yml names it; purging needs no action server
    config = read_endpoint_config(str(endpoints), "tracker_store")
    if config is None:
        raise ValueError(f"{endpoints} configures no tracker_store")
    store = TrackerStore.create(config)
    store = getattr(store, "_tracker_store", store)  # Rasa wraps stores without async methods
    if not isinstance(store, SQLTrackerStore):
        raise ValueError(f"{endpoints}: purge works on SQL tracker stores, not {type(store).__name__}")
    return store


def purge(store, older_than_days: float, dry_run: bool = False, now: Optional[float] = None) -> List[str]:
    """Deletes every conversation whose newest event is older than `older_than_days`; returns their ids."""
    import sqlalchemy as sa

    if older_than_days < 0:
        raise ValueError("the number of days cannot be negative")
    cutoff = (time.time() if now is None else now) - older_than_days * 86400
    event = store.SQLEvent
    with store.session_scope() as session:
        old = [sender for (sender,) in session.query(event.sender_id).group_by(event.sender_id)
               .having(sa.func.max(event.timestamp) < cutoff)]
        if not dry_run:
            for i in range(0, len(old), CHUNK):
                session.query(event).filter(event.sender_id.in_(old[i:i + CHUNK])).delete(synchronize_session=False)
            session.commit()
    return old
