"""Reads over an organisation's people. Every function takes the organisation
explicitly and scopes its queries to it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet

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
            people = people.filter(search_text__contains=term)
    if filters.department:
        people = people.filter(department=filters.department)
    if filters.location:
        people = people.filter(location=filters.location)
    if filters.career_stage_id is not None:
        people = people.filter(career_stage_id=filters.career_stage_id)
    return people.order_by("last_name", "first_name", "id")


def directory_page(
    organization: Organization, filters: DirectoryFilters, page: str | int
) -> Page[Employee]:
    """One page of the directory. The page's ids are found first (an
    index-only scan, even 20,000 rows deep), then only those rows are loaded."""
    people = directory_queryset(organization, filters)
    paginator = Paginator(people.values_list("pk", flat=True), DIRECTORY_PAGE_SIZE)
    ids_page = paginator.get_page(page)
    ids = list(ids_page.object_list)
    rows_by_pk = Employee.objects.for_org(organization).select_related("career_stage")
    loaded = {person.pk: person for person in rows_by_pk.filter(pk__in=ids)}
    rows = [loaded[pk] for pk in ids if pk in loaded]
    return Page(rows, ids_page.number, paginator)  # type: ignore[arg-type]


def filter_choices(organization: Organization) -> dict[str, list[str]]:
    # order_by() clears the model's default ordering, which would otherwise
    # take part in DISTINCT and repeat every value.
    active = Employee.objects.for_org(organization).filter(is_active=True).order_by()
    return {
        "departments": sorted(
            d for d in active.values_list("department", flat=True).distinct() if d
        ),
        "locations": sorted(
            loc for loc in active.values_list("location", flat=True).distinct() if loc
        ),
    }


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
