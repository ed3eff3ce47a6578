"""How a Rasa server meets a lost tracker store: say so, and use the store again as soon as it is back.

Rasa wraps every tracker store in a FailSafeTrackerStore. When PostgreSQL is unreachable it reads an empty
conversation and saves into memory instead: the visitor gets a wrong answer (the city and topic forgotten)
and the turn never reaches the database. Here a store error is raised instead, so the REST channel
(bot/channel.py) answers with an apology. And the SQL connection pool tests a connection before using it
(pool_pre_ping), so after a PostgreSQL restart the next message is answered instead of failing once more on a
dead pooled connection.
"""
from __future__ import annotations

import logging

import sqlalchemy as sa
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore, create_engine_kwargs

logger = logging.getLogger(__name__)


def _raise(error: Exception) -> None:
    raise error


def make_strict(agent) -> None:
    """Store errors of this agent are raised, not hidden; its SQL connections are checked before use."""
    store = getattr(agent, "tracker_store", None)
    if isinstance(store, FailSafeTrackerStore):
        store._on_tracker_store_error = _raise  # the constructor's hook, which Rasa's agent leaves unset
        store = store._tracker_store
    if isinstance(store, SQLTrackerStore):
        url = store.engine.url
        store.engine.dispose()
        store.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        store.sessionmaker = sa.orm.session.sessionmaker(bind=store.engine)
    logger.debug("tracker store errors are raised; SQL connections are checked before use")
