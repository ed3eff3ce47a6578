"""Thin Rasa actions: read the tracker, call bot/, send what it returns. No business logic here."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from bot import conversation, flows, replies
from bot.loader import TOPIC_IDS
from bot.routing import OTHER_CITY

ROUTED_TOPICS = [t for t in TOPIC_IDS if t != "emergency"]
INTERRUPTIONS = set(TOPIC_IDS) | {"choose_language"}


def send(dispatcher: CollectingDispatcher, messages: List[Dict[str, Any]]) -> None:
    for m in messages:
        dispatcher.utter_message(text=m.get("text"), buttons=m.get("buttons") or [], json_message=m.get("custom"))


def text_of(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def language_of(tracker: Tracker) -> str:
    return conversation.language(text_of(tracker), tracker.get_slot("language"), bool(tracker.get_slot("language_locked")))


def city_of(tracker: Tracker) -> Optional[str]:
    return conversation.normalise_city(tracker.get_slot("city"))


class ActionSessionStart(Action):
    """Takes the language and city the web page gives at session start; they win over detection."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        metadata = tracker.get_slot("session_started_metadata") or {}
        events: List[EventType] = [SessionStarted()]
        carried = [SlotSet(k, v) for k, v in tracker.current_slot_values().items()
                   if k in ("language", "language_locked", "city", "topic", "last_service") and v is not None]
        events += carried
        lang = conversation.supported(metadata.get("language"))
        if lang:
            events += [SlotSet("language", lang), SlotSet("language_locked", True)]
        city = conversation.normalise_city(metadata.get("city"))
        if city:
            events.append(SlotSet("city", city))
        return events + [ActionExecuted("action_listen")]


class ActionPrepareTopic(Action):
    def name(self) -> Text:
        return "action_prepare_topic"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        topic = tracker.latest_message.get("intent", {}).get("name")
        events = [SlotSet("language", language_of(tracker))]
        if topic in TOPIC_IDS:
            events.append(SlotSet("topic", topic))
        events += [SlotSet(slot, None) for slot in flows.SLOTS]  # a new question asks the flow's question again
        city = conversation.city_in(text_of(tracker))
        if city:
            events.append(SlotSet("city", city))
        elif tracker.get_slot("city") and not city_of(tracker):
            events.append(SlotSet("city", None))  # an entity the form cannot use
        return events


class ActionAskCity(Action):
    def name(self) -> Text:
        return "action_ask_city"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        lang = language_of(tracker)
        send(dispatcher, replies.ask_city(conversation.kb(), tracker.get_slot("topic"), lang))
        return [SlotSet("language", lang)]


