"""Personal data: found and replaced before it reaches the tracker store, the logs or an event broker;
old conversations purged; the privacy notice. Real servers and a real SQLite database read back."""
import asyncio
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.messages import t
from bot.privacy import redact, redact_data
from bot.tracker_store import redacted
from tests.live import API_TOKEN, customs, texts

ROOT = Path(__file__).resolve().parent.parent


# --- what is personal data -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("hetu 131052-308T", "hetu [hetu]"),                       # 1900s, classic dash
    ("syntynyt 010594Y9021.", "syntynyt [hetu]."),             # 2023 century sign for the 1900s (temporary id)
    ("lapsen 150505E123Y ja 010100A002H", "lapsen [hetu] ja [hetu]"),  # 2000s, new and old sign
    ("isä 240875+1238", "isä [hetu]"),                         # 1800s
    ("my number is 040 1234567, where is Kela in Vaasa?", "my number is [phone], where is Kela in Vaasa?"),
    ("soita +358 40 123 4567 tai 09 310 12345", "soita [phone] tai [phone]"),
    ("ring +46 70 123 45 67", "ring [phone]"),
    ("mail: Matti.Virtanen@example.fi, kiitos", "mail: [email], kiitos"),
    ("tili FI21 1234 5600 0007 85 kiitos", "tili [iban] kiitos"),
    ("IBAN fi2112345600000785", "IBAN [iban]"),
    ("Konto DE89 3704 0044 0532 0130 00.", "Konto [iban]."),
    ("kortti 4111 1111 1111 1111 voimassa 12/27", "kortti [card] voimassa 12/27"),
    ("card 5555-5555-5555-4444", "card [card]"),
])
def test_personal_data_is_replaced_and_the_rest_kept(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "hetu 131052-308U",                         # wrong check character
    "hetu 310252-308T",                         # 31 February
    "IBAN FI21 1234 5600 0007 86",              # wrong check digits
    "kortti 4111 1111 1111 1112",               # fails the Luhn check
    "call 112 now", "Lääkäripäivystys 116 117", "Nollalinja 080 005 005",  # service numbers
    "Kokkolan Welcome Office: +358 40 621 1714, welcome.office@kokkola.fi",  # a service's, from knowledge/
    "postinumero 65100, vuonna 2024, 12.3.2024 klo 8-16, 2 lasta, 1500 euroa",
    "asun Kokkolassa ja tarvitsen apua asunnon kanssa", "", "😀😀😀",
])
def test_what_is_not_personal_data_is_kept(text):
    assert redact(text) == text


def test_nested_values_are_redacted_keys_kept():
    data = {"city": "vaasa", "note": ["call 040 1234567"], "040 1234567": 5}
    assert redact_data(data) == {"city": "vaasa", "note": ["call [phone]"], "040 1234567": 5}


def test_stored_events_are_redacted_but_the_bots_own_messages_kept():
    user = UserUttered("my card is 4111 1111 1111 1111", parse_data={"text": "my card is 4111 1111 1111 1111",
                                                                     "intent": {"name": "out_of_scope"}})
    assert redacted(user).text == "my card is [card]"
    assert redacted(user).parse_data["text"] == "my card is [card]"
    slot = SlotSet("city", "matti@example.fi")
    assert redacted(slot).value == "[email]"
    bot = BotUttered("Kela: 020 634 0200")
    assert redacted(bot) is bot


def test_events_published_to_an_event_broker_are_redacted(tmp_path):
    """Rasa's file event broker stands for Kafka or RabbitMQ: it gets what any broker would get."""
    from rasa.core.brokers.file import FileEventBroker
    from rasa.shared.core.domain import Domain

    from bot.tracker_store import RedactingSQLTrackerStore

    broker_file = tmp_path / "events.log"
    store = RedactingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"),
                                     event_broker=FileEventBroker(str(broker_file)))
    tracker = DialogueStateTracker.from_events("s", [
        ActionExecuted("action_listen"),
        UserUttered("hetu 131052-308T, puh 040 1234567", {"name": "out_of_scope"}),
    ])
    asyncio.run(store.save(tracker))
    published = broker_file.read_text(encoding="utf-8")
    assert "hetu [hetu], puh [phone]" in published
    assert "308T" not in published and "1234567" not in published


# --- every path into the store, and the logs ---------------------------------------------------------------

PERSONAL = {  # the values as typed, and forms a careless store might keep
    "hetu": ["131052-308T"], "hetu2": ["010594Y9021"],
    "phone": ["040 1234567", "0401234567", "+358401234567"], "phone2": ["050 7654321", "0507654321"],
    "email": ["matti.virtanen@example.fi", "matti.virtanen"], "iban": ["FI21 1234 5600 0007 85", "FI2112345600000785"],
    "card": ["4111 1111 1111 1111", "4111111111111111"],
}
UNIQUE = "Zorblax"  # a word no log line may contain


def assert_clean(dump):
    found = [value for values in PERSONAL.values() for value in values if value.lower() in dump.lower()]
    assert not found, f"personal data in the tracker store: {found}"


