"""Flood benchmark: one sender id sends message after message to the real servers.

Two phases in one run:
- as deployed (rate limits on): N messages (default 10,000) as fast as one client can send them. The
  per-sender limit answers all but the first few with a polite 429; the figures show no 5xx and the
  Rasa server's memory staying flat.
- limits off: M messages (default 1,000) that all reach Rasa. A session grows by about ten events a
  message and Rasa reloads it and sends it to the action server every turn; the channel's session
  bound (OPAS_SESSION_MAX_MESSAGES, 100) keeps the time per message from growing without end.

Reports every 10% the Rasa server's resident memory and the latency of the last messages.
Run: PYTHONPATH=. .venv/bin/python -m tests.bench.flood [N] [M]; writes var/bench-flood.json and, when
make bench has run, its section of docs/benchmarks.md.
"""
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Dict

from tests.live import LiveBot, trained_model

MESSAGES = ["tarvitsen asunnon", "Vaasa", "missä voin opiskella suomea?", "kiitos", "hei", "mitkä on aukioloajat?"]


def flood(bot: LiveBot, n: int) -> Dict:
    sender = uuid.uuid4().hex
    rows, statuses, latencies = [], {}, []
    rows.append({"messages": 0, "rss_mb": round(bot.rasa_rss_kb() / 1024), "p50_ms": None, "p95_ms": None})
    print(f"{'messages':>9} {'RSS MB':>7} {'p50 ms':>7} {'p95 ms':>7}  statuses", flush=True)
    start = time.perf_counter()
    for i in range(1, n + 1):
        t0 = time.perf_counter()
        status = bot.post(sender, MESSAGES[i % len(MESSAGES)]).status_code
        latencies.append((time.perf_counter() - t0) * 1000)
        statuses[status] = statuses.get(status, 0) + 1
        if i % max(1, n // 10) == 0:
            window = sorted(latencies[-200:])
            row = {"messages": i, "rss_mb": round(bot.rasa_rss_kb() / 1024),
                   "p50_ms": round(statistics.median(window)), "p95_ms": round(window[int(0.95 * (len(window) - 1))])}
            rows.append(row)
            print(f"{i:>9} {row['rss_mb']:>7} {row['p50_ms']:>7} {row['p95_ms']:>7}  {statuses}", flush=True)
    health = bot.post(uuid.uuid4().hex, "hei").status_code  # the server is still up (429 here: same address)
    return {"messages": n, "seconds": round(time.perf_counter() - start), "statuses": statuses,
            "server_up_after": health in (200, 429), "rows": rows}


def run(bot: LiveBot, n: int) -> Dict:
    for text in MESSAGES:  # warm up on another sender
        bot.say(uuid.uuid4().hex, text)
    return flood(bot, n)


def main(n: int = 10_000, m: int = 1_000) -> None:
    model = trained_model()
    result = {}
    with tempfile.TemporaryDirectory() as folder:
        bot = LiveBot(model, Path(folder)).start()
        try:
            print(f"as deployed: {n} messages, rate limits on", flush=True)
            result["limits_on"] = run(bot, n)
        finally:
            bot.stop()
    with tempfile.TemporaryDirectory() as folder:
        bot = LiveBot(model, Path(folder), env={"OPAS_RATE_LIMIT_SENDER": "none",
                                               "OPAS_RATE_LIMIT_ADDRESS": "none"}).start()
        try:
            print(f"limits off: {m} messages", flush=True)
            result["limits_off"] = run(bot, m)
            result["limits_off"]["tracker_db_mb"] = round(bot.db.stat().st_size / 2**20, 1)
        finally:
            bot.stop()
    print(json.dumps({phase: {k: v for k, v in r.items() if k != "rows"} for phase, r in result.items()}))
    out = Path("var") / "bench-flood.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    bench = out.parent / "bench.json"
    if bench.exists():  # the speed section of docs/benchmarks.md shows this run too
        from tests.bench import report

        facts = json.loads(bench.read_text())
        facts["flood"] = result
        bench.write_text(json.dumps(facts, indent=2, ensure_ascii=False))
        report.write_speed(facts)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