class ValidateCityForm(FormValidationAction):
    """Asks the city; for a topic with a flow of its own (bot/flows.py), the flow's question first."""

    def name(self) -> Text:
        return "validate_city_form"

    async def required_slots(self, domain_slots, dispatcher, tracker: Tracker, domain) -> List[Text]:
        return flows.required_slots(tracker.get_slot("topic"), domain_slots)

    async def _extract_flow_answer(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        """The answer to a flow's question: yes, no or don't know, read from the intent."""
        flow = flows.for_topic(tracker.get_slot("topic"))
        if flow is None or tracker.get_slot("requested_slot") != flow.slot:
            return {}
        intent = tracker.latest_message.get("intent", {}).get("name")
        answer = flows.answer_of(intent)
        if answer is None and intent in INTERRUPTIONS:
            return {}  # not an answer: the form steps aside and the rules for this intent answer
        # anything else leaves the slot empty, so the form asks again
        city = conversation.city_in(text_of(tracker)) if answer else None  # "yes, in Vaasa"
        return {flow.slot: answer, **({"city": city} if city else {})}

    # one line per flow of bot/flows.py
    extract_kaikukortti_eligible = _extract_flow_answer
    extract_health_check_reception = _extract_flow_answer

    async def extract_city(self, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != "city":
            return {}
        intent = tracker.latest_message.get("intent", {}).get("name")
        if intent in INTERRUPTIONS and not conversation.city_in(text_of(tracker)):
            return {}  # not an answer: the form steps aside and the rules for this intent answer
        # any answer to "which city?" is a city attempt; validate_city says whether we know it
        return {"city": conversation.city_in(text_of(tracker)) or tracker.get_slot("city") or text_of(tracker) or None}

    def validate_city(self, value: Any, dispatcher, tracker: Tracker, domain) -> Dict[Text, Any]:
        city = conversation.normalise_city(value if isinstance(value, str) else None)
        if city:
            return {"city": city}
        lang = language_of(tracker)
        send(dispatcher, replies.city_unknown(conversation.kb(), tracker.get_slot("topic"), lang))
        return {"city": None}


class ActionAnswerTopic(Action):
    def name(self) -> Text:
        return "action_answer_topic"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        lang = language_of(tracker)
        topic = tracker.get_slot("topic")
        if topic not in TOPIC_IDS:
            send(dispatcher, replies.simple("chat.fallback_rephrase", lang))
            return [SlotSet("language", lang)]
        flow = flows.for_topic(topic)
        events = [SlotSet("language", lang)]
        if flow is not None and tracker.get_slot(flow.slot):
            r, messages = replies.flow_answer(conversation.kb(), flow, tracker.get_slot(flow.slot), city_of(tracker),
                                              lang, self._question(tracker))
            events.append(SlotSet(flow.slot, None))
        else:
            r, messages = replies.route_and_answer(conversation.kb(), topic, city_of(tracker), lang,
                                                   self._question(tracker))
        send(dispatcher, messages)
        return events + [SlotSet("last_service", r.service.id if r.service else None)]

    @staticmethod
    def _question(tracker: Tracker) -> str:
        """The user's question (not their answer to 'which city?'), to rank services within the topic."""
        for event in reversed(tracker.events):
            if event.get("event") == "user" and (event.get("parse_data") or {}).get("intent", {}).get("name") in TOPIC_IDS:
                return event.get("text") or ""
        return ""


class _AskFlowQuestion(Action):
    """The city form asks a flow's question (bot/flows.py) through `action_ask_<slot>`."""

    action = ""
    topic = ""

    def name(self) -> Text:
        return self.action

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        lang = language_of(tracker)
        # after a question or a language change it is asked; after anything else, asked again
        again = tracker.latest_message.get("intent", {}).get("name") not in INTERRUPTIONS
        send(dispatcher, [flows.question(flows.for_topic(self.topic), lang, again=again)])
        return [SlotSet("language", lang)]


class AskKaikukorttiEligible(_AskFlowQuestion):
    action, topic = "action_ask_kaikukortti_eligible", "kaikukortti"


class AskHealthCheckReception(_AskFlowQuestion):
    action, topic = "action_ask_health_check_reception", "health_check"


class ActionChooseService(Action):
    def name(self) -> Text:
        return "action_choose_service"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        lang = language_of(tracker)
        kb = conversation.kb()
        sid = next(tracker.get_latest_entity_values("service"), None)
        service = kb.services.get(sid or "")
        if service is None:
            send(dispatcher, replies.simple("chat.no_service_yet", lang))
            return [SlotSet("language", lang)]
        send(dispatcher, replies.show_service(kb, service, tracker.get_slot("topic"), city_of(tracker), lang))
        return [SlotSet("language", lang), SlotSet("last_service", service.id)]


class ActionServiceDetails(Action):
    def name(self) -> Text:
        return "action_service_details"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        lang = language_of(tracker)
        kb = conversation.kb()
        service = kb.services.get(tracker.get_slot("last_service") or "")
        kind = conversation.detail_kind(text_of(tracker))
        send(dispatcher, replies.details(kb, service, kind, tracker.get_slot("topic"), city_of(tracker), lang))
        return [SlotSet("language", lang)]


class ActionEmergency(Action):
    def name(self) -> Text:
        return "action_emergency"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        lang = language_of(tracker)
        send(dispatcher, replies.emergency(conversation.kb(), city_of(tracker), lang))
        return [SlotSet("language", lang), SlotSet("topic", "emergency")]


class ActionChooseLanguage(Action):
    def name(self) -> Text:
        return "action_choose_language"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        current = tracker.get_slot("language")
        chosen = conversation.supported(next(tracker.get_latest_entity_values("language"), None))
        chosen = chosen or conversation.requested_language(text_of(tracker))
        if not chosen:
            if tracker.latest_message.get("unsupported_language"):  # set by bot.rasa_components
                send(dispatcher, replies.language_menu("en", "chat.unsupported_language"))
            else:
                send(dispatcher, replies.language_menu(current or conversation.DEFAULT_LANGUAGE))
            return []
        kb = conversation.kb()
        send(dispatcher, replies.simple("chat.language_changed", chosen))
        service = kb.services.get(tracker.get_slot("last_service") or "")
        if service is not None and not tracker.active_loop.get("name"):
            send(dispatcher, replies.show_service(kb, service, tracker.get_slot("topic"), city_of(tracker), chosen))
        return [SlotSet("language", chosen)]


class ActionInformCity(Action):
    """The user names a city outside the form: remember it, and re-route the last topic there."""

    def name(self) -> Text:
        return "action_inform_city"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        lang = language_of(tracker)
        kb = conversation.kb()
        city = conversation.city_in(text_of(tracker)) or conversation.normalise_city(
            next(tracker.get_latest_entity_values("city"), None))
        if not city:
            send(dispatcher, replies.city_unknown(kb, tracker.get_slot("topic"), lang))
            return [SlotSet("language", lang)]
        topic = self._topic_in_message(tracker) or tracker.get_slot("topic")
        events: List[EventType] = [SlotSet("language", lang), SlotSet("city", city), SlotSet("topic", topic)]
        if topic in ROUTED_TOPICS:
            r, messages = replies.route_and_answer(kb, topic, city, lang)
            send(dispatcher, messages)
            events.append(SlotSet("last_service", r.service.id if r.service else None))
        else:
            send(dispatcher, replies.simple("chat.help", lang) )
        return events


    @staticmethod
    def _topic_in_message(tracker: Tracker) -> Optional[str]:
        """'asun Kokkolassa ja tarvitsen apua asunnon kanssa' names a city and asks about a topic too."""
        if len(text_of(tracker).split()) < 3:
            return None
        ranking = tracker.latest_message.get("intent_ranking") or []
        topics = [r for r in ranking if r.get("name") in ROUTED_TOPICS and r.get("confidence", 0) >= 0.2]
        if topics:
            return topics[0]["name"]
        # the classifier saw only the city: let the lookup read the rest of the message
        topic = conversation.topic_by_words(text_of(tracker), conversation.city_in(text_of(tracker)))
        return topic if topic in ROUTED_TOPICS else None


class _Say(Action):
    """A message from bot/locales; {service} is the advice point of the user's city."""

    key = ""
    action = ""

    def name(self) -> Text:
        return self.action

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        lang = language_of(tracker)
        send(dispatcher, self.messages(tracker, lang))
        return [SlotSet("language", lang)]

    def messages(self, tracker: Tracker, lang: str):
        return replies.simple(self.key, lang, conversation.kb(), city_of(tracker))


class ActionGreet(_Say):
    action, key = "action_greet", "chat.greet"


class ActionThanks(_Say):
    action, key = "action_thanks", "chat.thanks"


class ActionGoodbye(_Say):
    action, key = "action_goodbye", "chat.goodbye"


class ActionBotChallenge(_Say):
    action, key = "action_bot_challenge", "chat.bot_challenge"


class ActionAffirm(_Say):
    action, key = "action_affirm", "chat.affirm"


class ActionDeny(_Say):
    action, key = "action_deny", "chat.deny"


class ActionOutOfScope(_Say):
    action, key = "action_out_of_scope", "chat.out_of_scope"


class ActionDefaultFallback(_Say):
    action, key = "action_default_fallback", "chat.fallback_final"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        # revert the message Opas could not handle, or the rules would predict this action again
        return await super().run(dispatcher, tracker, domain) + [UserUtteranceReverted()]


class ActionAskRephrase(_Say):
    action, key = "action_default_ask_rephrase", "chat.fallback_rephrase"


class ActionHelp(_Say):
    action, key = "action_help", "chat.help"

    def messages(self, tracker: Tracker, lang: str):
        message = replies.simple(self.key, lang)[0]
        message["buttons"] = replies.topic_buttons(conversation.kb(), ROUTED_TOPICS, lang)
        return [message, replies.privacy_notice(lang)]  # "what do you store about me?" is answered here


class ActionAskAffirmation(_Say):
    """First stage of the fallback: the 2–3 likeliest topics as buttons."""

    action, key = "action_default_ask_affirmation", "chat.fallback_suggest"

    def messages(self, tracker: Tracker, lang: str):
        ranking = tracker.latest_message.get("intent_ranking") or []
        likely = [r["name"] for r in ranking if r.get("name") in ROUTED_TOPICS][:3] or ["welcome_office", "human_contact"]
        message = replies.simple(self.key, lang)[0]
        message["buttons"] = replies.topic_buttons(conversation.kb(), likely, lang)
        return [message]


# Loaded before the action server listens (rasa_sdk imports this module first), not on the first message.
conversation.warm_up()
