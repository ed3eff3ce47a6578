"""Load held by two Rasa servers behind nginx: N concurrent multi-turn conversations through the proxy.

Starts the same stack as tests/test_scaleout.py (PostgreSQL, Redis, nginx round-robin, an action server and
two Rasa servers, all on loopback), runs the conversations, and writes latency per message (p50/p95/p99),
throughput and failures to var/bench-scaleout.json.

    PYTHONPATH=. .venv/bin/python -m tests.bench.scaleout [--conversations 30] [--rounds 3]
"""
import argparse
import json
import os
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

from bot import loader
from tests.bench.lookup import percentile
from tests.stack import ROOT, Cluster, new_sender
from tests.test_scaleout import TURNS, cities_with_language_courses


def conversation(cluster, city_name):
    """Latencies in ms of one conversation's turns, and how many turns failed (error status or no answer)."""
    sender, latencies, failures = new_sender(), [], 0
    for text in TURNS:
        start = time.perf_counter()
        try:
            response = cluster.say(sender, text.format(city=city_name))
            failures += response.status_code != 200 or not response.json()
        except Exception:
            failures += 1
        latencies.append((time.perf_counter() - start) * 1000)
    return latencies, failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=30, help="conversations at once")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of that many conversations")
    args = parser.parse_args()
    model = subprocess.run([str(ROOT / "scripts" / "train")], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.strip().splitlines()[-1]
    kb = loader.load_cached()
    names = [kb.cities[c].names["en"] for c in cities_with_language_courses()]
    with Cluster(ROOT / model) as cluster:
        conversation(cluster, names[0])  # warm both servers' caches as a running service would be
        conversation(cluster, names[1])
        latencies, failures = [], 0
        load_before = os.getloadavg()[0]
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.conversations) as pool:
            for result, failed in pool.map(lambda i: conversation(cluster, names[i % len(names)]),
                                           range(args.conversations * args.rounds)):
                latencies += result
                failures += failed
        elapsed = time.perf_counter() - start
    result = {
        "servers": 2,
        "concurrent_conversations": args.conversations,
        "conversations": args.conversations * args.rounds,
        "turns_per_conversation": len(TURNS),
        "messages": len(latencies),
        "failed_messages": failures,
        "seconds": round(elapsed, 1),
        "messages_per_second": round(len(latencies) / elapsed, 2),
        "p50_ms": round(percentile(latencies, 50)),
        "p95_ms": round(percentile(latencies, 95)),
        "p99_ms": round(percentile(latencies, 99)),
        "cpu_cores": os.cpu_count(),
        "load_average_before": round(load_before, 2),
    }
    for key, value in result.items():
        print(f"{key:>26}: {value}")
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench-scaleout.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
