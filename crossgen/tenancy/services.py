"""Creating organisations and granting memberships."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import available_timezones

from django.db import transaction

from crossgen.accounts.models import User
from crossgen.audit.services import audit_record
from crossgen.people.models import Employee
from crossgen.tenancy.models import Membership, Organization, Role


@transaction.atomic
def organization_create(
    *,
    name: str,
    slug: str,
    default_timezone: str = "UTC",
    career_ladder: Sequence[str] | None = None,
    allow_multiple_roots: bool = False,
    actor: User | None = None,
) -> Organization:
    """A new tenant, ready to use: its career ladder and the curated skill taxonomy installed."""
    from crossgen.people.services import DEFAULT_CAREER_LADDER, career_ladder_set
    from crossgen.skills.services import skills_install_starter_taxonomy

    if default_timezone not in available_timezones():
        raise ValueError(
            f"Unknown time zone {default_timezone!r}: use an IANA name such as Europe/London."
        )
    organization = Organization.objects.create(
        name=name,
        slug=slug,
        default_timezone=default_timezone,
        allow_multiple_roots=allow_multiple_roots,
    )
    career_ladder_set(
        organization=organization, actor=actor, names=list(career_ladder or DEFAULT_CAREER_LADDER)
    )
    skills_install_starter_taxonomy(organization=organization)
    audit_record(
        organization=organization,
        actor=actor,
        action="organization.created",
        target=slug,
        details={"allow_multiple_roots": allow_multiple_roots},
    )
    return organization


@transaction.atomic
def organization_set_multiple_roots(
    *, organization: Organization, actor: User | None, allowed: bool
) -> None:
    """Allow (or stop allowing) rosters with several people at the top, such as
    a group of separate companies. Recorded in the audit log when it changes."""
    if organization.allow_multiple_roots == allowed:
        return
    organization.allow_multiple_roots = allowed
    organization.save(update_fields=["allow_multiple_roots"])
    audit_record(
        organization=organization,
        actor=actor,
        action="organization.multiple_roots_allowed"
        if allowed
        else "organization.multiple_roots_refused",
    )


@transaction.atomic
def membership_grant(
    *,
    organization: Organization,
    user: User,
    role: Role,
    employee: Employee | None = None,
    actor: User | None = None,
) -> Membership:
    membership, _ = Membership.objects.for_org(organization).update_or_create(
        user=user,
        organization=organization,
        defaults={"role": role, "employee": employee},
    )
    audit_record(
        organization=organization,
        actor=actor,
        action="membership.granted",
        target=user.email,
        details={"role": str(role)},
    )
    return membership
