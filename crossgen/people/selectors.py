"""Reads over an organisation's people. Every function takes the organisation
explicitly and scopes its queries to it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL

from crossgen.people.models import CareerStage, Employee, search_key
from crossgen.tenancy.models import Organization

DIRECTORY_PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class Headcount:
    label: str
    count: int
    share: float  # of the largest group, for bar widths


def _headcounts(rows: list[tuple[str, int]]) -> list[Headcount]:
    top = max((count for _, count in rows), default=0) or 1
    return [Headcount(label or "—", count, count / top) for label, count in rows]


def headcount_by_stage(organization: Organization) -> list[Headcount]:
    counts = dict(
        Employee.objects.for_org(organization)
        .filter(is_active=True)
        .values("career_stage")
        .annotate(n=Count("id"))
        .values_list("career_stage", "n")
    )
    stages = CareerStage.objects.for_org(organization).order_by("rank")
    return _headcounts([(stage.name, counts.get(stage.pk, 0)) for stage in stages])


def headcount_by_department(organization: Organization) -> list[Headcount]:
    rows = (
        Employee.objects.for_org(organization)
        .filter(is_active=True)
        .values("department")
        .annotate(n=Count("id"))
        .order_by("-n", "department")
        .values_list("department", "n")
    )
    return _headcounts(list(rows))


@dataclass(frozen=True, slots=True)
class DirectoryFilters:
    query: str = ""
    department: str = ""
    location: str = ""
    career_stage_id: int | None = None
    include_inactive: bool = False


def directory_queryset(organization: Organization, filters: DirectoryFilters) -> QuerySet[Employee]:
    people = Employee.objects.for_org(organization).select_related("career_stage")
    if not filters.include_inactive:
        people = people.filter(is_active=True)
    if filters.query:
        for term in search_key(filters.query).split()[:5]:
            people = people.filter(_contains(term))
    if filters.department:
        people = people.filter(department=filters.department)
    if filters.location:
        people = people.filter(location=filters.location)
    if filters.career_stage_id is not None:
        people = people.filter(career_stage_id=filters.career_stage_id)
    return people.order_by("last_name", "first_name", "id")


SQLITE_SEARCH_INDEX = "people_employee_search"
"""The FTS5 trigram index of people.migrations.0005 (SQLite only)."""


def _contains(term: str) -> Q:
    """People whose search text contains ``term``. On PostgreSQL the LIKE is
    served by a trigram index; on SQLite a LIKE would read every row, so terms
    long enough to form a trigram go to the FTS5 trigram index instead."""
    if connection.vendor == "sqlite" and len(term) >= 3:
        phrase = '"' + term.replace('"', '""') + '"'
        matches = f"SELECT rowid FROM {SQLITE_SEARCH_INDEX} WHERE {SQLITE_SEARCH_INDEX} MATCH %s"
        return Q(pk__in=RawSQL(matches, [phrase]))
    return Q(search_text__contains=term)


def directory_page(
    organization: Organization, filters: DirectoryFilters, page: str | int
) -> Page[Employee]:
    """One page of the directory.

    The page's ids are found first, then only those rows are loaded. Without a
    search the ids come from an index-only scan in directory order, even
    20,000 rows deep. With a search, the matching ids are fetched unordered
    first: that lets PostgreSQL use its trigram index and costs SQLite one
    scan instead of two (count, then page), and a typical name search matches
    a few hundred people, which the database then orders by primary key
    look-ups. Broad searches ("a") fall back to the ordered scan.
    """
    people = directory_queryset(organization, filters)
    ids: QuerySet[Employee, int] | list[int] = people.values_list("pk", flat=True)
    if filters.query:
        matching = list(people.order_by().values_list("pk", flat=True)[: SEARCH_SORT_LIMIT + 1])
        if len(matching) <= SEARCH_SORT_LIMIT:
            ids = _in_directory_order(organization, matching)
    paginator = Paginator(ids, DIRECTORY_PAGE_SIZE)
    ids_page = paginator.get_page(page)
    page_ids = list(ids_page.object_list)
    rows_by_pk = Employee.objects.for_org(organization).select_related("career_stage")
    loaded = {person.pk: person for person in rows_by_pk.filter(pk__in=page_ids)}
    rows = [loaded[pk] for pk in page_ids if pk in loaded]
    return Page(rows, ids_page.number, paginator)  # type: ignore[arg-type]


SEARCH_SORT_LIMIT = 2_000
"""Searches matching at most this many people are ordered from their ids."""


def _in_directory_order(organization: Organization, ids: list[int]) -> list[int]:
    # The database orders them, so that searched and unsearched listings use
    # the same collation.
    people = Employee.objects.for_org(organization).filter(pk__in=ids)
    return list(people.order_by("last_name", "first_name", "id").values_list("pk", flat=True))


def filter_choices(organization: Organization) -> dict[str, list[str]]:
    """The departments and locations of the organisation's active people."""
    return {
        "departments": _distinct_active_values(organization, "department"),
        "locations": _distinct_active_values(organization, "location"),
    }


# A "loose index scan": each step asks the (organization, is_active, column)
# index for the next larger value, so listing a dozen departments costs a
# dozen index probes instead of reading every employee row (PostgreSQL has no
# skip scan before version 18, and SQLite only uses one with statistics).
_DISTINCT_SQL = """
WITH RECURSIVE found(value) AS (
    SELECT MIN({column}) FROM {table} WHERE organization_id = %s AND is_active = %s
    UNION ALL
    SELECT (
        SELECT MIN({column}) FROM {table}
        WHERE organization_id = %s AND is_active = %s AND {column} > found.value
    ) FROM found WHERE found.value IS NOT NULL
)
SELECT value FROM found WHERE value IS NOT NULL
"""


def _distinct_active_values(organization: Organization, field: str) -> list[str]:
    if field not in ("department", "location"):
        raise ValueError(f"no index serves distinct {field!r} values")
    quote = connection.ops.quote_name
    sql = _DISTINCT_SQL.format(column=quote(field), table=quote(Employee._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(sql, [organization.pk, True, organization.pk, True])
        return sorted(value for (value,) in cursor.fetchall() if value)


def manager_chain(employee: Employee, *, limit: int = 20) -> list[Employee]:
    """The employee's managers, nearest first (bounded, in case of bad data)."""
    chain: list[Employee] = []
    seen = {employee.pk}
    current = employee.manager
    while current is not None and current.pk not in seen and len(chain) < limit:
        chain.append(current)
        seen.add(current.pk)
        current = current.manager
    return chain
