"""`python -m bot import-translations DIR --lang XX`: merges a translator's delivery into knowledge/.

A delivery for one language is a folder with
    services/<service id>.yml   texts.<lang>, organisation.<lang>, keywords.<lang>, contacts: [{index, label, hours}]
    topics.yml                  <topic id>: {name, description, keywords}
    cities.yml                  cities: {<city id>: {name, forms}}, regions: {<region id>: name}
Facts (phones, addresses, URLs, sources) are never taken from a delivery: only texts in the new language.
Files are rewritten with ruamel.yaml in round-trip mode, so comments and layout of knowledge/ are kept.
"""
from __future__ import annotations

from pathlib import Path
from typing import List

from ruamel.yaml import YAML

from .loader import KNOWLEDGE_DIR


def _yaml() -> YAML:
    y = YAML()  # round-trip
    y.preserve_quotes = True
    y.width = 120
    y.allow_unicode = True
    return y


def _merge_service(y: YAML, path: Path, delivery: dict, lang: str) -> None:
    data = y.load(path.read_text(encoding="utf-8"))
    texts = (delivery.get("texts") or {}).get(lang)
    if texts:
        data["texts"][lang] = {k: v for k, v in texts.items() if k in data["texts"]["en"] and v}
    organisation = (delivery.get("organisation") or {}).get(lang)
    if organisation:
        data["organisation"][lang] = organisation
    keywords = (delivery.get("keywords") or {}).get(lang)
    if keywords:
        data.setdefault("keywords", {})[lang] = [str(k) for k in keywords]
    contacts = data.get("contacts") or []
    for item in delivery.get("contacts") or []:
        i = item.get("index")
        if not isinstance(i, int) or not 0 <= i < len(contacts):
            continue
        if item.get("label") and contacts[i].get("label"):
            contacts[i]["label"][lang] = item["label"]
        if item.get("hours") and contacts[i].get("type") == "hours":
            contacts[i]["value"][lang] = item["hours"]
    with path.open("w", encoding="utf-8") as f:
        y.dump(data, f)


def import_language(delivery: Path, lang: str, root: Path = KNOWLEDGE_DIR) -> List[str]:
    y = _yaml()
    done = []
    files = {p.stem: p for p in (root / "services").glob("*/*.yml")}
    for item in sorted((delivery / "services").glob("*.yml")):
        if item.stem in files:
            _merge_service(y, files[item.stem], y.load(item.read_text(encoding="utf-8")) or {}, lang)
            done.append(item.stem)
    topics_file = delivery / "topics.yml"
    if topics_file.exists():
        given = y.load(topics_file.read_text(encoding="utf-8")) or {}
        data = y.load((root / "topics.yml").read_text(encoding="utf-8"))
        for topic in data["topics"]:
            entry = given.get(topic["id"])
            if entry:
                topic["texts"][lang] = {"name": entry["name"], "description": entry["description"]}
                if entry.get("keywords"):
                    topic.setdefault("keywords", {})[lang] = [str(k) for k in entry["keywords"]]
        with (root / "topics.yml").open("w", encoding="utf-8") as f:
            y.dump(data, f)
        done.append("topics")
    cities_file = delivery / "cities.yml"
    if cities_file.exists():
        given = y.load(cities_file.read_text(encoding="utf-8")) or {}
        data = y.load((root / "cities.yml").read_text(encoding="utf-8"))
        for region in data["regions"]:
            name = (given.get("regions") or {}).get(region["id"])
            if name:
                region["names"][lang] = name
        for city in data["cities"]:
            entry = (given.get("cities") or {}).get(city["id"])
            if entry:
                city["names"][lang] = entry["name"]
                forms = [f for f in [entry["name"], *(entry.get("forms") or [])] if f not in city["forms"]]
                city["forms"].extend(dict.fromkeys(forms))
        with (root / "cities.yml").open("w", encoding="utf-8") as f:
            y.dump(data, f)
        done.append("cities")
    return done