def test_a_conversation_full_of_personal_data_is_understood_and_stored_without_it(live_bot):
    sender = uuid.uuid4().hex
    with_phone = live_bot.say(sender, "my number is 040 1234567, where is Kela in Vaasa?", city="vaasa",
                              note="call me 050 7654321")
    assert customs(with_phone)[0]["service"] == "national-kela"
    # each question is still understood: the topic it asks about, in the city the page gave
    for text, topic in [("I need an apartment, my identity code is 131052-308T", "housing"),
                        ("where can I learn Finnish? write to matti.virtanen@example.fi", "language_courses"),
                        ("I need housing allowance from Kela, my account is FI21 1234 5600 0007 85", "social_security"),
                        ("I lost my card 4111 1111 1111 1111, who can help?", "welcome_office")]:
        routed = customs(live_bot.say(sender, text))[0]
        assert (routed["topic"], routed["city"]) == (topic, "vaasa"), text
    live_bot.say(sender, f"{UNIQUE} 010594Y9021 kiitos")
    dump = live_bot.dump()
    assert sender in dump and "[phone]" in dump and "[hetu]" in dump and "[iban]" in dump and "[card]" in dump
    assert_clean(dump)


def test_the_http_api_path_is_redacted_by_the_tracker_store(live_bot):
    sender = uuid.uuid4().hex
    unauthorised = requests.post(f"{live_bot.url}/conversations/{sender}/messages",
                                 json={"text": "hi", "sender": "user"}, timeout=30)
    assert unauthorised.status_code == 401
    added = requests.post(f"{live_bot.url}/conversations/{sender}/messages?token={API_TOKEN}",
                          json={"text": f"{UNIQUE}: 050 7654321, FI21 1234 5600 0007 85", "sender": "user"}, timeout=60)
    assert added.status_code == 200
    events = requests.post(f"{live_bot.url}/conversations/{sender}/tracker/events?token={API_TOKEN}",
                           json=[{"event": "user", "text": "hetu 131052-308T", "parse_data": {"text": "hetu 131052-308T"}},
                                 {"event": "slot", "name": "city", "value": "matti.virtanen@example.fi"}], timeout=60)
    assert events.status_code == 200
    dump = live_bot.dump()
    assert sender in dump and "[iban]" in dump and "[hetu]" in dump and "[email]" in dump
    assert_clean(dump)


def test_no_message_text_in_the_logs(live_bot):
    live_bot.say(uuid.uuid4().hex, f"{UNIQUE} asun Kokkolassa ja tarvitsen asunnon, numeroni 040 1234567")
    logs = live_bot.log_text()
    assert "Rasa server is up and running" in logs  # the logs are the servers' own, at their INFO level
    assert UNIQUE not in logs and "asun Kokkolassa" not in logs
    assert not [v for values in PERSONAL.values() for v in values if v in logs]


def test_asking_for_help_gives_the_privacy_notice_in_the_users_language(live_bot):
    reply = live_bot.say(uuid.uuid4().hex, "/help", language="so")
    assert reply[-1]["text"] == t("chat.privacy_notice", "so", days=30)
    assert "30" in reply[-1]["text"]


def test_the_widget_gets_the_notice():
    from tests.test_web_api import call

    status, body = call("/api/strings?lang=uk")
    assert status == 200 and body["privacy_notice"] == t("chat.privacy_notice", "uk", days=30)


# --- retention ----------------------------------------------------------------------------------------------

DAY = 86400


def write_conversations(endpoints, ages):
    """Conversations whose last event is `age` days old, written through the real store."""
    from bot.retention import open_store

    store = open_store(endpoints)
    now = time.time()

    async def save_all():
        for sender, age in ages.items():
            stamp = now - age * DAY
            tracker = DialogueStateTracker.from_events(sender, [
                ActionExecuted("action_listen", timestamp=stamp - 60),
                UserUttered("hei", {"name": "greet"}, timestamp=stamp - 30),
                BotUttered("Hei!", timestamp=stamp),
            ])
            await store.save(tracker)

    asyncio.run(save_all())


def senders(db):
    import sqlite3

    with sqlite3.connect(db) as con:
        return {row[0] for row in con.execute("select distinct sender_id from events")}


def purge_cli(*args):
    return subprocess.run([sys.executable, "-m", "bot", "purge", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"})


def test_purge_deletes_only_conversations_older_than_the_limit(tmp_path):
    db = tmp_path / "tracker.db"
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("action_endpoint:\n  url: ${ACTION_ENDPOINT}\ntracker_store:\n"
                         f"  type: bot.tracker_store.RedactingSQLTrackerStore\n  dialect: sqlite\n  db: {db}\n")
    write_conversations(endpoints, {"old-1": 45, "old-2": 31, "new-1": 29, "new-2": 0.01})
    dry = purge_cli("--older-than", "30", "--endpoints", str(endpoints), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "would delete 2 conversation(s)" in dry.stdout
    assert senders(db) == {"old-1", "old-2", "new-1", "new-2"}
    done = purge_cli("--older-than", "30", "--endpoints", str(endpoints))
    assert done.returncode == 0 and "deleted 2 conversation(s)" in done.stdout
    assert senders(db) == {"new-1", "new-2"}
    again = purge_cli("--older-than", "30", "--endpoints", str(endpoints))
    assert "deleted 0 conversation(s)" in again.stdout


def test_purge_says_clearly_when_there_is_no_sql_store(tmp_path):
    missing = purge_cli("--older-than", "30", "--endpoints", str(tmp_path / "nope.yml"))
    assert missing.returncode == 2 and "no such endpoints file" in missing.stderr
    memory = tmp_path / "memory.yml"
    memory.write_text("tracker_store:\n  type: null\n")
    other = purge_cli("--older-than", "30", "--endpoints", str(memory))
    assert other.returncode == 2 and "SQL tracker stores" in other.stderr
