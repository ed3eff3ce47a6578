"""`make eval`: intent accuracy, macro-F1 and routing accuracy per language on the held-out files.

The held-out files (tests/heldout/*.yml) are never used for training (tests/test_generated.py checks).
Routing: the predicted topic (and, where the message names a city, the service for that city) compared
with the route of the labelled topic and city. Prints a table and writes var/eval.json and the misses
to var/eval-misses.yml.
"""
import asyncio
import json
import subprocess
from pathlib import Path

import yaml
from sklearn.metrics import accuracy_score, f1_score

from bot import conversation, loader
from bot.language import CODE, _detector, identifier_for
from bot.routing import route

ROOT = Path(__file__).resolve().parents[2]


async def parse_all(model, texts):
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(t) for t in texts]


def main():
    model = subprocess.run([str(ROOT / "scripts/train")], cwd=ROOT, capture_output=True, text=True, check=True)
    model = ROOT / model.stdout.strip().splitlines()[-1]
    kb = loader.load()
    results, misses = {}, []
    for path in sorted((ROOT / "tests/heldout").glob("*.yml")):
        lang = path.stem
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        parsed = asyncio.run(parse_all(model, [i["text"] for i in items]))
        gold = [i["intent"] for i in items]
        pred = [p["intent"]["name"] for p in parsed]
        topic_items = [(i, p) for i, p in zip(items, pred) if i["intent"] in kb.topics]
        topic_ok = sum(i["intent"] == p for i, p in topic_items)
        service_ok = service_n = 0
        for i, p in topic_items:
            if i.get("city"):
                service_n += 1
                want = route(kb, i["intent"], i["city"]).service
                got = route(kb, p, conversation.city_in(i["text"])).service if p in kb.topics else None
                service_ok += bool(want and got and want.id == got.id)
        results[lang] = {
            "n": len(items),
            "intent_accuracy": round(accuracy_score(gold, pred), 3),
            # over the labelled intents: a fallback is a miss of the true intent, not a class of its own
            "macro_f1": round(f1_score(gold, pred, labels=sorted(set(gold)), average="macro", zero_division=0), 3),
            "routing_topic": round(topic_ok / len(topic_items), 3),
            "routing_service": round(service_ok / service_n, 3) if service_n else None,
        }
        # language identification: Opas's handling vs lingua alone (same ten languages, nothing else)
        identifier = identifier_for(kb)
        opas_lid = sum(identifier.guess(i["text"]).language == lang for i in items) / len(items)
        lingua_lid = sum(CODE.get(_detector().detect_language_of(i["text"])) == lang for i in items) / len(items)
        results[lang]["language_id"] = round(opas_lid, 3)
        results[lang]["language_id_lingua"] = round(lingua_lid, 3)
        misses += [{"language": lang, "text": i["text"], "expected": i["intent"], "predicted": p}
                   for i, p in zip(items, pred) if i["intent"] != p]
    print(f"{'lang':<5}{'n':>5}{'accuracy':>10}{'macro-F1':>10}{'topic':>8}{'service':>9}{'lang-id':>9}{'lingua':>8}")
    for lang, r in results.items():
        print(f"{lang:<5}{r['n']:>5}{r['intent_accuracy']:>10}{r['macro_f1']:>10}{r['routing_topic']:>8}"
              f"{str(r['routing_service']):>9}{r['language_id']:>9}{r['language_id_lingua']:>8}")
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var/eval.json").write_text(json.dumps(results, indent=2))
    (ROOT / "var/eval-misses.yml").write_text(yaml.safe_dump(misses, allow_unicode=True, sort_keys=False))


if __name__ == "__main__":
    main()
