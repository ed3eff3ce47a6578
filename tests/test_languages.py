"""Quality gates for the ten languages: nothing missing, nothing in the wrong language, no residue."""
import re
import string

import pytest

from bot import languages
from bot.language import LanguageIdentifier, names_in
from bot.messages import catalogue
from bot.report import flatten, missing_texts

LANGS = languages.SUPPORTED
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
RESIDUE = re.compile(r"TODO|FIXME|XXX|\{\{|\}\}|<LANG>|<NAME>|\[translate|lorem ipsum", re.IGNORECASE)
# texts that are names, numbers or too short to tell a language by; and close pairs checked separately
MIN_WORDS = 6


def service_texts(kb, lang):
    for s in kb.services.values():
        for field, value in s.texts.get(lang, {}).items():
            yield f"{s.id}.texts.{lang}.{field}", field, value


def test_every_finnish_text_exists_in_every_language(kb):
    missing = missing_texts(kb, LANGS)
    assert not missing, f"{len(missing)} missing: {missing[:40]}"


def test_message_placeholders_match_english():
    english = dict(flatten(catalogue("en")))
    wrong = []
    for lang in LANGS:
        for key, value in flatten(catalogue(lang)):
            if key in english and isinstance(value, str):
                want = {f for _, f, _, _ in string.Formatter().parse(english[key]) if f}
                got = {f for _, f, _, _ in string.Formatter().parse(value) if f}
                if want != got:
                    wrong.append(f"{lang}: {key}: {sorted(got)} != {sorted(want)}")
    assert not wrong, wrong


def test_no_residue_and_no_bidi_controls(kb):
    found = []
    for lang in LANGS:
        for where, _, value in service_texts(kb, lang):
            if RESIDUE.search(value) or BIDI_CONTROLS.search(value):
                found.append(where)
        for key, value in flatten(catalogue(lang)):
            if isinstance(value, str) and (RESIDUE.search(value) or BIDI_CONTROLS.search(value)):
                found.append(f"{lang}: {key}")
    assert not found, found


def test_translations_are_not_copies_of_english(kb):
    copies = []
    for s in kb.services.values():
        for lang in LANGS:
            if lang == "en":
                continue
            for field in ("summary", "eligibility", "access"):
                if s.texts.get(lang, {}).get(field) == s.texts["en"][field]:
                    copies.append(f"{s.id}: {lang}.{field}")
    assert not copies, copies


@pytest.fixture(scope="module")
def identifier(kb):
    return LanguageIdentifier(names_in(kb))


def test_every_text_is_identified_as_its_language(kb, identifier):
    """An untranslated or wrong-language string cannot slip in: each longer text is detected as its language."""
    wrong, total = [], 0
    for lang in LANGS:
        texts = [(w, v) for w, f, v in service_texts(kb, lang) if f in ("summary", "eligibility", "access")]
        texts += [(f"{lang}: {k}", v) for k, v in flatten(catalogue(lang))
                  if isinstance(v, str) and k.startswith("chat.")]
        for where, value in texts:
            if len(value.split()) < MIN_WORDS:
                continue
            total += 1
            guess = identifier.guess(value)
            if guess.language != lang and guess.confidence >= 0.5:  # below that lingua is guessing
                wrong.append(f"{where}: detected {guess.language}")
    assert total > 2000
    assert not wrong, f"{len(wrong)} of {total}: {wrong[:30]}"
