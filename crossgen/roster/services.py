"""Roster import: read and validate the file (crossgen.rosterfile), compare it
with the organisation's employees, and — only when the file is clean — apply
the whole change in one transaction. Re-importing the same file changes nothing.

Views, the CLI and the demo loader all call :func:`roster_plan` and
:func:`roster_import` (the import pages through :func:`roster_import_plan` and
:func:`roster_import_commit`); nothing else writes employees in bulk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO, cast

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from crossgen.accounts.models import User
from crossgen.audit.services import audit_record
from crossgen.people.models import CareerStage, Employee, employee_search_text
from crossgen.roster.models import ImportStatus, RosterImport
from crossgen.rosterfile import (
    ColumnMapping,
    RosterFileError,
    RosterRecord,
    RowIssue,
    detect_mapping,
    read_table,
    validate_roster,
)
from crossgen.rosterfile.cells import stage_ladder
from crossgen.tenancy.models import Organization

type Progress = Callable[[str, int, int | None], None]
"""Called as ``progress(phase, done, total)``; ``total`` is ``None`` while unknown."""
type RosterSource = bytes | BinaryIO | Path

WRITE_BATCH = 2000
# The employee fields a roster sets, in the order they are compared.
ROSTER_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "job_title",
    "department",
    "location",
    "timezone",
    "hire_date",
    "career_stage_id",
    "manager_id",
    "is_active",
)


@dataclass(slots=True)
class PlannedUpdate:
    employee_id: int
    record: RosterRecord
    changed: tuple[str, ...]


@dataclass(slots=True)
class RosterPlan:
    """What an import would do. ``ok`` is false when anything is wrong; then
    nothing may be written."""

    mapping: ColumnMapping | None
    headers: tuple[str, ...] = ()
    creates: list[RosterRecord] = field(default_factory=list)
    updates: list[PlannedUpdate] = field(default_factory=list)
    deactivations: list[int] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    total_errors: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def row_count(self) -> int:
        return len(self.creates) + len(self.updates) + self.unchanged

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.row_count,
            "create": len(self.creates),
            "update": len(self.updates),
            "deactivate": len(self.deactivations),
            "unchanged": self.unchanged,
            "errors": max(self.total_errors, len(self.errors)),
            "warnings": len(self.warnings),
        }


def _noop(phase: str, done: int, total: int | None) -> None:
    return None


def roster_plan(
    *,
    organization: Organization,
    source: RosterSource,
    filename: str,
    mapping: ColumnMapping | None = None,
    full_roster: bool = True,
    today: date | None = None,
    progress: Progress = _noop,
) -> RosterPlan:
    """Dry run: validate the file and compare it with the database. Writes nothing.

    ``progress("Checking", rows checked, rows expected or None)`` is called
    every few thousand rows, and once at the end.
    """

    def checking(done: int, total: int | None) -> None:
        progress("Checking", done, total)

    stages = {s.name: s.pk for s in CareerStage.objects.for_org(organization)}
    try:
        stage_ladder(list(stages))
    except ValueError as error:  # a ladder saved before the settings page checked this
        issue = RowIssue(
            None, "career_stage", f"The career ladder in Settings needs fixing first: {error}."
        )
        return RosterPlan(mapping=mapping, errors=[issue], total_errors=1)
    existing = _existing_employees(organization)
    try:
        with read_table(
            source,
            filename=filename,
            max_bytes=settings.ROSTER_MAX_UPLOAD_BYTES,
            max_rows=settings.ROSTER_MAX_ROWS,
        ) as table:
            mapping = mapping or detect_mapping(table.headers)
            headers = tuple(table.headers)
            validation = validate_roster(
                table,
                mapping=mapping,
                career_stages=list(stages),
                default_timezone=organization.default_timezone,
                allow_multiple_roots=organization.allow_multiple_roots or not full_roster,
                roots_hint=_roots_hint(),
                existing_employee_ids=() if full_roster else existing.keys(),
                today=today or timezone.localdate(),
                progress=checking,
            )
    except RosterFileError as error:
        issues = list(error.issues)
        return RosterPlan(mapping=mapping, errors=issues, total_errors=len(issues))
    plan = RosterPlan(
        mapping=mapping,
        headers=headers,
        errors=list(validation.errors),
        warnings=list(validation.warnings),
        total_errors=validation.error_count,
    )
    if not validation.ok:
        return plan
    _compare(plan, validation.records, existing, stages, full_roster=full_roster)
    if not full_roster:
        plan.errors.extend(_partial_import_conflicts(validation.records, existing))
        plan.total_errors = len(plan.errors)
    return plan


def _roots_hint() -> str:
    """Where the setting that allows several people at the top lives."""
    return (
        'have an org admin tick "Allow several people at the top" in '
        f"Settings → Roster rules ({reverse('settings:roster')})"
    )


@dataclass(frozen=True, slots=True)
class _Existing:
    pk: int
    values: tuple[object, ...]  # ROSTER_FIELDS, with manager as its external id
    email_key: str


def _existing_employees(organization: Organization) -> dict[str, _Existing]:
    rows = Employee.objects.for_org(organization).values_list(
        "pk", "external_id", "email_key", "manager__external_id", *ROSTER_FIELDS[:-2], "is_active"
    )
    existing: dict[str, _Existing] = {}
    for pk, external_id, email_key, manager_external_id, *values, is_active in rows:
        existing[external_id] = _Existing(
            pk=pk, values=(*values, manager_external_id, is_active), email_key=email_key
        )
    return existing


def _record_values(record: RosterRecord, stages: dict[str, int]) -> tuple[object, ...]:
    return (
        record.first_name,
        record.last_name,
        record.email,
        record.job_title,
        record.department,
        record.location,
        record.timezone,
        record.hire_date,
        stages[record.career_stage],
        record.manager_id,
        True,
    )


def _compare(
    plan: RosterPlan,
    records: Iterable[RosterRecord],
    existing: dict[str, _Existing],
    stages: dict[str, int],
    *,
    full_roster: bool,
) -> None:
    seen: set[str] = set()
    for record in records:
        seen.add(record.employee_id)
        current = existing.get(record.employee_id)
        if current is None:
            plan.creates.append(record)
            continue
        wanted = _record_values(record, stages)
        changed = tuple(
            name
            for name, old, new in zip(ROSTER_FIELDS, current.values, wanted, strict=True)
            if old != new
        )
        if changed:
            plan.updates.append(PlannedUpdate(current.pk, record, changed))
        else:
            plan.unchanged += 1
    if full_roster:
        plan.deactivations = [
            e.pk for ext_id, e in existing.items() if ext_id not in seen and e.values[-1]
        ]


def _partial_import_conflicts(
    records: Sequence[RosterRecord], existing: dict[str, _Existing]
) -> list[RowIssue]:
    """A partial file cannot give an address that another active employee,
    not in the file, still holds; nor close a reporting loop through people
    who are not in the file."""
    in_file = {r.employee_id for r in records}
    taken = {
        e.email_key: ext_id
        for ext_id, e in existing.items()
        if ext_id not in in_file and e.values[-1]
    }
    issues = [
        RowIssue(
            row=r.row,
            field="email",
            message=f"already used by employee {taken[r.email_key]}",
            value=r.email,
        )
        for r in records
        if r.email_key in taken
    ]
    managers: dict[str, str | None] = {
        ext_id: cast(str | None, e.values[-2]) for ext_id, e in existing.items()
    }
    managers.update({r.employee_id: r.manager_id for r in records})
    rows = {r.employee_id: r.row for r in records}
    for record in records:
        path = [record.employee_id]
        current = managers.get(record.employee_id)
        while current is not None and current not in path and len(path) <= len(managers):
            path.append(current)
            current = managers.get(current)
        if current == record.employee_id:
            cycle = " → ".join([*path, record.employee_id])
            issues.append(
                RowIssue(
                    row=rows[record.employee_id],
                    field="manager_id",
                    message=f"manager cycle: {cycle}",
                    value=record.manager_id or "",
                )
            )
            break
    return issues


def roster_import(
    *,
    organization: Organization,
    actor: User | None,
    source: RosterSource,
    filename: str,
    mapping: ColumnMapping | None = None,
    full_roster: bool = True,
    progress: Progress = _noop,
    today: date | None = None,
) -> RosterPlan:
    """Validate, then apply the whole roster in one transaction, holding the
    organisation's roster lock so that no other import changes the employees
    between the check and the writes. When the plan has errors nothing is
    written and the plan is returned for the report."""
    with transaction.atomic():
        roster_lock(organization=organization)
        plan = roster_plan(
            organization=organization,
            source=source,
            filename=filename,
            mapping=mapping,
            full_roster=full_roster,
            today=today,
            progress=progress,
        )
        if plan.ok:
            roster_apply(
                organization=organization,
                actor=actor,
                plan=plan,
                filename=filename,
                progress=progress,
            )
    return plan


ISSUES_KEPT = 200
"""How many errors an uploaded file's record keeps for its page."""


