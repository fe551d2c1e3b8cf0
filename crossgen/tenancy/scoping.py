"""Where tenants are enforced.

Every tenant-owned model inherits :class:`TenantOwned`. Its default manager
hands out querysets that refuse to run until they are scoped to one
organisation with ``.for_org(org)`` — or until they were reached through an
object that is itself scoped (``employee.skill_entries.all()``,
``organization.employees.all()``). An unscoped query raises
:class:`UnscopedTenantQuery` instead of silently reading every tenant's rows.
Code that must cross tenants on purpose (migrations, operator commands that
name the organisation explicitly) says so with ``Model.unscoped``.

Saving a row whose foreign key points at another organisation's row raises
:class:`CrossTenantReference`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Self

from django.db import models

if TYPE_CHECKING:
    from crossgen.tenancy.models import Organization


class UnscopedTenantQuery(RuntimeError):
    """A query over tenant-owned rows ran without being scoped to one organisation."""


class CrossTenantReference(ValueError):
    """A row would point at a row of another organisation."""


class TenantQuerySet[M: models.Model](models.QuerySet[M]):
    _scoped_org_id: int | None = None

    def for_org(self, organization: Organization | int) -> Self:
        org_id = organization if isinstance(organization, int) else organization.pk
        scoped = self.filter(organization_id=org_id)
        scoped._scoped_org_id = org_id
        return scoped

    def _clone(self) -> Self:
        clone = super()._clone()  # type: ignore[misc]
        clone._scoped_org_id = self._scoped_org_id
        return clone  # type: ignore[no-any-return]

    def _is_scoped(self) -> bool:
        # Related managers (employee.skill_entries, organization.employees) add
        # the instance they hang from as a hint: the rows are reached through
        # an object that was itself scoped.
        hints: dict[str, Any] = getattr(self, "_hints", {})
        return self._scoped_org_id is not None or hints.get("instance") is not None

    def _require_scope(self) -> None:
        if not self._is_scoped():
            raise UnscopedTenantQuery(
                f"Query over {self.model.__name__} is not scoped to an organisation: "
                f"use {self.model.__name__}.objects.for_org(org), or .unscoped on purpose."
            )

    # Every way a queryset reaches the database passes through one of these.
    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._require_scope()
        super()._fetch_all()

    def iterator(self, chunk_size: int | None = None) -> Iterator[M]:
        self._require_scope()
        return super().iterator(chunk_size=chunk_size)

    def count(self) -> int:
        if self._result_cache is None:
            self._require_scope()
        return super().count()

    def exists(self) -> bool:
        if self._result_cache is None:
            self._require_scope()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._require_scope()
        return super().aggregate(*args, **kwargs)

    def resolve_expression(self, *args: Any, **kwargs: Any) -> Any:
        # Used as a subquery (``pk__in=Employee.objects.values("pk")``) the
        # queryset never runs by itself, but its rows decide the outer result.
        self._require_scope()
        return super().resolve_expression(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._require_scope()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._require_scope()
        return super().delete()

    def bulk_update(self, objs: Any, fields: Iterable[str], batch_size: int | None = None) -> int:
        self._require_scope()
        objs = list(objs)
        for obj in objs:
            if obj.organization_id != self._scoped_org_id:
                raise CrossTenantReference(f"{obj!r} belongs to another organisation.")
        fields = list(fields)
        check_same_tenant(objs, only=fields)
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[M]:
        objs = list(objs)
        check_same_tenant(objs)
        return super().bulk_create(objs, *args, **kwargs)


class TenantManager[M: models.Model](models.Manager[M]):
    def get_queryset(self) -> TenantQuerySet[M]:
        return TenantQuerySet(self.model, using=self._db, hints=getattr(self, "_hints", {}))

    def for_org(self, organization: Organization | int) -> TenantQuerySet[M]:
        return self.get_queryset().for_org(organization)


class TenantOwned(models.Model):
    """Base of every row that belongs to one organisation."""

    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.CASCADE, related_name="+", editable=False
    )

    objects = TenantManager()
    # Deliberately cross-tenant access, for migrations and operator commands
    # that name the organisation themselves. Never used by views.
    unscoped = models.Manager()  # noqa: DJ012 (a manager, which ruff takes for a field)

    class Meta:
        abstract = True
        base_manager_name = "unscoped"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.check_same_tenant()
        super().save(*args, **kwargs)

    def check_same_tenant(self) -> None:
        """Refuse a foreign key to another organisation's row."""
        check_same_tenant([self])


_ID_CHUNK = 5000


def check_same_tenant(objs: Sequence[TenantOwned], *, only: Sequence[str] | None = None) -> None:
    """Refuse any foreign key from ``objs`` to a row of another organisation.

    Checks many rows with one query per foreign key (and chunk), so bulk
    writes stay fast. ``only`` limits the check to the fields being written.
    """
    if not objs:
        return
    meta = objs[0]._meta
    for fk in meta.concrete_fields:
        # A one-to-one field is a foreign key too (DiversityProfile.employee).
        if not (fk.many_to_one or fk.one_to_one) or fk.name == "organization":
            continue
        if only is not None and fk.name not in only and fk.attname not in only:
            continue
        related_model = fk.related_model
        if not (isinstance(related_model, type) and issubclass(related_model, TenantOwned)):
            continue
        wanted: dict[Any, set[int]] = {}
        for obj in objs:
            target_id = getattr(obj, fk.attname)
            if target_id is not None:
                wanted.setdefault(target_id, set()).add(obj.organization_id)
        ids = list(wanted)
        found: dict[Any, int] = {}
        for start in range(0, len(ids), _ID_CHUNK):
            found.update(
                related_model.unscoped.filter(pk__in=ids[start : start + _ID_CHUNK]).values_list(
                    "pk", "organization_id"
                )
            )
        for target_id, org_ids in wanted.items():
            if target_id not in found:
                continue  # a dangling id is the database's foreign-key error to raise
            if org_ids != {found[target_id]}:
                raise CrossTenantReference(
                    f"{meta.object_name}.{fk.name} points at a row of another organisation."
                )
