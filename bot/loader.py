"""Reads knowledge/ into the typed model, checking every rule of docs/knowledge-schema.md.

`check()` returns the model (or None) with every problem found; `load()` returns the model only when
there is no error, so a half-loaded knowledge base is never served.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml

from . import languages
from .model import (
    CONTACT_TYPES,
    NATIONAL,
    REQUIRED_TEXT_FIELDS,
    TEXT_FIELDS,
    City,
    Contact,
    KnowledgeBase,
    Region,
    Seed,
    Service,
    SourceRef,
    Topic,
)
from .validation import (
    ERROR,
    ID_PATTERN,
    LANG_PATTERN,
    PLACEHOLDER,
    WARNING,
    Issue,
    KnowledgeBaseError,
    date_problem,
    email_problem,
    is_stale,
    phone_problem,
    url_problem,
)

KNOWLEDGE_DIR = Path(os.environ.get("OPAS_KNOWLEDGE", Path(__file__).resolve().parent.parent / "knowledge"))

TOPIC_IDS = (
    "welcome_office", "housing", "kaikukortti", "language_courses", "health_check", "interpreting",
    "digital_support", "employment", "initial_assessment", "education_children", "hobbies",
    "mental_wellbeing", "emergency", "residence_permit", "social_security", "human_contact",
)  # fixed: tests outside the project rely on them

SERVICE_KEYS = {
    "id", "city", "area", "topics", "organisation", "texts", "keywords", "service_languages",
    "contacts", "see_also", "sources", "verified",
}
CONTACT_KEYS = {"type", "value", "label", "source", "verified"}


# libyaml's safe loader when PyYAML has it: the knowledge base loads in 0.2 s instead of 3 s, same line numbers
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _File:
    """One YAML file: its data, the line of every field, and the issues found in it."""

    def __init__(self, path: Path, root: Path, issues: List[Issue]):
        self.path = path
        self.name = str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)
        self.issues = issues
        self.lines: Dict[Tuple, int] = {}
        self.data: Any = None
        try:
            text = path.read_text(encoding="utf-8")
            self.data = yaml.load(text, Loader=YAML_LOADER)
            self._index_lines(yaml.compose(text, Loader=YAML_LOADER), ())
        except FileNotFoundError:
            self.error("(file)", "file missing")
        except UnicodeDecodeError as exc:
            self.error("(file)", f"not UTF-8 text ({exc.reason})")
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc)
            self.issues.append(
                Issue(self.name, "(yaml)", f"unreadable YAML: {problem}", ERROR, mark.line + 1 if mark else None)
            )
            self.data = None

    def _index_lines(self, node, trail: Tuple) -> None:
        if node is None:
            return
        self.lines.setdefault(trail, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                self.lines[trail + (key.value,)] = key.start_mark.line + 1
                self._index_lines(value, trail + (key.value,))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._index_lines(item, trail + (i,))

    def error(self, field, message, trail: Tuple = (), severity=ERROR) -> None:
        line = None
        while trail and line is None:
            line = self.lines.get(trail)
            trail = trail[:-1]
        self.issues.append(Issue(self.name, str(field), message, severity, line))


def _dotted(trail: Tuple) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in trail).replace(".[", "[")


class _Checker:
    def __init__(self, root: Path, today: dt.date, required: Tuple[str, ...]):
        self.root = root
        self.today = today
        self.required = required
        self.issues: List[Issue] = []
        self.files: Dict[str, _File] = {}

    # ---- small typed readers; each reports a problem and returns a safe default ----
    def text(self, f: _File, value, trail, required=True) -> str:
        if value is None or value == "":
            if required:
                f.error(_dotted(trail), "missing", trail)
            return ""
        if not isinstance(value, str):
            f.error(_dotted(trail), f"must be text, not {type(value).__name__}", trail)
            return str(value)
        if PLACEHOLDER.search(value):
            f.error(_dotted(trail), "placeholder text (TODO) must be filled in before release", trail)
        return value.strip()

    def mapping(self, f: _File, value, trail, required=True) -> dict:
        if value is None:
            if required:
                f.error(_dotted(trail), "missing", trail)
            return {}
        if not isinstance(value, dict):
            f.error(_dotted(trail), "must be a mapping (key: value)", trail)
            return {}
        return value

    def listing(self, f: _File, value, trail, required=True) -> list:
        if value is None:
            if required:
                f.error(_dotted(trail), "missing", trail)
            return []
        if not isinstance(value, list):
            f.error(_dotted(trail), "must be a list", trail)
            return []
        return value

    def per_language(self, f: _File, value, trail, required=True) -> Dict[str, str]:
        """{lang: text} with every required language present."""
        data = self.mapping(f, value, trail, required)
        out = {}
        for lang, text in data.items():
            if not isinstance(lang, str) or not LANG_PATTERN.match(lang):
                f.error(_dotted(trail + (lang,)), f"unknown language code {lang!r}", trail + (lang,))
                continue
            out[lang] = self.text(f, text, trail + (lang,))
        if data or required:
            for lang in self.required:
                if lang not in data:
                    f.error(_dotted(trail), f"missing required language '{lang}'", trail)
        return out

    def date(self, f: _File, value, trail) -> dt.date:
        if value is None:
            f.error(_dotted(trail), "missing (write YYYY-MM-DD)", trail)
            return self.today
        problem = date_problem(value, self.today)
        if problem:
            f.error(_dotted(trail), problem, trail)
            return self.today
        if is_stale(value, self.today):
            f.error(_dotted(trail), f"verified {value}, over 12 months ago: check the fact again", trail, WARNING)
        return value

    def source(self, f: _File, value, trail, seeds) -> str:
        ref = self.text(f, value, trail)
        if not ref:
            return ref
        if ref.startswith(("http://", "https://")):
            problem = url_problem(ref)
            if problem:
                f.error(_dotted(trail), f"{problem}: {ref!r}", trail)
        elif ref not in seeds:
            f.error(_dotted(trail), f"unknown source file {ref!r} (not in knowledge/seeds.yml)", trail)
        return ref

    # ---- files ----
    def seeds(self) -> Dict[str, Seed]:
        f = _File(self.root / "seeds.yml", self.root, self.issues)
        out = {}
        for i, item in enumerate(self.listing(f, self.mapping(f, f.data, ()).get("seeds"), ("seeds",))):
            item = self.mapping(f, item, ("seeds", i))
            name = self.text(f, item.get("file"), ("seeds", i, "file"))
            out[name] = Seed(name, self.text(f, item.get("title"), ("seeds", i, "title")), str(item.get("language", "")))
        return out

    def topics(self) -> Dict[str, Topic]:
        f = _File(self.root / "topics.yml", self.root, self.issues)
        out: Dict[str, Topic] = {}
        for i, item in enumerate(self.listing(f, self.mapping(f, f.data, ()).get("topics"), ("topics",))):
            trail = ("topics", i)
            item = self.mapping(f, item, trail)
            tid = self.text(f, item.get("id"), trail + ("id",))
            if tid in out:
                f.error(_dotted(trail + ("id",)), f"duplicate topic id {tid!r}", trail + ("id",))
            elif tid and tid not in TOPIC_IDS:
                f.error(_dotted(trail + ("id",)), f"unknown topic id {tid!r}; the topic ids are fixed", trail + ("id",))
            texts = {}
            for lang, entry in self.mapping(f, item.get("texts"), trail + ("texts",)).items():
                entry = self.mapping(f, entry, trail + ("texts", lang))
                texts[lang] = {
                    k: self.text(f, entry.get(k), trail + ("texts", lang, k)) for k in ("name", "description")
                }
            for lang in self.required:
                if lang not in texts:
                    f.error(_dotted(trail + ("texts",)), f"missing required language '{lang}'", trail + ("texts",))
            out[tid] = Topic(tid, texts, self.keywords(f, item.get("keywords"), trail + ("keywords",)))
        for tid in TOPIC_IDS:
            if tid not in out:
                f.error("topics", f"topic {tid!r} is missing")
        return out

    def keywords(self, f: _File, value, trail) -> Dict[str, Tuple[str, ...]]:
        out = {}
        for lang, words in self.mapping(f, value, trail, required=False).items():
            words = self.listing(f, words, trail + (lang,))
            out[lang] = tuple(self.text(f, w, trail + (lang, j)) for j, w in enumerate(words))
        return out

    def cities(self) -> Tuple[Dict[str, City], Dict[str, Region], _File]:
        f = _File(self.root / "cities.yml", self.root, self.issues)
        data = self.mapping(f, f.data, ())
        regions: Dict[str, Region] = {}
        for i, item in enumerate(self.listing(f, data.get("regions"), ("regions",))):
            item = self.mapping(f, item, ("regions", i))
            rid = self.text(f, item.get("id"), ("regions", i, "id"))
            regions[rid] = Region(rid, self.per_language(f, item.get("names"), ("regions", i, "names")))
        cities: Dict[str, City] = {}
        for i, item in enumerate(self.listing(f, data.get("cities"), ("cities",))):
            trail = ("cities", i)
            item = self.mapping(f, item, trail)
            cid = self.text(f, item.get("id"), trail + ("id",))
            if cid and not ID_PATTERN.match(cid):
                f.error(_dotted(trail + ("id",)), f"city id {cid!r}: use lowercase a-z, 0-9 and '_'", trail + ("id",))
            if cid in cities:
                f.error(_dotted(trail + ("id",)), f"duplicate city id {cid!r}", trail + ("id",))
            region = self.text(f, item.get("region"), trail + ("region",))
            if region and region not in regions:
                f.error(_dotted(trail + ("region",)), f"unknown region {region!r}", trail + ("region",))
            forms = self.listing(f, item.get("forms"), trail + ("forms",), required=False)
            cities[cid] = City(
                cid,
                self.per_language(f, item.get("names"), trail + ("names",)),
                tuple(self.text(f, x, trail + ("forms", j)) for j, x in enumerate(forms)),
                region,
                item.get("advice_service"),
            )
        return cities, regions, f

    def service(self, path: Path, cities, topics, seeds) -> Optional[Service]:
        f = _File(path, self.root, self.issues)
        self.files[f.name] = f
        if f.data is None and not any(i.path == f.name for i in self.issues):
            f.error("(file)", "empty file")
        if f.data is None:
            return None
        data = self.mapping(f, f.data, ())
        for key in data:
            if key not in SERVICE_KEYS:
                f.error(str(key), f"unknown field (known: {', '.join(sorted(SERVICE_KEYS))})", (key,))
        sid = self.text(f, data.get("id"), ("id",))
        if sid and not ID_PATTERN.match(sid):
            f.error("id", f"{sid!r}: use lowercase a-z, 0-9 and '-'", ("id",))
        city = self.text(f, data.get("city"), ("city",))
        if city and city != NATIONAL and city not in cities:
            f.error("city", f"unknown city {city!r} (not in knowledge/cities.yml)", ("city",))
        if city and path.parent.name != city:
            f.error("city", f"file is in folder {path.parent.name!r} but city is {city!r}", ("city",))
        if sid and path.stem != sid:
            f.error("id", f"file name {path.name!r} does not match id {sid!r}", ("id",))
        if sid and city and not sid.startswith(city + "-"):
            f.error("id", f"id {sid!r} should start with its city '{city}-'", ("id",))

        area_raw = self.listing(f, data.get("area"), ("area",), required=False)
        area = tuple(self.text(f, a, ("area", j)) for j, a in enumerate(area_raw)) or (
            () if city == NATIONAL else (city,)
        )
        for j, a in enumerate(area):
            if a not in cities:
                f.error(f"area[{j}]", f"unknown city {a!r}", ("area", j))

        topic_list = self.listing(f, data.get("topics"), ("topics",))
        if not topic_list and "topics" in data:
            f.error("topics", "give at least one topic", ("topics",))
        for j, t in enumerate(topic_list):
            if t not in topics:
                f.error(f"topics[{j}]", f"unknown topic {t!r} (see knowledge/topics.yml)", ("topics", j))

        texts: Dict[str, Dict[str, str]] = {}
        for lang, entry in self.mapping(f, data.get("texts"), ("texts",)).items():
            trail = ("texts", lang)
            if not isinstance(lang, str) or not LANG_PATTERN.match(lang):
                f.error(_dotted(trail), f"unknown language code {lang!r}", trail)
                continue
            entry = self.mapping(f, entry, trail)
            for key in entry:
                if key not in TEXT_FIELDS:
                    f.error(_dotted(trail + (key,)), f"unknown text field (known: {', '.join(TEXT_FIELDS)})", trail + (key,))
            texts[lang] = {
                k: self.text(f, entry.get(k), trail + (k,), required=k in REQUIRED_TEXT_FIELDS)
                for k in TEXT_FIELDS
                if k in REQUIRED_TEXT_FIELDS or entry.get(k) is not None
            }
        if "texts" in data:
            for lang in self.required:
                if lang not in texts:
                    f.error("texts", f"missing required language '{lang}'", ("texts",))

        service_languages = self.listing(f, data.get("service_languages"), ("service_languages",), required=False)
        for j, code in enumerate(service_languages):
            if not isinstance(code, str) or not LANG_PATTERN.match(code):
                f.error(f"service_languages[{j}]", f"not a language code: {code!r}", ("service_languages", j))

        contacts = []
        for j, item in enumerate(self.listing(f, data.get("contacts"), ("contacts",), required=False)):
            contact = self.contact(f, item, ("contacts", j), seeds)
            if contact:
                contacts.append(contact)

        see_also = tuple(
            self.text(f, x, ("see_also", j))
            for j, x in enumerate(self.listing(f, data.get("see_also"), ("see_also",), required=False))
        )
        sources = []
        for j, item in enumerate(self.listing(f, data.get("sources"), ("sources",))):
            item = self.mapping(f, item, ("sources", j))
            ref = self.source(f, item.get("ref"), ("sources", j, "ref"), seeds)
            section = item.get("section")
            sources.append(SourceRef(ref, self.text(f, section, ("sources", j, "section")) if section else None))
        if "sources" in data and not sources:
            f.error("sources", "give at least one source", ("sources",))

        return Service(
            id=sid,
            city=city,
            area=area,
            topics=tuple(topic_list),
            organisation=self.per_language(f, data.get("organisation"), ("organisation",)),
            texts=texts,
            keywords=self.keywords(f, data.get("keywords"), ("keywords",)),
            service_languages=tuple(str(x) for x in service_languages),
            contacts=tuple(contacts),
            see_also=see_also,
            sources=tuple(sources),
            verified=self.date(f, data.get("verified"), ("verified",)),
            path=f.name,
        )

    def contact(self, f: _File, item, trail, seeds) -> Optional[Contact]:
        item = self.mapping(f, item, trail)
        if not item:
            return None
        for key in item:
            if key not in CONTACT_KEYS:
                f.error(_dotted(trail + (key,)), f"unknown contact field (known: {', '.join(sorted(CONTACT_KEYS))})", trail + (key,))
        kind = item.get("type")
        if kind not in CONTACT_TYPES:
            f.error(_dotted(trail + ("type",)), f"unknown contact type {kind!r} (known: {', '.join(CONTACT_TYPES)})", trail + ("type",))
            return None
        vtrail = trail + ("value",)
        if kind == "hours":
            value: object = self.per_language(f, item.get("value"), vtrail)
        else:
            value = self.text(f, item.get("value"), vtrail)
            check = {"phone": phone_problem, "email": email_problem, "url": url_problem}.get(kind)
            problem = check(value) if check and value else None
            if problem:
                f.error(_dotted(vtrail), f"malformed {kind} {value!r}: {problem}", vtrail)
        label = self.per_language(f, item.get("label"), trail + ("label",), required=False)
        source = self.source(f, item.get("source"), trail + ("source",), seeds)
        verified = self.date(f, item.get("verified"), trail + ("verified",))
        return Contact(kind, value, source, verified, label)


def check(root: Path = None, today: dt.date = None, required=languages.REQUIRED):
    """Read and check the whole knowledge base: (KnowledgeBase or None, issues)."""
    root = Path(root or KNOWLEDGE_DIR)
    today = today or dt.date.today()
    checker = _Checker(root, today, tuple(required))
    if not root.is_dir():
        return None, [Issue(str(root), "(folder)", "knowledge folder not found")]
    seeds = checker.seeds()
    topics = checker.topics()
    cities, regions, cities_file = checker.cities()

    services: Dict[str, Service] = {}
    for path in sorted((root / "services").glob("*/*.yml")) + sorted((root / "services").glob("*/*.yaml")):
        service = checker.service(path, cities, topics, seeds)
        if service is None:
            continue
        if service.id in services:
            checker.issues.append(
                Issue(service.path, "id", f"duplicate id {service.id!r}, also in {services[service.id].path}")
            )
            continue
        services[service.id] = service
    stray = [p for p in (root / "services").glob("*") if p.is_file()]
    for p in stray:
        checker.issues.append(Issue(str(p.relative_to(root.parent)), "(file)", "service files go in services/<city>/"))

    for service in services.values():
        for j, other in enumerate(service.see_also):
            if other not in services:
                checker.files[service.path].error(f"see_also[{j}]", f"no service with id {other!r}", ("see_also", j))
    for i, city in enumerate(cities.values()):
        if city.advice_service and city.advice_service not in services:
            cities_file.error(
                f"cities[{i}].advice_service", f"no service with id {city.advice_service!r}", ("cities", i, "advice_service")
            )
    for topic in topics:
        if not any(topic in s.topics for s in services.values()):
            checker.issues.append(Issue("knowledge/services", "topics", f"no service covers topic {topic!r}", WARNING))

    kb = KnowledgeBase(services, cities, regions, topics, seeds)
    if any(i.severity == ERROR for i in checker.issues):
        return None, checker.issues
    return kb, checker.issues


def load(root: Path = None, today: dt.date = None) -> KnowledgeBase:
    """The knowledge base, or KnowledgeBaseError naming every error: never half of it."""
    kb, issues = check(root, today)
    if kb is None:
        raise KnowledgeBaseError(issues)
    return kb


_cache: Dict[str, KnowledgeBase] = {}


def load_cached(root: Path = None) -> KnowledgeBase:
    """One knowledge base per process: the actions and the web server call this on every request."""
    key = str(root or KNOWLEDGE_DIR)
    if key not in _cache:
        _cache[key] = load(root)
    return _cache[key]
