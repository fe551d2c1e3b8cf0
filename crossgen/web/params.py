"""Reading numbers from query strings and forms without trusting them."""

from __future__ import annotations

MAX_ID = 2**31 - 1
"""The largest id any of our tables holds (and PostgreSQL's integer)."""


def id_param(text: str | None) -> int | None:
    """``text`` as a positive id, or None when it is not one.

    ``str.isdigit`` alone is not enough: "²" is a digit to it but not to
    ``int``, and "99999999999999999999" is an overflow in SQL.
    """
    if not text or len(text) > 10 or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def small_int_param(text: str, *, maximum: int) -> int | None:
    """``text`` as an integer from 0 to ``maximum``, or None."""
    if not text or len(text) > 6 or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= maximum else None
