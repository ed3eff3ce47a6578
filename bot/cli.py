"""python -m bot COMMAND: the command line of Opas for staff and maintainers."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import List, Optional

from . import languages, loader
from .cards import card, render
from .messages import t
from .validation import ERROR, WARNING


def cmd_validate(args) -> int:
    kb, issues = loader.check(args.knowledge)
    for issue in sorted(issues, key=lambda i: (i.severity != ERROR, i.path, i.line or 0)):
        print(issue, file=sys.stderr if issue.severity == ERROR else sys.stdout)
    errors = sum(i.severity == ERROR for i in issues)
    warnings = sum(i.severity == WARNING for i in issues)
    if errors:
        print(f"knowledge base: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
        return 1
    print(
        f"knowledge base OK: {len(kb.services)} services, {len(kb.cities)} cities, "
        f"{len(kb.topics)} topics, {warnings} warning(s)"
    )
    return 0


def _knowledge(args):
    """The knowledge base, or None after printing why it cannot be served."""
    try:
        return loader.load(args.knowledge)
    except loader.KnowledgeBaseError as exc:
        print(exc, file=sys.stderr)
        return None


def cmd_lookup(args) -> int:
    from .retrieval import index_for

    kb = _knowledge(args)
    if kb is None:
        return 2
    for value, known, what in ((args.city, kb.cities, "city"), (args.topic, kb.topics, "topic")):
        if value and value not in known:
            print(f"unknown {what} {value!r}; known: {', '.join(sorted(known))}", file=sys.stderr)
            return 2
    query = " ".join(args.query).strip()
    if not query and not (args.city or args.topic):
        print("give words to search for, or --city / --topic", file=sys.stderr)
        return 2
    hits = index_for(kb).search(query, city=args.city, topic=args.topic, lang=args.lang, limit=args.limit)
    cards = [card(h.service, args.lang, kb, h.score) for h in hits]
    if args.json:
        print(json.dumps(cards, ensure_ascii=False, indent=2))
    elif not cards:
        print(t("lookup.no_results", args.lang))
    else:
        print("\n\n".join(render(c, kb) for c in cards))
    return 0


def cmd_generate(args) -> int:
    from . import generate

    kb = _knowledge(args)
    if kb is None:
        return 2
    if args.check:
        stale = generate.stale(kb)
        for path in stale:
            print(f"stale: {path} (run `python -m bot generate`)", file=sys.stderr)
        return 1 if stale else 0
    for path in generate.write(kb):
        print(f"wrote {path}")
    return 0


def cmd_report(args) -> int:
    from . import report

    kb = _knowledge(args)
    if kb is None:
        return 2
    print(report.render(kb, args.knowledge), end="")
    return 0


def cmd_serve(args) -> int:
    from . import serve

    return serve.main(args.model)


def cmd_import_translations(args) -> int:
    from .translations import import_language

    done = import_language(args.folder, args.lang, args.knowledge or loader.KNOWLEDGE_DIR)
    print(f"merged {len(done)} file(s) of {args.lang}; now run `python -m bot validate`")
    return 0


def cmd_web(args) -> int:
    from .web.server import main as web_main

    web_main(args.port)
    return 0


def cmd_new_service(args) -> int:
    from .scaffold import new_service

    kb = _knowledge(args)
    if kb is None:
        return 2
    if args.city != "national" and args.city not in kb.cities:
        print(f"unknown city {args.city!r}; add it first with `python -m bot new-city`", file=sys.stderr)
        return 2
    if args.topic not in kb.topics:
        print(f"unknown topic {args.topic!r}; known: {', '.join(kb.topics)}", file=sys.stderr)
        return 2
    sid = args.id if args.id.startswith(args.city + "-") else f"{args.city}-{args.id}"
    if sid in kb.services:
        print(f"a service {sid!r} exists already: {kb.services[sid].path}", file=sys.stderr)
        return 2
    path = new_service(sid, args.city, args.topic, args.knowledge or loader.KNOWLEDGE_DIR)
    print(f"wrote {path}: replace every TODO, then run `make update`")
    return 0


def cmd_new_city(args) -> int:
    from .scaffold import new_city

    kb = _knowledge(args)
    if kb is None:
        return 2
    if args.region not in kb.regions:
        print(f"unknown region {args.region!r}; known: {', '.join(kb.regions)}", file=sys.stderr)
        return 2
    try:
        new_city(args.id, args.region, args.knowledge or loader.KNOWLEDGE_DIR)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"added {args.id} to knowledge/cities.yml: replace every TODO, then run `make update`")
    return 0


def cmd_purge(args) -> int:
    from .retention import open_store, purge

    try:
        store = open_store(args.endpoints)
        deleted = purge(store, args.older_than, dry_run=args.dry_run)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    verb = "would delete" if args.dry_run else "deleted"
    print(f"{verb} {len(deleted)} conversation(s) whose last message is older than {args.older_than:g} days")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Opas: guidance for newcomers.")
    parser.add_argument("--knowledge", type=Path, default=None, help="knowledge folder (default: knowledge/)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check the knowledge base; exit 1 on errors")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("lookup", help="find services, best first (staff quick-lookup)")
    p.add_argument("query", nargs="*", help="words in any supported language")
    p.add_argument("--city", help="city id, e.g. vaasa")
    p.add_argument("--topic", help="topic id, e.g. housing")
    p.add_argument("--lang", default="en", choices=languages.SUPPORTED, help="language of the cards")
    p.add_argument("--limit", type=int, default=5)
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.set_defaults(func=cmd_lookup)
    p = sub.add_parser("generate", help="write the Rasa training data that comes from knowledge/")
    p.add_argument("--check", action="store_true", help="only check that the generated files are current")
    p.set_defaults(func=cmd_generate)
    p = sub.add_parser("new-service", help="write a new service file with every field as a TODO")
    p.add_argument("id", help="short name, e.g. language-cafe (the city id is put in front)")
    p.add_argument("--city", required=True, help="city id, or national")
    p.add_argument("--topic", required=True, help="main topic id")
    p.set_defaults(func=cmd_new_service)

    p = sub.add_parser("new-city", help="add a city to cities.yml with its names as TODOs")
    p.add_argument("id", help="city id, e.g. pori")
    p.add_argument("--region", required=True, help="region id from cities.yml")
    p.set_defaults(func=cmd_new_city)

    p = sub.add_parser("report", help="what needs a maintainer: stale facts, gaps, missing texts, unreached services")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("import-translations", help="merge a translator's delivery for one language")
    p.add_argument("folder", type=Path)
    p.add_argument("--lang", required=True, choices=languages.SUPPORTED)
    p.set_defaults(func=cmd_import_translations)

    p = sub.add_parser("web", help="serve the demo page, the staff page and the lookup API (WEB_PORT)")
    p.add_argument("--port", type=int, default=None)
    p.set_defaults(func=cmd_web)

    from .retention import retention_days

    p = sub.add_parser("purge", help="delete conversations older than the retention period from the tracker store")
    p.add_argument("--older-than", type=float, default=retention_days(), metavar="DAYS",
                   help="days since a conversation's last message (default: OPAS_RETENTION_DAYS or 30)")
    p.add_argument("--endpoints", type=Path, default=Path("endpoints.yml"), help="Rasa endpoints file")
    p.add_argument("--dry-run", action="store_true", help="only count what would be deleted")
    p.set_defaults(func=cmd_purge)

    p = sub.add_parser("serve", help="run the action server and the Rasa server (make run)")
    p.add_argument("model", help="path of the trained model")
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
