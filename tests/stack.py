"""Fixtures for the production stack on this machine: PostgreSQL, Redis and nginx started by scripts/services
(installed from Debian's packages when missing) on free loopback ports, and Rasa servers that share them.

Session-scoped: each Rasa server takes 30-60 s to load the model, so the persistence, scale-out and fault
tests share one cluster (an action server, Rasa servers A and B, nginx round-robin over both).
"""
from __future__ import annotations

import os
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Dict, List

import pytest
import requests

from bot.serve import Servers
from tests.test_e2e import customs, free_port, model, new_sender  # noqa: F401 (model: the trained-model fixture)

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
POSTGRES_ENDPOINTS = "deploy/endpoints.postgres.yml"


class Services:
    """One folder of scripts/services: its own PostgreSQL, Redis and nginx, stopped and started at will."""

    def __init__(self, upstreams: List[str]):
        (ROOT / "var").mkdir(exist_ok=True)
        # under var/ (not pytest's private tmp): the postgres user must be able to reach the data folder
        self.dir = Path(tempfile.mkdtemp(prefix="services-", dir=ROOT / "var"))
        self.dir.chmod(0o755)
        self.ports = {"OPAS_PG_PORT": free_port(), "OPAS_REDIS_PORT": free_port(), "OPAS_PROXY_PORT": free_port()}
        self.upstreams = upstreams

    def run(self, command: str, *which: str) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("OPAS_DB_URL", "OPAS_REDIS_HOST")}
        env.update({"OPAS_SERVICES_DIR": str(self.dir), "OPAS_UPSTREAMS": " ".join(self.upstreams),
                    **{k: str(v) for k, v in self.ports.items()}})
        done = subprocess.run([str(ROOT / "scripts" / "services"), command, *which], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"scripts/services {command} {' '.join(which)}:\n{done.stderr[-3000:]}"

    def env(self) -> Dict[str, str]:
        """The settings scripts/services wrote (OPAS_DB_URL, OPAS_REDIS_HOST, OPAS_REDIS_PORT, OPAS_PROXY_URL)."""
        found = {}
        for line in (self.dir / "env").read_text().splitlines():
            if line.startswith("export "):
                for pair in line[len("export "):].split():
                    key, value = pair.split("=", 1)
                    found[key] = value.strip("'")
        return found

    @property
    def access_log(self) -> Path:
        return self.dir / "nginx-access.log"

    def remove(self) -> None:
        self.run("remove")


class Cluster:
    """An action server, Rasa servers A and B on PostgreSQL + Redis, and nginx round-robin in front of them."""

    def __init__(self, model: Path):
        self.model = model
        self.actions_port, self.ports = free_port(), {"a": free_port(), "b": free_port()}
        self.services = Services([f"127.0.0.1:{port}" for port in self.ports.values()])
        self.rasa: Dict[str, Servers] = {}

    def _servers(self, name: str) -> Servers:
        return Servers(self.model, self.ports[name], self.actions_port, endpoints=POSTGRES_ENDPOINTS,
                       log_dir=ARTIFACTS, with_actions=name == "a", name=f"rasa-{name}",
                       extra_args=["--interface", "127.0.0.1"])  # reached through nginx, as in production

    def start(self, *names: str) -> None:
        """Start Rasa servers in parallel (two cores: about as fast as one after the other, but simpler to wait)."""
        names = names or tuple(self.ports)
        errors = []

        def start_one(name):
            try:
                self.rasa[name] = self._servers(name).start()
            except BaseException as exc:  # reported below, in the test's thread
                errors.append(f"rasa-{name}: {exc}")

        threads = [threading.Thread(target=start_one, args=(name,)) for name in names]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors, errors

    def stop(self, *names: str) -> None:
        for name in names or tuple(self.rasa):
            self.rasa.pop(name).stop()

    def url(self, name: str = "proxy") -> str:
        base = self.services.env()["OPAS_PROXY_URL"] if name == "proxy" else f"http://127.0.0.1:{self.ports[name]}"
        return f"{base}/webhooks/rest/webhook"

    def say(self, sender: str, text: str, via: str = "proxy", **metadata) -> requests.Response:
        body = {"sender": sender, "message": text, **({"metadata": metadata} if metadata else {})}
        return requests.post(self.url(via), json=body, timeout=120)

    def __enter__(self) -> "Cluster":
        """Stores and proxy first; the Rasa servers read the stores' settings from the environment."""
        self.saved_environment = dict(os.environ)
        try:
            self.services.run("start")
            os.environ.update({k: v for k, v in self.services.env().items() if k != "OPAS_PROXY_URL"})
            os.environ["OPAS_RATE_LIMIT_ADDRESS"] = "none"  # every test conversation comes from 127.0.0.1
            self.start()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        for name in list(self.rasa):
            self.stop(name)
        os.environ.clear()
        os.environ.update(self.saved_environment)
        self.services.remove()


@pytest.fixture(scope="session")
def cluster(model):  # noqa: F811 (the imported fixture)
    with Cluster(ROOT / model) as running:
        yield running
