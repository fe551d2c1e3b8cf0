"""Writing roster values back out to spreadsheets without formula injection."""

from __future__ import annotations

# What spreadsheet programs read as the start of a formula (OWASP "CSV
# injection"), with the full-width forms some locales also accept.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise_for_export(value: str) -> str:
    """Prefix ``'`` to text a spreadsheet would run as a formula; return other text unchanged.

    Roster values are stored as typed, ``"=HYPERLINK(...)"`` included; call this
    on every text cell written to a CSV or XLSX export, and only there.

    Examples
    --------
    >>> neutralise_for_export("=1+1")
    "'=1+1"
    >>> neutralise_for_export("-")
    "'-"
    >>> neutralise_for_export("Ann-Marie")
    'Ann-Marie'
    """
    return "'" + value if value.startswith(_FORMULA_STARTS) else value
