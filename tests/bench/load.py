"""Simulated users for `make bench`: each holds real multi-turn conversations over Rasa's REST channel.

A conversation, in one of the ten languages: greeting, a topic question, the city (the bot's city form
asks for it; the answer runs the custom actions and routes to a service), a follow-up asking for the
opening hours. The first three turns are tests/dialogues/<lang>.yml (the end-to-end tests' dialogues);
the follow-ups are Opas's own training examples of `ask_details` (data/nlu/<lang>/intents.yml).

Every user starts a new conversation (a new sender id) as soon as the last one ends, with no think time,
so the figures are the server's capacity, not a model of human pace. The same turns go to every bot
under test.
"""
from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List

import aiohttp
import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[2]
FOLLOW_UP = {
    "fi": "aukioloajat?", "sv": "öppettider?", "en": "opening hours?", "ar": "اوقات الدوام؟", "fa": "کی بازه؟",
    "so": "saacadaha furitaanka?", "ur": "اوقات کار کیا ہیں؟", "ru": "часы работы?", "uk": "години роботи?",
    "et": "lahtiolekuajad?",
}
TURNS = ("greeting", "question", "city", "follow-up")
TIMEOUT = aiohttp.ClientTimeout(total=120)


def conversations() -> Dict[str, List[str]]:
    """The turns of one conversation per language."""
    out = {}
    for path in sorted((ROOT / "tests" / "dialogues").glob("*.yml")):
        turns = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[path.stem] = [turns["greeting"], turns["question"], turns["city"], FOLLOW_UP[path.stem]]
    return out


@dataclass
class Run:
    users: int
    seconds: float = 0.0
    latencies_ms: List[float] = field(default_factory=list)
    by_turn: Dict[str, List[float]] = field(default_factory=lambda: {turn: [] for turn in TURNS})
    errors: int = 0
    empty: int = 0  # answered 200 with no message at all (a bot that says nothing)
    conversations: int = 0

    def summary(self) -> dict:
        lat = np.array(self.latencies_ms) if self.latencies_ms else np.array([np.nan])
        return {
            "users": self.users,
            "requests": len(self.latencies_ms),
            "conversations": self.conversations,
            "errors": self.errors,
            "empty_replies": self.empty,
            "seconds": round(self.seconds, 1),
            "throughput_rps": round(len(self.latencies_ms) / self.seconds, 2) if self.seconds else None,
            "p50_ms": round(float(np.percentile(lat, 50)), 1),
            "p95_ms": round(float(np.percentile(lat, 95)), 1),
            "p99_ms": round(float(np.percentile(lat, 99)), 1),
            "mean_ms": round(float(lat.mean()), 1),
            # where the time goes: the city turn runs the custom actions and the routing
            "p50_ms_by_turn": {turn: round(float(np.median(v)), 1) if v else None for turn, v in self.by_turn.items()},
        }


async def _user(session, url: str, scripts: List[List[str]], first: int, deadline: float, run: Run) -> None:
    n = first
    while time.monotonic() < deadline:
        sender = f"bench-{uuid.uuid4().hex}"
        for turn, text in zip(TURNS, scripts[n % len(scripts)]):
            if time.monotonic() >= deadline:  # stop at a request boundary: full load until the end
                return
            start = time.perf_counter()
            try:
                async with session.post(url, json={"sender": sender, "message": text}) as response:
                    body = await response.json(content_type=None)
                    ok = response.status == 200
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
                ok, body = False, None
            elapsed = (time.perf_counter() - start) * 1000
            if not ok:
                run.errors += 1
                break  # the conversation is broken; start a new one
            run.latencies_ms.append(elapsed)
            run.by_turn[turn].append(elapsed)
            run.empty += not body
        else:
            run.conversations += 1
        n += 1


async def _load(url: str, users: int, seconds: float) -> Run:
    scripts = list(conversations().values())
    run = Run(users)
    connector = aiohttp.TCPConnector(limit=users)
    async with aiohttp.ClientSession(connector=connector, timeout=TIMEOUT) as session:
        start = time.monotonic()
        deadline = start + seconds
        # users start at different languages so that every language is under load at once
        await asyncio.gather(*(_user(session, url, scripts, i, deadline, run) for i in range(users)))
        run.seconds = time.monotonic() - start  # until the last request in flight at the deadline ended
    return run


def load(base_url: str, users: int, seconds: float) -> dict:
    """Runs `users` simulated users for about `seconds` against a Rasa server; latency and throughput."""
    return asyncio.run(_load(base_url.rstrip("/") + "/webhooks/rest/webhook", users, seconds)).summary()


def warm_up(base_url: str) -> None:
    """One conversation in every language, unmeasured: first calls load lazily initialised parts."""
    async def go():
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
            for script in conversations().values():
                sender = f"warmup-{uuid.uuid4().hex}"
                for text in script:
                    async with session.post(base_url.rstrip("/") + "/webhooks/rest/webhook",
                                            json={"sender": sender, "message": text}) as response:
                        response.raise_for_status()
                        await response.read()
    asyncio.run(go())
