"""The audit log: who changed what, when. Every service that changes an
organisation's data writes an entry in the same transaction."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from crossgen.tenancy.scoping import TenantOwned


class AuditEntry(TenantOwned):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=80)  # e.g. "roster.imported"
    target = models.CharField(max_length=200, blank=True)  # e.g. "RosterImport 12"
    # What the entry belongs to, for per-object logs such as a program's ("program:7").
    scope = models.CharField(max_length=60, blank=True, db_index=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target}"
