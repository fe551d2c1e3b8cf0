"""Resolves the signed-in user's active membership once per request.

The tenant comes from the session, and only ever names one of the user's own
memberships: never from a URL parameter, header or form field."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from crossgen.tenancy.models import Membership

ACTIVE_ORG_SESSION_KEY = "crossgen_active_org"


def active_membership(request: HttpRequest) -> Membership | None:
    if not request.user.is_authenticated:
        return None
    memberships = list(request.user.memberships.select_related("organization", "employee"))
    if not memberships:
        return None
    wanted = request.session.get(ACTIVE_ORG_SESSION_KEY)
    for membership in memberships:
        if membership.organization_id == wanted:
            return membership
    return min(memberships, key=lambda m: m.organization_id)


class ActiveMembershipMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = active_membership(request)
        request.membership = membership  # type: ignore[attr-defined]
        request.organization = membership.organization if membership else None  # type: ignore[attr-defined]
        return self.get_response(request)
