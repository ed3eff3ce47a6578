"""Which language a newcomer writes in, and when the conversation should change language.

lingua alone guesses poorly on two-word messages and is misled by Finnish service names
("var får jag Kaikukortti" looks Finnish). So, before asking it:
- names from the knowledge base (cities, service and organisation names that read the same in
  every language) are taken out of the text: they are no evidence of a language;
- the script decides the family (Arabic script: ar/fa/ur, Cyrillic: ru/uk) and letters unique to one
  language decide it outright (Ukrainian і/ї/є/ґ, Persian/Urdu letters);
- greetings and other one-word messages come from a small lexicon.
The conversation language is sticky: it changes only on confident evidence or on request.
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, Optional

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

from .languages import SUPPORTED
from .model import KnowledgeBase
from .privacy import MARKER
from .text import fold, words

LINGUA = {code: Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in SUPPORTED}
CODE = {language: code for code, language in LINGUA.items()}

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
URDU_LETTERS = re.compile(r"[ٹڈڑںےۓھ]")
PERSIAN_LETTERS = re.compile(r"[پچژگ]")
UKRAINIAN_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
RUSSIAN_LETTERS = re.compile(r"[ыэъёЫЭЪЁ]")
ESTONIAN_LETTERS = re.compile(r"[õÕ]")
SWEDISH_LETTERS = re.compile(r"[åÅ]")

# Whole short messages that lingua cannot place (greetings, thanks, yes/no).
LEXICON: Dict[str, str] = {
    **dict.fromkeys("hei moi moikka terve huomenta päivää kiitos kiitti joo juu ei kyllä selvä heippa".split(), "fi"),
    **dict.fromkeys("hej hejsan tjena tack ja nej hallå godmorgon adjö".split(), "sv"),
    **dict.fromkeys("hi hello hey thanks thank yes no ok okay bye goodbye".split(), "en"),
    **dict.fromkeys("tere tervist aitäh aitah jah head nägemist".split(), "et"),
    **dict.fromkeys("salaan haa maya mahadsanid nabad".split(), "so"),
    **dict.fromkeys(["привет", "спасибо", "здравствуйте", "да", "нет", "пока"], "ru"),
    **dict.fromkeys(["привіт", "дякую", "так", "ні", "добрий"], "uk"),
    **dict.fromkeys(["مرحبا", "شكرا", "نعم", "اهلا", "أهلا"], "ar"),
    **dict.fromkeys(["سلام", "ممنون", "مرسی", "بله", "خیر"], "fa"),
    **dict.fromkeys(["شکریہ", "جی", "ہاں", "نہیں"], "ur"),
}

# "in English please", "puhu ruotsia", "på svenska", "بالعربية" ...: a request beats detection.
SPEAK = r"(?:puhu|puhutko|speak|tala|talar du|can you speak|in|på|på|auf)\s+"
REQUEST_PATTERNS = {
    "fi": rf"\bsuomeksi\b|\b(puhu|puhutko)\s+suomea\b|\b{SPEAK}finnish\b|\bpå finska\b|\bsoome keeles\b",
    "sv": rf"\bruotsiksi\b|\b(puhu|puhutko)\s+ruotsia\b|\b{SPEAK}(swedish|svenska)\b|\brootsi keeles\b",
    "en": rf"\benglanniksi\b|\b(puhu|puhutko)\s+englantia\b|\b{SPEAK}(english|engelska)\b|\benglish please\b|\binglise keeles\b",
    "ar": rf"بالعربي|باللغة العربية|\barabiaksi\b|\b{SPEAK}arabic\b|\bpå arabiska\b",
    "fa": rf"به فارسی|به دری|\bpersiaksi\b|\b{SPEAK}(persian|farsi|dari)\b|\bpå (persiska|dari)\b",
    "so": rf"\bsomaliksi\b|\baf soomaali\b|\b{SPEAK}somali\b|\bpå somaliska\b",
    "ur": rf"اردو میں|\burduksi\b|\b{SPEAK}urdu\b|\bpå urdu\b",
    "ru": rf"по-русски|по русски|на русском|\bvenäjäksi\b|\b{SPEAK}russian\b|\bpå ryska\b",
    "uk": rf"українською|\bukrainaksi\b|\b{SPEAK}ukrainian\b|\bpå ukrainska\b",
    "et": rf"eesti keeles|\bviroksi\b|\b{SPEAK}estonian\b|\bpå estniska\b",
}
# A message that is only a language's name ("English", "svenska", "العربية") asks for that language.
LANGUAGE_NAMES = {
    "fi": {"suomi", "finnish", "finska", "soome"}, "sv": {"svenska", "ruotsi", "swedish", "rootsi"},
    "en": {"english", "englanti", "engelska", "inglise"}, "ar": {"العربية", "عربي", "arabia", "arabic", "arabiska"},
    "fa": {"فارسی", "دری", "persia", "persian", "farsi", "dari"}, "so": {"soomaali", "somali", "somalia"},
    "ur": {"اردو", "urdu"}, "ru": {"русский", "venäjä", "russian", "ryska"},
    "uk": {"українська", "ukraina", "ukrainian", "ukrainska"}, "et": {"eesti", "viro", "estonian", "estniska"},
}
REQUESTS = {code: re.compile(pattern, re.IGNORECASE) for code, pattern in REQUEST_PATTERNS.items()}
# "tolk på somaliska", "an interpreter in Arabic", "Finnish course in English": the language of a service,
# not of this chat (interpreter and course words in the ten languages)
SERVICE_IN_A_LANGUAGE = re.compile(
    r"tulk|tolk|interpret|tõlk|مترجم|ترجمان|tarjum|turjub|turjum|переводч|перекладач|"
    r"kurssi|\bkurs|course|\bclass|دورة|دوره|کورس|курс", re.IGNORECASE)

# Romanised writing (Arabizi, Roman Urdu, Finglish, translit Russian) that lingua does not model: function
# words frequent in it and rare in fi/sv/en/so/et. Two of them, or Arabizi's digits-for-letters, decide.
ROMANISED = {
    "ar": set("bdi biddi wein shlon shu esh kif keef leish lesh ahtaj a7taj mumkin momken ya3ni 3ala 3an "
              "ma3 kteer ktir ktiir ma3i mafi msh mish bade".split()),
    "ur": set("mujhe mujhay hai hain kya kahan kaise kis milegi milega chahiye chahye nahi nahin raha rahi "
              "aap mera meri mere karna karun sakta sakti ghar madad zaroorat".split()),
    "fa": set("koja chejuri chetori daram mikham mikhay baraye chiye midan mitune mitunam begire konam khune "
              "khoone kojast hastam mishe mitoonam kheili".split()),
    "ru": set("kak gde gdje nahoditsya najti naiti poluchit mne nuzhno nuzhna zapisatsa zapisatsya kvartiru "
              "pomogite skolko zdravstvujte privet spasibo mozhno hochu ishu ishchu est".split()),
}
ARABIZI = re.compile(r"\b[a-z]*[a-z][2357][a-z]+\b|\b[2357][a-z]{2,}\b")

MIN_CONFIDENCE = 0.55
MIN_MARGIN = 0.25


@dataclass(frozen=True)
class Guess:
    language: Optional[str]  # None: no evidence in the text
    confidence: float
    reason: str

    @property
    def confident(self) -> bool:
        return self.language is not None and self.confidence >= MIN_CONFIDENCE


@functools.lru_cache(maxsize=1)
def _detector():
    return LanguageDetectorBuilder.from_languages(*LINGUA.values()).with_preloaded_language_models().build()


# Languages newcomers in Finland often write that Opas does not speak yet: recognised only to say so.
# High-accuracy models: low-accuracy mode took a third of short English messages for Tagalog or French.
OTHERS = ("DE", "FR", "ES", "IT", "PT", "TR", "PL", "NL", "VI", "ZH", "HU", "TL")


@functools.lru_cache(maxsize=1)
def _broad_detector():
    others = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code)) for code in OTHERS]
    return LanguageDetectorBuilder.from_languages(*LINGUA.values(), *others).with_preloaded_language_models().build()


def unsupported(text: str, names: FrozenSet[str] = frozenset()) -> bool:
    """Whether a message is clearly in a language Opas does not speak (three words or more)."""
    content = [w for w in words(MARKER.sub(" ", text)) if fold(w) not in names and not w.isdigit()]
    if len(content) < 3 or requested_language(text):
        return False
    values = _broad_detector().compute_language_confidence_values(" ".join(content))
    top = values[0] if values else None
    return top is not None and top.language not in CODE and top.value >= 0.6


def names_in(kb: KnowledgeBase) -> FrozenSet[str]:
    """Folded words that name something and say nothing of the writer's language."""
    names = set()
    for city in kb.cities.values():
        names.update(fold(w) for form in (*city.names.values(), *city.forms) for w in words(form))
    for service in kb.services.values():
        for field in (
            [t.get("name", "") for t in service.texts.values()],
            list(service.organisation.values()),
        ):
            common = set.intersection(*(set(map(fold, words(x))) for x in field)) if field else set()
            names.update(w for w in common if len(w) > 2)
    names.update({"kela", "migri", "kaikukortti", "welcome", "office", "infofinland", "te", "ely", "soite", "112"})
    return frozenset(names)


