"""Rasa graph components of Opas (named in config.yml)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from .language import names_in, unsupported
from .loader import load_cached
from .safety import in_danger

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
