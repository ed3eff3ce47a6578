"""Danger now: phrases that send a message straight to 112 whatever the classifier thinks.

High precision on purpose: the classifier's `emergency` intent catches the rest. Patterns match
folded text (lowercase, no diacritics) so "hätä" and "hata" both count.
"""
from __future__ import annotations

import re

from .text import fold

PHRASES = {
    "fi": [
        r"soita(kaa)? 112", r"\b112\b", r"hata(tilanne|numero)?\b", r"(lyo|hakkaa|potkii|kuristaa|uhkaa tappaa) (minua|meita|lasta|mua)",
        r"(hakkasi|loi|loivat|lyotiin) (minua|mua|minut)", r"tappaa (minut|itseni|mut)", r"tappaa it(seni|teni)",
        r"(haluan|aion) kuolla", r"itsemurha", r"ei hengita", r"tajuton", r"(talo|asunto|keittio) palaa", r"tulipalo",
        r"puukott", r"veitsen kanssa", r"ase(en)? kanssa", r"(en|ei) saa henkea", r"rintaan sattuu",
        r"(huutaa|huusi) apua", r"murtautu", r"ei herää|ei reagoi mihinkään",
    ],
    "sv": [
        r"\b112\b", r"(slar|sparkar|hotar att doda|stryper) (mig|oss|barnet)", r"(slog|misshandlade) mig",
        r"(doda|ta livet av) mig", r"vill do\b", r"sjalvmord", r"andas inte", r"medvetslos", r"det brinner", r"brand i",
        r"knivhugg", r"med kniv", r"med vapen", r"far inte luft", r"ont i brostet", r"skriker på hjälp|skriker efter hjälp",
        r"inbrott", r"vaknar inte|reagerar inte",
    ],
    "en": [
        r"\b112\b", r"\b911\b", r"(hitting|beating|kicking|choking|strangling) (me|us|my)", r"(hit|beat|attacked|stabbed) me",
        r"just (got )?(hit|beaten|attacked|stabbed)", r"(kill|killing) (me|myself|him|her|us)", r"want to die", r"suicid",
        r"(not|isn'?t|stopped) breathing", r"unconscious", r"(house|flat|apartment|kitchen|building) (is )?on fire",
        r"\bfire\b.*(now|help)", r"has a (knife|gun)", r"with a (knife|gun)", r"overdose",
        r"can'?t breathe|cannot breathe", r"chest pain", r"(screaming|shouting|crying) for help", r"breaking in",
        r"(doesn'?t|does not|won'?t) wake up", r"unresponsive", r"fell and (is not|isn'?t) moving",
    ],
    "ar": [r"\b112\b", r"يضربني", r"ضربني", r"انتحار", r"اقتل نفسي", r"لا يتنفس", r"فاقد الوعي", r"حريق",
           r"(معه|معاه|يحمل) (سكين|مسدس|سلاح)", r"طعنني", r"يهددني بالقتل|بده يقتلني|يريد قتلي", r"اريد ان اموت|بدي موت",
           r"يكسر الباب|بيكسر الباب", r"(بدو|يريد ان|يريد أن) (يأذينا|يؤذينا|يأذيني|يؤذيني)"],
    "fa": [r"\b112\b", r"منو میزنه", r"مرا میزند", r"کتکم", r"خودکشی", r"نفس نمیکشد", r"بیهوش", r"آتش سوزی|اتش سوزی",
           r"(چاقو|تفنگ|اسلحه) (داره|دارد)", r"با (چاقو|تفنگ|اسلحه)", r"(منو|مرا) (بکشه|میکشه|بکشد)", r"میخوام بمیرم"],
    "so": [r"\b112\b", r"i garaacay", r"i garaacaya", r"is dil", r"ma neefsanayo", r"miyir", r"dab ayaa",
           r"(mindi|qori|hub) (ayuu |ayay )?wata", r"wata (mindi|qori|hub)", r"i dili(doonaa|layaa)|wuu i dilayaa"],
    "ur": [r"\b112\b", r"مار رہا", r"مارا", r"خودکشی", r"سانس نہیں", r"بے ہوش", r"آگ لگ",
           r"(چاقو|چھری|پستول|بندوق) (لے کر|لیکر)", r"جان سے مار", r"مرنا چاہتا|مرنا چاہتی"],
    "ru": [r"\b112\b", r"бьет меня|бьёт меня|избил", r"убить себя|покончить с собой|суицид", r"не дышит", r"без сознания", r"пожар",
           r"с (ножом|пистолетом|оружием)", r"угрожает (убить|мне)", r"хочу умереть", r"ударил(а)? меня"],
    "uk": [r"\b112\b", r"б'є мене|бʼє мене|побив", r"вбити себе|покінчити з собою|суїцид", r"не дихає", r"без свідомості", r"пожежа",
           r"з (ножем|пістолетом)|зі зброєю", r"погрожує (вбити|мені)", r"хочу померти", r"вдарив(ла)? мене"],
    "et": [r"\b112\b", r"lööb mind|peksab", r"enesetapp|tappa ennast", r"ei hinga", r"teadvuseta", r"tulekahju|poleb",
           r"(noa|relva|püssi)ga", r"ähvardab (mind )?tappa", r"tahan surra", r"lõi mind"],
}
_PATTERN = re.compile("|".join(f"(?:{fold(p)})" for ps in PHRASES.values() for p in ps))


def in_danger(text: str) -> bool:
    """Whether a message says someone is in danger now."""
    return bool(text) and _PATTERN.search(fold(text)) is not None
