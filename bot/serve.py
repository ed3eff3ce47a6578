"""`python -m bot serve MODEL`: starts the action server and the Rasa server, stops both on Ctrl-C/SIGTERM."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import List, Optional

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MAX_BODY = 1024 * 1024  # request bodies over 1 MB get 413 from Sanic (SANIC_REQUEST_MAX_SIZE)


def cors_origins(web_port: Optional[int] = None) -> List[str]:
    """The origins allowed to call Rasa and the web API from a browser: OPAS_CORS_ORIGINS (comma or space
    separated, e.g. "https://www.vaasa.fi,https://opas.vaasa.fi"), by default the demo page's own."""
    configured = os.environ.get("OPAS_CORS_ORIGINS", "").replace(",", " ").split()
    port = web_port or int(os.environ.get("WEB_PORT", 8080))
    return configured or [f"http://localhost:{port}", f"http://127.0.0.1:{port}"]


def check_api_args(args: List[str]) -> None:
    """Rasa's HTTP API can read and rewrite every conversation: never without a token."""
    if "--enable-api" in args and not any(a == "--auth-token" or a.startswith("--auth-token=") for a in args):
        raise ValueError("refusing to enable Rasa's HTTP API (--enable-api) without --auth-token "
                         "(set OPAS_API_TOKEN): anyone could read and change every conversation")


def environment(actions_port: int, rasa_port: int = 5005) -> dict:
    env = dict(os.environ)
    # Sanic closes a connection that sends nothing for 5 s. A Rasa server busy with other messages can open a
    # connection to the action server and write to it later than that: the action then fails. Wait longer.
    env.setdefault("SANIC_KEEP_ALIVE_TIMEOUT", "60")
    env.update({
        "RASA_PORT": str(rasa_port),
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "ACTION_ENDPOINT": f"http://127.0.0.1:{actions_port}/webhook",
        "PYTHONPATH": str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
    })
    env.setdefault("SANIC_REQUEST_MAX_SIZE", str(MAX_BODY))
    return env


def wait_until_up(url: str, process: subprocess.Popen, what: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped with exit code {process.returncode}")
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{what} did not answer at {url} within {timeout:.0f} s")


class Servers:
    """The action server and the Rasa server as child processes."""

    def __init__(self, model: Path, rasa_port: int = 5005, actions_port: int = 5055,
                 endpoints: str = "endpoints.yml", log_dir: Optional[Path] = None, extra_args: List[str] = (),
                 web_port: Optional[int] = None, with_actions: bool = True, name: str = "rasa",
                 credentials: str = "credentials.yml"):
        """with_actions=False: another Servers runs the action server at actions_port (scale-out); name: log file;
        credentials: the channels (make bench runs the `rasa init` bot with its own)."""
        self.model, self.rasa_port, self.actions_port, self.web_port = model, rasa_port, actions_port, web_port
        self.with_actions, self.name, self.credentials = with_actions, name, credentials
        self.endpoints, self.log_dir, self.extra_args = endpoints, log_dir, list(extra_args)
        self.processes: List[subprocess.Popen] = []

    def _start(self, args: List[str], name: str) -> subprocess.Popen:
        out = None
        if self.log_dir:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.log_dir / f"{name}.log", "ab")
        process = subprocess.Popen(args, cwd=ROOT, env=environment(self.actions_port, self.rasa_port), stdout=out,
                                   stderr=subprocess.STDOUT if out else None, start_new_session=True)
        self.processes.append(process)
        return process

    def start(self) -> "Servers":
        check_api_args(self.extra_args)
        (ROOT / "var").mkdir(exist_ok=True)
        actions = None
        if self.with_actions:
            actions = self._start([str(BIN / "python"), "-m", "rasa_sdk", "--actions", "actions",
                                   "--port", str(self.actions_port)], "actions")
        rasa = self._start([str(BIN / "rasa"), "run", "--model", str(self.model), "--port", str(self.rasa_port),
                            "--endpoints", self.endpoints, "--credentials", self.credentials,
                            "--cors", *cors_origins(self.web_port), *self.extra_args], self.name)
        web = None
        if self.web_port:
            web = self._start([str(BIN / "python"), "-m", "bot", "web", "--port", str(self.web_port)], "web")
        try:
            if actions:
                wait_until_up(f"http://127.0.0.1:{self.actions_port}/health", actions, "the action server")
            wait_until_up(f"http://127.0.0.1:{self.rasa_port}/", rasa, "the Rasa server")
            if web:
                wait_until_up(f"http://127.0.0.1:{self.web_port}/api/meta", web, "the web server")
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes = []

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def refusals(endpoints: str) -> List[str]:
    """Why Opas must not start: knowledge-base errors, then stores that do not answer. Empty when it may start."""
    from . import loader, stores
    from .validation import ERROR

    errors = [str(issue) for issue in loader.check()[1] if issue.severity == ERROR]
    if errors:
        return [f"the knowledge base has {len(errors)} error(s) (python -m bot validate):", *errors]
    return stores.problems(ROOT / endpoints)


def main(model: str) -> int:
    rasa_port = int(os.environ.get("RASA_PORT", 5005))
    actions_port = int(os.environ.get("ACTIONS_PORT", 5055))
    web_port = int(os.environ.get("WEB_PORT", 8080))
    endpoints = os.environ.get("OPAS_ENDPOINTS", "endpoints.yml")
    os.environ.setdefault("ACTION_ENDPOINT", f"http://127.0.0.1:{actions_port}/webhook")  # read by the check too
    problems = refusals(endpoints)
    if problems:
        print("Opas cannot start: " + "\n  ".join(problems), file=sys.stderr)
        return 1
    token = os.environ.get("OPAS_API_TOKEN")
    api = ["--enable-api", "--auth-token", token] if token else []
    servers = Servers(Path(model), rasa_port, actions_port, endpoints=endpoints, web_port=web_port, extra_args=api)
    stopping = []

    def stop(signum, frame):
        stopping.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        servers.start()
        print(f"\nOpas is running.\n  Chat on a demo city page: http://localhost:{web_port}/\n"
              f"  Staff quick-lookup:       http://localhost:{web_port}/staff\n"
              f"  Lookup API:               http://localhost:{web_port}/api/lookup?q=asunto&city=vaasa\n"
              f"  Chat over REST: POST http://localhost:{rasa_port}/webhooks/rest/webhook\n"
              f"    e.g. curl -s localhost:{rasa_port}/webhooks/rest/webhook -d "
              f"'{{\"sender\": \"me\", \"message\": \"asun Kokkolassa ja tarvitsen asunnon\"}}'\n"
              f"  Actions: http://localhost:{actions_port}\nPress Ctrl-C to stop.\n", flush=True)
        while all(p.poll() is None for p in servers.processes):
            time.sleep(1)
        print("a server stopped unexpectedly; stopping the other", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopping Opas ...", flush=True)
        return 0
    finally:
        servers.stop()
