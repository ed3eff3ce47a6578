"""The tracker store and lock store named in an endpoints file, checked before Rasa starts.

Rasa itself waits forever for an unreachable SQL database and only finds a dead Redis at the first message,
so `python -m bot serve` asks both first and refuses to start with a clear message.
"""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import List, Optional

TIMEOUT = 5  # seconds to wait for each store


def read(endpoints: Path):
    """Rasa's own reading of the endpoints file (with ${VARIABLES} filled in from the environment)."""
    with warnings.catch_warnings():  # Rasa's imports warn about their own dependencies: not the operator's concern
        warnings.simplefilter("ignore")
        from rasa.core.tracker_store import SQLTrackerStore  # noqa: F401 (imported here, quietly)
        from rasa.core.utils import AvailableEndpoints

        return AvailableEndpoints.read_endpoints(str(endpoints))


def _sql_problem(config) -> Optional[str]:
    """Only a configuration with a server (PostgreSQL) is checked: SQLite is a file Rasa creates itself."""
    import sqlalchemy as sa
    from rasa.core.tracker_store import SQLTrackerStore

    kwargs = config.kwargs
    dialect = kwargs.get("dialect", "sqlite")
    if dialect == "sqlite" and "://" not in str(config.url or ""):
        return None
    url = SQLTrackerStore.get_db_url(dialect, config.url, kwargs.get("port"), kwargs.get("db", "rasa.db"),
                                     kwargs.get("username"), kwargs.get("password"), kwargs.get("login_db"),
                                     kwargs.get("query"))
    url = sa.engine.make_url(url)
    shown = f"{url.get_backend_name()} at {url.host}:{url.port or 'default port'}, database {url.database}"
    connect_args = {"connect_timeout": TIMEOUT} if url.get_backend_name() == "postgresql" else {}
    engine = sa.create_engine(url, connect_args=connect_args, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except Exception as exc:  # any driver error: the reason is in its first line
        reason = str(getattr(exc, "orig", exc) or exc).strip().splitlines()[0]
        return f"the tracker store ({shown}) cannot be reached: {reason}"
    finally:
        engine.dispose()
    return None


def _redis_problem(config) -> Optional[str]:
    import redis

    kwargs = config.kwargs
    host, port = config.url or "localhost", int(kwargs.get("port", 6379))
    client = redis.StrictRedis(host=host, port=port, db=int(kwargs.get("db", 1)), username=kwargs.get("username"),
                               password=kwargs.get("password"), ssl=bool(kwargs.get("use_ssl", False)),
                               socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT)
    try:
        client.ping()
    except redis.RedisError as exc:
        return f"the Redis lock store at {host}:{port} cannot be reached: {exc}"
    finally:
        client.close()
    return None


def problems(endpoints: Path) -> List[str]:
    """What keeps Rasa from using the stores of `endpoints`, as sentences for the operator; empty when all answer."""
    try:
        available = read(endpoints)
    except Exception as exc:  # unset ${VARIABLE}, YAML error, missing file
        return [f"cannot read {endpoints}: {exc}"]
    found = []
    tracker, lock = available.tracker_store, available.lock_store
    if tracker and (tracker.type == "SQL" or "dialect" in tracker.kwargs):  # SQL or a subclass configured like it
        found.append(_sql_problem(tracker))
    if lock and lock.type == "redis":
        found.append(_redis_problem(lock))
    return [problem for problem in found if problem]
