"""Every email Crossgen sends is recorded in the outbox: the demo shows it as
a page, and operators can see what went out and when."""

from __future__ import annotations

from django.db import models

from crossgen.tenancy.scoping import TenantOwned


class OutboxMessage(TenantOwned):
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    kind = models.CharField(max_length=40)  # "invitation", "introduction", ...
    attachment_name = models.CharField(max_length=120, blank=True)
    attachment = models.TextField(blank=True)  # text attachments only (.ics)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to}"
