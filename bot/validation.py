"""Problems found in the knowledge base, and the format checks for single facts."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urlparse

import phonenumbers
from phonenumbers import shortnumberinfo

ERROR = "error"
WARNING = "warning"

STALE_AFTER = dt.timedelta(days=365)
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
LANG_PATTERN = re.compile(r"^[a-z]{2,3}$")
# RFC 5322 allows more, but an address a newcomer can type has this shape.
EMAIL_PATTERN = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
PLACEHOLDER = re.compile(r"\bTODO\b|\{\{|\}\}|\bFIXME\b|\bXXX\b")


@dataclass(frozen=True)
class Issue:
    path: str
    field: str
    message: str
    severity: str = ERROR
    line: Optional[int] = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{self.severity.upper()} {where}: {self.field}: {self.message}"


class KnowledgeBaseError(Exception):
    """The knowledge base has errors; nothing of it is served."""

    def __init__(self, issues):
        self.issues = [i for i in issues if i.severity == ERROR]
        lines = "\n".join(str(i) for i in self.issues[:20])
        more = f"\n... and {len(self.issues) - 20} more" if len(self.issues) > 20 else ""
        super().__init__(f"{len(self.issues)} error(s) in the knowledge base:\n{lines}{more}")


def phone_problem(value: str) -> Optional[str]:
    if not re.fullmatch(r"\+?[0-9][0-9 ()-]{1,20}", value):
        return "a phone number holds only digits, spaces, '+', '-' and brackets"
    try:
        number = phonenumbers.parse(value, "FI")
    except phonenumbers.NumberParseException as exc:
        return f"not a phone number ({exc})"
    digits = re.sub(r"\D", "", value)
    if phonenumbers.is_possible_number(number) or shortnumberinfo.is_possible_short_number_for_region(
        phonenumbers.parse(digits, "FI"), "FI"
    ):
        return None
    return "not a possible Finnish or international phone number"


def email_problem(value: str) -> Optional[str]:
    return None if EMAIL_PATTERN.match(value) else "not an email address"


def url_problem(value: str) -> Optional[str]:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or "." not in parsed.netloc or " " in value:
        return "not an http(s) address"
    return None


def date_problem(value, today: dt.date) -> Optional[str]:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        return "not a date (write YYYY-MM-DD)"
    if value > today:
        return f"date {value} is in the future"
    return None


def is_stale(value: dt.date, today: dt.date) -> bool:
    return today - value > STALE_AFTER
