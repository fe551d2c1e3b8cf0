from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from crossgen.people.models import CareerStage, Employee
from crossgen.people.selectors import (
    DirectoryFilters,
    directory_page,
    filter_choices,
    manager_chain,
)
from crossgen.skills.models import Direction
from crossgen.skills.selectors import skills_of
from crossgen.tenancy.access import TenantRequest, get_scoped_or_404, staff_required


def _filters_from(request: TenantRequest) -> DirectoryFilters:
    params = request.GET
    stage = params.get("stage", "")
    return DirectoryFilters(
        query=params.get("q", "").strip()[:100],
        department=params.get("department", "")[:120],
        location=params.get("location", "")[:120],
        career_stage_id=int(stage) if stage.isdigit() else None,
        include_inactive=params.get("inactive") == "1",
    )


@staff_required
def directory(request: TenantRequest) -> HttpResponse:
    filters = _filters_from(request)
    page = directory_page(request.organization, filters, request.GET.get("page", 1))
    context = {
        "page": page,
        "filters": filters,
        "stages": CareerStage.objects.for_org(request.organization),
        "choices": filter_choices(request.organization),
        "querystring": request.GET.copy(),
    }
    template = "people/_directory_results.html" if request.htmx else "people/directory.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@staff_required
def profile(request: TenantRequest, employee_id: int) -> HttpResponse:
    employee = get_scoped_or_404(Employee, request, pk=employee_id)
    reports = employee.reports.filter(is_active=True).select_related("career_stage")[:50]
    return render(
        request,
        "people/profile.html",
        {
            "employee": employee,
            "chain": manager_chain(employee),
            "reports": reports,
            "teaches": skills_of(employee, Direction.TEACH),
            "learns": skills_of(employee, Direction.LEARN),
        },
    )
