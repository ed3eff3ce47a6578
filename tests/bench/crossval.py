"""Cross-validation of Opas's NLU pipeline on data/, as `rasa test nlu --cross-validation` does it, for `make eval`.

Rasa's own steps, run here in-process: the same data loading, `drop_intents_below_freq`, the same
stratified folds (`generate_folds`), `train_nlu` per fold, `get_eval_data` on the test fold and
`evaluate_intents` over all test folds (the report `rasa test nlu` writes). One step is skipped: the CLI
also parses every training fold to log a training accuracy it does not report, which doubles the run
time (about 40 ms per message on 2 cores; 10,000 messages a fold).

Folds: OPAS_EVAL_FOLDS (3 by default). Each fold trains the NLU pipeline once (under `nice -n 10`), so
the results are cached under var/crossval/ by a hash of what they depend on, like the model itself.

One deliberate change to config.yml: ExactPhrases is left out. It reads the training files when the model
loads, so in cross-validation it would know the test fold's short small-talk messages word for word.
Without it the figures are a fair, slightly pessimistic estimate for the small-talk intents.
OPAS_CV_EPOCHS=N (development only) sets DIET's epochs for a quick run; the report says so.
"""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

import yaml

from bot.modelcache import inputs_hash

from . import rasa_logs

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "crossval"
LEFT_OUT = "bot.rasa_components.ExactPhrases"


def dev_epochs() -> Optional[int]:
    value = os.environ.get("OPAS_CV_EPOCHS")
    return int(value) if value else None


def folds() -> int:
    return int(os.environ.get("OPAS_EVAL_FOLDS", 3))


def config() -> dict:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    config["pipeline"] = [c for c in config["pipeline"] if c["name"] != LEFT_OUT]
    if dev_epochs():
        for component in config["pipeline"]:
            if component["name"] == "DIETClassifier":
                component["epochs"] = dev_epochs()
    return config


async def _cross_validate(config_path: Path, n: int) -> dict:
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu
    from rasa.nlu.test import drop_intents_below_freq, evaluate_intents, generate_folds, get_eval_data
    from rasa.shared.importers.importer import TrainingDataImporter
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter

    importer = TrainingDataImporter.load_from_dict(training_data_paths=[str(ROOT / "data")],
                                                   domain_path=str(ROOT / "domain.yml"))
    data = importer.get_nlu_data()
    data = drop_intents_below_freq(data, cutoff=n)
    results = []
    with tempfile.TemporaryDirectory(prefix="opas-cv-") as tmp:
        for fold, (train, test) in enumerate(generate_folds(n, data), 1):
            print(f"  fold {fold}/{n}: training on {len(train.intent_examples)}, "
                  f"testing on {len(test.intent_examples)} examples", flush=True)
            train_file = Path(tmp) / "train.yml"
            RasaYAMLWriter().dump(train_file, train)
            model = train_nlu(str(config_path), str(train_file), tmp)
            intent_results, _, _ = await get_eval_data(Agent.load(model).processor, test)
            results += intent_results
            Path(model).unlink()
    return evaluate_intents(results, None, successes=False, errors=False, disable_plotting=True,
                            report_as_dict=True)["report"]


def _cached() -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    config_path = OUT / "config.yml"
    config_path.write_text(yaml.safe_dump(config(), sort_keys=False), encoding="utf-8")
    key = inputs_hash(ROOT, [str(config_path.relative_to(ROOT)), "data", "knowledge", "requirements.lock"])
    return OUT / f"{key}-{folds()}folds.json"


def results(log=print) -> dict:
    """Accumulated test-fold intent figures: accuracy, macro and weighted F1, F1 per intent.

    Computed in a child process under `nice -n 10` (it trains) unless cached for these inputs."""
    cached = _cached()
    if cached.exists():
        log(f"cross-validation up to date: {cached.relative_to(ROOT)}")
    else:
        log(f"cross-validation, {folds()} folds (trains the NLU pipeline {folds()} times) ...")
        subprocess.run(["nice", "-n", "10", sys.executable, "-m", "tests.bench.crossval"], cwd=ROOT, check=True,
                       env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
                            "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"})
    return json.loads(cached.read_text())


def compute() -> None:
    rasa_logs.quiet()
    cached, n = _cached(), folds()
    config_path = OUT / "config.yml"
    start = time.monotonic()
    report = asyncio.run(_cross_validate(config_path, n))
    # intents that occur in the data; nlu_fallback is only ever predicted (a miss, as in evaluate.py)
    intents = {k: v for k, v in report.items()
               if isinstance(v, dict) and v.get("support") and " avg" not in k}
    result = {
        "folds": n,
        "epochs_override": dev_epochs(),
        "left_out": LEFT_OUT,
        "seconds": round(time.monotonic() - start),
        "examples": sum(int(v["support"]) for v in intents.values()),
        "accuracy": round(report.get("accuracy", report.get("micro avg", {}).get("f1-score", 0)), 3),
        "macro_f1": round(sum(v["f1-score"] for v in intents.values()) / len(intents), 3),
        "macro_f1_rasa": round(report["macro avg"]["f1-score"], 3),  # Rasa's, nlu_fallback counted as a class
        "weighted_f1": round(report["weighted avg"]["f1-score"], 3),
        "f1_per_intent": {k: round(v["f1-score"], 3) for k, v in sorted(intents.items())},
    }
    for old in OUT.glob("*folds.json"):
        old.unlink()
    cached.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    compute()
