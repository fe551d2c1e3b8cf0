from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from crossgen.people.models import CareerStage
from crossgen.people.services import LadderError, career_ladder_set, organization_set_diversity
from crossgen.tenancy.access import TenantRequest, admin_required
from crossgen.tenancy.services import organization_set_multiple_roots


@admin_required
def overview(request: TenantRequest) -> HttpResponse:
    return render(
        request,
        "people/settings/overview.html",
        {"stages": CareerStage.objects.for_org(request.organization)},
    )


@admin_required
def career_stages(request: TenantRequest) -> HttpResponse:
    stages = CareerStage.objects.for_org(request.organization)
    text = "\n".join(stage.name for stage in stages)
    problems: list[str] = []
    if request.method == "POST":
        text = request.POST.get("stages", "")[:5000]
        try:
            career_ladder_set(
                organization=request.organization,
                actor=request.user,
                names=text.splitlines(),
            )
        except LadderError as error:
            problems = error.problems
        else:
            messages.success(request, "Career ladder saved.")
            return redirect("settings:career-stages")
    return render(
        request, "people/settings/career_stages.html", {"text": text, "problems": problems}
    )


@admin_required
def privacy(request: TenantRequest) -> HttpResponse:
    organization = request.organization
    if request.method == "POST":
        enabled = request.POST.get("diversity_attributes_enabled") == "1"
        organization_set_diversity(organization=organization, actor=request.user, enabled=enabled)
        messages.success(request, "Privacy settings saved.")
        return redirect("settings:privacy")
    return render(request, "people/settings/privacy.html", {})


@admin_required
def roster_rules(request: TenantRequest) -> HttpResponse:
    if request.method == "POST":
        organization_set_multiple_roots(
            organization=request.organization,
            actor=request.user,
            allowed=request.POST.get("allow_multiple_roots") == "1",
        )
        messages.success(request, "Roster rules saved.")
        return redirect("settings:roster")
    return render(request, "people/settings/roster.html", {})
