"""`python -m bot generate`: the Rasa training data that comes from knowledge/.

Writes data/nlu/generated/*.yml, deterministic (sorted, no timestamps), each saying in its first line
that it is generated. The test suite fails when they differ from what this command would write.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Dict, List

from .languages import ENDONYMS, REQUIRED
from .messages import catalogue
from .model import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "nlu" / "generated"
HEADER = "# Generated from knowledge/ by `python -m bot generate`. Do not edit: edit knowledge/ and rerun.\n"

# How people say they live in a city, per language; {city} is a typed form of the name.
CITY_TEMPLATES = {
    "fi": ["asun {city}", "{city}", "olen {city}", "muutin {city}"],
    "sv": ["jag bor i {city}", "i {city}", "{city}"],
    "en": ["I live in {city}", "in {city}", "{city}"],
}
# Finnish forms that answer "where do you live?" (inessive/adessive) and "where did you move?" (illative/allative).
FI_WHERE = re.compile(r"(ssa|ssä|lla|llä)$")
FI_WHITHER = re.compile(r"(an|en|in|on|un|yn|än|ön|ään|aan|seen|lle|hin|hun)$")


def _examples(lines: List[str]) -> str:
    return "".join(f"    - {line}\n" for line in lines)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("[", "").replace("]", "").replace("(", "").replace(")", "")).strip()


def topic_examples(kb: KnowledgeBase) -> Dict[str, List[str]]:
    """Short examples per topic intent: topic names and keywords, service names and keywords."""
    by_topic: Dict[str, set] = defaultdict(set)
    for topic in kb.topics.values():
        for lang in REQUIRED:
            by_topic[topic.id].add(_clean(topic.name(lang)))
            by_topic[topic.id].update(_clean(k) for k in topic.keywords.get(lang, ()))
    for service in kb.services.values():
        main = service.topics[0]
        for lang in REQUIRED:
            by_topic[main].update(_clean(k) for k in service.keywords.get(lang, ()))
    # a phrase under two topics teaches nothing: leave it to the hand-written examples
    owners: Dict[str, set] = defaultdict(set)
    for topic, phrases in by_topic.items():
        for phrase in phrases:
            owners[phrase.casefold()].add(topic)
    reserved = {n.casefold() for ns in language_names().values() for n in ns}  # these ask for a language
    city_words = {f.casefold() for c in kb.cities.values() for f in (*c.names.values(), *c.forms)}
    by_topic = {  # a city in a topic phrase is the inform_city intent's business
        topic: {" ".join(w for w in p.split() if w.casefold() not in city_words) for p in phrases}
        for topic, phrases in by_topic.items()
    }
    owners = defaultdict(set)
    for topic, phrases in by_topic.items():
        for phrase in phrases:
            owners[phrase.casefold()].add(topic)
    return {
        topic: sorted(p for p in phrases
                      if p and len(owners[p.casefold()]) == 1 and p.casefold() not in reserved and not p.startswith("#"))
        for topic, phrases in sorted(by_topic.items())
    }


def _lookup_with_synonyms(entity: str, names: Dict[str, set]) -> List[str]:
    """A lookup table of every name of an entity, and each name mapped to its value (id or code)."""
    lines = [f"- lookup: {entity}\n  examples: |\n", _examples(sorted({n for ns in names.values() for n in ns}))]
    for value in sorted(names):
        synonyms = sorted(n for n in names[value] if n != value)
        lines.append(f"- synonym: {value}\n  examples: |\n{_examples(synonyms)}")
    return lines


def city_data(kb: KnowledgeBase) -> str:
    forms: Dict[str, set] = {}
    for city in kb.cities.values():
        forms[city.id] = {f for f in (*city.names.values(), *city.forms) if f}
    lines = [HEADER, 'version: "3.1"\nnlu:\n'] + _lookup_with_synonyms("city", forms)
    examples = []
    for cid in sorted(forms):
        city = kb.cities[cid]
        fi_where = sorted(f for f in city.forms if FI_WHERE.search(f))[:2]
        fi_whither = sorted(f for f in city.forms if FI_WHITHER.search(f) and f not in fi_where)[:1]
        for f in fi_where:
            examples.append(f'asun [{f}]{{"entity": "city", "value": "{cid}"}}')
        for f in fi_whither:
            examples.append(f'muutin [{f}]{{"entity": "city", "value": "{cid}"}}')
        examples.append(f'jag bor i [{city.name("sv")}]{{"entity": "city", "value": "{cid}"}}')
        examples.append(f'I live in [{city.name("en")}]{{"entity": "city", "value": "{cid}"}}')
        examples.append(f'[{city.name("fi")}]{{"entity": "city", "value": "{cid}"}}')
    lines.append(f"- intent: inform_city\n  examples: |\n{_examples(sorted(set(examples)))}")
    return "".join(lines)


def language_names() -> Dict[str, set]:
    names: Dict[str, set] = defaultdict(set)
    for code, endonym in ENDONYMS.items():
        names[code].update(n.strip() for n in endonym.split("/"))
    for lang in REQUIRED:
        for code, name in (catalogue(lang).get("language_names") or {}).items():
            if code in ENDONYMS:
                names[code].update(n.strip() for n in name.split("/"))
    return names


def language_data() -> str:
    """Language names as the `language` entity, mapped to ISO codes, and examples of asking for one."""
    names = language_names()
    lines = [HEADER, 'version: "3.1"\nnlu:\n'] + _lookup_with_synonyms("language", names)
    examples = []
    for code in sorted(names):
        en = (catalogue("en").get("language_names") or {}).get(code, code).split("/")[0]
        sv = (catalogue("sv").get("language_names") or {}).get(code, code).split("/")[0]
        examples.append(f'in [{en}]{{"entity": "language", "value": "{code}"}} please')
        examples.append(f'på [{sv}]{{"entity": "language", "value": "{code}"}}')
        examples.append(f'[{ENDONYMS[code].split(" /")[0]}]{{"entity": "language", "value": "{code}"}}')
    lines.append(f"- intent: choose_language\n  examples: |\n{_examples(sorted(examples))}")
    return "".join(lines)


def service_choice_data(kb: KnowledgeBase) -> str:
    """Asking for a service by name; only names that one service alone has (buttons send the id)."""
    holders: Dict[str, set] = defaultdict(set)
    for service in kb.services.values():
        for lang in REQUIRED:
            holders[_clean(service.name(lang)).casefold()].add(service.id)
    examples = set()
    for service in kb.services.values():
        for lang, template in (("fi", "näytä {name}"), ("sv", "visa {name}"), ("en", "show me {name}")):
            name = _clean(service.name(lang))
            if len(holders[name.casefold()]) > 1:
                continue
            examples.add(template.format(name=f'[{name}]{{"entity": "service", "value": "{service.id}"}}'))
    return HEADER + 'version: "3.1"\nnlu:\n' + f"- intent: choose_service\n  examples: |\n{_examples(sorted(examples))}"


def city_phrases(kb: KnowledgeBase) -> Dict[str, List[str]]:
    """'in the city' per language: Vaasassa, i Vasa, in Vaasa ..."""
    out: Dict[str, List[str]] = {"fi": [], "sv": [], "en": []}
    for city in sorted(kb.cities.values(), key=lambda c: c.id):
        where = sorted(f for f in city.forms if FI_WHERE.search(f) and f[:1].isupper())
        if where:
            out["fi"].append(where[0])
        out["sv"].append(f"i {city.name('sv')}")
        out["en"].append(f"in {city.name('en')}")
    return out


def with_cities(kb: KnowledgeBase, per_language: int = 6) -> Dict[str, List[str]]:
    """Topic keywords with a city after them, so that naming a city does not make a message inform_city."""
    places = city_phrases(kb)
    out: Dict[str, List[str]] = {}
    for n, topic in enumerate(sorted(kb.topics.values(), key=lambda t: t.id)):
        phrases = []
        for lang in places:
            keywords = [_clean(k) for k in topic.keywords.get(lang, ())][:per_language]
            for i, keyword in enumerate(keywords):
                city = places[lang][(n * per_language + i) % len(places[lang])]
                phrases.append(f"{keyword} {city}")
        out[topic.id] = phrases
    return out


def nlu_examples(generated: bool = True, with_language: bool = False):
    """(intent, example) of every training example under data/nlu/, entity markup left in; with_language:
    (language, intent, example) of the hand-written ones, whose folder names their language."""
    import yaml

    for path in sorted((ROOT / "data" / "nlu").rglob("*.yml")):
        if path.parent == OUT and not (generated and not with_language):
            continue
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            for line in (item.get("examples") or "").splitlines():
                line = line.strip()[2:].strip()
                if line and item.get("intent"):
                    yield (path.parent.name, item["intent"], line) if with_language else (item["intent"], line)


def hand_written() -> set:
    """Examples written by hand (data/nlu/<lang>/): a generated phrase that repeats one adds nothing, and
    under another intent it would contradict it."""
    return {" ".join(text.casefold().split()) for _, text in nlu_examples(generated=False)}


def topic_data(kb: KnowledgeBase) -> str:
    lines = [HEADER, 'version: "3.1"\nnlu:\n']
    augmented = with_cities(kb)
    taken = hand_written()
    for topic, phrases in topic_examples(kb).items():
        extra = [p for p in augmented.get(topic, []) if p.casefold() not in {q.casefold() for q in phrases}]
        kept = sorted({p for p in phrases + extra if " ".join(p.casefold().split()) not in taken})
        lines.append(f"- intent: {topic}\n  examples: |\n{_examples(kept)}")
    return "".join(lines)


def render(kb: KnowledgeBase) -> Dict[Path, str]:
    return {
        OUT / "cities.yml": city_data(kb),
        OUT / "languages.yml": language_data(),
        OUT / "services.yml": service_choice_data(kb),
        OUT / "topics.yml": topic_data(kb),
    }


def write(kb: KnowledgeBase) -> List[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    changed = []
    for path, text in render(kb).items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale(kb: KnowledgeBase) -> List[Path]:
    return [p for p, text in render(kb).items() if not p.exists() or p.read_text(encoding="utf-8") != text]
