"""Personal data that newcomers type, replaced by neutral markers before anything is stored or logged.

Found and replaced (`redact`), each only when its checksum or number plan says it is real:
- Finnish personal identity codes (henkilötunnus), with the century signs of 2023 (Y X W V U, B C D E F),
  temporary codes too: `[hetu]`
- e-mail addresses: `[email]`
- IBANs of any country: `[iban]`
- payment card numbers (13–19 digits passing the Luhn check): `[card]`
- phone numbers that are valid in the Finnish or an international number plan: `[phone]`

Kept on purpose: the phone numbers and e-mail addresses of the services in knowledge/ (public, not personal:
"is 029 497 0000 Kela's number?" must keep its number), and short service numbers such as 112 and 116 117,
which are no personal number in any plan. Dates, years and postal codes fail every check above.
"""
from __future__ import annotations

import functools
import re
from typing import Any, Callable, FrozenSet, Iterable, List, Optional, Tuple

import phonenumbers
from stdnum import iban, luhn
from stdnum.fi import hetu

MARKERS = {kind: f"[{kind}]" for kind in ("hetu", "email", "iban", "card", "phone")}
MARKER = re.compile(r"\[(?:%s)\]" % "|".join(MARKERS))

HETU = re.compile(r"(?<![\w+-])\d{6}[-+A-FU-Y]\d{3}[0-9A-Y](?!\w)", re.IGNORECASE)
EMAIL = re.compile(r"(?<![\w.+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?!\w)")
IBAN_START = re.compile(r"(?<!\w)[A-Z]{2}\d{2}", re.IGNORECASE)
DIGIT_RUN = re.compile(r"(?<!\w)\d(?:[ -]?\d)+(?!\w)")
CARD_LENGTHS = range(19, 12, -1)
IBAN_LENGTHS = range(34, 14, -1)

Span = Tuple[int, int, str]


@functools.lru_cache(maxsize=1)
def public_contacts() -> Tuple[FrozenSet[str], FrozenSet[str]]:
    """The phone numbers (E.164) and e-mail addresses of the services in the knowledge base."""
    from .loader import load_cached

    phones, emails = set(), set()
    for service in load_cached().services.values():
        for contact in service.contacts_of("phone"):
            number = _e164(contact.value_in("fi"))
            if number:
                phones.add(number)
        emails.update(c.value_in("fi").lower() for c in service.contacts_of("email"))
    return frozenset(phones), frozenset(emails)


def _e164(text: str) -> Optional[str]:
    try:
        return phonenumbers.format_number(phonenumbers.parse(text, "FI"), phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return None


def _longest_valid(text: str, start: int, allowed: str, lengths: Iterable[int],
                   is_valid: Callable[[str], bool]) -> Optional[Tuple[int, int]]:
    """The longest run from `start` of characters in `allowed` (single spaces or dashes between them may
    be left out) whose compact form passes `is_valid`, as (start, end) in `text`."""
    chars: List[str] = []
    ends: List[int] = []
    i = start
    while i < len(text) and len(chars) < max(lengths):
        c = text[i]
        if c.isascii() and c.isalnum() and c.upper() in allowed:
            chars.append(c.upper())
            ends.append(i + 1)
        elif not (c in " -" and chars and i + 1 < len(text) and text[i + 1] not in " -"):
            break
        i += 1
    for n in lengths:
        if n <= len(chars) and is_valid("".join(chars[:n])):
            end = ends[n - 1]
            if end < len(text) and text[end].isalnum():  # stops inside a word: not a whole number
                continue
            return start, end
    return None


DIGITS = "0123456789"
ALNUM = DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def find(text: str) -> List[Span]:
    """Where personal data is in `text`: (start, end, kind), in order, not overlapping."""
    phones, emails = public_contacts()
    spans: List[Span] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, _ in spans)

    for m in HETU.finditer(text):
        if hetu.is_valid(m.group(), allow_temporary=True):
            spans.append((m.start(), m.end(), "hetu"))
    for m in EMAIL.finditer(text):
        if m.group().lower() not in emails and free(m.start(), m.end()):
            spans.append((m.start(), m.end(), "email"))
    for m in IBAN_START.finditer(text):
        found = free(m.start(), m.end()) and _longest_valid(text, m.start(), ALNUM, IBAN_LENGTHS, iban.is_valid)
        if found and free(*found):
            spans.append((*found, "iban"))
    for m in DIGIT_RUN.finditer(text):
        start = m.start()
        while start < m.end():  # a card number may follow other digits in the same run
            found = _longest_valid(text, start, DIGITS, CARD_LENGTHS, luhn.is_valid)
            if found and free(*found):
                spans.append((*found, "card"))
                break
            start = next((i for i in range(start + 1, m.end()) if text[i].isdigit() and not text[i - 1].isdigit()),
                         m.end())
    for match in phonenumbers.PhoneNumberMatcher(text, "FI", leniency=phonenumbers.Leniency.VALID):
        number = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        if number not in phones and free(match.start, match.end):
            spans.append((match.start, match.end, "phone"))
    return sorted(spans)


def redact(text: str) -> str:
    """`text` with every personal identity code, e-mail address, IBAN, card and phone number replaced by
    its marker; everything else as it was."""
    if not text or not any(c.isdigit() or c == "@" for c in text):
        return text  # every kind of personal data found here holds a digit or an @
    out, last = [], 0
    for start, end, kind in find(text):
        out += [text[last:start], MARKERS[kind]]
        last = end
    return "".join(out) + text[last:]


def redact_data(value: Any) -> Any:
    """`redact` applied to every string in a JSON-like value (dicts, lists), keys left alone."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: redact_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_data(v) for v in value]
    return value
