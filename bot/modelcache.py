"""The trained model is named by a hash of everything training reads, so it is retrained only on change."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable, List, Optional

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
# What the model depends on: training data, domain, pipeline, the knowledge base the data is generated
# from, the pinned library versions and the one trained component of Opas's own. (The others, in
# bot/rasa_components.py, are not trained: their code is loaded when the model runs.)
INPUTS = ("config.yml", "domain.yml", "data", "knowledge", "requirements.lock", "bot/intent_model.py")


def _files(root: Path, names: Iterable[str]) -> List[Path]:
    out = []
    for name in names:
        path = root / name
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        elif path.exists():
            out.append(path)
    return out


def inputs_hash(root: Path = ROOT, names: Iterable[str] = INPUTS) -> str:
    """A short hash of the named files and folders under root (contents and relative paths)."""
    digest = hashlib.sha256()
    for path in _files(root, names):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def model_name(root: Path = ROOT) -> str:
    return f"opas-{inputs_hash(root)}"


def current_model(root: Path = ROOT) -> Optional[Path]:
    path = root / "models" / f"{model_name(root)}.tar.gz"
    return path if path.exists() else None
