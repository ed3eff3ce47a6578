"""Every text Opas itself writes (not knowledge-base facts), per language, from bot/locales/."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Dict

import yaml

LOCALES = Path(__file__).resolve().parent / "locales"


@functools.lru_cache(maxsize=None)
def catalogue(lang: str) -> Dict[str, Any]:
    path = LOCALES / f"{lang}.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


def available() -> tuple:
    return tuple(sorted(p.stem for p in LOCALES.glob("*.yml")))


def t(key: str, lang: str, **values) -> str:
    """The message `key` ('card.phone') in `lang`, falling back to English."""
    for code in (lang, "en"):
        node: Any = catalogue(code)
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, str):
            return node.format(**values) if values else node
    raise KeyError(f"no message {key!r}")
