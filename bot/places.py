"""Finding the city a message talks about: 'asun Kokkolassa', 'i Karleby', 'Vasa', 'Oulusta'."""
from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from rapidfuzz import fuzz, process

from .model import KnowledgeBase
from .text import fold, stem, words


# City names that are also everyday words ("lahti": a bay in Finnish, "open" in Estonian): they name the
# city only when written with a capital letter.
COMMON_WORDS = frozenset({"lahti"})


class CityFinder:
    def __init__(self, kb: KnowledgeBase):
        self.forms: Dict[str, str] = {}  # folded form -> city id
        self.stems: Dict[str, str] = {}  # Finnish stem of a name -> city id (catches unlisted inflections)
        for city in kb.cities.values():
            for form in list(city.names.values()) + list(city.forms) + [city.id]:
                for token in (form, form.replace("-", " ")):
                    self.forms.setdefault(fold(token), city.id)
            fi_name = city.names.get("fi", city.id)
            if len(fi_name) >= 4:
                self.stems.setdefault(stem(fi_name.casefold(), "fi"), city.id)
        self._choices = [f for f in self.forms if len(f) >= 5]

    def spans(self, text: str) -> List[Tuple[str, str]]:
        """(word as typed, city id) for every word of the text that names a city."""
        found = []
        tokens = words(text)
        capitalised = {w.casefold() for w in re.findall(r"\w+", text) if w[:1].isupper()}
        for i, word in enumerate(tokens):
            folded = fold(word)
            if folded in COMMON_WORDS and word not in capitalised:
                continue
            two = fold(" ".join(tokens[i : i + 2]))
            city = self.forms.get(two) or self.forms.get(folded) or self.stems.get(stem(word, "fi"))
            if city is None and len(folded) >= 6 and self._choices:
                # a typo in a longer name: "Kokolassa", "Seinajoela", "Lappenranta"
                # same first two letters: "koulussa" is not "Oulussa", "vaarassa" is not "Vaasassa"
                choices = [c for c in self._choices if c[:2] == folded[:2]]
                match = process.extractOne(folded, choices, scorer=fuzz.ratio, score_cutoff=90)
                if match:
                    city = self.forms[match[0]]
            if city:
                found.append((word, city))
        return found

    def find(self, text: str) -> Optional[str]:
        """The city a text names; the last one if several ('I moved from Oulu to Vaasa')."""
        spans = self.spans(text)
        return spans[-1][1] if spans else None
