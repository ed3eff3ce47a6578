"""Real servers for the privacy, hostile-input and fault tests: the trained model, the action server and Rasa
with Opas's REST channel and the redacting SQLite tracker store in a temporary folder, logs kept there too."""
from __future__ import annotations

import os
import signal
import subprocess
import sqlite3
from pathlib import Path
from typing import Dict, Iterable, Optional

import pytest
import requests

from bot.serve import BIN, Servers, wait_until_up
from tests.test_e2e import free_port

API_TOKEN = "test-token-not-secret"
CITY_PAGE = "https://www.vaasa.fi"  # a city's page with the widget, allowed by CORS


class LiveBot:
    def __init__(self, model: Path, folder: Path, env: Optional[Dict[str, str]] = None, api: bool = False):
        self.folder, self.env = folder, env or {}
        self.rasa_port, self.actions_port = free_port(), free_port()
        self.db = folder / "tracker.db"
        self.logs = folder / "logs"
        endpoints = folder / "endpoints.yml"
        endpoints.write_text(f"action_endpoint:\n  url: http://127.0.0.1:{self.actions_port}/webhook\n"
                             f"tracker_store:\n  type: bot.tracker_store.RedactingSQLTrackerStore\n"
                             f"  dialect: sqlite\n  db: {self.db}\n")
        args = ["--enable-api", "--auth-token", API_TOKEN] if api else []
        self.servers = Servers(model, self.rasa_port, self.actions_port, endpoints=str(endpoints),
                               log_dir=self.logs, extra_args=args)
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        self.webhook = f"{self.url}/webhooks/rest/webhook"

    def start(self) -> "LiveBot":
        with pytest.MonkeyPatch.context() as mp:
            for key, value in self.env.items():
                mp.setenv(key, value)
            self.servers.start()
        return self

    def stop(self) -> None:
        self.servers.stop()

    def post(self, sender: str, text: Optional[str], headers: Optional[dict] = None, **metadata) -> requests.Response:
        body = {"sender": sender, "message": text}
        if metadata:
            body["metadata"] = metadata
        return requests.post(self.webhook, json=body, headers=headers, timeout=60)

    def say(self, sender: str, text: str, **metadata) -> list:
        response = self.post(sender, text, **metadata)
        assert response.status_code == 200, response.text
        return response.json()

    def dump(self) -> str:
        """Everything in the tracker database, as SQL text."""
        with sqlite3.connect(self.db) as db:
            return "\n".join(db.iterdump())

    def log_text(self) -> str:
        return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(self.logs.glob("*.log")))

    def rasa_rss_kb(self) -> int:
        """Resident memory of the Rasa server process (the `rasa run` child), in kB."""
        pid = self.servers.processes[1].pid
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    # the action server alone: stopped and started again for the fault tests
    def stop_actions(self) -> None:
        process = self.servers.processes[0]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def start_actions(self) -> None:
        process = self.servers._start([str(BIN / "python"), "-m", "rasa_sdk", "--actions", "actions",
                                       "--port", str(self.actions_port)], "actions")
        self.servers.processes[0] = self.servers.processes.pop()  # in place of the stopped one
        wait_until_up(f"http://127.0.0.1:{self.actions_port}/health", process, "the action server")

def texts(messages: Iterable[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def customs(messages: Iterable[dict]) -> list:
    return [m["custom"] for m in messages if "custom" in m]


def trained_model() -> Path:
    """The model for the current inputs (scripts/train trains only when they changed)."""
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([str(root / "scripts" / "train")], cwd=root, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-3000:]
    return root / out.stdout.strip().splitlines()[-1]
