"""Organisations (tenants) and the memberships that tie users to them."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from crossgen.tenancy.scoping import TenantOwned


class Organization(models.Model):
    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=60, unique=True)
    default_timezone = models.CharField(max_length=64, default="UTC")
    diversity_attributes_enabled = models.BooleanField(
        default=False,
        help_text="Let people volunteer optional diversity attributes (off by default). "
        "They are stored apart from profiles, never shown on individual pages, and only "
        "reported for groups large enough not to identify anyone.",
    )
    allow_multiple_roots = models.BooleanField(
        default=False,
        help_text="Accept rosters with more than one person at the top (no manager), "
        "e.g. a group of separate companies.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", "Org admin"
    PROGRAM_MANAGER = "program_manager", "Program manager"
    PARTICIPANT = "participant", "Participant"


class Membership(TenantOwned):
    """A user's place in one organisation, and their role there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        help_text="The roster record of this user in this organisation, if any.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    STAFF_ROLES: ClassVar[frozenset[str]] = frozenset({Role.ORG_ADMIN, Role.PROGRAM_MANAGER})

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization_id} ({self.role})"

    @property
    def is_org_admin(self) -> bool:
        return self.role == Role.ORG_ADMIN

    @property
    def is_staff_role(self) -> bool:
        return self.role in self.STAFF_ROLES
