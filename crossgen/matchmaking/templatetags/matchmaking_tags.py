"""Small presentation helpers for the matching pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import template

from crossgen.matchmaking.models import ProposedPair
from crossgen.matchmaking.wording import (
    CertificateWords,
    certificate_words,
    pair_sentences,
    rules_phrase,
)

register = template.Library()


@register.filter
def percent(value: Any, digits: int = 0) -> str:
    """0.873 → "87%" (or "87.3%" with ``digits=1``)."""
    try:
        return f"{float(value) * 100:.{int(digits)}f}%"
    except (TypeError, ValueError):
        return "—"


@register.filter
def fixed(value: Any, digits: int = 2) -> str:
    """A number with ``digits`` decimals: a fast ``floatformat`` for long lists."""
    try:
        return f"{float(value):.{int(digits)}f}"
    except (TypeError, ValueError):
        return ""


@register.filter
def signed(value: Any, digits: int = 2) -> str:
    """A change with its sign: +0.12, \N{MINUS SIGN}0.05 (a true minus sign)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "—"
    text = f"{abs(number):.{int(digits)}f}"
    return f"+{text}" if number > 0 else f"\N{MINUS SIGN}{text}" if number < 0 else text


@register.filter
def rules_words(rules: Any) -> str:
    return rules_phrase([str(r) for r in rules or ()])


@register.filter
def local_time(moment: datetime | None, zone: str) -> str:
    """A moment in someone's time zone: "Tuesday 10 March 2026, 13:00"."""
    if moment is None:
        return ""
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo("UTC")
    return f"{moment.astimezone(tz):%A %-d %B %Y, %H:%M}"


@register.simple_tag
def pair_why(pair: ProposedPair) -> list[str]:
    """Why the pair was proposed, in sentences with first names."""
    return pair_sentences(
        pair.explanation,
        mentor=pair.mentor.employee.first_name,
        mentee=pair.mentee.employee.first_name,
    )


@register.simple_tag
def certificate(stats: Any) -> CertificateWords:
    """What a run's certificate proves, honest about edits by hand."""
    return certificate_words(stats if isinstance(stats, dict) else {})
