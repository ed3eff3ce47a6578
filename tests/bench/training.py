"""Training time of Opas's model, for `make bench`.

By default it is read from the last training (scripts/train writes models/<name>.train-seconds); Rasa may
have reused cached components of an earlier training then, so it can be shorter than a full one.
`make bench FULL=1` measures a full training instead: the training inputs copied to a temporary folder,
an empty Rasa cache, `nice -n 10` as every training on the shared machine.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

from bot.modelcache import INPUTS

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def recorded(model: Path) -> Optional[int]:
    record = model.with_name(model.name.replace(".tar.gz", ".train-seconds"))
    return int(record.read_text()) if record.exists() else None


def measure_full(log=print) -> int:
    """Seconds of a full `rasa train` (NLU and dialogue) from scratch, in a temporary copy of the inputs."""
    with tempfile.TemporaryDirectory(prefix="opas-train-") as tmp:
        tmp = Path(tmp)
        for name in INPUTS:
            source = ROOT / name
            (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp / name)
        log("measuring a full training in a temporary copy (FULL=1; several minutes) ...")
        env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
               "RASA_CACHE_DIRECTORY": str(tmp / "cache"),
               "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
        start = time.monotonic()
        subprocess.run(["nice", "-n", "10", str(BIN / "rasa"), "train", "--config", "config.yml", "--domain",
                        "domain.yml", "--data", "data", "--out", "models"],
                       cwd=tmp, env=env, check=True, stdout=subprocess.DEVNULL)
        return round(time.monotonic() - start)
