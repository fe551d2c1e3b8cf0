"""Invitation and enrolment pages.

Staff invite people from a roster filter and follow a cohort's enrolments;
an invited person opens their personal link (no sign-in needed), answers the
questionnaire and gets an account; afterwards they edit or withdraw from
"My enrolment". Every bad link has its own clear page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from crossgen.people.selectors import filter_choices
from crossgen.programs.enrolment import (
    CONSENT_STATEMENTS,
    NON_FIELD,
    EnrolmentError,
    Window,
    account_for,
    answers_from,
    before_window_message,
    eligible_roles,
    enrolment_defaults,
    enrolment_submit,
    enrolment_update,
    enrolment_window,
    enrolment_withdraw,
    waitlist_message,
)
from crossgen.programs.enrolment_forms import (
    DIRECTIONS,
    EnrolmentForm,
    InviteFilterForm,
    level_choices,
    picked_rows,
    skill_options,
    timezone_options,
)
from crossgen.programs.enrolment_selectors import (
    EnrolmentFilters,
    enrol_page,
    enrolment_counts,
    enrolments_page,
    invitation_summary,
)
from crossgen.programs.invitations import (
    InvitationError,
    format_date,
    invitation_preview,
    invitation_resolve,
    invitations_send,
    role_label,
)
from crossgen.programs.models import (
    Cohort,
    Enrolment,
    EnrolmentRole,
    EnrolmentStatus,
    Program,
)
from crossgen.programs.skill_picker import OrgSkills
from crossgen.skills.models import LEVEL_LABELS, Direction
from crossgen.tenancy.access import (
    TenantRequest,
    get_scoped_or_404,
    membership_required,
    staff_required,
)
from crossgen.tenancy.middleware import ACTIVE_ORG_SESSION_KEY
from crossgen.tenancy.models import Organization

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# Unknown links and other people's links are not found (404; the page names
# nobody); every other bad link is gone for good: 410.
LINK_STATUS = {"unknown": 404, "not_for_you": 404}


# --- Staff: inviting ------------------------------------------------------------------


@staff_required
def invite(request: TenantRequest, cohort_id: int) -> HttpResponse:
    cohort = get_scoped_or_404(Cohort, request, pk=cohort_id)
    program = cohort.program
    choices = filter_choices(request.organization)

    def filter_form(data: QueryDict) -> InviteFilterForm:
        return InviteFilterForm(
            data, organization=request.organization, program=program, choices=choices
        )

    if request.method == "POST":
        form = filter_form(request.POST)
        if form.is_valid():
            try:
                batch = invitations_send(
                    cohort=cohort,
                    actor=request.user,
                    filters=form.filters(),
                    role_hint=form.role_hint(),
                    base_url=request.build_absolute_uri("/"),
                )
            except InvitationError as error:
                form.add_error(None, error.message)
            else:
                return render(
                    request,
                    "enrolment/invite_results.html",
                    {
                        "cohort": cohort,
                        "program": program,
                        "batch": batch,
                        "invited": [
                            (p, " or ".join(role_label(program, r) for r in p.roles))
                            for p in batch.invited
                        ],
                    },
                )
    else:
        form = filter_form(request.GET)
    preview, preview_error = None, ""
    if form.is_valid():
        try:
            preview = invitation_preview(
                cohort=cohort, filters=form.filters(), role_hint=form.role_hint()
            )
        except InvitationError as error:
            preview_error = error.message
    context = {
        "cohort": cohort,
        "program": program,
        "form": form,
        "preview": preview,
        "preview_error": preview_error,
        "window": enrolment_window(cohort),
    }
    template = "enrolment/_invite_preview.html" if request.htmx else "enrolment/invite.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@staff_required
def cohort_enrolments(request: TenantRequest, cohort_id: int) -> HttpResponse:
    cohort = get_scoped_or_404(Cohort, request, pk=cohort_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    params = request.GET
    filters = EnrolmentFilters(
        role=params.get("role", "") if params.get("role") in EnrolmentRole.values else "",
        status=params.get("status", "") if params.get("status") in EnrolmentStatus.values else "",
        query=params.get("q", "").strip()[:100],
    )
    context = {
        "cohort": cohort,
        "program": cohort.program,
        "filters": filters,
        "page": enrolments_page(cohort, filters, params.get("page", 1)),
        "counts": enrolment_counts(cohort),
        "invitations": invitation_summary(cohort),
        "statuses": EnrolmentStatus.choices,
        "querystring": params.copy(),
    }
    template = (
        "enrolment/_enrolment_results.html" if request.htmx else "enrolment/cohort_enrolments.html"  # type: ignore[attr-defined]
    )
    return render(request, template, context)


# --- The invited person ---------------------------------------------------------------


def _link_problem(request: HttpRequest, error: InvitationError) -> HttpResponse:
    return render(
        request,
        "enrolment/bad_link.html",
        {"message": error.message, "code": error.code},
        status=LINK_STATUS.get(error.code, 410),
    )


def _notice(request: HttpRequest, title: str, message: str, **extra: Any) -> HttpResponse:
    return render(request, "enrolment/notice.html", {"title": title, "message": message, **extra})


def _questionnaire_context(
    form: EnrolmentForm, program: Program, skills: OrgSkills, problems: dict[str, str]
) -> dict[str, Any]:
    return {
        "form": form,
        "program": program,
        "problems": {("general" if k == NON_FIELD else k): v for k, v in problems.items()},
        "picked": picked_rows(form, skills),
        "skill_options": skill_options(skills),
        "timezone_options": timezone_options(
            form["timezone"].value() if form.is_bound else form.start.timezone
        ),
        "levels": {name: level_choices(name) for name in DIRECTIONS},
        "consents": CONSENT_STATEMENTS,
        "role_labels": {r: role_label(program, r) for r in ("mentor", "mentee")},
    }


@login_not_required
def enrol(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = invitation_resolve(token, user=request.user)
    except InvitationError as error:
        return _link_problem(request, error)
    cohort, program = invitation.cohort, invitation.cohort.program
    state = enrol_page(invitation, user=request.user)
    here = reverse("enrolment:enrol", kwargs={"token": token})
    if state.existing is not None:
        if request.user.is_authenticated and request.method == "GET":
            return redirect("enrolment:mine", enrolment_id=state.existing.pk)
        if not request.user.is_authenticated:
            return _notice(
                request,
                "You are already enrolled",
                "Sign in to see or change your enrolment.",
                sign_in=f"{reverse('login')}?next={here}",
            )
    if invitation.used_at is not None and state.existing is None:
        return _notice(
            request,
            "This link was already used",
            "You left this cohort after enrolling with this link. To join again, ask your "
            "program manager for a new invitation.",
        )
    if state.window is Window.BEFORE:
        return _notice(request, "Enrolment has not opened yet", before_window_message(cohort))
    if not state.roles.roles:
        return _notice(request, "You cannot join this program", state.roles.explain(program))
    if state.account_exists:
        return _notice(
            request,
            "Sign in to enrol",
            f"You already have a Crossgen account for {invitation.employee.email}. "
            "Sign in and you will come back to this page.",
            sign_in=f"{reverse('login')}?next={here}",
        )
    form = EnrolmentForm(
        request.POST if request.method == "POST" else None,
        program=program,
        roles=state.roles.roles,
        needs_password=state.needs_password,
        initial=enrolment_defaults(
            invitation=invitation, existing=state.existing, roles=state.roles.roles
        ),
    )
    problems: dict[str, str] = {}
    if request.method == "POST" and form.is_valid():
        user = request.user if request.user.is_authenticated else None
        try:
            enrolment = enrolment_submit(
                invitation=invitation,
                answers=form.answers(),
                password=form.password(),
                signed_in_as=user,
            )
        except EnrolmentError as error:
            problems = error.problems
        except InvitationError as error:
            return _link_problem(request, error)
        else:
            if user is None:
                login(request, account_for(invitation.employee), backend=MODEL_BACKEND)
            request.session[ACTIVE_ORG_SESSION_KEY] = invitation.organization_id
            _say_enrolled(request, enrolment, program)
            return redirect("enrolment:mine", enrolment_id=enrolment.pk)
    context = _questionnaire_context(form, program, OrgSkills.of(invitation.organization), problems)
    context.update(
        {
            "invitation": invitation,
            "cohort": cohort,
            "employee": invitation.employee,
            "late": state.window is Window.LATE,
            "search_url": reverse("enrolment:enrol-skills", kwargs={"token": token}),
        }
    )
    return render(request, "enrolment/enrol.html", context)


def _say_enrolled(request: HttpRequest, enrolment: Enrolment, program: Program) -> None:
    cohort = enrolment.cohort
    if enrolment.status == EnrolmentStatus.WAITLISTED:
        messages.warning(request, waitlist_message(cohort))
    else:
        messages.success(
            request,
            f"You are enrolled in {cohort.name} as {role_label(program, enrolment.role)}. "
            f"You can change your answers until {format_date(cohort.enrolment_closes)}.",
        )


def _skill_picker(
    request: HttpRequest, organization: Organization, search_url: str
) -> HttpResponse:
    """Search results for the picker (?q=), or one chosen row to add (?add=slug)."""
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    direction = request.GET.get("direction", "teach")
    direction = direction if direction in DIRECTIONS else "teach"
    skills = OrgSkills.of(organization)
    add = request.GET.get("add", "")[:80]
    if add:
        skill = skills.get(add)
        if skill is None:
            raise Http404("No such skill.")
        if add in request.GET.getlist(f"{direction}_skill"):
            return HttpResponse(status=204)  # already chosen: nothing to add
        return render(
            request,
            "enrolment/_picked_row.html",
            {
                "direction": direction,
                "row": (skill.slug, skill.name, 2),
                "levels": level_choices(direction),
            },
        )
    query = request.GET.get("q", "").strip()[:80]
    return render(
        request,
        "enrolment/_skill_results.html",
        {
            "hits": skills.search(query),
            "query": query,
            "direction": direction,
            "search_url": search_url,
        },
    )


@login_not_required
def enrol_skills(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = invitation_resolve(token, user=request.user)
    except InvitationError as error:
        raise Http404("No invitation here.") from error
    search_url = reverse("enrolment:enrol-skills", kwargs={"token": token})
    return _skill_picker(request, invitation.organization, search_url)


# --- The participant, afterwards ---------------------------------------------------------


def _own_or_staff(request: TenantRequest, enrolment_id: int) -> tuple[Enrolment, bool]:
    enrolment = get_scoped_or_404(Enrolment, request, pk=enrolment_id)
    employee_id = request.membership.employee_id
    owner = employee_id is not None and employee_id == enrolment.employee_id
    if not owner and not request.membership.is_staff_role:
        raise Http404("No enrolment here.")
    return enrolment, owner


def _described(
    chosen: dict[str, int], direction: Direction, skills: OrgSkills
) -> list[tuple[str, int, str]]:
    labels = LEVEL_LABELS[direction]
    return [
        (skill.name if (skill := skills.get(slug)) else slug, level, labels.get(level, ""))
        for slug, level in sorted(chosen.items(), key=lambda item: -item[1])
    ]


@membership_required()
def my_enrolment(request: TenantRequest, enrolment_id: int) -> HttpResponse:
    enrolment, owner = _own_or_staff(request, enrolment_id)
    cohort, program = enrolment.cohort, enrolment.cohort.program
    here = reverse("enrolment:mine", kwargs={"enrolment_id": enrolment.pk})
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        try:
            enrolment_withdraw(enrolment=enrolment, actor=request.user)
        except EnrolmentError as error:
            messages.error(request, " ".join(error.problems.values()))
        else:
            messages.success(request, f"{enrolment.employee.full_name} left {cohort.name}.")
        return redirect(here)
    if request.method == "POST" and not owner:
        raise PermissionDenied("Only the participant can change their answers.")
    choice = eligible_roles(program, enrolment.employee)
    form = EnrolmentForm(
        request.POST if request.method == "POST" else None,
        program=program,
        roles=choice.roles or (enrolment.role,),
        needs_password=False,
        initial=answers_from(enrolment),
    )
    problems: dict[str, str] = {}
    if request.method == "POST" and form.is_valid():
        try:
            enrolment_update(enrolment=enrolment, answers=form.answers(), actor=request.user)
        except EnrolmentError as error:
            problems = error.problems
        else:
            messages.success(request, "Your answers are saved.")
            return redirect(here)
    window = enrolment_window(cohort)
    skills = OrgSkills.of(request.organization)
    context = _questionnaire_context(form, program, skills, problems)
    context.update(
        {
            "enrolment": enrolment,
            "cohort": cohort,
            "owner": owner,
            "editable": owner
            and enrolment.status != EnrolmentStatus.WITHDRAWN
            and window is not Window.LATE,
            "closed": window is Window.LATE,
            "can_withdraw": enrolment.status != EnrolmentStatus.WITHDRAWN,
            "teaches": _described(enrolment.teaches, Direction.TEACH, skills),
            "learns": _described(enrolment.learns, Direction.LEARN, skills),
            "search_url": reverse("enrolment:mine-skills", kwargs={"enrolment_id": enrolment.pk}),
        }
    )
    return render(request, "enrolment/mine.html", context)


@membership_required()
def my_enrolment_skills(request: TenantRequest, enrolment_id: int) -> HttpResponse:
    enrolment, owner = _own_or_staff(request, enrolment_id)
    if not owner:
        raise Http404("No enrolment here.")
    search_url = reverse("enrolment:mine-skills", kwargs={"enrolment_id": enrolment.pk})
    return _skill_picker(request, request.organization, search_url)
