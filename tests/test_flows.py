"""Services with a flow of their own (bot/flows.py): the question, the answers, where each answer leads."""
import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import actions
from bot import flows, replies
from bot.languages import SUPPORTED

from .test_actions import run, slots, tracker


@pytest.mark.parametrize("lang", SUPPORTED)
@pytest.mark.parametrize("topic", sorted(flows.FLOWS))
def test_question_and_answers_exist_in_every_language(topic, lang):
    flow = flows.FLOWS[topic]
    message = flows.question(flow, lang)
    assert message["text"] and len(message["buttons"]) == 3
    assert len({b["title"] for b in message["buttons"]}) == 3
    for answer in flows.ANSWERS:
        assert flows.intro(flow, answer, lang)


def test_every_flow_is_wired_into_the_domain_and_the_actions(kb):
    import yaml
    from pathlib import Path
    domain = yaml.safe_load((Path(__file__).resolve().parent.parent / "domain.yml").read_text(encoding="utf-8"))
    asked = {cls.topic for cls in actions._AskFlowQuestion.__subclasses__()}
    for flow in flows.FLOWS.values():
        assert flow.topic in kb.topics and flow.slot in domain["slots"]
        assert f"action_ask_{flow.slot}" in domain["actions"]
        assert flow.topic in asked
        assert hasattr(actions.ValidateCityForm, f"extract_{flow.slot}")
        assert flow.sources and all(verified for _, verified in flow.sources)


def test_the_city_form_asks_the_flow_question_first():
    assert flows.required_slots("kaikukortti", ["city"]) == ["kaikukortti_eligible", "city"]
    assert flows.required_slots("housing", ["city"]) == ["city"]


@pytest.mark.parametrize("intent, answer", [("affirm", "yes"), ("deny", "no"), ("dont_know", "unsure")])
def test_an_answer_is_read_from_the_intent(intent, answer):
    form = actions.ValidateCityForm()
    t = tracker("x", intent, {"topic": "kaikukortti", "requested_slot": "kaikukortti_eligible"})
    events = asyncio.run(form.get_extraction_events(CollectingDispatcher(), t, {"forms": {"city_form": {
        "required_slots": ["city"]}}, "slots": {}}))
    assert slots(events) == {"kaikukortti_eligible": answer}


def test_yes_with_a_city_fills_both():
    form = actions.ValidateCityForm()
    t = tracker("kyllä, asun Vaasassa", "affirm", {"topic": "kaikukortti", "requested_slot": "kaikukortti_eligible"})
    events = asyncio.run(form.get_extraction_events(CollectingDispatcher(), t, {"forms": {}, "slots": {}}))
    assert slots(events) == {"kaikukortti_eligible": "yes", "city": "vaasa"}


def test_another_question_is_not_an_answer():
    form = actions.ValidateCityForm()
    t = tracker("I need an apartment", "housing", {"topic": "kaikukortti", "requested_slot": "kaikukortti_eligible"})
    events = asyncio.run(form.get_extraction_events(CollectingDispatcher(), t, {"forms": {}, "slots": {}}))
    assert "kaikukortti_eligible" not in slots(events)


def test_not_eligible_gets_other_hobbies_without_kaikukortti(kb):
    for city in kb.cities:
        r = flows.route_for(kb, flows.FLOWS["kaikukortti"], flows.NO, city)
        assert r.topic == "hobbies"
        assert all("kaikukortti" not in s.topics for s in [r.service, *r.alternatives] if s is not None), city


def test_answer_says_the_outcome_then_the_service(kb):
    r, messages = replies.flow_answer(kb, flows.FLOWS["kaikukortti"], flows.YES, "vaasa", "en")
    assert r.service.id == "vaasa-kaikukortti"
    assert messages[0]["text"].startswith("Then you can ask for the card.")
    assert messages[0]["custom"]["flow"] == "kaikukortti" and messages[0]["custom"]["answer"] == "yes"


def test_unsure_about_the_health_check_goes_to_the_advice_point(kb):
    for city in kb.cities:
        r, messages = replies.flow_answer(kb, flows.FLOWS["health_check"], flows.UNSURE, city, "sv")
        assert r.service.id == kb.cities[city].advice_service
        assert messages[0]["custom"]["topic"] == "health_check"


def test_answer_action_uses_the_flow_and_forgets_the_answer():
    messages, events = run(actions.ActionAnswerTopic(), tracker(
        "Kokkola", "inform_city", {"topic": "health_check", "city": "kokkola", "health_check_reception": "no",
                                   "language": "en"}))
    assert messages[0]["custom"]["answer"] == "no"
    assert messages[0]["custom"]["service"] == "kokkola-health-check"
    assert slots(events)["health_check_reception"] is None


def test_the_question_is_asked_again_after_a_reply_that_is_no_answer():
    first, _ = run(actions.AskKaikukorttiEligible(), tracker("kaikukortti?", "kaikukortti", {"language": "en"}))
    again, _ = run(actions.AskKaikukorttiEligible(), tracker("hello", "greet", {"language": "en"}))
    assert not first[0]["text"].startswith("Please answer")
    assert again[0]["text"].startswith("Please answer")
