"""Program pages for staff: list, new program from a template, detail,
settings (with the live matching preview), cohorts and the audit log."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from crossgen.matching.problem import Objective
from crossgen.programs import services
from crossgen.programs.forms import CohortForm, ProgramCreateForm, ProgramSettingsForm
from crossgen.programs.models import Cohort, Program, ProgramGoal
from crossgen.programs.rule_forms import WEIGHTS_KEY, MatchingRulesForm
from crossgen.programs.rule_help import objective_help
from crossgen.programs.selectors import (
    cohort_summaries,
    current_cohort,
    eligibility_summary,
    next_cohort_initial,
    program_audit_page,
    program_rows,
    role_labels,
)
from crossgen.programs.services import ProgramSettingsError
from crossgen.programs.templates_catalog import TEMPLATES
from crossgen.tenancy.access import TenantRequest, get_scoped_or_404, staff_required


def _attach(problems: dict[str, str], *forms_: forms.Form) -> None:
    """Put each service problem next to its field, on whichever form has it."""
    for field, message in problems.items():
        target = next((f for f in forms_ if field in f.fields), None)
        if target is not None:
            target.add_error(field, message)
        elif field == WEIGHTS_KEY and isinstance(forms_[-1], MatchingRulesForm):
            forms_[-1].add_error(None, message)
        else:
            forms_[0].add_error(None, message)


def _error_summary(*forms_: forms.Form) -> list[tuple[str, str]]:
    """Every error of the page as (anchor, message), for a list of links at the top."""
    summary: list[tuple[str, str]] = []
    for form in forms_:
        for field, errors in form.errors.items():
            anchor = form[field].auto_id if field in form.fields else "s-weights"
            summary.extend((anchor, str(message)) for message in errors)
    return summary


@staff_required
def program_list(request: TenantRequest) -> HttpResponse:
    return render(
        request,
        "programs/list.html",
        {"rows": program_rows(request.organization), "templates": TEMPLATES.values()},
    )


@staff_required
def program_create(request: TenantRequest) -> HttpResponse:
    form = ProgramCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            program = services.program_create_from_template(
                organization=request.organization,
                actor=request.user,
                template=TEMPLATES[data["template"]],
                name=data["name"],
                start=data["start"],
            )
        except ProgramSettingsError as error:
            _attach(error.problems, form)
        else:
            messages.success(
                request,
                f"“{program.name}” is ready with its first cohort. Check the settings "
                "before you invite people.",
            )
            return redirect("programs:detail", program_id=program.pk)
    return render(request, "programs/create.html", {"form": form, "templates": TEMPLATES.values()})


@staff_required
def program_detail(request: TenantRequest, program_id: int) -> HttpResponse:
    program = get_scoped_or_404(Program, request, pk=program_id)
    goal_names = dict(ProgramGoal.choices)
    return render(
        request,
        "programs/detail.html",
        {
            "program": program,
            "summaries": cohort_summaries(program),
            "eligibility": eligibility_summary(program),
            "goals": [goal_names.get(goal, goal) for goal in program.goals],
            "objective": objective_help(services.program_objective(program).value),
        },
    )


@staff_required
def program_settings(request: TenantRequest, program_id: int) -> HttpResponse:
    program = get_scoped_or_404(Program, request, pk=program_id)
    cohort = current_cohort(program)
    facts = services.organization_facts(request.organization)
    data = request.POST if request.method == "POST" else None
    settings_form = ProgramSettingsForm(data, program=program, facts=facts, cohort=cohort)
    rules_form = MatchingRulesForm(
        data,
        rules=services.program_rules(program),
        weights=services.program_weights(program),
        objective=services.program_objective(program).value,
        stage_count=facts.stage_count,
    )
    if data is not None:
        # Both forms are checked, so every problem shows at once.
        settings_ok, rules_ok = settings_form.is_valid(), rules_form.is_valid()
        if settings_ok and rules_ok:
            rules, weights, objective = rules_form.result()
            try:
                services.program_update_settings(
                    program=program,
                    actor=request.user,
                    changes=settings_form.to_settings(rules, weights, objective),
                    cohort=cohort,
                    dates=settings_form.cohort_dates(),
                )
            except ProgramSettingsError as error:
                _attach(error.problems, settings_form, rules_form)
            else:
                messages.success(request, "Settings saved.")
                return redirect("programs:settings", program_id=program.pk)
        elif settings_ok:
            # The rules have their own errors already; check the rest too, so
            # every problem shows at once rather than one form after the other.
            partial_rules, partial_weights, objective_value = rules_form.values()
            problems = services.program_settings_problems(
                program=program,
                changes=settings_form.to_settings(
                    partial_rules, partial_weights, Objective(objective_value)
                ),
                cohort=cohort,
                dates=settings_form.cohort_dates(),
            )
            _attach({k: v for k, v in problems.items() if k in settings_form.fields}, settings_form)
    return render(
        request,
        "programs/settings.html",
        {
            "program": program,
            "cohort": cohort,
            "form": settings_form,
            "rules_form": rules_form,
            "roles": settings_form.role_sections(role_labels(program)),
            "error_summary": _error_summary(settings_form, rules_form),
        },
    )


@staff_required
def program_audit(request: TenantRequest, program_id: int) -> HttpResponse:
    program = get_scoped_or_404(Program, request, pk=program_id)
    page = program_audit_page(program, request.GET.get("page", 1))
    return render(request, "programs/audit.html", {"program": program, "page": page})


@staff_required
def cohort_create(request: TenantRequest, program_id: int) -> HttpResponse:
    program = get_scoped_or_404(Program, request, pk=program_id)
    form = CohortForm(request.POST or None, initial=next_cohort_initial(program))
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(
                program=program,
                actor=request.user,
                name=form.cleaned_data["name"],
                dates=form.dates(),
            )
        except ProgramSettingsError as error:
            _attach(error.problems, form)
        else:
            messages.success(request, f"Added “{cohort.name}”.")
            return redirect("programs:detail", program_id=program.pk)
    return render(
        request, "programs/cohort_form.html", {"program": program, "form": form, "cohort": None}
    )


@staff_required
def cohort_edit(request: TenantRequest, program_id: int, cohort_id: int) -> HttpResponse:
    program = get_scoped_or_404(Program, request, pk=program_id)
    cohort = get_scoped_or_404(Cohort, request, pk=cohort_id, program=program)
    form = CohortForm(request.POST or None, initial=CohortForm.initial_for(cohort))
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_update(
                cohort=cohort,
                actor=request.user,
                name=form.cleaned_data["name"],
                dates=form.dates(),
            )
        except ProgramSettingsError as error:
            _attach(error.problems, form)
        else:
            messages.success(request, f"Saved “{cohort.name}”.")
            return redirect("programs:detail", program_id=program.pk)
    return render(
        request,
        "programs/cohort_form.html",
        {"program": program, "form": form, "cohort": cohort},
    )
