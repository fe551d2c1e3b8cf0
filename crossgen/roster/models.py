"""A roster import: the uploaded file, the column mapping a person confirmed,
the dry-run plan they reviewed, and whether it was committed."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from crossgen.tenancy.scoping import TenantOwned


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Uploaded"
    PREVIEWED = "previewed", "Checked"
    INVALID = "invalid", "Has errors"
    COMMITTED = "committed", "Imported"


def _upload_path(instance: RosterImport, filename: str) -> str:
    return f"rosters/{instance.organization_id}/{uuid.uuid4().hex}"


class RosterImport(TenantOwned):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(upload_to=_upload_path)
    filename = models.CharField(max_length=255)
    full_roster = models.BooleanField(
        default=True,
        help_text="A full roster lists everyone: people missing from it are deactivated.",
    )
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    summary = models.JSONField(default=dict, blank=True)
    issues = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"
