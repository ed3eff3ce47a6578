"""What the assistant says, as channel-neutral messages: text, buttons and the `custom` routing payload.

Every message that answers a topic carries
    custom = {"topic", "service", "city", "language", ...}
so the web page and tests outside the project can read where a newcomer was sent.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple

from . import flows, languages
from .cards import card
from .messages import t
from .model import KnowledgeBase, Service
from .routing import LOCAL, NAMED, NATIONAL, OTHER_CITY, REGIONAL, Route, route

Message = Dict[str, Any]
EMERGENCY_SERVICES = ("national-emergency-112", "national-crisis-helpline", "national-victim-support", "national-nollalinja")
FALLBACK_ADVICE = "national-infofinland"


def payload(intent: str, **entities) -> str:
    """A button payload that Rasa reads as this intent with these entities."""
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"


def routing(topic: Optional[str], service: Optional[Service], city: Optional[str], lang: str, **extra) -> Dict:
    data = {"topic": topic, "service": service.id if service else None, "city": city, "language": lang}
    data.update(extra)
    return data


def advice_service(kb: KnowledgeBase, city: Optional[str]) -> Optional[Service]:
    """The general advice point a newcomer in `city` is sent to when Opas cannot help."""
    sid = kb.cities[city].advice_service if city in kb.cities else None
    return kb.services.get(sid or FALLBACK_ADVICE) or kb.services.get(FALLBACK_ADVICE)


def city_name(kb: KnowledgeBase, city: Optional[str], lang: str) -> str:
    if city in kb.cities:
        return kb.cities[city].name(lang)
    return t("chat.other_city", lang).lower()


def contact_lines(service: Service, lang: str, kinds=("address", "phone", "email", "hours", "url")) -> List[str]:
    lines = []
    for kind in kinds:
        for contact in service.contacts_of(kind):
            label = contact.label.get(lang) or contact.label.get("en") if contact.label else ""
            lines.append(f"{t('card.' + kind, lang)}{' (' + label + ')' if label else ''}: {contact.value_in(lang)}")
    return lines


def language_note(service: Service, lang: str) -> str:
    """Own-language advice where the service gives it; otherwise the right to an interpreter."""
    if lang != "fi" and any(languages.covers(code, lang) for code in service.service_languages):
        return t("chat.own_language", lang, language=t(f"language_names.{lang}", lang))
    if lang == "fi" and (not service.service_languages or "fi" in service.service_languages):
        return ""
    return t("chat.interpreter", lang)


def service_card(kb: KnowledgeBase, service: Service, lang: str) -> List[str]:
    lines = [f"{service.name(lang)} — {service.text(lang, 'summary') or ''}".strip()]
    if service.text(lang, "eligibility"):
        lines.append(t("chat.who", lang, eligibility=service.text(lang, "eligibility")))
    lines.append(t("chat.how", lang, access=service.text(lang, "access")))
    if service.text(lang, "cost"):
        lines.append(f"{t('card.cost', lang)}: {service.text(lang, 'cost')}")
    lines += contact_lines(service, lang)
    return lines


def answer(kb: KnowledgeBase, r: Route, lang: str) -> List[Message]:
    """The routed service for a topic, with how to get it, contacts and the language note."""
    if r.service is None:
        advice = advice_service(kb, r.city)
        return [{"text": t("chat.fallback_final", lang, service=advice.name(lang) if advice else "InfoFinland"),
                 "custom": routing(r.topic, None, r.city, lang)}]
    service = r.service
    if r.scope == LOCAL:
        intro = t("chat.answer_local", lang, service=service.name(lang), city=city_name(kb, r.city, lang))
    elif r.scope == REGIONAL:
        intro = t("chat.answer_regional", lang, city=city_name(kb, r.city, lang),
                  other_city=city_name(kb, service.city, lang))
    elif r.city and r.scope != NAMED:
        intro = t("chat.answer_national", lang, city=city_name(kb, r.city, lang))
    else:
        intro = t("chat.answer_national_nocity", lang)
    lines = [intro, ""] + service_card(kb, service, lang)
    note = language_note(service, lang)
    if note:
        lines += ["", note]
    message: Message = {
        "text": "\n".join(lines),
        "custom": routing(r.topic, service, r.city, lang, scope=r.scope, card=card(service, lang, kb)),
    }
    messages = [message]
    if r.alternatives:
        messages.append({
            "text": t("chat.alternatives", lang),
            "buttons": [{"title": s.name(lang), "payload": payload("choose_service", service=s.id)}
                        for s in r.alternatives],
        })
    return messages


def route_and_answer(kb: KnowledgeBase, topic: str, city: Optional[str], lang: str, text: str = ""):
    r = route(kb, topic, city, text)
    return r, answer(kb, r, lang)


def flow_answer(kb: KnowledgeBase, flow: flows.Flow, answer_given: str, city: Optional[str], lang: str,
                text: str = "") -> Tuple[Route, List[Message]]:
    """The answer to a flow's question, then the service it sends the user to (or the city's advice point)."""
    r = flows.route_for(kb, flow, answer_given, city, text)
    if r is None:
        advice = advice_service(kb, city)
        scope = LOCAL if advice is not None and advice.city == city else NATIONAL
        r = Route(flow.topic, city if city in kb.cities else None, advice, scope)
    messages = answer(kb, r, lang)
    first = messages[0]
    first["text"] = f"{flows.intro(flow, answer_given, lang)}\n\n{first['text']}"
    first["custom"].update(flow=flow.name, answer=answer_given)
    return r, messages


def show_service(kb: KnowledgeBase, service: Service, topic: Optional[str], city: Optional[str], lang: str):
    scope = NATIONAL if service.is_national else LOCAL
    topic = topic if topic in service.topics else service.topics[0]
    return answer(kb, Route(topic, city if city in kb.cities else None, service, scope), lang)


def ask_city(kb: KnowledgeBase, topic: Optional[str], lang: str) -> List[Message]:
    return [{
        "text": t("chat.ask_city", lang),
        "buttons": [{"title": t("chat.other_city", lang), "payload": payload("inform_city", city=OTHER_CITY)}],
        "custom": routing(topic, None, None, lang),
    }]


def city_unknown(kb: KnowledgeBase, topic: Optional[str], lang: str) -> List[Message]:
    names = ", ".join(sorted(c.name(lang) for c in kb.cities.values()))
    return [{
        "text": t("chat.city_unknown", lang, cities=names),
        "buttons": [{"title": t("chat.other_city", lang), "payload": payload("inform_city", city=OTHER_CITY)}],
        "custom": routing(topic, None, None, lang),
    }]


DETAIL_KINDS = {
    "hours": ("hours",), "address": ("address",), "phone": ("phone",), "email": ("email",), "url": ("url",),
    "contacts": ("address", "phone", "email", "hours", "url"),
}


def details(kb: KnowledgeBase, service: Optional[Service], what: str, topic, city, lang: str) -> List[Message]:
    """A follow-up on the last service: its opening hours, address, phone ... or all contacts."""
    if service is None:
        return [{"text": t("chat.no_service_yet", lang)}]
    kinds = DETAIL_KINDS.get(what, DETAIL_KINDS["contacts"])
    lines = contact_lines(service, lang, kinds)
    custom = routing(topic, service, city, lang, card=card(service, lang, kb))
    if lines:
        return [{"text": "\n".join([t("chat.details_intro", lang, service=service.name(lang))] + lines), "custom": custom}]
    urls = service.contacts_of("url")
    what_name = t(f"card.{kinds[0] if len(kinds) == 1 else 'contacts'}", lang).lower()
    if urls:
        text = t("chat.no_details", lang, what=what_name, service=service.name(lang), url=urls[0].value_in(lang))
    else:
        text = t("chat.no_details_no_url", lang, what=what_name, service=service.name(lang))
    return [{"text": text, "custom": custom}]


def emergency(kb: KnowledgeBase, city: Optional[str], lang: str) -> List[Message]:
    """112 first, then crisis help: the same in every conversation state."""
    first = {"text": t("chat.emergency", lang),
             "custom": routing("emergency", kb.services.get("national-emergency-112"), city, lang)}
    helplines = [kb.services[sid] for sid in EMERGENCY_SERVICES[1:] if sid in kb.services]
    lines = [t("chat.emergency_more", lang)]
    for service in helplines:
        phones = [c.value_in(lang) for c in service.contacts_of("phone")]
        lines.append(f"• {service.name(lang)}" + (f": {', '.join(phones[:2])}" if phones else ""))
    return [first, {"text": "\n".join(lines)}] if helplines else [first]


def topic_buttons(kb: KnowledgeBase, topics: List[str], lang: str) -> List[Dict[str, str]]:
    return [{"title": kb.topics[tp].name(lang), "payload": payload(tp)} for tp in topics if tp in kb.topics]


def language_menu(lang: str, key: str = "chat.language_menu") -> List[Message]:
    return [{
        "text": t(key, lang),
        "buttons": [{"title": languages.ENDONYMS[code], "payload": payload("choose_language", language=code)}
                    for code in languages.SUPPORTED],
    }]


def simple(key: str, lang: str, kb: KnowledgeBase = None, city: Optional[str] = None) -> List[Message]:
    """A message that may name the advice point of the user's city ({service})."""
    advice = advice_service(kb, city) if kb else None
    return [{"text": t(key, lang, service=advice.name(lang) if advice else "InfoFinland")}]


def service_unavailable(kb: KnowledgeBase, city: Optional[str], lang: str) -> List[Message]:
    """What Opas says when it cannot answer for a technical reason: sorry, try again, or ask a person here."""
    advice = advice_service(kb, city)
    lines = [t("chat.service_unavailable", lang, service=advice.name(lang))]
    lines += contact_lines(advice, lang, ("phone", "email", "address", "url"))
    lines += ["", t("chat.emergency", lang)]  # whatever is broken, 112 is not
    return [{"text": "\n".join(lines), "custom": routing(None, advice, city, lang, unavailable=True)}]


def privacy_notice(lang: str) -> Message:
    """What Opas stores, for how long, what not to write and whom to ask (also under the web widget)."""
    from .retention import retention_days

    return {"text": t("chat.privacy_notice", lang, days=retention_days())}
