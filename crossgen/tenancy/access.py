"""The only ways views reach tenant data: a role check on the active
membership, and object look-ups scoped to the active organisation."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from crossgen.accounts.models import User
from crossgen.tenancy.models import Membership, Organization, Role
from crossgen.tenancy.scoping import TenantOwned


class TenantRequest(HttpRequest):
    """An HttpRequest after ActiveMembershipMiddleware, seen by views behind
    :func:`membership_required`."""

    membership: Membership
    organization: Organization
    user: User  # behind membership_required, always signed in


type View[**P] = Callable[Concatenate[TenantRequest, P], HttpResponse]


def membership_required[**P](*roles: Role) -> Callable[[View[P]], Callable[..., HttpResponse]]:
    """Let the view run only for a signed-in member (of one of ``roles``, if given)."""

    def decorate(view: View[P]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            membership: Membership | None = getattr(request, "membership", None)
            if membership is None:
                return render(request, "tenancy/no_membership.html", status=403)
            if roles and membership.role not in roles:
                raise PermissionDenied("Your role in this organisation does not allow this page.")
            return view(cast(TenantRequest, request), *args, **kwargs)

        return wrapper

    return decorate


def staff_required[**P](view: View[P]) -> Callable[..., HttpResponse]:
    """Org admins and program managers."""
    return membership_required(Role.ORG_ADMIN, Role.PROGRAM_MANAGER)(view)


def admin_required[**P](view: View[P]) -> Callable[..., HttpResponse]:
    return membership_required(Role.ORG_ADMIN)(view)


def get_scoped_or_404[M: TenantOwned](model: type[M], request: TenantRequest, **lookup: Any) -> M:
    """Fetch one row of the active organisation, or 404 (never 403: another
    tenant's row must look exactly like a row that does not exist)."""
    try:
        return model.objects.for_org(request.organization).get(**lookup)
    except (model.DoesNotExist, ValueError) as exc:
        raise Http404(f"No {model._meta.verbose_name} here.") from exc
