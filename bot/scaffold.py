"""`python -m bot new-service` and `new-city`: a new file with every field and language as a marked TODO.

The validator refuses any TODO, so a half-written service or city can never reach newcomers.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ruamel.yaml import YAML

from . import languages
from .loader import KNOWLEDGE_DIR
from .model import TEXT_FIELDS

TODO = "TODO"


def _todo(what: str) -> str:
    return f"{TODO}: {what}"


def service_template(sid: str, city: str, topic: str) -> dict:
    every = languages.SUPPORTED
    return {
        "id": sid,
        "city": city,
        "topics": [topic],
        "organisation": {lang: _todo("who is responsible") for lang in every},
        "texts": {
            lang: {field: _todo(f"{field} in {languages.ENDONYMS[lang]}") for field in TEXT_FIELDS}
            for lang in every
        },
        "keywords": {lang: [_todo("words people type for this service")] for lang in every},
        "service_languages": ["fi"],
        "contacts": [{
            "type": "url",
            "value": "https://www.example.fi/TODO",
            "source": _todo("the page or seed file that gives this fact"),
            "verified": dt.date.today(),
        }],
        "sources": [{"ref": _todo("seed file name or https:// address"), "section": _todo("section")}],
        "verified": dt.date.today(),
    }


def new_service(sid: str, city: str, topic: str, root: Path = KNOWLEDGE_DIR) -> Path:
    path = root / "services" / city / f"{sid}.yml"
    if path.exists():
        raise FileExistsError(f"{path} exists already")
    path.parent.mkdir(parents=True, exist_ok=True)
    yaml = YAML()
    yaml.width = 120
    with path.open("w", encoding="utf-8") as f:
        f.write("# New service: replace every TODO (all ten languages), then run `make update`.\n"
                "# Contacts only where a source gives them; see docs/maintainers.md.\n")
        yaml.dump(service_template(sid, city, topic), f)
    return path


def new_city(cid: str, region: str, root: Path = KNOWLEDGE_DIR) -> None:
    """Appends a city to cities.yml with TODO names and forms."""
    yaml = YAML()
    yaml.width = 120
    path = root / "cities.yml"
    data = yaml.load(path.read_text(encoding="utf-8"))
    if any(c["id"] == cid for c in data["cities"]):
        raise ValueError(f"city {cid!r} exists already")
    data["cities"].append({
        "id": cid,
        "names": {lang: _todo(f"name in {languages.ENDONYMS[lang]}") for lang in languages.SUPPORTED},
        "forms": [_todo("inflected forms, e.g. Porissa, Poriin, Porista")],
        "region": region,
        "advice_service": "national-infofinland",
    })
    with path.open("w", encoding="utf-8") as f:
        yaml.dump(data, f)
