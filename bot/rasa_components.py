"""Rasa graph components of Opas (named in config.yml)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from . import rasa_patches
from .language import names_in, unsupported
from .loader import load_cached
from .safety import in_danger

rasa_patches.apply()  # this module is loaded by every Rasa process that runs Opas's model

UNSUPPORTED = "unsupported_language"  # set on the parse data; the actions read it

EMERGENCY = "emergency"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafetyNet(GraphComponent):
    """Sets the intent to `emergency` when a message says someone is in danger now, and to
    `choose_language` when it is clearly written in a language Opas does not speak.

    Runs last, after the fallback classifier, so neither a misclassification nor a low-confidence
    fallback can stand between a person in danger and the emergency number.
    """

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SafetyNet":
        return cls(names_in(load_cached()))

    def __init__(self, names=frozenset()):
        self.names = names

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not in_danger(text) and unsupported(text, self.names):
                # a language Opas does not speak: offer the language menu rather than a wild guess
                intent = {"name": "choose_language", "confidence": 1.0}
                message.set(INTENT, intent, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)
                message.set(UNSUPPORTED, True, add_to_output=True)
            if in_danger(text):
                intent = {"name": EMERGENCY, "confidence": 1.0}
                ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != EMERGENCY]
                message.set(INTENT, intent, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [intent] + ranking, add_to_output=True)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CityTopicResolver(GraphComponent):
    """'asun Kokkolassa ja tarvitsen apua asunnon kanssa' names a city and asks about a topic.

    The classifier then wavers between `inform_city` and the topic (often close enough for the fallback
    classifier to give up). When the message says more than where the user lives, the topic wins: the
    city is taken from the same message anyway.
    """

    MIN_CONFIDENCE = 0.15
    MIN_OTHER_WORDS = 2

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "CityTopicResolver":
        from .places import CityFinder

        return cls(CityFinder(load_cached()))

    def __init__(self, cities):
        self.cities = cities

    def process(self, messages: List[Message]) -> List[Message]:
        from .loader import TOPIC_IDS
        from .text import STOPWORDS, words

        for message in messages:
            intent = (message.get(INTENT) or {}).get("name")
            if intent not in ("inform_city", "nlu_fallback"):
                continue
            text = message.get(TEXT) or ""
            named = {w for w, _ in self.cities.spans(text)}
            if not named:
                continue
            others = [w for w in words(text) if w not in named and w not in STOPWORDS and len(w) > 2]
            if intent == "nlu_fallback" and not [w for w in words(text) if w not in named]:
                # nothing but a city ("Vasa"): the user is telling where they live
                message.set(INTENT, {"name": "inform_city", "confidence": 1.0}, add_to_output=True)
                continue
            if len(others) < self.MIN_OTHER_WORDS:
                continue
            ranking = message.get(INTENT_RANKING_KEY) or []
            topics = [r for r in ranking if r.get("name") in TOPIC_IDS and r.get("confidence", 0) >= self.MIN_CONFIDENCE]
            if topics:
                message.set(INTENT, {"name": topics[0]["name"], "confidence": topics[0]["confidence"]},
                            add_to_output=True)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ExactPhrases(GraphComponent):
    """A short message that is word for word a training example of small talk gets that example's intent.

    "Moi!" is both a greeting and half of the goodbye "moi moi": the classifier may hesitate on one word,
    but a message the training data labels exactly needs no guess.
    """

    INTENTS = ("greet", "goodbye", "thanks", "affirm", "deny", "bot_challenge", "help")
    MAX_WORDS = 3

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "ExactPhrases":
        return cls(cls.read_phrases())

    @classmethod
    def read_phrases(cls) -> Dict[str, str]:
        from .generate import nlu_examples
        from .text import words

        phrases: Dict[str, str] = {}
        clashes = set()
        for intent, example in nlu_examples():
            key = " ".join(words(example))
            if not key or len(key.split()) > cls.MAX_WORDS:
                continue
            if key in phrases and phrases[key] != intent:
                clashes.add(key)
            phrases.setdefault(key, intent)
        return {k: v for k, v in phrases.items() if v in cls.INTENTS and k not in clashes}

    def __init__(self, phrases: Dict[str, str]):
        self.phrases = phrases

    def process(self, messages: List[Message]) -> List[Message]:
        from .text import words

        for message in messages:
            intent = self.phrases.get(" ".join(words(message.get(TEXT) or "")))
            if intent:
                message.set(INTENT, {"name": intent, "confidence": 1.0}, add_to_output=True)
        return messages

