"""`python -m bot report`: each section finds what it should, on the real knowledge base and on altered copies."""
import datetime as dt
import shutil
import subprocess
import sys

import yaml

from bot import loader, report

from .conftest import ROOT


def test_report_command_prints_every_section():
    out = subprocess.run([sys.executable, "-m", "bot", "report"], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    for heading in ("Facts verified over 12 months ago", "Texts missing in a language",
                    "Services no training example reaches", "Topics with no service of the city's own"):
        assert f"## {heading}" in out.stdout


def test_old_facts_are_listed_with_their_file():
    later = report.stale_facts(ROOT / "knowledge", today=dt.date(2029, 1, 1))
    assert later and all("verified" in line for line in later)
    assert any("knowledge/services/vaasa/vaasa-welcome-office.yml" in line for line in later)
    assert report.stale_facts(ROOT / "knowledge", today=dt.date(2026, 11, 23)) == []


def test_a_missing_translation_is_named(tmp_path):
    root = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", root)
    path = root / "services" / "kokkola" / "kokkola-sports.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["texts"]["et"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    kb, _ = loader.check(root, required=("fi", "sv", "en"))
    assert any(m.endswith("kokkola-sports.yml: texts.et.summary") for m in report.missing_texts(kb))


def test_a_city_without_its_own_service_is_a_gap_with_the_fallback_named(kb):
    gaps = dict(report.topics_without_local_service(kb))
    assert ("residence_permit", "national", "national-migri") in gaps["vaasa"]
    assert all(topic != "housing" for topic, _, _ in gaps["kokkola"])  # Kokkola has its own housing advice


def test_services_reached_only_through_the_wording_of_questions(kb):
    without_words = report.reach(kb, {})
    with_examples = report.reach(kb, report.training_examples())
    # with no words, only each topic's first service in a city is routed to; the others need a question's words
    assert without_words.alternative_only or without_words.unreached
    assert set(with_examples.main) > set(without_words.main)
    assert len(with_examples.main) + len(with_examples.alternative_only) + len(with_examples.unreached) == \
        len(kb.services)
