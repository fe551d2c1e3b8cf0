from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from crossgen.matchmaking.selectors import participant_programs
from crossgen.people.models import Employee
from crossgen.people.selectors import headcount_by_department, headcount_by_stage
from crossgen.skills.models import Direction
from crossgen.skills.selectors import digital_skills_gap, skills_of
from crossgen.tenancy.access import TenantRequest, membership_required


@membership_required()
def home(request: TenantRequest) -> HttpResponse:
    organization = request.organization
    if not request.membership.is_staff_role:
        employee = request.membership.employee
        return render(
            request,
            "web/participant_home.html",
            {
                "employee": employee,
                "programs": participant_programs(employee) if employee else [],
                "teaches": skills_of(employee, Direction.TEACH) if employee else [],
                "learns": skills_of(employee, Direction.LEARN) if employee else [],
            },
        )
    people = Employee.objects.for_org(organization)
    return render(
        request,
        "web/org_home.html",
        {
            "active_count": people.filter(is_active=True).count(),
            "inactive_count": people.filter(is_active=False).count(),
            "by_stage": headcount_by_stage(organization),
            "by_department": headcount_by_department(organization)[:12],
            "skill_gaps": digital_skills_gap(organization),
        },
    )


@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