def finnish_terms_in(kb: KnowledgeBase) -> FrozenSet[str]:
    """Finnish service words (asumistuki, toimeentulotuki, terveysasema ...) that newcomers write inside
    sentences of their own language: in such a sentence they are no evidence of Finnish."""
    terms = set()
    for service in kb.services.values():
        terms.update(fold(w) for k in service.keywords.get("fi", ()) for w in words(k))
        terms.update(fold(w) for w in words(service.texts.get("fi", {}).get("name", "")))
    for topic in kb.topics.values():
        terms.update(fold(w) for k in topic.keywords.get("fi", ()) for w in words(k))
    return frozenset(t for t in terms if len(t) >= 5)


def romanised(tokens) -> Optional[str]:
    folded = [fold(t) for t in tokens]
    scores = {lang: sum(t in vocab for t in folded) for lang, vocab in ROMANISED.items()}
    if any(ARABIZI.fullmatch(t) for t in folded):
        scores["ar"] += 2
    best = max(scores, key=scores.get)
    ranked = sorted(scores.values(), reverse=True)
    return best if ranked[0] >= 2 and ranked[0] > ranked[1] else None


EVIDENCE = 12  # chosen by 5-fold cross-validation on the training examples (6-1000 within 0.1 point)


class InDomainModel:
    """Character n-gram naive Bayes over what newcomers write to Opas (the training examples of each language).

    lingua models each language in general; this knows the short, service-word-heavy questions Opas gets.
    The two are averaged, so neither decides alone.
    """

    def __init__(self, texts: Iterable[str], labels: Iterable[str]):
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.naive_bayes import MultinomialNB
        from sklearn.pipeline import make_pipeline

        self.pipeline = make_pipeline(CountVectorizer(analyzer="char_wb", ngram_range=(1, 4)), MultinomialNB(alpha=0.1))
        texts, labels = list(texts), list(labels)
        self.pipeline.fit(texts, labels)
        self.classes = list(self.pipeline.classes_)
        self.vocabulary: Dict[str, set] = {}
        for text, label in zip(texts, labels):
            self.vocabulary.setdefault(label, set()).update(fold(w) for w in words(text))

    def shared(self, text: str, first: str, second: str) -> bool:
        """Every word of `text` is written in both languages ("я живу в" is Russian and Ukrainian)."""
        tokens = [fold(w) for w in words(text)]
        a, b = self.vocabulary.get(first, set()), self.vocabulary.get(second, set())
        return bool(tokens) and all(t in a and t in b for t in tokens)

    def probabilities(self, text: str) -> Dict[str, float]:
        # naive Bayes adds up the evidence of every n-gram as if independent, so it is sure of itself even on
        # "я живу в", which is Russian and Ukrainian alike: count at most EVIDENCE n-grams' worth
        vectorizer, bayes = self.pipeline[0], self.pipeline[-1]
        counts = vectorizer.transform([text])
        joint = bayes.predict_joint_log_proba(counts)[0] if hasattr(bayes, "predict_joint_log_proba") \
            else bayes._joint_log_likelihood(counts)[0]
        joint = joint * min(1.0, EVIDENCE / max(counts.sum(), 1))
        weights = [math.exp(v - max(joint)) for v in joint]
        return {c: w / sum(weights) for c, w in zip(self.classes, weights)}


