"""The custom actions with the real knowledge base and hand-built trackers (as in RasaHQ/financial-demo)."""
import asyncio

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import actions


def tracker(text, intent, slots=None, entities=(), ranking=None, active_loop=None):
    slots = {"language": None, "language_locked": None, "city": None, "topic": None, "last_service": None,
             "requested_slot": None, **(slots or {})}
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": list(entities),
               "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}]}
    return Tracker("test", slots, message, [{"event": "user", "text": text, "parse_data": message}], False, None,
                   {"name": active_loop} if active_loop else {}, "action_listen")


def run(action, t):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return dispatcher.messages, events


def slots(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_answer_routes_to_the_city_service_in_the_users_language():
    messages, events = run(actions.ActionAnswerTopic(),
                           tracker("var kan jag lära mig finska i Vasa", "language_courses",
                                   {"topic": "language_courses", "city": "vaasa"}))
    custom = [m["custom"] for m in messages if m.get("custom")][0]
    assert custom["service"] == "vaasa-language-courses" and custom["language"] == "sv"
    assert slots(events)["last_service"] == "vaasa-language-courses"


def test_no_local_service_is_said_honestly():
    messages, _ = run(actions.ActionAnswerTopic(),
                      tracker("I need a residence permit", "residence_permit", {"topic": "residence_permit",
                                                                                "city": "kokkola"}))
    assert "I do not know a service for this in Kokkola" in messages[0]["text"]
    assert messages[0]["custom"]["service"] == "national-migri"


def test_prepare_topic_reads_the_city_from_the_message():
    _, events = run(actions.ActionPrepareTopic(), tracker("asunto Kokkolasta", "housing"))
    assert slots(events)["city"] == "kokkola" and slots(events)["topic"] == "housing"


def test_ask_city_carries_routing_without_service():
    messages, _ = run(actions.ActionAskCity(), tracker("kaikukortti", "kaikukortti", {"topic": "kaikukortti",
                                                                                     "language": "fi"}))
    assert messages[0]["custom"] == {"topic": "kaikukortti", "service": None, "city": None, "language": "fi"}


def test_unknown_city_is_refused_politely():
    form = actions.ValidateCityForm()
    dispatcher = CollectingDispatcher()
    result = form.validate_city("Atlantis", dispatcher, tracker("Atlantis", "inform_city", {"language": "en"}), {})
    assert result == {"city": None}
    assert "I do not know that city" in dispatcher.messages[0]["text"]


def test_emergency_gives_112_first_in_the_conversation_language():
    messages, _ = run(actions.ActionEmergency(), tracker("hän lyö minua nyt", "emergency", {"language": "fi"}))
    assert "112" in messages[0]["text"] and messages[0]["text"].startswith("Jos joku on vaarassa")


def test_details_of_the_last_service():
    messages, _ = run(actions.ActionServiceDetails(),
                      tracker("what's their phone number?", "ask_details",
                              {"last_service": "national-kela", "language": "en"}))
    assert "Phone" in messages[0]["text"] and messages[0]["custom"]["service"] == "national-kela"


def test_language_change_shows_the_last_service_again():
    messages, events = run(actions.ActionChooseLanguage(),
                           tracker("and in Swedish?", "choose_language",
                                   {"last_service": "vaasa-kaikukortti", "language": "en", "city": "vaasa"}))
    assert slots(events)["language"] == "sv"
    assert [m["custom"] for m in messages if m.get("custom")][0]["language"] == "sv"


def test_session_start_takes_page_language_and_city():
    t = tracker("", "greet", {"session_started_metadata": {"language": "ar", "city": "Vasa"}})
    _, events = run(actions.ActionSessionStart(), t)
    assert SlotSet("language", "ar") in events and SlotSet("language_locked", True) in events
    assert SlotSet("city", "vaasa") in events


def test_fallback_suggests_likely_topics():
    t = tracker("asdf housing?", "nlu_fallback", {"language": "en"},
                ranking=[{"name": "nlu_fallback", "confidence": 0.3}, {"name": "housing", "confidence": 0.25},
                         {"name": "social_security", "confidence": 0.2}])
    messages, _ = run(actions.ActionAskAffirmation(), t)
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/housing", "/social_security"]
