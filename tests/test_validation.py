"""Every class of knowledge-base error is caught, named by file and field, and refuses to load."""
import datetime as dt

import pytest

from bot import loader
from bot.cli import main
from bot.validation import ERROR, WARNING, KnowledgeBaseError

from .conftest import TODAY

OFFICE = "services/vaasa/vaasa-office.yml"


def errors(fixture):
    return [i for i in fixture.issues() if i.severity == ERROR]


def test_fixture_is_valid(broken_kb):
    kb, issues = loader.check(broken_kb.path, TODAY)
    assert [i for i in issues if i.severity == ERROR] == []
    assert set(kb.services) == {"vaasa-office", "national-help"}


def set_path(data, path, value):
    *parents, last = path
    for key in parents:
        data = data[key]
    if value is DELETE:
        del data[last]
    else:
        data[last] = value


DELETE = object()

CASES = [
    # (what breaks, path in the service file, new value, field named, words in the message)
    ("unknown topic", ("topics",), ["welcome_office", "parking"], "topics[1]", "unknown topic 'parking'"),
    ("unknown city", ("area",), ["vaasa", "atlantis"], "area[1]", "unknown city 'atlantis'"),
    ("missing language", ("texts", "sv"), DELETE, "texts", "missing required language 'sv'"),
    ("missing text field", ("texts", "en", "access"), DELETE, "texts.en.access", "missing"),
    ("malformed phone", ("contacts", 0, "value"), "040-CALL-ME", "contacts[0].value", "malformed phone"),
    ("malformed url", ("contacts", 1, "value"), "www.example.fi", "contacts[1].value", "malformed url"),
    ("malformed date", ("verified",), "23.11.2026", "verified", "not a date"),
    ("future date", ("contacts", 0, "verified"), dt.date(2030, 1, 1), "contacts[0].verified", "in the future"),
    ("unknown source file", ("sources", 0, "ref"), "nope.txt", "sources[0].ref", "unknown source file 'nope.txt'"),
    ("dangling reference", ("see_also",), ["vaasa-nothing"], "see_also[0]", "no service with id 'vaasa-nothing'"),
    ("placeholder", ("texts", "fi", "summary"), "TODO: kirjoita", "texts.fi.summary", "placeholder"),
    ("unknown field", ("phone",), "040 1234567", "phone", "unknown field"),
    ("unknown contact type", ("contacts", 0, "type"), "fax", "contacts[0].type", "unknown contact type"),
]


@pytest.mark.parametrize("what, path, value, field, message", CASES, ids=[c[0] for c in CASES])
def test_each_error_names_file_field_and_problem(broken_kb, what, path, value, field, message):
    broken_kb.change(OFFICE, lambda data: set_path(data, path, value))
    found = errors(broken_kb)
    assert any(
        i.path.endswith(OFFICE) and i.field == field and message in i.message and i.line for i in found
    ), found
    with pytest.raises(KnowledgeBaseError):
        loader.load(broken_kb.path, TODAY)


def test_malformed_email(broken_kb):
    broken_kb.change(OFFICE, lambda d: d["contacts"].append(
        {"type": "email", "value": "office(at)vaasa.fi", "source": "seed.txt", "verified": TODAY}))
    assert any(i.field == "contacts[2].value" and "malformed email" in i.message for i in errors(broken_kb))


def test_duplicate_id(broken_kb):
    broken_kb.change("services/national/national-help.yml", lambda d: d.update(id="vaasa-office"))
    found = errors(broken_kb)
    assert any("does not match id" in i.message or "duplicate id" in i.message for i in found)
    broken_kb.change("services/national/national-help.yml", lambda d: d.update(id="national-help"))
    (broken_kb.path / "services/national/national-help.yml").rename(broken_kb.path / "services/vaasa/vaasa-copy.yml")
    broken_kb.change("services/vaasa/vaasa-copy.yml", lambda d: d.update(id="vaasa-office", city="vaasa"))
    assert any("duplicate id 'vaasa-office'" in i.message for i in errors(broken_kb))


def test_unknown_city_of_service(broken_kb):
    broken_kb.change(OFFICE, lambda d: d.update(city="atlantis"))
    assert any(i.field == "city" and "unknown city 'atlantis'" in i.message for i in errors(broken_kb))


def test_dangling_city_advice_service(broken_kb):
    broken_kb.change("cities.yml", lambda d: d["cities"][0].update(advice_service="vaasa-gone"))
    found = errors(broken_kb)
    assert any(i.path.endswith("cities.yml") and "advice_service" in i.field for i in found)


def test_unreadable_yaml_gives_its_line(broken_kb):
    broken_kb.write_text(OFFICE, "id: vaasa-office\ncity: vaasa\ntopics: [welcome_office\nverified: 2026-01-01\n")
    found = errors(broken_kb)
    assert any(i.path.endswith(OFFICE) and i.field == "(yaml)" and i.line in (3, 4) for i in found), found


def test_stale_fact_is_a_warning_not_an_error(broken_kb):
    broken_kb.change(OFFICE, lambda d: d.update(verified=dt.date(2024, 1, 1)))
    issues = broken_kb.issues()
    assert any(i.severity == WARNING and i.field == "verified" and "12 months" in i.message for i in issues)
    assert not [i for i in issues if i.severity == ERROR]


def test_validate_command_exit_codes(broken_kb, capsys):
    assert main(["--knowledge", str(broken_kb.path), "validate"]) == 0
    broken_kb.change(OFFICE, lambda d: d.update(topics=["parking"]))
    assert main(["--knowledge", str(broken_kb.path), "validate"]) == 1
    err = capsys.readouterr().err
    assert "vaasa-office.yml" in err and "topics[0]" in err and "unknown topic 'parking'" in err


def test_real_knowledge_base_validates(capsys):
    assert main(["validate"]) == 0, capsys.readouterr().err
