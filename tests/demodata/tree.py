"""Checks on a manager tree that do not trust the generator's ordering."""

from __future__ import annotations

from collections import Counter

from crossgen.demodata import DemoCompany


def levels(company: DemoCompany) -> dict[str, int]:
    """Level of everyone (1 for the root), found by walking up the manager
    chain; raises on a cycle or a manager who does not exist."""
    manager = {e.employee_id: e.manager_id for e in company.employees}
    level: dict[str, int] = {}
    for start in manager:
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in level:
            if node in path:
                raise AssertionError(f"cycle through {node}")
            if node not in manager:
                raise AssertionError(f"manager {node} does not exist")
            path.append(node)
            node = manager[node]
        base = 0 if node is None else level[node]
        for depth, person in enumerate(reversed(path), start=base + 1):
            level[person] = depth
    return level


def spans(company: DemoCompany) -> Counter[str]:
    return Counter(e.manager_id for e in company.employees if e.manager_id is not None)