def roster_import_plan(*, roster_import: RosterImport) -> RosterPlan:
    """Dry run of an uploaded file with the column mapping a person confirmed,
    remembered on the upload (counts, first errors, status) unless it was
    imported already. Writes no employee."""
    mapping = ColumnMapping(roster_import.mapping) if roster_import.mapping else None
    with roster_import.file.open("rb") as handle:
        plan = roster_plan(
            organization=roster_import.organization,
            source=cast(BinaryIO, handle),
            filename=roster_import.filename,
            mapping=mapping,
            full_roster=roster_import.full_roster,
        )
    if roster_import.status != ImportStatus.COMMITTED:
        roster_import.summary = plan.counts()
        roster_import.issues = [
            {"row": i.row, "field": i.field, "message": i.message, "value": i.value}
            for i in plan.errors[:ISSUES_KEPT]
        ]
        if plan.mapping is not None and not roster_import.mapping:
            roster_import.mapping = plan.mapping.as_dict()
        roster_import.status = ImportStatus.PREVIEWED if plan.ok else ImportStatus.INVALID
        roster_import.save(update_fields=["summary", "issues", "mapping", "status"])
    return plan


@dataclass(frozen=True, slots=True)
class RosterCommit:
    """What committing an upload did: ``plan`` is ``None`` when the upload
    had been imported already (then nothing was written)."""

    plan: RosterPlan | None

    @property
    def already_committed(self) -> bool:
        return self.plan is None