class LanguageIdentifier:
    def __init__(self, names: Iterable[str] = (), finnish_terms: Iterable[str] = (),
                 in_domain: Optional[InDomainModel] = None):
        self.names = frozenset(names)
        self.finnish_terms = frozenset(finnish_terms)
        self.in_domain = in_domain
        _detector()

    def strip_names(self, text: str) -> str:
        # the markers of removed personal data ("[phone]") are no evidence of a language either
        return " ".join(w for w in words(MARKER.sub(" ", text)) if fold(w) not in self.names and not w.isdigit())

    def guess(self, text: str) -> Guess:
        requested = requested_language(text)
        if requested:
            return Guess(requested, 1.0, "request")
        content = self.strip_names(text)
        if not re.search(r"[^\W\d_]", content):
            return Guess(None, 0.0, "no words of a language")
        tokens = content.split()
        if len(tokens) <= 2 and all(t in LEXICON for t in tokens) and len({LEXICON[t] for t in tokens}) == 1:
            return Guess(LEXICON[tokens[0]], 0.5, "lexicon")  # a greeting alone does not switch a running conversation
        latin = not ARABIC_SCRIPT.search(content) and not CYRILLIC.search(content)
        if latin:
            guess = romanised(tokens)
            if guess:
                return Guess(guess, 0.8, "romanised")
        # Finnish service words inside another language's sentence: decide on the rest if enough remains
        rest = [w for w in tokens if fold(w) not in self.finnish_terms]
        if len(rest) >= 2 and len(rest) < len(tokens):
            tokens, content = rest, " ".join(rest)
        if ARABIC_SCRIPT.search(content):
            if URDU_LETTERS.search(content):
                return Guess("ur", 0.9, "urdu letters")
            candidates = ("ar", "fa", "ur")
        elif CYRILLIC.search(content):
            if UKRAINIAN_LETTERS.search(content):
                return Guess("uk", 0.95, "ukrainian letters")
            if RUSSIAN_LETTERS.search(content):
                return Guess("ru", 0.95, "russian letters")
            candidates = ("ru", "uk")
        elif self.in_domain is not None:
            candidates = SUPPORTED  # romanised Arabic, Persian, Urdu and Russian too: only the in-domain model knows them
        else:
            candidates = ("fi", "sv", "en", "so", "et")
        values = {CODE[c.language]: c.value for c in _detector().compute_language_confidence_values(content)}
        total = sum(values.get(c, 0.0) for c in candidates) or 1.0
        values = {c: values.get(c, 0.0) / total for c in candidates}
        if self.in_domain is not None:
            own = self.in_domain.probabilities(content)
            own_total = sum(own.get(c, 0.0) for c in candidates) or 1.0
            values = {c: (values[c] + own.get(c, 0.0) / own_total) / 2 for c in candidates}
        ranked = sorted(candidates, key=lambda c: -values[c])
        best, second = (values[c] for c in ranked[:2])
        if ranked[0] == "fa" and not PERSIAN_LETTERS.search(content) and best - second < 0.5:
            pass  # Arabic and Persian share most letters: trust lingua's margin only
        letters = sum(ch.isalpha() for ch in content)
        # one short word is weak evidence whatever lingua says
        confidence = best if (len(tokens) >= 2 or letters >= 8) and best - second >= MIN_MARGIN else min(best, 0.5)
        if self.in_domain is not None and self.in_domain.shared(content, ranked[0], ranked[1]):
            confidence = min(confidence, 0.5)  # no word only one of the two languages uses: not enough to switch
        if ranked[0] == "et" and ESTONIAN_LETTERS.search(content):
            confidence = max(confidence, 0.8)
        if ranked[0] == "fi" and SWEDISH_LETTERS.search(content) and len(tokens) <= 4:
            ranked[0], confidence = "sv", 0.6
        return Guess(ranked[0], confidence, "lingua")

    def conversation_language(self, text: str, current: Optional[str], default: str = "en") -> str:
        """The language to answer in: the current one unless the message clearly is in, or asks for, another."""
        guess = self.guess(text)
        if guess.reason == "request" or guess.confident:
            return guess.language
        if current:
            return current
        return guess.language or default


