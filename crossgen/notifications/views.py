"""The outbox: what Crossgen sent, for staff to read (the demo's mailbox)."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render

from crossgen.notifications.models import OutboxMessage
from crossgen.notifications.selectors import outbox_page
from crossgen.tenancy.access import TenantRequest, get_scoped_or_404, staff_required


@staff_required
def outbox(request: TenantRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:254]
    page = outbox_page(request.organization, query=query, page=request.GET.get("page", 1))
    context = {"page": page, "query": query, "querystring": request.GET.copy()}
    template = "notifications/_outbox_results.html" if request.htmx else "notifications/outbox.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@staff_required
def message(request: TenantRequest, message_id: int) -> HttpResponse:
    sent = get_scoped_or_404(OutboxMessage, request, pk=message_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return render(request, "notifications/message.html", {"sent": sent})
