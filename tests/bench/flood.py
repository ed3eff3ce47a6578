"""Flood benchmark: N messages (default 10,000) on one sender id against the real servers, rate limits off.

Reports every 10% the Rasa server's resident memory and the latency of the last messages, and any non-200.
Run: PYTHONPATH=. .venv/bin/python -m tests.bench.flood [N]; writes var/bench-flood.json.
"""
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from tests.live import LiveBot, trained_model

MESSAGES = ["tarvitsen asunnon", "Vaasa", "missä voin opiskella suomea?", "kiitos", "hei", "mitkä on aukioloajat?"]


def main(n: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        bot = LiveBot(trained_model(), Path(folder), env={"OPAS_RATE_LIMIT_SENDER": "none",
                                                        "OPAS_RATE_LIMIT_ADDRESS": "none"}).start()
        try:
            sender = uuid.uuid4().hex
            for text in MESSAGES:  # warm up
                bot.say(sender, text)
            rows, statuses, latencies = [], {}, []
            rows.append({"messages": 0, "rss_mb": round(bot.rasa_rss_kb() / 1024), "p50_ms": None, "p95_ms": None})
            print(f"{'messages':>9} {'RSS MB':>7} {'p50 ms':>7} {'p95 ms':>7}", flush=True)
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
                    print(f"{i:>9} {row['rss_mb']:>7} {row['p50_ms']:>7} {row['p95_ms']:>7}", flush=True)
            result = {"messages": n, "seconds": round(time.perf_counter() - start), "statuses": statuses,
                      "rows": rows, "tracker_db_mb": round(bot.db.stat().st_size / 2**20, 1)}
        finally:
            bot.stop()
    print(json.dumps({k: v for k, v in result.items() if k != "rows"}))
    out = Path("var") / "bench-flood.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