def requested_language(text: str) -> Optional[str]:
    """A short message asking for a language; in a longer one, "in English" is part of a question."""
    if len(words(text)) > 6 or SERVICE_IN_A_LANGUAGE.search(text):
        return None
    whole = " ".join(words(text))
    for code, names in LANGUAGE_NAMES.items():
        if whole in names:
            return code
    hits = [code for code, pattern in REQUESTS.items() if pattern.search(text)]
    return hits[-1] if len(hits) == 1 else None


_identifiers: Dict[int, LanguageIdentifier] = {}


MARKUP = re.compile(r"\[([^\]]*)\]\{[^}]*\}|\[([^\]]*)\]\([^)]*\)")


def in_domain_model(names: FrozenSet[str]) -> Optional[InDomainModel]:
    """Trained on the hand-written training examples of each language (data/nlu/<lang>/), names taken out."""
    from .generate import nlu_examples

    stripper = LanguageIdentifier(names)
    rows = [(lang, stripper.strip_names(MARKUP.sub(r"\1\2", text)))
            for lang, _, text in nlu_examples(with_language=True) if lang in SUPPORTED]
    rows = [(lang, text) for lang, text in rows if text]
    return InDomainModel([t for _, t in rows], [lang for lang, _ in rows]) if rows else None


def identifier_for(kb: KnowledgeBase) -> LanguageIdentifier:
    """One identifier per loaded knowledge base (its names are taken out before detection)."""
    if id(kb) not in _identifiers:
        names = names_in(kb)
        _identifiers[id(kb)] = LanguageIdentifier(names, finnish_terms_in(kb), in_domain_model(names))
    return _identifiers[id(kb)]
