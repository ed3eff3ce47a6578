"""A new service or city starts as TODOs that the validator refuses, so nothing half-written reaches newcomers."""
import shutil

from bot import loader
from bot.cli import main

from .conftest import ROOT


def copy_of_knowledge(tmp_path):
    shutil.copytree(ROOT / "knowledge", tmp_path / "knowledge")
    return tmp_path / "knowledge"


def test_new_service_is_refused_until_filled(tmp_path, capsys):
    root = copy_of_knowledge(tmp_path)
    assert main(["--knowledge", str(root), "new-service", "language-cafe", "--city", "kokkola",
                 "--topic", "hobbies"]) == 0
    path = root / "services" / "kokkola" / "kokkola-language-cafe.yml"
    assert path.exists()
    assert main(["--knowledge", str(root), "validate"]) == 1
    errors = capsys.readouterr().err
    assert "kokkola-language-cafe.yml" in errors and "placeholder text (TODO)" in errors
    for lang in ("fi", "ar", "et"):
        assert f"texts.{lang}.summary" in errors


def test_new_service_rejects_unknown_city_topic_and_duplicates(tmp_path):
    root = copy_of_knowledge(tmp_path)
    base = ["--knowledge", str(root), "new-service"]
    assert main(base + ["x", "--city", "atlantis", "--topic", "hobbies"]) == 2
    assert main(base + ["x", "--city", "kokkola", "--topic", "parking"]) == 2
    assert main(base + ["housing-advice", "--city", "kokkola", "--topic", "housing"]) == 2


def test_new_city_is_refused_until_filled(tmp_path, capsys):
    root = copy_of_knowledge(tmp_path)
    assert main(["--knowledge", str(root), "new-city", "pori", "--region", "southwest_finland"]) == 0
    assert main(["--knowledge", str(root), "validate"]) == 1
    assert "cities.yml" in capsys.readouterr().err
    kb, _ = loader.check(root)
    assert kb is None
