"""Faults of the stores and the knowledge base, against the real servers.

At start: an unreachable PostgreSQL or Redis, or a broken knowledge-base file, stops `python -m bot serve`
with a clear message and a non-zero exit before Rasa loads. During a run: the real PostgreSQL or Redis is
stopped; the visitor gets a polite answer in their language (not silence, not a 5xx), and the conversation
goes on where it was once the server is back.
"""
import os
import subprocess
import sys

import pytest

from bot import stores
from bot.messages import t
from bot.validation import ERROR
from tests.stack import POSTGRES_ENDPOINTS, ROOT, customs, free_port, new_sender


def serve(model, **env):
    """`python -m bot serve` as `make run` starts it; it must give up on its own, long before Rasa would load."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "RASA_PORT": str(free_port()),
                   "ACTIONS_PORT": str(free_port()), "WEB_PORT": str(free_port()), **env}
    return subprocess.run([sys.executable, "-m", "bot", "serve", str(model)], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=180)


def test_unreachable_postgresql_at_start_is_a_clear_error(cluster, model):
    port = free_port()  # nothing listens there
    done = serve(model, OPAS_ENDPOINTS=POSTGRES_ENDPOINTS, OPAS_DB_URL=f"postgresql://opas:secret@127.0.0.1:{port}/opas")
    assert done.returncode == 1
    assert f"Opas cannot start: the tracker store (postgresql at 127.0.0.1:{port}, database opas) cannot be reached: " \
        in done.stderr
    assert "Connection refused" in done.stderr and "secret" not in done.stderr
    assert "Redis" not in done.stderr  # the cluster's Redis answers


def test_unreachable_redis_at_start_is_a_clear_error(cluster, monkeypatch):
    port = free_port()
    monkeypatch.setenv("OPAS_REDIS_PORT", str(port))
    monkeypatch.setenv("ACTION_ENDPOINT", "http://127.0.0.1:5055/webhook")  # serve sets it; the file needs it
    assert stores.problems(ROOT / POSTGRES_ENDPOINTS) == [
        f"the Redis lock store at 127.0.0.1:{port} cannot be reached: "
        f"Error 111 connecting to 127.0.0.1:{port}. Connection refused."]


def test_broken_knowledge_base_refuses_to_start(model, broken_kb):
    broken_kb.change("services/vaasa/vaasa-office.yml", lambda data: data["contacts"][0].update(value="040-CALL-ME"))
    errors = [str(issue) for issue in broken_kb.issues() if issue.severity == ERROR]
    assert errors
    done = serve(model, OPAS_KNOWLEDGE=str(broken_kb.path))
    assert done.returncode == 1
    assert "the knowledge base has" in done.stderr
    assert all(error in done.stderr for error in errors), (errors, done.stderr)


@pytest.mark.parametrize("store", ["postgres", "redis"])
def test_store_lost_during_a_run_is_answered_politely_then_recovers(cluster, store):
    sender = new_sender()
    first = cluster.say(sender, "asun Kokkolassa ja tarvitsen apua asunnon kanssa", via="a")
    assert customs(first.json())[0]["service"] == "kokkola-housing-advice"
    cluster.services.run("stop", store)
    try:
        for server in ("a", "b"):  # both servers meet the outage
            lost = cluster.say(sender, "mitkä on aukioloajat?", via=server)
            assert lost.status_code == 200
            apology = lost.json()
            assert len(apology) == 1 and apology[0]["custom"]["unavailable"], server
            assert apology[0]["text"].startswith(t("chat.service_unavailable", "fi", service="")[:40]), server
            assert "112" in apology[0]["text"]
    finally:
        cluster.services.run("start", store)
    for server in ("b", "a"):  # back: both answer, and the conversation goes on where it was
        back = cluster.say(sender, "mitkä on aukioloajat?", via=server)
        assert back.status_code == 200
        routed = customs(back.json())[0]
        assert (routed["service"], routed["language"]) == ("kokkola-housing-advice", "fi"), server
