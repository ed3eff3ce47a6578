"""Ranked search over the services: BM25 on stemmed, folded text in every language, with typo repair.

A service's document is its texts, keywords and organisation in every language plus its topics'
names and keywords. A query word counts once, as the best of its stems in the candidate languages;
a word the index has never seen is repaired to the closest indexed term ("kaikukorti" ->
"kaikukort"). A city named in the query, or given as a filter, limits the results to services
available there (the city's own first, national ones after).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Optional, Sequence

import bm25s
import numpy as np
from rapidfuzz import fuzz, process

from .model import KnowledgeBase, Service
from .places import CityFinder
from .text import STEMMER_NAMES, UNSTEMMED, stem, terms, words

NATIONAL_WEIGHT = 0.6  # a city's own service comes before a national one of similar relevance
AREA_WEIGHT = 0.9  # ... and before a neighbour's service that also serves the city
REPAIRED_WEIGHT = 0.7  # a repaired (typo) term counts less than an exact one
NAME_REPEAT = 2  # names and keywords count twice as much as running text


@dataclass(frozen=True)
class Hit:
    service: Service
    score: float


class ServiceIndex:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.services: List[Service] = list(kb.services.values())
        self.cities = CityFinder(kb)
        corpus = [self._document(s) for s in self.services]
        self.vocabulary = sorted({t for doc in corpus for t in doc})
        self._repairable = [t for t in self.vocabulary if len(t) >= 4]
        self.bm25 = bm25s.BM25()
        self.bm25.index(corpus, show_progress=False)
        self.position = {s.id: i for i, s in enumerate(self.services)}
        # routing searches the same question more than once, and newcomers ask with the same words
        # again and again; a word's scores (stemming, typo repair, BM25) never change for an index
        self._word_scores = lru_cache(maxsize=20_000)(self._word_scores_uncached)

    def _document(self, service: Service) -> List[str]:
        tokens: List[str] = []
        for lang, text in service.texts.items():
            stem_langs = (lang,) if lang in STEMMER_NAMES else ()
            tokens += terms(" ".join(text.get(k, "") for k in ("summary", "eligibility", "access")), stem_langs)
            tokens += NAME_REPEAT * terms(text.get("name", ""), stem_langs)
        for lang, keywords in service.keywords.items():
            tokens += NAME_REPEAT * terms(" ".join(keywords), (lang,) if lang in STEMMER_NAMES else ())
        for lang, name in service.organisation.items():
            tokens += terms(name, (lang,) if lang in STEMMER_NAMES else ())
        for topic_id in service.topics:
            topic = self.kb.topics[topic_id]
            for lang, text in topic.texts.items():
                tokens += terms(text.get("name", ""), (lang,) if lang in STEMMER_NAMES else ())
            for lang, keywords in topic.keywords.items():
                tokens += terms(" ".join(keywords), (lang,) if lang in STEMMER_NAMES else ())
        return tokens

    def _word_scores_uncached(self, word: str, langs: Sequence[str]) -> np.ndarray:
        """Best BM25 score of any stem of one query word, per service (read-only: it is cached)."""
        best = np.zeros(len(self.services), dtype=np.float32)
        variants = {stem(word, lang) for lang in langs + (UNSTEMMED,)}
        if not variants & self.bm25.vocab_dict.keys():
            variants |= set(self._compound_parts(word, langs))
        for variant in variants:
            if len(variant) < 2:
                continue
            weight = 1.0
            if variant not in self.bm25.vocab_dict:
                if len(variant) < 4:
                    continue
                match = process.extractOne(variant, self._repairable, scorer=fuzz.ratio, score_cutoff=80)
                if not match:
                    continue
                variant, weight = match[0], REPAIRED_WEIGHT * match[1] / 100
            best = np.maximum(best, weight * self.bm25.get_scores([variant]))
        best.setflags(write=False)
        return best

    def _compound_parts(self, word: str, langs: Sequence[str]) -> List[str]:
        """The parts of a Finnish or Swedish compound the index knows: "bostadsrådgivning" -> bostad, rådgivning."""
        for i in range(len(word) - 4, 3, -1):
            head, tail = word[:i], word[i:]
            for lang in langs:
                tail_stem = stem(tail, lang)
                if tail_stem not in self.bm25.vocab_dict:
                    continue
                for h in (head, head[:-1] if head.endswith("s") else head):  # Swedish linking -s-
                    head_stem = stem(h, lang)
                    if head_stem in self.bm25.vocab_dict:
                        return [head_stem, tail_stem]
        return []

    def search(
        self,
        query: str,
        city: Optional[str] = None,
        topic: Optional[str] = None,
        lang: Optional[str] = None,
        limit: int = 5,
    ) -> List[Hit]:
        named = self.cities.spans(query)
        city = city or (named[-1][1] if named else None)
        city_words = {w for w, _ in named}
        query_words = [w for w in words(query) if w not in city_words]
        langs = tuple(dict.fromkeys(([lang] if lang in STEMMER_NAMES else []) + list(STEMMER_NAMES)))

        scores = np.zeros(len(self.services), dtype=np.float32)
        for word in dict.fromkeys(w for w in query_words if terms(w, (UNSTEMMED,))):
            scores += self._word_scores(word, langs)

        hits: List[Hit] = []
        for i, service in enumerate(self.services):
            if topic and topic not in service.topics:
                continue
            if city and not service.serves(city):
                continue
            score = float(scores[i])
            if not query_words:  # only a city or only filters: list what there is
                score = 1.0
            if city and service.is_national:
                score *= NATIONAL_WEIGHT
            elif city and service.city != city:
                score *= AREA_WEIGHT
            if score > 0:
                hits.append(Hit(service, score))
        if city and not query_words:
            advice = self.kb.cities[city].advice_service
            hits.sort(key=lambda h: h.service.id != advice)
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]


_indexes: Dict[int, ServiceIndex] = {}


def index_for(kb: KnowledgeBase) -> ServiceIndex:
    """One index per loaded knowledge base (building it takes tens of milliseconds)."""
    if id(kb) not in _indexes:
        _indexes[id(kb)] = ServiceIndex(kb)
    return _indexes[id(kb)]
