from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from crossgen.people.diversity import (
    DIVERSITY_QUESTIONS,
    DiversityError,
    diversity_profile_save,
    diversity_profile_withdraw,
)
from crossgen.people.models import CareerStage, DiversityProfile, Employee
from crossgen.people.selectors import (
    DirectoryFilters,
    directory_page,
    filter_choices,
    manager_chain,
)
from crossgen.skills.models import Direction
from crossgen.skills.selectors import skills_of
from crossgen.tenancy.access import (
    TenantRequest,
    get_scoped_or_404,
    membership_required,
    staff_required,
)
from crossgen.web.params import id_param


def _filters_from(request: TenantRequest) -> DirectoryFilters:
    params = request.GET
    stage = params.get("stage", "")
    return DirectoryFilters(
        query=params.get("q", "").strip()[:100],
        department=params.get("department", "")[:120],
        location=params.get("location", "")[:120],
        career_stage_id=id_param(stage),
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


@membership_required()
def my_diversity(request: TenantRequest) -> HttpResponse:
    """A person's own optional diversity answers: only they can see or change them."""
    employee = request.membership.employee
    if employee is None or not request.organization.diversity_attributes_enabled:
        raise Http404("Not collected here.")
    profile = (
        DiversityProfile.objects.for_org(request.organization).filter(employee=employee).first()
    )
    error = ""
    if request.method == "POST":
        if request.POST.get("action") == "withdraw":
            diversity_profile_withdraw(
                organization=request.organization, employee=employee, actor=request.user
            )
            messages.success(request, "Your answers were deleted.")
            return redirect("home")
        answers = {q: request.POST.get(q, "")[:60] for q in DIVERSITY_QUESTIONS}
        try:
            diversity_profile_save(
                organization=request.organization,
                employee=employee,
                answers=answers,
                consent=request.POST.get("consent") == "1",
            )
        except DiversityError as problem:
            error = str(problem)
        else:
            messages.success(request, "Thank you. Your answers are saved apart from your profile.")
            return redirect("home")
    current = {q: getattr(profile, q, "") for q in DIVERSITY_QUESTIONS}
    questions = [
        (q, q.replace("_", " ").capitalize(), options, current[q])
        for q, options in DIVERSITY_QUESTIONS.items()
    ]
    return render(
        request,
        "people/my_diversity.html",
        {"questions": questions, "profile": profile, "error": error},
    )
