"""`python -m bot report`: what a maintainer should look at next.

Stale facts, topics a city has no service of its own for, texts missing in a language, and services that
no training example routes to (a newcomer cannot reach them by asking).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, Optional, Tuple

from . import languages
from .loader import check
from .messages import catalogue
from .model import KnowledgeBase, Service
from .routing import LOCAL, route
from .validation import WARNING


def flatten(node, prefix: str = "") -> Iterator[Tuple[str, object]]:
    """('chat.greet', text) for every message of a locale catalogue."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from flatten(value, f"{prefix}.{key}" if prefix else str(key))
    else:
        yield prefix, node


def missing_texts(kb: KnowledgeBase, langs=languages.SUPPORTED) -> List[str]:
    """Every text that exists in Finnish but not in one of `langs`, named by file and key."""
    missing = []
    for s in kb.services.values():
        for lang in langs:
            missing += [f"{s.path}: texts.{lang}.{f}" for f in s.texts["fi"] if not s.texts.get(lang, {}).get(f)]
            if lang not in s.organisation:
                missing.append(f"{s.path}: organisation.{lang}")
            for i, c in enumerate(s.contacts):
                if c.label and lang not in c.label:
                    missing.append(f"{s.path}: contacts[{i}].label.{lang}")
                if c.type == "hours" and lang not in c.value:
                    missing.append(f"{s.path}: contacts[{i}].value.{lang}")
    for t in kb.topics.values():
        missing += [f"knowledge/topics.yml: {t.id}.texts.{lang}" for lang in langs if lang not in t.texts]
    for c in kb.cities.values():
        missing += [f"knowledge/cities.yml: {c.id}.names.{lang}" for lang in langs if lang not in c.names]
    for r in kb.regions.values():
        missing += [f"knowledge/cities.yml: regions {r.id}.names.{lang}" for lang in langs if lang not in r.names]
    fi_keys = {k for k, _ in flatten(catalogue("fi"))}
    for lang in langs:
        keys = {k for k, _ in flatten(catalogue(lang))}
        missing += [f"bot/locales/{lang}.yml: {k}" for k in sorted(fi_keys - keys)]
    return missing


def topics_without_local_service(kb: KnowledgeBase) -> Dict[str, List[Tuple[str, str, Optional[str]]]]:
    """Per city: (topic, where Opas sends the newcomer instead: scope, service id)."""
    gaps = {}
    for city in kb.cities:
        rows = []
        for topic in kb.topics:
            if topic == "emergency":
                continue
            r = route(kb, topic, city)
            if r.scope != LOCAL:
                rows.append((topic, r.scope or "nothing", r.service.id if r.service else None))
        gaps[city] = rows
    return gaps


@dataclass
class Reach:
    main: List[str] = field(default_factory=list)  # services some training example is routed to
    alternative_only: List[str] = field(default_factory=list)  # offered only as a button beside another
    unreached: List[str] = field(default_factory=list)


def _home(service: Service) -> Optional[str]:
    """The city whose newcomers the service is for (None: everyone in Finland)."""
    return None if service.is_national else service.city


def reach(kb: KnowledgeBase, examples: Dict[str, List[str]]) -> Reach:
    """Which services a question from the training data (intent = topic) is routed to, in the service's city.

    A service is the main answer for its topic and city without any particular words, or some example's words make
    it so; failing that, it may still be shown as an alternative.
    """
    result = Reach()
    for service in kb.services.values():
        home = _home(service)
        plain = [route(kb, topic, home) for topic in service.topics]
        if any(r.service is service for r in plain):
            result.main.append(service.id)
            continue
        worded = (route(kb, topic, home, text) for topic in service.topics for text in examples.get(topic, ()))
        if any(r.service is service for r in worded):
            result.main.append(service.id)
        elif any(service in r.alternatives for r in plain):
            result.alternative_only.append(service.id)
        else:
            result.unreached.append(service.id)
    return result


def training_examples() -> Dict[str, List[str]]:
    from .generate import nlu_examples
    from .language import MARKUP

    by_intent = defaultdict(list)
    for intent, text in nlu_examples():
        by_intent[intent].append(MARKUP.sub(r"\1\2", text))
    return by_intent


def stale_facts(root=None, today: dt.date = None) -> List[str]:
    _, issues = check(root, today)
    return [str(i) for i in issues if i.severity == WARNING and "verified" in i.message]


def render(kb: KnowledgeBase, root=None, today: dt.date = None) -> str:
    out = ["# Opas maintainer report", ""]
    stale = stale_facts(root, today)
    out += [f"## Facts verified over 12 months ago ({len(stale)})", *(f"- {s}" for s in stale), ""]
    missing = missing_texts(kb)
    out += [f"## Texts missing in a language ({len(missing)})", *(f"- {m}" for m in missing), ""]
    r = reach(kb, training_examples())
    out += [f"## Services no training example reaches ({len(r.unreached)})",
            *(f"- {sid} ({kb.services[sid].path})" for sid in r.unreached),
            f"Shown only as an alternative beside another service ({len(r.alternative_only)}):",
            *(f"- {sid}" for sid in r.alternative_only), ""]
    gaps = topics_without_local_service(kb)
    out += [f"## Topics with no service of the city's own ({sum(map(len, gaps.values()))})"]
    for city, rows in gaps.items():
        if rows:
            out.append(f"- {kb.cities[city].name('en')}: " + ", ".join(
                f"{topic} → {scope} {sid or ''}".rstrip() for topic, scope, sid in rows))
    return "\n".join(out) + "\n"
