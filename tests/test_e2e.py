"""The real action server and Rasa server, started from the trained model, talked to over HTTP."""
import os
import socket
import subprocess
import uuid
from pathlib import Path

import pytest
import requests

from bot.serve import Servers

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def model() -> Path:
    out = subprocess.run([str(ROOT / "scripts" / "train")], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-3000:]
    return ROOT / out.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def bot(model, tmp_path_factory):
    rasa_port, actions_port = free_port(), free_port()
    endpoints = tmp_path_factory.mktemp("e2e") / "endpoints.yml"
    db = endpoints.parent / "tracker.db"
    endpoints.write_text(f"action_endpoint:\n  url: http://127.0.0.1:{actions_port}/webhook\n"
                         f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {db}\n")
    servers = Servers(model, rasa_port, actions_port, endpoints=str(endpoints), log_dir=ROOT / "tests" / "artifacts")
    with servers:
        url = f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook"

        def say(sender, text, **metadata):
            body = {"sender": sender, "message": text}
            if metadata:
                body["metadata"] = metadata
            response = requests.post(url, json=body, timeout=60)
            assert response.status_code == 200, response.text
            return response.json()

        yield say


def customs(messages):
    return [m["custom"] for m in messages if "custom" in m]


def texts(messages):
    return "\n".join(m.get("text", "") for m in messages if m.get("text"))


def new_sender():
    return uuid.uuid4().hex


def test_housing_in_kokkola_in_finnish(bot):
    reply = bot(new_sender(), "asun Kokkolassa ja tarvitsen apua asunnon kanssa")
    routed = customs(reply)
    assert {"topic": "housing", "service": "kokkola-housing-advice", "city": "kokkola", "language": "fi"}.items() \
        <= routed[0].items()


def test_language_courses_in_vaasa_in_swedish(bot):
    reply = bot(new_sender(), "var kan jag lära mig finska i Vasa")
    routed = customs(reply)
    assert routed[0]["topic"] == "language_courses"
    assert routed[0]["service"] == "vaasa-language-courses"
    assert routed[0]["language"] == "sv"


def test_danger_now_gets_112_first(bot):
    reply = bot(new_sender(), "I was just hit, he is still here")
    assert "112" in reply[0]["text"]
    assert customs(reply)[0]["topic"] == "emergency"


def test_city_is_asked_once_then_remembered(bot):
    sender = new_sender()
    first = bot(sender, "where can I study Finnish")
    assert customs(first)[0] == {"topic": "language_courses", "service": None, "city": None, "language": "en"}
    second = bot(sender, "Kokkola")
    assert customs(second)[0]["service"] == "kokkola-language-courses"
    third = bot(sender, "I need an apartment")
    assert customs(third)[0]["service"] == "kokkola-housing-advice"  # not asked again


def test_emergency_interrupts_the_city_question(bot):
    sender = new_sender()
    bot(sender, "I need an apartment")
    reply = bot(sender, "he is hitting me right now")
    assert "112" in reply[0]["text"]


def test_follow_up_and_language_switch(bot):
    sender = new_sender()
    bot(sender, "missä Vaasassa voi opiskella suomea")
    details = bot(sender, "mitkä on aukioloajat?")
    assert customs(details)[0]["service"] == "vaasa-language-courses"
    switched = bot(sender, "ja ruotsiksi?")
    assert customs(switched)[0]["language"] == "sv"
    assert customs(switched)[0]["service"] == "vaasa-language-courses"


def test_kaikukortti_flow_asks_eligibility_then_the_city(bot):
    sender = new_sender()
    question = bot(sender, "voinko saada kaikukortin?")
    assert customs(question)[0] == {"topic": "kaikukortti", "service": None, "city": None, "language": "fi",
                                    "flow": "kaikukortti"}
    assert [b["payload"] for b in question[0]["buttons"]] == ["/affirm", "/deny", "/dont_know"]
    city_question = bot(sender, "kyllä")
    assert customs(city_question)[0]["service"] is None and "flow" not in customs(city_question)[0]
    answer = bot(sender, "Kokkola")
    assert {"topic": "kaikukortti", "service": "kokkola-kaikukortti", "city": "kokkola", "flow": "kaikukortti",
            "answer": "yes"}.items() <= customs(answer)[0].items()
    # asked again next time: the answer is not kept
    again = bot(sender, "entä kaikukortti?")
    assert customs(again)[0]["flow"] == "kaikukortti"
    other = bot(sender, "ei")
    routed = customs(other)[0]
    assert routed["topic"] == "hobbies" and routed["answer"] == "no"
    assert "kaikukortti" not in routed["service"]


def test_health_check_flow_with_the_city_known(bot):
    sender = new_sender()
    question = bot(sender, "health check for newcomers in Vaasa")
    assert customs(question)[0]["flow"] == "health_check"
    not_an_answer = bot(sender, "hello")
    assert customs(not_an_answer)[0]["flow"] == "health_check"  # asked again, with the buttons
    answer = bot(sender, "yes")
    assert {"topic": "health_check", "service": "vaasa-health-check", "city": "vaasa",
            "answer": "yes"}.items() <= customs(answer)[0].items()
    assert "reception centre" in answer[0]["text"]


def test_unsure_goes_to_the_citys_advice_point(bot):
    sender = new_sender()
    bot(sender, "terveystarkastus maahanmuuttajille Kokkolassa")
    answer = bot(sender, "en tiedä")
    routed = customs(answer)[0]
    assert routed["answer"] == "unsure" and routed["city"] == "kokkola"
    assert routed["service"] == "kokkola-welcome-office"


def test_page_language_wins(bot):
    sender = new_sender()
    reply = bot(sender, "/greet", language="sv", city="vaasa")
    assert reply and reply[0]["text"].startswith("Hej")


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀", "x" * 5000, "<script>alert(1)</script>",
                                  "Wo kann ich einen Deutschkurs machen?"])
