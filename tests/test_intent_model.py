"""The linear intent model and the ensemble component, trained on the real training data."""
import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message

from bot.intent_model import IntentEnsemble, LinearIntentModel
from bot.modelcache import ROOT


@pytest.fixture(scope="module")
def model() -> LinearIntentModel:
    data = load_data(str(ROOT / "data" / "nlu"))
    return LinearIntentModel.fit([m.get(TEXT) for m in data.intent_examples],
                                 [m.get(INTENT) for m in data.intent_examples])


@pytest.mark.parametrize("text, intent", [
    ("missä on Welcome Office", "welcome_office"),
    ("var får jag Kaikukortti", "kaikukortti"),
    ("I need a flat to rent", "housing"),
    ("أريد مترجم عند الطبيب", "interpreting"),
    ("хочу выучить финский язык", "language_courses"),
])
def test_linear_model_ranks_the_intent_first(model, text, intent):
    probabilities = model.probabilities([text])[0]
    assert max(probabilities, key=probabilities.get) == intent
    assert sum(probabilities.values()) == pytest.approx(1.0)
    assert all(type(name) is str for name in probabilities)  # numpy's str breaks YAML and JSON writers


def test_linear_model_survives_saving(model, tmp_path):
    model.save(tmp_path)
    again = LinearIntentModel.load(tmp_path)
    texts = ["hei", "asunto Vaasassa", "نیاز به مترجم دارم"]
    assert again.probabilities(texts) == model.probabilities(texts)


def _message(text, diet):
    message = Message({TEXT: text})
    message.set(INTENT_RANKING_KEY, [{"name": n, "confidence": c} for n, c in diet.items()])
    message.set(INTENT, {"name": max(diet, key=diet.get), "confidence": max(diet.values())})
    return message


def test_ensemble_averages_diet_with_the_linear_model(model):
    ensemble = IntentEnsemble({"weight": 0.5}, None, None, model)
    diet = {"welcome_office": 0.6, "housing": 0.4}
    linear = model.probabilities(["I need a flat to rent"])[0]
    [message] = ensemble.process([_message("I need a flat to rent", diet)])
    ranking = message.get(INTENT_RANKING_KEY)
    assert len(ranking) == 10
    assert [r["confidence"] for r in ranking] == sorted((r["confidence"] for r in ranking), reverse=True)
    by_name = {r["name"]: r["confidence"] for r in ranking}
    assert by_name["housing"] == pytest.approx(0.5 * 0.4 + 0.5 * linear["housing"])
    assert message.get(INTENT) == ranking[0]
    assert ranking[0]["name"] == "housing"  # the linear model's certainty outweighs DIET's hesitation


def test_ensemble_leaves_an_empty_message_alone(model):
    ensemble = IntentEnsemble({}, None, None, model)
    [message] = ensemble.process([_message("", {"greet": 0.7, "goodbye": 0.3})])
    assert message.get(INTENT)["name"] == "greet"
    assert len(message.get(INTENT_RANKING_KEY)) == 2
