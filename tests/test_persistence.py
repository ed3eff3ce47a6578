"""A conversation continues after the Rasa server restarts: the city is remembered, not asked again.

For both stores: the embedded SQLite file (endpoints.yml's default) and PostgreSQL (deploy/endpoints.postgres.yml).
"""
import requests

from bot.messages import t
from bot.serve import Servers
from tests.stack import ARTIFACTS, ROOT, customs, free_port, new_sender


def make_say(url):
    def say(sender, text):
        response = requests.post(url, json={"sender": sender, "message": text}, timeout=120)
        assert response.status_code == 200, response.text
        return response.json()

    return say


def texts(reply):
    return [m.get("text") for m in reply]


def begin(say, sender):
    """Before the restart: a topic without a city, the city question, the city answer."""
    asked = say(sender, "where can I study Finnish")
    assert customs(asked)[0] == {"topic": "language_courses", "service": None, "city": None, "language": "en"}
    assert t("chat.ask_city", "en") in texts(asked)
    answered = say(sender, "Kokkola")
    assert customs(answered)[0]["service"] == "kokkola-language-courses"


def resume(say, sender):
    """After the restart: a follow-up about the same service, then a new topic answered for the same city."""
    hours = say(sender, "what are the opening hours?")
    assert customs(hours)[0]["service"] == "kokkola-language-courses"
    housing = say(sender, "I need an apartment")
    assert customs(housing)[0]["service"] == "kokkola-housing-advice"
    assert t("chat.ask_city", "en") not in texts(housing)


def test_sqlite_conversation_survives_a_restart(model, tmp_path):
    actions_port, rasa_port = free_port(), free_port()
    endpoints = tmp_path / "endpoints.yml"
    # the same store as endpoints.yml, in a file of this test's own
    endpoints.write_text((ROOT / "endpoints.yml").read_text().replace("var/tracker.db", str(tmp_path / "tracker.db")))
    servers = Servers(model, rasa_port, actions_port, endpoints=str(endpoints), log_dir=ARTIFACTS, name="rasa-sqlite")
    say = make_say(f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook")
    sender = new_sender()
    with servers:
        begin(say, sender)
    with servers:
        resume(say, sender)


def test_postgresql_conversation_survives_a_restart(cluster):
    sender = new_sender()
    say = make_say(cluster.url("b"))
    begin(say, sender)
    cluster.stop("b")
    cluster.start("b")
    resume(say, sender)
