"""The benchmark tooling itself (fast; `make eval` and `make bench` run the real measurements)."""
import yaml

from bot.languages import SUPPORTED
from tests.bench import bm25_router, confusion, load, rasa_init_nlu, report


def test_the_intent_baseline_is_the_config_rasa_init_writes():
    text = rasa_init_nlu.config_text()
    assert text == rasa_init_nlu.INIT_CONFIG.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["pipeline"] is None  # Rasa fills in its default pipeline


def test_the_development_override_switches_on_the_same_default_pipeline():
    config = yaml.safe_load(rasa_init_nlu.config_text(epochs=2))
    names = [c["name"] for c in config["pipeline"]]
    assert names == ["WhitespaceTokenizer", "RegexFeaturizer", "LexicalSyntacticFeaturizer", "CountVectorsFeaturizer",
                     "CountVectorsFeaturizer", "DIETClassifier", "EntitySynonymMapper", "ResponseSelector",
                     "FallbackClassifier"]
    assert [c["epochs"] for c in config["pipeline"] if "epochs" in c] == [2, 2]


def test_every_simulated_conversation_has_four_turns_in_each_language():
    conversations = load.conversations()
    assert sorted(conversations) == sorted(SUPPORTED)
    for turns in conversations.values():
        assert len(turns) == len(load.TURNS) and all(t.strip() for t in turns)


def test_the_lookup_router_picks_a_service_of_the_topic(kb):
    service = bm25_router.route(kb, "asumisneuvonta Kokkolassa", "fi")
    assert service is not None and "housing" in service.topics and service.serves("kokkola")


def test_worst_pairs_counts_only_misses_most_frequent_first():
    gold = ["a", "a", "a", "b", "b", "c"]
    pred = ["b", "b", "a", "c", "b", "c"]
    assert confusion.worst_pairs(gold, pred) == [{"expected": "a", "predicted": "b", "count": 2},
                                                 {"expected": "b", "predicted": "c", "count": 1}]


def test_each_command_replaces_only_its_own_section(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "DOC", tmp_path / "benchmarks.md")
    report._section("eval", "quality 1")
    report._section("bench", "speed 1")
    report._section("eval", "quality 2")
    text = report.DOC.read_text()
    assert "quality 2" in text and "quality 1" not in text and "speed 1" in text
    assert text.index("quality 2") < text.index("speed 1")
