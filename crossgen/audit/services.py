from __future__ import annotations

from typing import Any

from crossgen.accounts.models import User
from crossgen.audit.models import AuditEntry
from crossgen.tenancy.models import Organization


def audit_record(
    *,
    organization: Organization,
    actor: User | None,
    action: str,
    target: str = "",
    scope: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        organization=organization,
        actor=actor,
        action=action,
        target=target,
        scope=scope,
        details=details or {},
    )
