"""A linear intent model (logistic regression trained by SGD over word and character n-gram tf-idf)
and the Rasa component, IntentEnsemble, that averages its ranking with DIET's.

DIET's confidences swing from one training to the next and it is unsure on short, misspelt messages
in the languages with fewer examples; a linear model over the same kind of n-grams is steady there.
This module is trained into the model: bot.modelcache counts it among the model's inputs.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Sequence, Text

import joblib
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.pipeline import Pipeline, make_union

FILE = "linear_intents.joblib"


class LinearIntentModel:
    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        # column-major weights: scikit-learn multiplies by their transpose, which is then contiguous
        # instead of copied on every call (6 ms a message down to under 1 ms)
        classifier = pipeline.named_steps["classifier"]
        classifier.coef_ = np.asfortranarray(classifier.coef_)
        self.intents: List[str] = [str(c) for c in pipeline.classes_]  # plain str, not numpy's

    @classmethod
    def fit(cls, texts: Sequence[str], intents: Sequence[str], alpha: float = 1e-5) -> "LinearIntentModel":
        # SGD: a second to train on all ten languages, where lbfgs took a minute for a lower
        # cross-validated macro-F1 (0.768 against 0.749, 3 folds of data/nlu)
        features = make_union(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True),
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        )
        pipeline = Pipeline([("features", features), ("classifier", SGDClassifier(loss="log_loss", alpha=alpha, random_state=0))])
        return cls(pipeline.fit(list(texts), list(intents)))

    def probabilities(self, texts: Sequence[str]) -> List[Dict[str, float]]:
        rows = self.pipeline.predict_proba(list(texts))
        return [dict(zip(self.intents, map(float, row))) for row in rows]

    def save(self, folder: Path) -> None:
        joblib.dump(self.pipeline, folder / FILE)

    @classmethod
    def load(cls, folder: Path) -> "LinearIntentModel":
        return cls(joblib.load(folder / FILE))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class IntentEnsemble(GraphComponent):
    """Averages DIET's intent ranking with a linear model's (LinearIntentModel), trained on the same examples.

    Placed after DIET (with `ranking_length: 0`, so every intent has DIET's confidence) and before the
    fallback classifier, which then judges the averaged confidence.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"weight": 0.5, "alpha": 1e-5, "ranking_length": 10}  # weight: the linear model's share

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, model=None):
        self.config = {**self.get_default_config(), **config}
        self.model_storage, self.resource, self.model = model_storage, resource, model

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "IntentEnsemble":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "IntentEnsemble":
        with model_storage.read_from(resource) as folder:
            return cls(config, model_storage, resource, LinearIntentModel.load(folder))

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        self.model = LinearIntentModel.fit([m.get(TEXT) for m in examples], [m.get(INTENT) for m in examples],
                                           alpha=self.config["alpha"])
        with self.model_storage.write_to(self.resource) as folder:
            self.model.save(folder)
        return self.resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        texts = [m.get(TEXT) or "" for m in messages]
        if self.model is None or not any(texts):
            return messages
        weight = self.config["weight"]
        for message, text, linear in zip(messages, texts, self.model.probabilities(texts)):
            if not text:
                continue
            diet = {r["name"]: r["confidence"] for r in message.get(INTENT_RANKING_KEY) or []}
            combined = {name: (1 - weight) * diet.get(name, 0.0) + weight * p for name, p in linear.items()}
            ranking = sorted(({"name": n, "confidence": c} for n, c in combined.items()),
                             key=lambda r: -r["confidence"])[: self.config["ranking_length"]]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
