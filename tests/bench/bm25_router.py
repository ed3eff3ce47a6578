"""The routing baseline of `make eval`: the staff quick-lookup (BM25, bot/retrieval.py) used as a router.

The message goes to the lookup as it is, with its language (the lookup stems for it); the top service is
the answer. It counts as the right topic when that service covers the labelled topic (a lenient reading:
Opas must name the exact topic), and as the right service when it is the service Opas's routing picks for
the labelled topic and city. A city named in the message filters the lookup, as on the staff page.
"""
from __future__ import annotations

from typing import Optional

from bot.model import KnowledgeBase, Service
from bot.retrieval import index_for


def route(kb: KnowledgeBase, text: str, lang: str) -> Optional[Service]:
    hits = index_for(kb).search(text, lang=lang, limit=1)
    return hits[0].service if hits else None
