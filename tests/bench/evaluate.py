"""`make eval`: Opas against baselines on the held-out files, per language and per topic.

The held-out files (tests/heldout/*.yml) are never used for training (tests/test_generated.py checks).
- Intents: accuracy and macro-F1 (over the labelled intents: a fallback is a miss of the true intent, not
  a class of its own), Opas's model against Rasa's default pipeline trained on the same data/
  (tests/bench/rasa_init_nlu.py), trained in this command when its inputs changed.
- Routing: the predicted topic, and where the message names a city the service for that city, compared
  with the route of the labelled topic and city; against the staff lookup used as a router
  (tests/bench/bm25_router.py).
- Language identification: Opas's handling against lingua alone (the same ten languages, nothing else).
- `rasa test nlu --cross-validation` on data/ (tests/bench/crossval.py).
Writes var/eval.json, every held-out miss to var/eval-misses.yml, a confusion matrix per language to
docs/img/confusion-<lang>.png and the quality section of docs/benchmarks.md (tests/bench/report.py).
Development only: OPAS_EVAL_LIMIT=N evaluates the first N messages per language.
"""
import asyncio
import json
import os
import subprocess
import time
from pathlib import Path

import yaml
from sklearn.metrics import accuracy_score, f1_score

from bot import conversation, loader
from bot.language import CODE, _detector, identifier_for
from bot.routing import route

from . import bm25_router, confusion, crossval, machine, rasa_init_nlu, rasa_logs, report

ROOT = Path(__file__).resolve().parents[2]
IMG = ROOT / "docs" / "img"


async def parse_all(model, texts):
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [(await agent.parse_message(t))["intent"]["name"] for t in texts]


def heldout() -> dict:
    limit = int(os.environ.get("OPAS_EVAL_LIMIT", 0)) or None
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))[:limit]
            for path in sorted((ROOT / "tests/heldout").glob("*.yml"))}


def intent_scores(gold, pred) -> dict:
    return {"intent_accuracy": round(accuracy_score(gold, pred), 3),
            "macro_f1": round(f1_score(gold, pred, labels=sorted(set(gold)), average="macro", zero_division=0), 3)}


def ratio(a, b):
    return round(a / b, 2) if a is not None and b else None


def routing(kb, items, pred, lang) -> dict:
    """Routing accuracy of Opas (predicted intent) and of the lookup as router, over the topic messages."""
    topic_ok = topic_bm25 = service_ok = service_bm25 = service_n = 0
    topic_items = [(i, p) for i, p in zip(items, pred) if i["intent"] in kb.topics]
    per_topic = {}
    for i, p in topic_items:
        looked_up = bm25_router.route(kb, i["text"], lang)
        opas_right, bm25_right = i["intent"] == p, bool(looked_up and i["intent"] in looked_up.topics)
        topic_ok += opas_right
        topic_bm25 += bm25_right
        counts = per_topic.setdefault(i["intent"], [0, 0, 0])
        counts[0] += 1
        counts[1] += opas_right
        counts[2] += bm25_right
        if i.get("city"):
            service_n += 1
            want = route(kb, i["intent"], i["city"]).service
            got = route(kb, p, conversation.city_in(i["text"])).service if p in kb.topics else None
            service_ok += bool(want and got and want.id == got.id)
            service_bm25 += bool(want and looked_up and want.id == looked_up.id)
    n = len(topic_items)
    return {
        "routing_topic": round(topic_ok / n, 3), "routing_topic_bm25": round(topic_bm25 / n, 3),
        "routing_service": round(service_ok / service_n, 3) if service_n else None,
        "routing_service_bm25": round(service_bm25 / service_n, 3) if service_n else None,
        "service_n": service_n, "per_topic": per_topic,
    }


