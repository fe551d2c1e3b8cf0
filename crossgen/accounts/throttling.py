"""How django-axes names the account a sign-in attempt is for."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

USERNAME_FIELD = "username"


def attempted_account(request: HttpRequest, credentials: Mapping[str, Any] | None) -> str:
    """The address as sign-in reads it (lower-cased), so that "ANN@x" and
    "ann@x" count against one lockout instead of multiplying the attempts."""
    if credentials:
        typed = credentials.get(USERNAME_FIELD)
    else:
        typed = getattr(request, "POST", {}).get(USERNAME_FIELD)
    return str(typed or "").strip().lower()
