"""Roster import pages: upload → check the column mapping and the dry-run
preview → import. Nothing is written to employees before the last step."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from crossgen.roster.models import ImportStatus, RosterImport
from crossgen.roster.services import ISSUES_KEPT, roster_import_commit, roster_import_plan
from crossgen.roster.uploads import UploadSizeLimit, declared_too_large
from crossgen.rosterfile import REQUIRED_FIELDS, ColumnMapping, RosterField
from crossgen.tenancy.access import TenantRequest, admin_required, get_scoped_or_404
from crossgen.web.middleware import reads_its_own_body

ISSUES_SHOWN = ISSUES_KEPT
FIELD_LABELS = {
    RosterField.EMPLOYEE_ID: "Employee id",
    RosterField.FIRST_NAME: "First name",
    RosterField.LAST_NAME: "Last name",
    RosterField.EMAIL: "Work email",
    RosterField.CAREER_STAGE: "Career stage",
    RosterField.JOB_TITLE: "Job title",
    RosterField.DEPARTMENT: "Department",
    RosterField.LOCATION: "Location",
    RosterField.TIMEZONE: "Time zone",
    RosterField.MANAGER_ID: "Manager's employee id",
    RosterField.HIRE_DATE: "Hire date",
}


@reads_its_own_body
@csrf_exempt  # CSRF is checked by _start, after the size check: checking it reads the whole body
@admin_required
def start(request: TenantRequest) -> HttpResponse:
    limit = UploadSizeLimit(request, max_bytes=settings.ROSTER_MAX_UPLOAD_BYTES)
    if request.method == "POST":
        if declared_too_large(request, max_bytes=limit.max_bytes):
            return _start_page(request, error=_too_large_message())
        request.upload_handlers.insert(0, limit)
    return _start(request, limit)


@csrf_protect
def _start(request: TenantRequest, limit: UploadSizeLimit) -> HttpResponse:
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if limit.exceeded or (upload is not None and (upload.size or 0) > limit.max_bytes):
            error = _too_large_message()
        elif upload is None:
            error = "Choose a CSV or Excel (.xlsx) file."
        elif Path(upload.name or "").suffix.lower() not in {".csv", ".xlsx", ".txt", ".tsv"}:
            error = "Crossgen reads .csv and .xlsx files. Save the sheet in one of those formats."
        else:
            roster_import = RosterImport(
                organization=request.organization,
                uploaded_by=request.user,
                filename=Path(upload.name or "roster.csv").name[:255],
                full_roster=request.POST.get("full_roster") == "1",
            )
            roster_import.file.save(roster_import.filename, upload, save=False)
            roster_import.save()
            return redirect("roster:review", import_id=roster_import.public_id)
    return _start_page(request, error=error)


def _too_large_message() -> str:
    return (
        f"The file is larger than {filesizeformat(settings.ROSTER_MAX_UPLOAD_BYTES)}. "
        "Split it, or ask your operator to raise ROSTER_MAX_UPLOAD_BYTES."
    )


def _start_page(request: TenantRequest, *, error: str) -> HttpResponse:
    recent = RosterImport.objects.for_org(request.organization).select_related("uploaded_by")[:10]
    return render(request, "roster/start.html", {"recent": recent, "error": error})


@admin_required
def review(request: TenantRequest, import_id: str) -> HttpResponse:
    roster_import = get_scoped_or_404(RosterImport, request, public_id=import_id)
    if request.method == "POST" and roster_import.status != ImportStatus.COMMITTED:
        posted = {str(name): request.POST.get(f"map_{name}", "")[:200] for name in RosterField}
        chosen = {name: header for name, header in posted.items() if header}
        try:
            ColumnMapping(chosen)
        except ValueError as error:
            messages.error(request, f"That column mapping does not work: {error}.")
        else:
            roster_import.mapping = chosen
            roster_import.full_roster = request.POST.get("full_roster") == "1"
            roster_import.save(update_fields=["mapping", "full_roster"])
        return redirect("roster:review", import_id=roster_import.public_id)
    if not request.htmx:  # type: ignore[attr-defined]
        # The page shell renders at once; the check itself loads with a progress indicator.
        return render(request, "roster/review.html", {"roster_import": roster_import})
    plan = roster_import_plan(roster_import=roster_import)
    return render(
        request,
        "roster/_preview.html",
        {
            "roster_import": roster_import,
            "plan": plan,
            "counts": plan.counts(),
            "fields": [
                (str(name), FIELD_LABELS[name], name in REQUIRED_FIELDS) for name in RosterField
            ],
            "mapping": plan.mapping.as_dict() if plan.mapping else {},
            "errors": plan.errors[:ISSUES_SHOWN],
            "warnings": plan.warnings[:ISSUES_SHOWN],
            "sample_creates": plan.creates[:10],
            "sample_updates": plan.updates[:10],
        },
    )


@admin_required
@require_POST
def commit(request: TenantRequest, import_id: str) -> HttpResponse:
    roster_import = get_scoped_or_404(RosterImport, request, public_id=import_id)
    result = roster_import_commit(
        organization=request.organization, actor=request.user, roster_import=roster_import
    )
    if result.plan is None:  # already committed
        messages.info(request, "This file was imported already; nothing was changed.")
        return redirect("roster:review", import_id=roster_import.public_id)
    if not result.plan.ok:
        messages.error(
            request, "Nothing was imported: the file has errors. Fix them and upload it again."
        )
        return redirect("roster:review", import_id=roster_import.public_id)
    counts = result.plan.counts()
    messages.success(
        request,
        f"Roster imported: {counts['create']} added, {counts['update']} updated, "
        f"{counts['deactivate']} deactivated, {counts['unchanged']} unchanged.",
    )
    return redirect("people:directory")
