"""`make bench`: speed and cost of Opas against a plain `rasa init` bot, on real servers started here.

Both bots run at once (free ports); for 1, 8 and 32 simulated users (OPAS_BENCH_USERS) the same
conversations (tests/bench/load.py) go first to Opas, then to the reference, OPAS_BENCH_SECONDS (30) each,
so a change in the machine's other load hits both alike. Opas runs as deployed: action server, SQLite
tracker store (in a temporary folder); the reference as `rasa init` made it: no action server, in-memory
tracker store. Also: the staff lookup (tests/bench/lookup.py), training time (tests/bench/training.py,
FULL=1 to measure), model sizes, resident memory of each server, how long each server takes to start.
Writes var/bench.json and the speed section of docs/benchmarks.md (tests/bench/report.py).
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from bot.serve import Servers
from tests.test_e2e import free_port

from . import load, lookup, machine, rasa_init_bot, report, training

ROOT = Path(__file__).resolve().parents[2]


def settings() -> dict:
    return {
        "users": [int(u) for u in os.environ.get("OPAS_BENCH_USERS", "1,8,32").split(",")],
        "seconds": float(os.environ.get("OPAS_BENCH_SECONDS", 30)),
        "full": os.environ.get("FULL", "") not in ("", "0"),
    }


def opas_model() -> Path:
    out = subprocess.run([str(ROOT / "scripts/train")], cwd=ROOT, capture_output=True, text=True, check=True)
    return ROOT / out.stdout.strip().splitlines()[-1]


def start(servers: Servers) -> float:
    began = time.monotonic()
    servers.start()
    return round(time.monotonic() - began, 1)


def cpu(servers: Servers) -> dict:
    """CPU seconds used so far by the Rasa server and, if any, the action server."""
    used = {"rasa": machine.cpu_seconds([servers.processes[-1].pid])}
    if servers.with_actions:
        used["actions"] = machine.cpu_seconds([servers.processes[0].pid])
    return used


def main() -> None:
    config = settings()
    facts = {"machine": machine.describe(), "settings": config}
    print("staff lookup:")
    facts["lookup"] = lookup.main()

    model = opas_model()
    init_model, init_facts = rasa_init_bot.bot()
    facts["opas"] = {"model": model.name, "model_mb": round(model.stat().st_size / 1e6, 1),
                     "train_seconds": training.measure_full() if config["full"] else training.recorded(model),
                     "train_measured": "full, from scratch" if config["full"] else "last training"}
    facts["rasa_init"] = {"model": init_model.name, **init_facts}

    with tempfile.TemporaryDirectory(prefix="opas-bench-") as tmp:
        endpoints = Path(tmp) / "endpoints.yml"
        opas_actions = free_port()
        endpoints.write_text(f"action_endpoint:\n  url: http://127.0.0.1:{opas_actions}/webhook\n"
                             f"tracker_store:\n  type: bot.tracker_store.RedactingSQLTrackerStore\n  dialect: sqlite\n"
                             f"  db: {Path(tmp) / 'tracker.db'}\n")
        os.environ["OPAS_RATE_LIMIT_ADDRESS"] = "none"  # every simulated user calls from 127.0.0.1
        logs = ROOT / "var" / "bench-logs"
        bots = {
            "opas": Servers(model, free_port(), opas_actions, endpoints=str(endpoints), log_dir=logs / "opas"),
            "rasa_init": Servers(init_model, free_port(), free_port(), with_actions=False,
                                 endpoints=str(rasa_init_bot.HOME / "endpoints.yml"), log_dir=logs / "rasa-init",
                                 credentials=str(rasa_init_bot.HOME / "credentials.yml")),  # Rasa's own REST channel
        }
        try:
            for name, servers in bots.items():
                print(f"starting {name} ...", flush=True)
                facts[name]["startup_seconds"] = start(servers)
                load.warm_up(f"http://127.0.0.1:{servers.rasa_port}")
                facts[name]["runs"] = []
            for users in config["users"]:
                for name, servers in bots.items():
                    other = machine.OtherLoad([]).start()
                    before = cpu(servers)
                    run = load.load(f"http://127.0.0.1:{servers.rasa_port}", users, config["seconds"])
                    run.update(other.stop())
                    # CPU time per message: unlike latency, hardly changed by what else runs on the machine
                    run["cpu_ms_per_message"] = {proc: round((used - before[proc]) / max(run["requests"], 1) * 1000, 1)
                                                 for proc, used in cpu(servers).items()}
                    facts[name]["runs"].append(run)
                    print(f"{name:>10} {users:>3} users: p50 {run['p50_ms']:>7} ms  p95 {run['p95_ms']:>7} ms  "
                          f"p99 {run['p99_ms']:>7} ms  {run['throughput_rps']:>6} req/s  errors {run['errors']}  "
                          f"(other load {run['other_cores']} cores)", flush=True)
            for name, servers in bots.items():  # processes: [action server,] Rasa server
                facts[name]["memory"] = {"rasa": machine.rss_mb(servers.processes[-1].pid)}
                if servers.with_actions:
                    facts[name]["memory"]["actions"] = machine.rss_mb(servers.processes[0].pid)
        finally:
            for servers in bots.values():
                servers.stop()
    facts["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    for name in ("scaleout", "flood"):  # written by their own benchmarks (make bench-scaleout, bench-flood)
        path = ROOT / "var" / f"bench-{name}.json"
        facts[name] = json.loads(path.read_text()) if path.exists() else None
    (ROOT / "var" / "bench.json").write_text(json.dumps(facts, indent=2, ensure_ascii=False))
    report.write_speed(facts)
    print("wrote var/bench.json and docs/benchmarks.md")


if __name__ == "__main__":
    main()