def test_bad_input_gets_a_sensible_reply(bot, text):
    reply = bot(new_sender(), text)
    assert reply and all(m.get("text") or m.get("custom") for m in reply)


def test_unsupported_language_gets_english_and_the_language_menu(bot):
    reply = bot(new_sender(), "Wo kann ich einen Deutschkurs machen?")
    assert reply[0]["text"].startswith("Sorry, I do not understand that language")
    payloads = [b["payload"] for b in reply[0]["buttons"]]
    assert len(payloads) == 10 and '/choose_language{"language": "ar"}' in payloads


DIALOGUES = sorted((ROOT / "tests" / "dialogues").glob("*.yml"))


@pytest.mark.parametrize("path", DIALOGUES, ids=[p.stem for p in DIALOGUES])
def test_full_conversation_in_each_language(bot, path):
    """Greeting, a housing question, the city form, and the answer with its language note, all in one language."""
    import yaml

    from bot.messages import t

    lang = path.stem
    turns = yaml.safe_load(path.read_text(encoding="utf-8"))
    sender = new_sender()
    greeting = bot(sender, turns["greeting"])
    assert greeting and greeting[0]["text"] == t("chat.greet", lang)
    asked = bot(sender, turns["question"])
    assert customs(asked)[0] == {"topic": "housing", "service": None, "city": None, "language": lang}
    assert asked[0]["text"] == t("chat.ask_city", lang)
    answer = bot(sender, turns["city"])
    routed = customs(answer)[0]
    assert (routed["topic"], routed["service"], routed["city"], routed["language"]) == \
        ("housing", "kokkola-housing-advice", "kokkola", lang)
    notes = (t("chat.interpreter", lang), t("chat.own_language", lang, language=t(f"language_names.{lang}", lang)))
    assert any(note in texts(answer) for note in notes) or lang == "fi"
