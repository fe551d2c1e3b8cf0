from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from crossgen.accounts.models import User
from crossgen.tenancy.middleware import ACTIVE_ORG_SESSION_KEY
from crossgen.web.params import id_param


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


@require_POST
def switch_organization(request: HttpRequest) -> HttpResponse:
    """Make another of the user's own memberships the active one. An id that is
    not one of the user's memberships changes nothing."""
    wanted = id_param(request.POST.get("organization"))
    if wanted is not None and isinstance(request.user, User):
        owned = request.user.memberships.filter(organization_id=wanted)
        if owned.exists():
            request.session[ACTIVE_ORG_SESSION_KEY] = wanted
    return HttpResponseRedirect(reverse("home"))
