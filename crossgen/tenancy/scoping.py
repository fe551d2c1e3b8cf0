"""Where tenants are enforced.

Every tenant-owned model inherits :class:`TenantOwned`. Its default manager
hands out querysets that refuse to run until they are scoped to one
organisation with ``.for_org(org)`` — or until they were reached through an
object that is itself scoped (``employee.skill_entries.all()``,
``organization.employees.all()``). An unscoped query raises
:class:`UnscopedTenantQuery` instead of silently reading every tenant's rows.
Code that must cross tenants on purpose (migrations, operator commands that
name the organisation explicitly) says so with ``Model.unscoped``.

The mark "still needs a scope" travels on the SQL query itself
(:class:`TenantQuery`), so a tenant query is checked wherever it ends up: run
on its own, inside a filter (``pk__in=...``), in ``Exists()`` or ``Subquery()``,
or in a ``union()``.

Saving a row whose foreign key points at another organisation's row raises
:class:`CrossTenantReference`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import sql

if TYPE_CHECKING:
    from crossgen.tenancy.models import Organization


class UnscopedTenantQuery(RuntimeError):
    """A query over tenant-owned rows ran without being scoped to one organisation."""


class CrossTenantReference(ValueError):
    """A row would point at a row of another organisation."""


def _unscoped_error(model: type[models.Model]) -> UnscopedTenantQuery:
    return UnscopedTenantQuery(
        f"Query over {model.__name__} is not scoped to an organisation: "
        f"use {model.__name__}.objects.for_org(org), or .unscoped on purpose."
    )


class TenantQuery(sql.Query):
    """The SQL query of a tenant queryset; it knows whether it still needs a scope.

    Only the manager's fresh queries need one. Queries Django builds for its
    own use from a scoped one (``exclude()`` across a relation makes a
    correlated subquery of the outer model) are left alone.
    """

    needs_scope = False

    def require_scope(self) -> None:
        if self.needs_scope:
            raise _unscoped_error(self.model or models.Model)

    def resolve_expression(self, *args: Any, **kwargs: Any) -> Any:
        # Used as a subquery (``pk__in=``, ``Exists()``, ``Subquery()``) the query
        # never runs by itself, but its rows decide the outer result.
        self.require_scope()
        return super().resolve_expression(*args, **kwargs)


class TenantQuerySet[M: models.Model](models.QuerySet[M]):
    _scoped_org_id: int | None = None

    def __init__(
        self,
        model: type[M] | None = None,
        query: sql.Query | None = None,
        using: str | None = None,
        hints: dict[str, Any] | None = None,
    ) -> None:
        if query is None:  # a fresh query from the manager: it needs a scope
            query = TenantQuery(model)
            # ...unless it hangs from an object (see _add_hints).
            query.needs_scope = (hints or {}).get("instance") is None
        super().__init__(model, query, using, hints)

    def for_org(self, organization: Organization | int) -> Self:
        org_id = organization if isinstance(organization, int) else organization.pk
        scoped = self.filter(organization_id=org_id)
        scoped._scoped_org_id = org_id
        scoped.query.needs_scope = False  # type: ignore[attr-defined]
        return scoped

    def _clone(self) -> Self:
        clone = super()._clone()  # type: ignore[misc]
        clone._scoped_org_id = self._scoped_org_id
        return clone  # type: ignore[no-any-return]

    def _add_hints(self, **hints: Any) -> None:
        # Related managers (employee.skill_entries, organization.employees) add
        # the instance they hang from as a hint: the rows are reached through
        # an object that was itself scoped.
        super()._add_hints(**hints)  # type: ignore[misc]
        if hints.get("instance") is not None:
            self.query.needs_scope = False  # type: ignore[attr-defined]

    def _require_scope(self) -> None:
        # A plain Query (not made by this queryset) has no mark: it needs a scope.
        if getattr(self.query, "needs_scope", True):
            raise _unscoped_error(self.model)

    def _combinator_query(self, combinator: str, *other_qs: Any, **kwargs: Any) -> Self:
        # union() / intersection() / difference(): every part must be scoped.
        for queryset in other_qs:
            if isinstance(queryset, TenantQuerySet):
                queryset._require_scope()
        return super()._combinator_query(combinator, *other_qs, **kwargs)  # type: ignore[misc, no-any-return]

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
