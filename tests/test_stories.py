"""Test stories (tests/stories/test_<lang>.yml) against the trained model.

`rasa test core --e2e` parses every user message with the model and compares the intent and the entities
(city, language) with the story before it checks the predicted actions; without --e2e it would take the
intents from the story and never test understanding. Rasa reads --e2e stories only from files whose names
start with `test_`. Rasa compares the whole set of extracted entities, so every city is marked in the
story text, and so are language names in the forms the lookup tables know; other forms of a language
name (Russian 'финского') stay unmarked. tests/known_failures/ holds stories the current model gets
wrong (see its header).
"""
import subprocess
from pathlib import Path

import yaml
from rasa.shared.nlu.training_data.entities_parser import replace_entities

from bot import generate
from bot.languages import SUPPORTED
from bot.serve import environment
from bot.text import fold, words

from .test_e2e import free_port, model  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parent.parent
STORIES = ROOT / "tests" / "stories"
FIRST = ("fi", "sv", "en")  # their stories came before the unseen-message rule and are kept as they were


def _key(text: str) -> str:
    """A message as the classifier sees it: entity markup, case, diacritics and punctuation left out."""
    return " ".join(words(fold(replace_entities(text))))


def _user_texts(path: Path):
    for story in yaml.safe_load(path.read_text(encoding="utf-8"))["stories"]:
        for step in story["steps"]:
            if "user" in step:
                yield story["story"], step["user"].strip()


def test_one_story_file_per_language():
    assert sorted(p.stem for p in STORIES.glob("*.yml")) == sorted(f"test_{lang}" for lang in SUPPORTED)


def test_new_language_stories_are_unseen_messages():
    """A story message that is also a training or held-out example would test memory, not understanding."""
    seen = {_key(text) for _, text in generate.nlu_examples()}
    for path in (ROOT / "tests" / "heldout").glob("*.yml"):
        seen |= {_key(item["text"]) for item in yaml.safe_load(path.read_text(encoding="utf-8"))}
    for lang in (lang for lang in SUPPORTED if lang not in FIRST):
        repeated = [(story, text) for story, text in _user_texts(STORIES / f"test_{lang}.yml") if _key(text) in seen]
        assert not repeated, f"test_{lang}.yml: messages also in data/nlu or tests/heldout: {repeated}"


def test_stories_pass(model, tmp_path):  # noqa: F811
    # rasa test core predicts each next action without running it, so no action server is needed
    # (the actions themselves are tested over HTTP in tests/test_e2e.py)
    result = subprocess.run(
        [str(ROOT / ".venv/bin/rasa"), "test", "core", "--model", str(model), "--stories",
         str(STORIES.relative_to(ROOT)), "--out", str(tmp_path), "--e2e", "--fail-on-prediction-errors"],
        cwd=ROOT, env=environment(free_port()), capture_output=True, text=True, timeout=900,
    )
    failed = tmp_path / "failed_test_stories.yml"
    report = failed.read_text(encoding="utf-8") if failed.exists() else ""
    assert result.returncode == 0, report[-4000:] or result.stderr[-4000:]
    assert "None of the test stories failed" in report
