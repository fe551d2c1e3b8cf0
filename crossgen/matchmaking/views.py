"""Matching pages: a cohort's runs, a run's progress and review, decisions on
pairs, comparing runs, publishing, the settings page's live preview, and a
participant's relationship page. Each view parses input, checks access,
calls one service or selector, and renders."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from crossgen.matchmaking import selectors
from crossgen.matchmaking.comparison import previous_run, run_changes
from crossgen.matchmaking.introductions import NEXT_STEPS, charter_text, first_meeting_ics
from crossgen.matchmaking.models import (
    MatchRun,
    PairDecision,
    ProposedPair,
    Relationship,
    RunStatus,
)
from crossgen.matchmaking.services import (
    MatchingError,
    decision_remove,
    match_preview_against_saved,
    match_run_start,
    pair_break,
    pair_pin,
    pair_set_manual,
    relationship_charter_agree,
    run_publish,
)
from crossgen.people.models import CareerStage
from crossgen.programs.models import Cohort, CohortStatus, Enrolment
from crossgen.programs.services import ProgramSettingsError, rules_from_form
from crossgen.tenancy.access import (
    TenantRequest,
    get_scoped_or_404,
    membership_required,
    staff_required,
)
from crossgen.web.params import id_param

FILTER_KEYS = ("q", "flag", "band", "department", "page", "upage")


def _scoped_cohort(request: TenantRequest, cohort_id: int) -> Cohort:
    cohort = get_scoped_or_404(Cohort, request, pk=cohort_id)
    cohort.program  # noqa: B018 (loaded once for the page)
    return cohort


def _run(request: TenantRequest, run_id: int) -> MatchRun:
    run = get_scoped_or_404(MatchRun, request, pk=run_id)
    run.cohort = _scoped_cohort(request, run.cohort_id)
    return run


def _back_to_review(run: MatchRun, posted: QueryDict) -> HttpResponse:
    """Back to the review page, keeping its filters and page (known keys only)."""
    kept = {key: posted.get(key, "")[:100] for key in FILTER_KEYS if posted.get(key)}
    url = reverse("matchmaking:run-review", kwargs={"run_id": run.pk})
    return redirect(f"{url}?{urlencode(kept)}#pairs" if kept else f"{url}#pairs")


# -- A cohort's runs -----------------------------------------------------------------------------


@staff_required
def cohort_matching(request: TenantRequest, cohort_id: int) -> HttpResponse:
    cohort = _scoped_cohort(request, cohort_id)
    runs = selectors.cohort_runs(cohort)
    return render(
        request,
        "matchmaking/cohort.html",
        {
            "cohort": cohort,
            "program": cohort.program,
            "runs": runs,
            "active": next(
                (r for r in runs if r.status in (RunStatus.QUEUED, RunStatus.RUNNING)), None
            ),
            "latest_done": next((r for r in runs if r.status == RunStatus.DONE), None),
            "published_run": selectors.published_run(cohort),
            "counts": selectors.enrolment_counts(cohort),
            "decisions": selectors.cohort_decisions(cohort),
            "is_published": cohort.status == CohortStatus.PUBLISHED,
        },
    )


@staff_required
@require_POST
def run_start(request: TenantRequest, cohort_id: int) -> HttpResponse:
    cohort = _scoped_cohort(request, cohort_id)
    try:
        run = match_run_start(cohort=cohort, actor=request.user)
    except MatchingError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"Run {run.number} started. You can leave this page: it goes on.")
    return redirect("matchmaking:cohort", cohort_id=cohort.pk)


@staff_required
def run_progress(request: TenantRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    response = render(request, "matchmaking/_progress.html", {"run": run, "polling": True})
    finished = run.status not in (RunStatus.QUEUED, RunStatus.RUNNING)
    if finished and request.GET.get("poll") == "1":
        response["HX-Refresh"] = "true"  # the page shows the finished run
    return response


# -- Reviewing a run -----------------------------------------------------------------------------


def _filters(request: TenantRequest) -> selectors.PairFilters:
    params = request.GET
    flag, band = params.get("flag", ""), params.get("band", "")
    return selectors.PairFilters(
        query=params.get("q", "").strip()[:100],
        flag=flag if flag in selectors.FLAGS else "",
        band=band if band in selectors.BANDS else "",
        department=params.get("department", "")[:120],
    )


@staff_required
def run_review(request: TenantRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    filters = _filters(request)
    context = {
        "run": run,
        "cohort": run.cohort,
        "program": run.cohort.program,
        "filters": filters,
        "flags": selectors.FLAGS,
        "bands": {key: label for key, (label, _, _) in selectors.BANDS.items()},
        "querystring": urlencode(
            {k: v for k, v in request.GET.items() if k in FILTER_KEYS and k != "page"}
        ),
        "is_published": run.cohort.status == CohortStatus.PUBLISHED,
        "published_run": selectors.published_run(run.cohort),
    }
    if run.status == RunStatus.DONE:
        context["page"] = selectors.pairs_page(run, filters, request.GET.get("page", 1))
        if request.htmx:  # type: ignore[attr-defined]
            return render(request, "matchmaking/_pairs.html", context)
        context.update(
            manual_url=reverse("matchmaking:pair-manual", kwargs={"run_id": run.pk}),
            unmatched=selectors.unmatched_page(run, request.GET.get("upage", 1)),
            departments=selectors.run_departments(run),
            histogram=selectors.histogram_rows(run),
            previous=previous_run(run),
        )
    return render(request, "matchmaking/review.html", context)


@staff_required
def run_compare(request: TenantRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    changes = run_changes(run) if run.status == RunStatus.DONE else None
    return render(
        request,
        "matchmaking/compare.html",
        {"run": run, "cohort": run.cohort, "program": run.cohort.program, "changes": changes},
    )


# -- Decisions on pairs ----------------------------------------------------------------------------


def _pair(request: TenantRequest, pair_id: int) -> ProposedPair:
    pair = get_scoped_or_404(ProposedPair, request, pk=pair_id)
    return (
        ProposedPair.objects.for_org(request.organization)
        .select_related("run", "mentor__employee", "mentee__employee")
        .get(pk=pair.pk)
    )


@staff_required
@require_POST
def pair_pin_view(request: TenantRequest, pair_id: int) -> HttpResponse:
    pair = _pair(request, pair_id)
    try:
        pair_pin(pair=pair, actor=request.user)
    except MatchingError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(
            request,
            f"Pinned {pair.mentor.employee.full_name} and {pair.mentee.employee.full_name}: "
            "later runs keep this pair.",
        )
    return _back_to_review(pair.run, request.POST)


@staff_required
@require_POST
def pair_break_view(request: TenantRequest, pair_id: int) -> HttpResponse:
    pair = _pair(request, pair_id)
    try:
        pair_break(pair=pair, actor=request.user)
    except MatchingError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(
            request,
            f"Broke the pair {pair.mentor.employee.full_name} and {pair.mentee.employee.full_name}: "
            "it will not be proposed again. Re-run to find both of them new partners.",
        )
    return _back_to_review(pair.run, request.POST)


def _enrolment(request: TenantRequest, run: MatchRun, raw: str) -> Enrolment | None:
    enrolment_id = id_param(raw)
    if enrolment_id is None:
        return None
    return (
        Enrolment.objects.for_org(request.organization)
        .filter(pk=enrolment_id, cohort=run.cohort_id)
        .select_related("employee")
        .first()
    )


@staff_required
def pair_manual(request: TenantRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    error, needs_reason = "", False
    chosen = {
        "mentor": request.POST.get("mentor", request.GET.get("mentor", ""))[:20],
        "mentee": request.POST.get("mentee", request.GET.get("mentee", ""))[:20],
        "reason": request.POST.get("reason", "")[:2000],
    }
    if request.method == "POST":
        mentor = _enrolment(request, run, chosen["mentor"])
        mentee = _enrolment(request, run, chosen["mentee"])
        if mentor is None or mentee is None:
            error = "Choose both people."
        else:
            try:
                pair = pair_set_manual(
                    run=run,
                    mentor=mentor,
                    mentee=mentee,
                    reason=chosen["reason"],
                    actor=request.user,
                )
            except MatchingError as problem:
                error = str(problem)
                needs_reason = bool(getattr(problem, "rules", ()))
            else:
                note = " It breaks a hard rule and is flagged." if pair.broken_rules else ""
                messages.success(
                    request,
                    f"Paired {mentor.employee.full_name} with {mentee.employee.full_name} by hand.{note}",
                )
                return redirect(
                    reverse("matchmaking:run-review", kwargs={"run_id": run.pk})
                    + "?flag=manual#pairs"
                )
    mentors, mentees = selectors.manual_choices(run)
    return render(
        request,
        "matchmaking/manual.html",
        {
            "run": run,
            "cohort": run.cohort,
            "program": run.cohort.program,
            "mentors": mentors,
            "mentees": mentees,
            "chosen": chosen,
            "error": error,
            "needs_reason": needs_reason,
        },
        status=400 if error else 200,
    )


@staff_required
@require_POST
def decision_remove_view(request: TenantRequest, decision_id: int) -> HttpResponse:
    decision = get_scoped_or_404(PairDecision, request, pk=decision_id)
    try:
        decision_remove(decision=decision, actor=request.user)
    except MatchingError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, "Decision removed: later runs decide about this pair freely.")
    return redirect("matchmaking:cohort", cohort_id=decision.cohort_id)


# -- Publishing -----------------------------------------------------------------------------------


@staff_required
@require_POST
def run_publish_view(request: TenantRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Tick the confirmation to publish.")
        return redirect("matchmaking:run-review", run_id=run.pk)
    try:
        created = run_publish(run=run, actor=request.user)
    except MatchingError as problem:
        messages.error(request, str(problem))
        return redirect("matchmaking:run-review", run_id=run.pk)
    messages.success(
        request,
        ngettext(
            "Run %(run)s published: %(n)s relationship.",
            "Run %(run)s published: %(n)s relationships.",
            len(created),
        )
        % {"run": run.number, "n": f"{len(created):,}"}
        + " Each person receives an "
        "introduction with the charter and a first-meeting invitation.",
    )
    return redirect("matchmaking:cohort", cohort_id=run.cohort_id)


# -- The settings page's live preview ---------------------------------------------------------------


@staff_required
@require_POST
def preview(request: TenantRequest, cohort_id: int) -> HttpResponse:
    cohort = _scoped_cohort(request, cohort_id)
    stage_count = CareerStage.objects.for_org(request.organization).count()
    try:
        rules, weights, objective = rules_from_form(request.POST, stage_count=stage_count)
    except ProgramSettingsError as problem:
        return render(request, "matchmaking/_preview.html", {"problems": problem.problems})
    proposed, current = match_preview_against_saved(
        cohort=cohort, rules=rules, weights=weights, objective=objective
    )
    return render(
        request,
        "matchmaking/_preview.html",
        {"cohort": cohort, "proposed": proposed, "current": current, "same": current is proposed},
    )


# -- A participant's relationship ---------------------------------------------------------------------


def _relationship(request: TenantRequest, relationship_id: int) -> tuple[Relationship, str | None]:
    """The relationship and the viewer's side in it; only its two people and staff see it."""
    found = get_scoped_or_404(Relationship, request, pk=relationship_id)
    relationship = (
        Relationship.objects.for_org(request.organization)
        .select_related(
            "cohort__program",
            "cohort__organization",
            "cohort__published_by",
            "mentor__employee",
            "mentee__employee",
        )
        .get(pk=found.pk)
    )
    side = selectors.viewer_side(relationship, request.membership.employee_id)
    if side is None and not request.membership.is_staff_role:
        raise Http404("No relationship here.")
    return relationship, side


@membership_required()
def relationship_detail(request: TenantRequest, relationship_id: int) -> HttpResponse:
    relationship, side = _relationship(request, relationship_id)
    return render(
        request,
        "matchmaking/relationship.html",
        {
            "relationship": relationship,
            "side": side,
            "view": selectors.relationship_view(relationship, side),
            "program": relationship.cohort.program,
            "charter": charter_text(relationship.cohort.program),
            "next_steps": NEXT_STEPS,
        },
    )


@membership_required()
@require_POST
def relationship_agree(request: TenantRequest, relationship_id: int) -> HttpResponse:
    relationship, side = _relationship(request, relationship_id)
    employee = request.membership.employee
    if side is None or employee is None:
        raise Http404("Only the two people of a relationship agree to its charter.")
    relationship_charter_agree(relationship=relationship, employee=employee, actor=request.user)
    messages.success(request, "Thank you: you agreed to the charter.")
    return redirect("matchmaking:relationship", relationship_id=relationship.pk)


@membership_required()
def relationship_ics(request: TenantRequest, relationship_id: int) -> HttpResponse:
    relationship, _ = _relationship(request, relationship_id)
    response = HttpResponse(
        first_meeting_ics(relationship), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="first-meeting.ics"'
    return response
