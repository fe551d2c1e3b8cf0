"""Reads over the outbox."""

from __future__ import annotations

from django.core.paginator import Page, Paginator

from crossgen.notifications.models import OutboxMessage
from crossgen.tenancy.models import Organization

OUTBOX_PAGE_SIZE = 50


def outbox_page(organization: Organization, *, query: str, page: str | int) -> Page[OutboxMessage]:
    """The organisation's messages, newest first; ``query`` searches the recipient."""
    messages = OutboxMessage.objects.for_org(organization).defer("body", "attachment")
    if query:
        messages = messages.filter(to__icontains=query)
    return Paginator(messages.order_by("-created_at", "-id"), OUTBOX_PAGE_SIZE).get_page(page)
