"""Files generated from knowledge/ are current, Rasa's own validation is clean, held-out data is held out."""
import subprocess
from pathlib import Path

import yaml

from bot import generate

ROOT = Path(__file__).resolve().parent.parent


def test_generated_training_data_is_current(kb):
    stale = generate.stale(kb)
    assert not stale, f"run `python -m bot generate`: stale {stale}"
    for path in generate.render(kb):
        assert path.read_text(encoding="utf-8").startswith("# Generated from knowledge/")


def test_every_topic_is_an_intent(kb):
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert set(kb.topics) <= set(domain["intents"])


def _training_texts():
    return {" ".join(text.casefold().split()) for _, text in generate.nlu_examples()}


def test_heldout_never_used_for_training():
    training = _training_texts()
    assert len(training) > 1000
    for path in (ROOT / "tests" / "heldout").glob("*.yml"):
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        overlap = [i["text"] for i in items if " ".join(i["text"].casefold().split()) in training]
        assert not overlap, f"{path.name}: held-out messages also in training data: {overlap}"


def test_rasa_data_validate_is_clean():
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "rasa"), "data", "validate", "--fail-on-warnings",
         "--config", "config.yml", "--domain", "domain.yml", "--data", "data"],
        cwd=ROOT, capture_output=True, text=True, env={"RASA_TELEMETRY_ENABLED": "false", "PATH": "/usr/bin:/bin",
                                                        "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
