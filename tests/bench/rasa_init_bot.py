"""The reference bot of `make bench`: the project `rasa init --no-prompt` creates, trained once, in var/rasa-init/.

It is recreated (and retrained) only when its inputs change: the scaffold shipped with the installed Rasa
(rasa/cli/initial_project/) and requirements.lock. Its endpoints.yml configures nothing, so it runs with
Rasa's defaults: in-memory tracker store, no action server (its actions.py is all comments).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Tuple

import rasa

from bot.modelcache import inputs_hash

ROOT = Path(__file__).resolve().parents[2]
SCAFFOLD = Path(rasa.__file__).parent / "cli" / "initial_project"
HOME = ROOT / "var" / "rasa-init"
BIN = Path(sys.executable).parent


def _inputs() -> str:
    lock = inputs_hash(ROOT, ["requirements.lock"])
    scaffold = inputs_hash(SCAFFOLD, [p.name for p in SCAFFOLD.iterdir() if p.name != "__pycache__"])
    return f"{scaffold}-{lock}"


def bot(log=print) -> Tuple[Path, dict]:
    """The trained model of the `rasa init` project and facts about it (training seconds, model size)."""
    stamp, timing = HOME / ".inputs", HOME / ".train-seconds"
    models = sorted((HOME / "models").glob("*.tar.gz")) if HOME.exists() else []
    if not (models and stamp.exists() and stamp.read_text() == _inputs()):
        log("creating and training the `rasa init` reference bot in var/rasa-init/ ...")
        shutil.rmtree(HOME, ignore_errors=True)
        HOME.mkdir(parents=True)
        start = time.monotonic()
        subprocess.run(["nice", "-n", "10", str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(HOME)],
                       cwd=HOME, check=True, stdout=subprocess.DEVNULL,
                       env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"})
        timing.write_text(f"{time.monotonic() - start:.0f}\n")
        stamp.write_text(_inputs())
        models = sorted((HOME / "models").glob("*.tar.gz"))
    else:
        log(f"`rasa init` reference bot up to date: {models[-1].relative_to(ROOT)}")
    return models[-1], {"train_seconds": int(timing.read_text()), "model_mb": round(models[-1].stat().st_size / 1e6, 1)}


if __name__ == "__main__":
    print(bot())
