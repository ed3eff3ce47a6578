"""The intent baseline of `make eval`: Rasa's default NLU pipeline trained on Opas's own training data.

"Default" is the config.yml that `rasa init` writes in Rasa 3.6: it is read, unchanged, from the
installed package (rasa/cli/initial_project/config.yml, the file `rasa init` copies). Its pipeline and
policies are left empty, so Rasa fills in its defaults (for `language: en`, which changes nothing here:
no component of the default pipeline is language-specific): WhitespaceTokenizer, RegexFeaturizer,
LexicalSyntacticFeaturizer, CountVectorsFeaturizer (words and char_wb 1-4), DIETClassifier (100 epochs),
EntitySynonymMapper, ResponseSelector, FallbackClassifier (0.3). Only the NLU part is trained (`rasa
train nlu`): the baseline is compared on intents.

The model is cached under var/baseline/ by a hash of its inputs (the config, data/, requirements.lock),
as bot/modelcache.py does for Opas's model. OPAS_EVAL_EPOCHS=N (development only) writes the same
default pipeline out explicitly with N epochs, for a quick run; the report says so.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional, Tuple

import rasa

from bot.modelcache import inputs_hash

ROOT = Path(__file__).resolve().parents[2]
INIT_CONFIG = Path(rasa.__file__).parent / "cli" / "initial_project" / "config.yml"
OUT = ROOT / "var" / "baseline"
BIN = Path(sys.executable).parent


def dev_epochs() -> Optional[int]:
    value = os.environ.get("OPAS_EVAL_EPOCHS")
    return int(value) if value else None


def config_text(epochs: Optional[int] = None) -> str:
    """The `rasa init` config; with epochs, its commented-out default pipeline switched on with those epochs."""
    text = INIT_CONFIG.read_text(encoding="utf-8")
    if epochs is None:
        return text
    lines = []
    for line in text.splitlines():
        match = re.match(r"^#   (- name: .*|  \w+: .*)$", line)  # the default pipeline/policies, commented out
        if match:
            line = "  " + re.sub(r"epochs: \d+", f"epochs: {epochs}", match.group(1))
        lines.append(line)
    return "\n".join(lines) + "\n"


def model(log=print) -> Tuple[Path, dict]:
    """The trained baseline model (trained now only if its inputs changed) and facts about it for the report."""
    OUT.mkdir(parents=True, exist_ok=True)
    epochs = dev_epochs()
    config = OUT / "config.yml"
    config.write_text(config_text(epochs), encoding="utf-8")
    name = "rasa-init-nlu-" + inputs_hash(ROOT, [str(config.relative_to(ROOT)), "data", "requirements.lock"])
    path = OUT / f"{name}.tar.gz"
    timing = OUT / f"{name}.seconds"
    if not path.exists():
        log(f"training the rasa init baseline {path.relative_to(ROOT)} (inputs changed or no model yet) ...")
        start = time.monotonic()
        subprocess.run(
            ["nice", "-n", "10", str(BIN / "rasa"), "train", "nlu", "--config", str(config), "--nlu", "data", "--out", str(OUT),
             "--fixed-model-name", name],
            cwd=ROOT, check=True, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"},
            stdout=subprocess.DEVNULL)
        timing.write_text(f"{time.monotonic() - start:.0f}\n")
        for old in OUT.glob("rasa-init-nlu-*.tar.gz"):  # keep only the current one
            if old != path:
                old.unlink()
                old.with_name(old.name.replace(".tar.gz", ".seconds")).unlink(missing_ok=True)
    else:
        log(f"rasa init baseline up to date: {path.relative_to(ROOT)}")
    return path, {
        "config": str(INIT_CONFIG.relative_to(Path(rasa.__file__).parent.parent)),
        "epochs_override": epochs,
        "train_seconds": int(timing.read_text()) if timing.exists() else None,
        "model_mb": round(path.stat().st_size / 1e6, 1),
    }


if __name__ == "__main__":
    print(model())