def main():
    started = time.monotonic()
    model = subprocess.run([str(ROOT / "scripts/train")], cwd=ROOT, capture_output=True, text=True, check=True)
    model = ROOT / model.stdout.strip().splitlines()[-1]
    base_model, base_facts = rasa_init_nlu.model()
    cv = crossval.results()
    kb = loader.load()
    identifier = identifier_for(kb)
    sets = heldout()
    texts = [i["text"] for items in sets.values() for i in items]
    print(f"parsing {len(texts)} held-out messages with both models ...", flush=True)
    rasa_logs.quiet()
    opas_all = asyncio.run(parse_all(model, texts))
    base_all = asyncio.run(parse_all(base_model, texts))

    languages, misses, topics, pairs = {}, [], {}, {}
    gold_all, at = [], 0
    for lang, items in sets.items():
        gold = [i["intent"] for i in items]
        pred, base = opas_all[at:at + len(items)], base_all[at:at + len(items)]
        at += len(items)
        gold_all += gold
        opas, baseline = intent_scores(gold, pred), intent_scores(gold, base)
        r = routing(kb, items, pred, lang)
        for topic, (n, ok, bm25) in r.pop("per_topic").items():
            t = topics.setdefault(topic, [0, 0, 0])
            t[0], t[1], t[2] = t[0] + n, t[1] + ok, t[2] + bm25
        # a message asking for another language ("puhu englantia") is rightly answered in that language
        written = [i for i in items if i["intent"] != "choose_language"]
        lid = sum(identifier.guess(i["text"]).language == lang for i in written) / len(written)
        lingua = sum(CODE.get(_detector().detect_language_of(i["text"])) == lang for i in written) / len(written)
        languages[lang] = {
            "n": len(items), **opas,
            "intent_accuracy_rasa_init": baseline["intent_accuracy"], "macro_f1_rasa_init": baseline["macro_f1"],
            "macro_f1_ratio": ratio(opas["macro_f1"], baseline["macro_f1"]),
            **r,
            "routing_topic_ratio": ratio(r["routing_topic"], r["routing_topic_bm25"]),
            "routing_service_ratio": ratio(r["routing_service"], r["routing_service_bm25"]),
            "language_id": round(lid, 3), "language_id_lingua": round(lingua, 3),
            "language_id_ratio": ratio(lid, lingua),
        }
        pairs[lang] = confusion.worst_pairs(gold, pred)
        confusion.plot(gold, pred, f"Opas intents, held-out {lang} ({len(items)} messages)",
                       IMG / f"confusion-{lang}.png")
        misses += [{"language": lang, "text": i["text"], "expected": i["intent"], "predicted": p}
                   for i, p in zip(items, pred) if i["intent"] != p]

    # per topic, over all languages: intent F1 of both models and routing accuracy of both routers
    labels = sorted(kb.topics)
    f1_opas = f1_score(gold_all, opas_all, labels=labels, average=None, zero_division=0)
    f1_base = f1_score(gold_all, base_all, labels=labels, average=None, zero_division=0)
    per_topic = {
        topic: {"n": topics.get(topic, [0])[0], "f1": round(a, 3), "f1_rasa_init": round(b, 3), "f1_ratio": ratio(a, b),
                "routing": round(topics[topic][1] / topics[topic][0], 3) if topic in topics else None,
                "routing_bm25": round(topics[topic][2] / topics[topic][0], 3) if topic in topics else None}
        for topic, a, b in zip(labels, f1_opas, f1_base)
    }
    for t in per_topic.values():
        t["routing_ratio"] = ratio(t["routing"], t["routing_bm25"])
    overall = {"opas": intent_scores(gold_all, opas_all), "rasa_init": intent_scores(gold_all, base_all)}
    results = {
        "machine": machine.describe(), "seconds": round(time.monotonic() - started),
        "limit": int(os.environ.get("OPAS_EVAL_LIMIT", 0)) or None,
        "model": model.name, "rasa_init": {"model": base_model.name, **base_facts},
        "overall": overall, "languages": languages, "topics": per_topic,
        "worst_pairs": pairs, "worst_pairs_overall": confusion.worst_pairs(gold_all, opas_all, 10),
        "crossval": cv,
    }

    print(f"{'lang':<5}{'n':>5}{'acc':>7}{'F1':>7}{'F1 init':>8}{'ratio':>7}{'topic':>7}{'bm25':>6}"
          f"{'service':>8}{'bm25':>6}{'lang-id':>8}{'lingua':>7}")
    for lang, r in languages.items():
        print(f"{lang:<5}{r['n']:>5}{r['intent_accuracy']:>7}{r['macro_f1']:>7}{r['macro_f1_rasa_init']:>8}"
              f"{str(r['macro_f1_ratio']):>7}{r['routing_topic']:>7}{r['routing_topic_bm25']:>6}"
              f"{str(r['routing_service']):>8}{str(r['routing_service_bm25']):>6}{r['language_id']:>8}"
              f"{r['language_id_lingua']:>7}")
    print(f"cross-validation ({cv['folds']} folds): accuracy {cv['accuracy']}, macro-F1 {cv['macro_f1']}")
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var/eval.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    (ROOT / "var/eval-misses.yml").write_text(yaml.safe_dump(misses, allow_unicode=True, sort_keys=False))
    report.write_quality(results)
    print(f"wrote var/eval.json, var/eval-misses.yml ({len(misses)} misses), docs/img/confusion-*.png, "
          f"docs/benchmarks.md in {results['seconds']} s")


if __name__ == "__main__":
    main()
