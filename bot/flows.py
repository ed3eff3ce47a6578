"""Services with a flow of their own: a question before the answer.

Most topics need none: the city form asks the city, and the answer is the service routed for it. A flow adds one
yes / no / don't-know question (asked by the city form before the city) and chooses what to say from the answer:
a sentence from bot/locales (`flows.<name>.<answer>`), then the service routed for a topic in the user's city, or
the city's general advice point.

Adding a flow (docs/maintainers.md, "Add a question before the answer"):
  1. a Flow below; the facts in its sentences need `sources`, like the facts in knowledge/;
  2. its slot in domain.yml (`slots:`, type text, custom mapping) and `action_ask_<slot>` in `actions:`;
  3. a two-line `_AskFlowQuestion` subclass in actions/actions.py;
  4. the sentences `flows.<name>.question|yes|no|unsure` in every bot/locales/<lang>.yml;
  5. test stories for each answer (tests/stories/).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from .messages import t
from .model import KnowledgeBase
from .routing import LOCAL, NATIONAL, REGIONAL, Route, route

YES, NO, UNSURE = "yes", "no", "unsure"
ANSWERS = (YES, NO, UNSURE)
# The intents that answer a flow question, and the answer each one means.
ANSWER_INTENTS = {"affirm": YES, "deny": NO, "dont_know": UNSURE}


@dataclass(frozen=True)
class Outcome:
    topic: Optional[str] = None  # route this topic in the user's city; None: the city's advice point
    exclude_topic: Optional[str] = None  # leave out services of this topic (no Kaikukortti among "other hobbies")


@dataclass(frozen=True)
class Flow:
    name: str
    topic: str  # the topic whose questions start the flow
    slot: str  # where the answer is kept while the city is asked
    outcomes: Dict[str, Outcome]
    sources: Tuple[Tuple[str, str], ...] = field(default=())  # (source, verified) of the facts in the sentences


FLOWS: Dict[str, Flow] = {flow.topic: flow for flow in (
    Flow(
        name="kaikukortti",
        topic="kaikukortti",
        slot="kaikukortti_eligible",
        outcomes={
            YES: Outcome("kaikukortti"),
            NO: Outcome("hobbies", exclude_topic="kaikukortti"),
            UNSURE: Outcome("kaikukortti"),
        },
        sources=(("https://kaikukortti.fi/en/kaikukortti-reaches-one-hundred-municipalities/", "2026-11-23"),
                 ("knowledge/services/national/national-kaikukortti.yml", "2026-11-23")),
    ),
    Flow(
        name="health_check",
        topic="health_check",
        slot="health_check_reception",
        outcomes={
            YES: Outcome("health_check"),
            NO: Outcome("health_check"),
            UNSURE: Outcome(None),
        },
        sources=(("https://migri.fi/en/health-care", "2026-11-23"),
                 ("https://hyvinvointialue.kainuu.fi/en/immigrant-info", "2026-11-23")),
    ),
)}

SLOTS = [flow.slot for flow in FLOWS.values()]


def for_topic(topic: Optional[str]) -> Optional[Flow]:
    return FLOWS.get(topic or "")


def answer_of(intent: Optional[str]) -> Optional[str]:
    return ANSWER_INTENTS.get(intent or "")


def question(flow: Flow, lang: str, again: bool = False) -> Dict:
    """The flow's question with one button per answer; `again` when the last reply was not an answer."""
    text = t(f"flows.{flow.name}.question", lang)
    if again:
        text = f"{t('flows.choose_answer', lang)}\n{text}"
    buttons = [{"title": t(f"flows.answer_{a}", lang), "payload": f"/{intent}"} for intent, a in ANSWER_INTENTS.items()]
    return {"text": text, "buttons": buttons, "custom": {"topic": flow.topic, "service": None, "city": None,
                                                        "language": lang, "flow": flow.name}}


def route_for(kb: KnowledgeBase, flow: Flow, answer: str, city: Optional[str], text: str = "") -> Optional[Route]:
    """Where the answer sends the user: a topic's service in their city, or None for the city's advice point."""
    outcome = flow.outcomes.get(answer) or flow.outcomes[UNSURE]
    if outcome.topic is None:
        return None
    r = route(kb, outcome.topic, city, text)
    if not outcome.exclude_topic:
        return r
    kept = [s for s in [r.service, *r.alternatives] if s is not None and outcome.exclude_topic not in s.topics]
    if not kept:
        return Route(r.topic, r.city, None, None)
    first = kept[0]
    scope = r.scope if first is r.service else NATIONAL if first.is_national else LOCAL if first.city == r.city else REGIONAL
    return Route(r.topic, r.city, first, scope, kept[1:3])


def intro(flow: Flow, answer: str, lang: str) -> str:
    return t(f"flows.{flow.name}.{answer if answer in ANSWERS else UNSURE}", lang)


def required_slots(topic: Optional[str], domain_slots: List[str]) -> List[str]:
    """What the city form asks, in order: the flow's question first, then the city."""
    flow = for_topic(topic)
    return ([flow.slot] if flow else []) + domain_slots