def roster_import_commit(
    *, organization: Organization, actor: User | None, roster_import: RosterImport
) -> RosterCommit:
    """Import an uploaded file, exactly once, all or nothing.

    One transaction holds the organisation's roster lock (its row, locked
    FOR UPDATE) and the upload's row: a second commit of the same upload waits,
    then finds it imported and writes nothing; and no other import can change
    the employees between this plan and its writes.
    """
    with transaction.atomic():
        roster_lock(organization=organization)
        locked = (
            RosterImport.objects.for_org(organization)
            .select_for_update()
            .select_related("organization")
            .get(pk=roster_import.pk)
        )
        if locked.status == ImportStatus.COMMITTED:
            return RosterCommit(plan=None)
        plan = roster_import_plan(roster_import=locked)
        if plan.ok:
            roster_apply(
                organization=organization, actor=actor, plan=plan, filename=locked.filename
            )
            locked.status = ImportStatus.COMMITTED
            locked.committed_at = timezone.now()
            locked.save(update_fields=["status", "committed_at"])
    return RosterCommit(plan=plan)


def roster_lock(*, organization: Organization) -> None:
    """Inside a transaction: wait for, then hold, the organisation's roster lock
    until the transaction ends. (SQLite ignores FOR UPDATE; its IMMEDIATE
    transactions serialise every writer anyway.)"""
    list(Organization.objects.select_for_update().filter(pk=organization.pk).values_list("pk"))


@transaction.atomic
def roster_apply(
    *,
    organization: Organization,
    actor: User | None,
    plan: RosterPlan,
    filename: str,
    progress: Progress = _noop,
) -> None:
    if not plan.ok:
        raise ValueError("A roster plan with errors cannot be applied.")
    stages = {s.name: s.pk for s in CareerStage.objects.for_org(organization)}
    now = timezone.now()
    total = len(plan.creates) + len(plan.updates) + len(plan.deactivations)
    done = 0

    people = Employee.objects.for_org(organization)
    # Order matters for (organization, email_key), unique among active people:
    # leavers free their addresses first, then people who change address park
    # theirs (two may swap), and only then do joiners and updates take them.
    for start in range(0, len(plan.deactivations), WRITE_BATCH):
        batch = plan.deactivations[start : start + WRITE_BATCH]
        people.filter(pk__in=batch).update(is_active=False, updated_at=now)
        done += len(batch)
        progress("Writing", done, total)
    moving = [
        Employee(pk=u.employee_id, organization=organization, email_key=f"~moving~{u.employee_id}")
        for u in plan.updates
        if "email" in u.changed
    ]
    people.bulk_update(moving, ["email_key"], batch_size=WRITE_BATCH)

    # Joiners are inserted manager-first, one level of the tree at a time, so
    # each row is written once with its manager already known.
    pk_of = dict(people.values_list("external_id", "pk"))
    for level in _levels_top_down(plan.creates, known=pk_of.keys()):
        for start in range(0, len(level), WRITE_BATCH):
            joiners = level[start : start + WRITE_BATCH]
            _insert_employees(organization, joiners, stages=stages, managers=pk_of, now=now)
            pk_of.update(
                people.filter(external_id__in=[r.employee_id for r in joiners]).values_list(
                    "external_id", "pk"
                )
            )
            done += len(joiners)
            progress("Writing", done, total)

    # Updates write only the fields that changed, grouped by which ones did.
    by_fields: dict[tuple[str, ...], list[Employee]] = {}
    for planned in plan.updates:
        employee = _employee_from(organization, planned.record, stages, now)
        employee.pk = planned.employee_id
        employee.manager_id = (
            pk_of[planned.record.manager_id] if planned.record.manager_id else None
        )
        by_fields.setdefault(_fields_to_write(planned.changed), []).append(employee)
    for fields, employees in by_fields.items():
        for start in range(0, len(employees), WRITE_BATCH):
            people.bulk_update(employees[start : start + WRITE_BATCH], fields)
            done += len(employees[start : start + WRITE_BATCH])
            progress("Writing", done, total)

    if total >= STATISTICS_REFRESH_ROWS:
        _refresh_planner_statistics()
    audit_record(
        organization=organization,
        actor=actor,
        action="roster.imported",
        target=filename,
        details=plan.counts(),
    )


