"""Benchmark of the staff lookup: knowledge-base load, index build, and per-query latency (p50/p95/p99).

Target (issue 2): p95 under 20 ms per query over the whole knowledge base, after loading.
Part of `make bench` (tests/bench/speed.py); prints a table and writes var/bench-lookup.json.
"""
import json
import statistics
import time
from pathlib import Path

from bot import loader
from bot.retrieval import ServiceIndex
from tests.test_lookup import QUERIES

ROUNDS = 20


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    t0 = time.perf_counter()
    kb = loader.load()
    t1 = time.perf_counter()
    index = ServiceIndex(kb)
    t2 = time.perf_counter()
    for query, _ in QUERIES:  # warm the stemmer caches as a running server would be
        index.search(query)
    latencies = []
    for _ in range(ROUNDS):
        for query, _ in QUERIES:
            index._word_scores.cache_clear()  # every query as if its words were new: the worst case
            start = time.perf_counter()
            index.search(query)
            latencies.append((time.perf_counter() - start) * 1000)
    result = {
        "services": len(kb.services),
        "queries": len(latencies),
        "load_ms": round((t1 - t0) * 1000, 1),
        "index_ms": round((t2 - t1) * 1000, 1),
        "p50_ms": round(percentile(latencies, 50), 3),
        "p95_ms": round(percentile(latencies, 95), 3),
        "p99_ms": round(percentile(latencies, 99), 3),
        "mean_ms": round(statistics.mean(latencies), 3),
    }
    for key, value in result.items():
        print(f"{key:>10}: {value}")
    print(f"target p95 < 20 ms: {'met' if result['p95_ms'] < 20 else 'NOT met'}")
    Path("var").mkdir(exist_ok=True)
    Path("var/bench-lookup.json").write_text(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
