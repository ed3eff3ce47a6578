import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from bot import languages, loader

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="session")
def kb():
    """The real knowledge base."""
    return loader.load(ROOT / "knowledge")


def _service(sid, city, topics, **extra):
    texts = {
        lang: {"name": f"{sid} {lang}", "summary": "Summary.", "eligibility": "Everyone.", "access": "Walk in."}
        for lang in languages.SUPPORTED
    }
    data = {
        "id": sid,
        "city": city,
        "topics": topics,
        "organisation": {lang: "Org" for lang in languages.SUPPORTED},
        "texts": texts,
        "service_languages": ["fi", "en"],
        "contacts": [
            {"type": "phone", "value": "+358 40 161 6380", "source": "seed.txt", "verified": TODAY},
            {"type": "url", "value": "https://example.fi/a", "source": "https://example.fi/a", "verified": TODAY},
        ],
        "sources": [{"ref": "seed.txt", "section": "A"}],
        "verified": TODAY,
    }
    data.update(extra)
    return data


@pytest.fixture
def broken_kb(tmp_path):
    """A small valid knowledge base in tmp_path, and a helper to change one file of it."""
    root = tmp_path / "knowledge"
    (root / "services" / "vaasa").mkdir(parents=True)
    (root / "services" / "national").mkdir(parents=True)
    every = lambda name: {lang: f"{name} {lang}" for lang in languages.SUPPORTED}  # noqa: E731
    files = {
        "seeds.yml": {"seeds": [{"file": "seed.txt", "title": "Seed", "language": "fi"}]},
        "topics.yml": {
            "topics": [
                {"id": t, "texts": {lang: {"name": t, "description": t} for lang in languages.SUPPORTED}}
                for t in loader.TOPIC_IDS
            ]
        },
        "cities.yml": {
            "regions": [{"id": "ostrobothnia", "names": every("Ostrobothnia")}],
            "cities": [
                {"id": "vaasa", "names": {**every("Vaasa"), "sv": "Vasa"}, "forms": ["Vaasassa"],
                 "region": "ostrobothnia", "advice_service": "vaasa-office"},
            ],
        },
        "services/vaasa/vaasa-office.yml": _service("vaasa-office", "vaasa", ["welcome_office"]),
        "services/national/national-help.yml": _service("national-help", "national", ["housing"],
                                                        see_also=["vaasa-office"]),
    }

    def write(name, data):
        (root / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    for name, data in files.items():
        write(name, data)

    class Fixture:
        path = root

        def change(self, name, edit):
            data = yaml.safe_load((root / name).read_text(encoding="utf-8"))
            edit(data)
            write(name, data)

        def write_text(self, name, text):
            (root / name).write_text(text, encoding="utf-8")

        def issues(self):
            return loader.check(root, TODAY)[1]

    return Fixture()


@pytest.fixture(scope="session")
def live_bot(tmp_path_factory):
    """One real Rasa + action server for the privacy, hostile-input and fault tests (tests/live.py): Opas's REST
    channel with its default limit per sender id (the one per address is lifted: every test calls from
    127.0.0.1), one city page allowed by CORS, the redacting SQLite tracker store, the HTTP API with a token."""
    from tests.live import CITY_PAGE, LiveBot, trained_model

    env = {"OPAS_CORS_ORIGINS": CITY_PAGE, "OPAS_RATE_LIMIT_ADDRESS": "100000/minute"}
    bot = LiveBot(trained_model(), tmp_path_factory.mktemp("live"), env=env, api=True).start()
    yield bot
    bot.stop()


pytest_plugins = ["tests.stack"]  # PostgreSQL, Redis, nginx and a two-server Rasa cluster (session fixtures)
