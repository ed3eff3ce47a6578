"""Normalising and stemming text in any of Opas's languages, for search and for matching names."""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Iterable, List, Tuple

import snowballstemmer

# Snowball has no Somali, Urdu or Ukrainian stemmer: those words are matched unstemmed (folded).
STEMMER_NAMES = {
    "fi": "finnish", "sv": "swedish", "en": "english", "ar": "arabic", "fa": "persian",
    "ru": "russian", "et": "estonian",
}
UNSTEMMED = "-"  # a language code with no stemmer: words are only folded
TOKEN = re.compile(r"\w+", re.UNICODE)
# Arabic-script letters that people type in several forms (Persian/Urdu keyboards, hamza variants).
ARABIC_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ۀ": "ه", "ہ": "ه"})

# Words that carry no meaning for finding a service (kept short: BM25 already discounts common words).
STOPWORDS = frozenset(
    """
    ja tai on ei se ne mä mää minä sinä hän me te he mun sun mitä mikä missä mistä miten kuinka
    voi voin voiko onko ole olen kun jos että kanssa myös vai nyt tässä siellä täällä haluan
    och eller är inte jag du han hon vi ni de det den vad var hur kan får jag mig min att med
    också nu här där vill om för på till av i en ett
    the a an and or is are am not i you he she we they it what where how can could do does
    my me to of in on for with please want need get about there here this that which who
    asun asumme asuu bor live lives living moved muutin muutimme muutti flyttade
    """.split()  # the last line: saying where one lives names a city, not a service
)


def fold(text: str) -> str:
    """Lowercase, without diacritics: 'Seinäjoella' -> 'seinajoella', 'Åbo' -> 'abo'."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(ARABIC_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c))


def words(text: str) -> List[str]:
    return TOKEN.findall(unicodedata.normalize("NFC", text.casefold()))


@functools.lru_cache(maxsize=None)
def _stemmer(lang: str):
    name = STEMMER_NAMES.get(lang)
    return snowballstemmer.stemmer(name) if name else None


@functools.lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """The folded stem of one lowercased word in one language."""
    stemmer = _stemmer(lang)
    return fold(stemmer.stemWord(word) if stemmer else word)


def terms(text: str, langs: Iterable[str]) -> List[str]:
    """Search terms of a text: each word stemmed in every given language (deduplicated per word).

    A staff member may type Swedish into a Finnish card's search, and a newcomer's message may mix
    languages, so a word counts as any of its stems.
    """
    langs = tuple(langs)
    out: List[str] = []
    for word in words(text):
        if word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
            continue
        seen = set()
        for variant in (word, fold(word)):
            for lang in langs:
                s = stem(variant, lang)
                if len(s) >= 2 and s not in seen:
                    seen.add(s)
                    out.append(s)
    return out


def ngrams(text: str, n: int = 3) -> Tuple[str, ...]:
    padded = f" {fold(text)} "
    return tuple(padded[i : i + n] for i in range(len(padded) - n + 1))
