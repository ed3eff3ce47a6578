"""Language of a message and of the conversation: names do not flip it, requests and confident text do."""
import pytest

from bot import conversation
from bot.language import identifier_for, requested_language


@pytest.fixture(scope="module")
def identifier(kb):
    return identifier_for(kb)


@pytest.mark.parametrize("text, lang", [
    ("missä on Welcome Office", "fi"), ("var får jag Kaikukortti", "sv"), ("Kela asumistuki?", "fi"),
    ("where can I learn Finnish in Vaasa", "en"), ("hei", "fi"), ("tere", "et"), ("Привіт", "uk"),
    ("Привет", "ru"), ("میں کہاں جاؤں", "ur"), ("waan u baahanahay guri", "so"),
    ("mul on toimeentulotuki, kas siis saan ka kaikukortti", "et"), ("mujhe ghar chahiye Vaasassa", "ur"),
    ("wein a7sal shoghol", "ar"), ("koja mitunam kelas zaban peyda konam", "fa"), ("gde najti kvartiru", "ru"),
])
def test_message_language(identifier, text, lang):
    assert identifier.guess(text).language == lang


def test_names_and_numbers_are_no_evidence(identifier):
    assert identifier.guess("Kaikukortti Vaasa 112").language is None


@pytest.mark.parametrize("text, lang", [
    ("puhu ruotsia", "sv"), ("in English please", "en"), ("and in Swedish?", "sv"), ("English", "en"),
    ("по-русски пожалуйста", "ru"), ("بالعربية", "ar"),
])
def test_requests(text, lang):
    assert requested_language(text) == lang


def test_long_sentences_mentioning_a_language_are_not_requests():
    assert requested_language("I want to learn Finnish, where are the courses in English for beginners") is None


@pytest.mark.parametrize("text", ["interpreter in Arabic", "tolk på arabiska", "tarvitsen tulkin somaliksi",
                                  "Finnish course in English", "kurs på svenska i Vasa", "переводчик на русском"])
def test_the_language_of_an_interpreter_or_a_course_is_not_a_request(text):
    assert requested_language(text) is None


def test_conversation_language_is_sticky():
    assert conversation.language("ok", "sv") == "sv"  # one short word is no reason to change
    assert conversation.language("Kaikukortti?", "ar") == "ar"  # a name is no reason either
    assert conversation.language("where can I find an apartment for my family", "fi") == "en"


def test_page_language_changes_only_on_request():
    assert conversation.language("where can I find an apartment for my family", "ar", locked=True) == "ar"
    assert conversation.language("in English please", "ar", locked=True) == "en"
