"""Checks on the manager tree: unknown managers, self-management, cycles, several roots."""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence

from crossgen.rosterfile.issues import IssueLog
from crossgen.rosterfile.mapping import RosterField
from crossgen.rosterfile.records import RosterRecord

_CYCLE_IDS_SHOWN = 10
DEFAULT_ROOTS_HINT = "allow several people at the top"


def check_hierarchy(
    records: Sequence[RosterRecord],
    *,
    known_ids: Container[str],
    existing_ids: Container[str],
    allow_multiple_roots: bool,
    errors: IssueLog,
    roots_hint: str = DEFAULT_ROOTS_HINT,
) -> None:
    """Report every problem with the manager references of ``records``.

    ``known_ids`` holds every employee id in the file, from invalid rows too,
    so that a manager whose own row has a typo is not also reported unknown.
    ``existing_ids`` holds the employees already in the organisation.
    ``roots_hint`` ends the error about several people at the top: how to allow them.
    """
    by_id = {r.employee_id: r for r in records}
    _check_references(records, known_ids=known_ids, existing_ids=existing_ids, errors=errors)
    _check_cycles(records, by_id, errors)
    if not allow_multiple_roots:
        _check_single_root(records, errors, roots_hint)


def _check_references(
    records: Sequence[RosterRecord],
    *,
    known_ids: Container[str],
    existing_ids: Container[str],
    errors: IssueLog,
) -> None:
    for record in records:
        manager = record.manager_id
        if manager is None:
            continue
        if manager == record.employee_id:
            errors.add(
                record.row, RosterField.MANAGER_ID, "A person cannot be their own manager.", manager
            )
        elif manager not in known_ids and manager not in existing_ids:
            errors.add(
                record.row,
                RosterField.MANAGER_ID,
                "No one in the file or in the organisation has this employee id.",
                manager,
            )


def _check_cycles(
    records: Sequence[RosterRecord], by_id: Mapping[str, RosterRecord], errors: IssueLog
) -> None:
    """Walk up from each person once; a walk that meets itself is a cycle, reported once."""
    done: set[str] = set()
    for start in records:
        path: dict[str, int] = {}  # employee id → position on the current walk
        node: RosterRecord | None = start
        while node is not None and node.employee_id not in done and node.employee_id not in path:
            path[node.employee_id] = len(path)
            manager = node.manager_id
            node = None if manager is None or manager == node.employee_id else by_id.get(manager)
        if node is not None and node.employee_id in path:
            walk = list(path)
            _report_cycle(walk[path[node.employee_id] :], by_id, errors)
        done.update(path)


def _report_cycle(cycle: list[str], by_id: Mapping[str, RosterRecord], errors: IssueLog) -> None:
    first = min(range(len(cycle)), key=lambda i: by_id[cycle[i]].row)
    cycle = cycle[first:] + cycle[:first]
    shown = cycle[:_CYCLE_IDS_SHOWN]
    more = len(cycle) - len(shown)
    path = " → ".join([*shown, *([f"… {more} more"] if more else []), cycle[0]])
    rows = ", ".join(str(by_id[i].row) for i in shown) + (", …" if more else "")
    head = by_id[cycle[0]]
    errors.add(
        head.row,
        RosterField.MANAGER_ID,
        f"Managers form a cycle: {path} (rows {rows}); someone in it must report elsewhere.",
        head.manager_id,
    )


def _check_single_root(records: Sequence[RosterRecord], errors: IssueLog, roots_hint: str) -> None:
    roots = [r for r in records if r.manager_id is None]
    for record in roots[1:]:
        errors.add(
            record.row,
            RosterField.MANAGER_ID,
            f"Is empty, but {roots[0].employee_id!r} on row {roots[0].row} has no manager either; "
            f"only one person may be at the top. Fill in the manager, or {roots_hint}.",
        )
