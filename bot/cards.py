"""A service as a card: the same fields for the staff lookup, the web page and the assistant."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from .messages import t
from .model import KnowledgeBase, Service


def card(service: Service, lang: str, kb: KnowledgeBase, score: Optional[float] = None) -> Dict[str, Any]:
    contacts: List[Dict[str, Any]] = []
    for c in service.contacts:
        item = {"type": c.type, "value": c.value_in(lang), "source": c.source, "verified": c.verified.isoformat()}
        if c.label:
            item["label"] = c.label.get(lang) or c.label.get("en")
        contacts.append(item)
    data: Dict[str, Any] = {
        "id": service.id,
        "topics": list(service.topics),
        "city": service.city,
        "area": list(service.area),
        "language": lang,
        "name": service.name(lang),
        "organisation": service.organisation.get(lang) or service.organisation.get("en"),
        "summary": service.text(lang, "summary"),
        "eligibility": service.text(lang, "eligibility"),
        "access": service.text(lang, "access"),
        "cost": service.text(lang, "cost"),
        "contacts": contacts,
        "service_languages": list(service.service_languages),
        "sources": [{"ref": s.ref, "section": s.section} for s in service.sources],
        "verified": service.verified.isoformat(),
    }
    if score is not None:
        data["score"] = round(score, 4)
    return data


def render(data: Dict[str, Any], kb: KnowledgeBase) -> str:
    """A card as plain text for a terminal or for copying into an email."""
    lang = data["language"]
    place = t("card.national", lang) if data["city"] == "national" else kb.cities[data["city"]].name(lang)
    lines = [f"{data['name']}  ({place})", "=" * min(72, len(data["name"]) + len(place) + 4)]
    if data.get("summary"):
        lines.append(data["summary"])
    for key in ("organisation", "eligibility", "access", "cost"):
        if data.get(key):
            lines.append(f"{t('card.' + key, lang)}: {data[key]}")
    if data["contacts"]:
        lines.append(f"{t('card.contacts', lang)}:")
        for c in data["contacts"]:
            label = f" ({c['label']})" if c.get("label") else ""
            lines.append(f"  {t('card.' + c['type'], lang)}{label}: {c['value']}")
    if data["service_languages"]:
        lines.append(f"{t('card.languages', lang)}: {', '.join(data['service_languages'])}")
    sources = "; ".join(s["ref"] + (f" ({s['section']})" if s.get("section") else "") for s in data["sources"])
    lines.append(f"{t('card.sources', lang)}: {sources}")
    lines.append(f"{t('card.verified', lang)}: {data['verified']}  [{data['id']}]")
    return "\n".join(lines)