STATISTICS_REFRESH_ROWS = 1_000
"""Imports writing at least this many rows refresh the planner's statistics."""


def _refresh_planner_statistics() -> None:
    """Give the query planner statistics about the rows just written.

    Without them both databases plan the directory's queries blind: SQLite
    checks search matches against every employee instead of looking them up
    by id, and PostgreSQL (until autovacuum comes round, up to minutes later)
    also has no visibility map, so no index-only scans; the first directory
    pages after an import were 3x slower. ANALYZE runs in the import's
    transaction; PostgreSQL's VACUUM cannot, so it runs just after the commit.
    """
    table = connection.ops.quote_name(Employee._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")
    if connection.vendor != "postgresql":
        return

    def vacuum() -> None:
        if connection.in_atomic_block:  # committed inside a caller's transaction
            return
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {table}")

    transaction.on_commit(vacuum)


_INSERT_COLUMNS = (
    "organization_id", "external_id", "first_name", "last_name", "email", "email_key",
    "job_title", "department", "location", "timezone", "manager_id", "hire_date",
    "career_stage_id", "is_active", "search_text", "created_at", "updated_at",
)  # fmt: skip


def _insert_employees(
    organization: Organization,
    records: Sequence[RosterRecord],
    *,
    stages: dict[str, int],
    managers: dict[str, int],
    now: datetime,
) -> None:
    """Insert new employees with one executemany.

    Why not bulk_create: its SQL compiler costs about 0.2 ms per row, which
    alone would eat most of the 30-second budget for a 100,000-row roster.
    Tenancy holds here by construction: the organisation is the caller's, and
    career stages and managers come from this organisation's scoped look-ups.
    """
    ops = connection.ops
    table = ops.quote_name(Employee._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in _INSERT_COLUMNS)
    placeholders = ", ".join(["%s"] * len(_INSERT_COLUMNS))
    stamp = ops.adapt_datetimefield_value(now)
    rows = []
    for record in records:
        rows.append(
            (
                organization.pk, record.employee_id, record.first_name, record.last_name,
                record.email, record.email_key, record.job_title, record.department,
                record.location, record.timezone,
                managers[record.manager_id] if record.manager_id else None,
                ops.adapt_datefield_value(record.hire_date), stages[record.career_stage],
                True,
                employee_search_text(
                    record.first_name, record.last_name, record.email, record.job_title,
                    record.employee_id,
                ),
                stamp, stamp,
            )
        )  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is PostgreSQL's bulk path: several times faster than INSERTs.
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


_SEARCHED_FIELDS = frozenset({"first_name", "last_name", "email", "job_title"})


def _fields_to_write(changed: tuple[str, ...]) -> tuple[str, ...]:
    derived = ["updated_at"]
    if "email" in changed:
        derived.append("email_key")
    if _SEARCHED_FIELDS.intersection(changed):
        derived.append("search_text")
    return (*changed, *derived)


def _levels_top_down(
    records: Sequence[RosterRecord], *, known: Iterable[str]
) -> list[list[RosterRecord]]:
    """Split new people into levels: each person's manager is in an earlier
    level or already in the database. The file was validated, so there are
    no cycles and every manager exists."""
    placed = set(known)
    waiting = list(records)
    levels: list[list[RosterRecord]] = []
    while waiting:
        level = [r for r in waiting if r.manager_id is None or r.manager_id in placed]
        if not level:
            raise ValueError("Unresolvable managers in a validated roster.")
        placed.update(r.employee_id for r in level)
        level_ids = {r.employee_id for r in level}
        waiting = [r for r in waiting if r.employee_id not in level_ids]
        levels.append(level)
    return levels


def _employee_from(
    organization: Organization, record: RosterRecord, stages: dict[str, int], now: datetime
) -> Employee:
    employee = Employee(
        organization=organization,
        external_id=record.employee_id,
        first_name=record.first_name,
        last_name=record.last_name,
        email=record.email,
        email_key=record.email_key,
        job_title=record.job_title,
        department=record.department,
        location=record.location,
        timezone=record.timezone,
        hire_date=record.hire_date,
        career_stage_id=stages[record.career_stage],
        is_active=True,
        created_at=now,
        updated_at=now,
    )
    employee.search_text = employee.build_search_text()
    return employee
