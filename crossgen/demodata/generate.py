"""``generate_company``: a realistic, deterministic demo company from a seed."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from crossgen.demodata.hierarchy import OrgShape, build_shape
from crossgen.demodata.model import DemoCompany, Employee
from crossgen.demodata.names import POOLS, email_part
from crossgen.demodata.orgdata import (
    DEPARTMENTS,
    DIRECTOR,
    EXECUTIVE,
    EXECUTIVE_OFFICE,
    EXECUTIVE_TITLES_BELOW_CHIEF,
    EXTRA_CHIEF_TITLE,
    HEADQUARTERS,
    LOCATIONS,
    MANAGER,
    NAME_MIX,
    SENIOR_PROFESSIONAL,
    TENURE_YEARS,
)
from crossgen.demodata.skills import SkillDraws, draw_skills
from crossgen.taxonomy import Taxonomy, load_starter_taxonomy

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

DEFAULT_AS_OF = date(2026, 1, 15)
FOUNDED = date(1994, 3, 1)  # nobody was hired before the company existed
EXECUTIVES_AT_HQ = 0.6
MANAGERS_WITH_DIRECTOR = 0.6
SAME_OFFICE_AS_MANAGER = 0.85  # most teams sit together; the rest are remote
SAME_ORIGIN_FAMILY_NAME = 0.85  # otherwise the family name comes from another pool
DEPARTMENT_NAMES = (EXECUTIVE_OFFICE, *(d.name for d in DEPARTMENTS))
LOCATION_NAMES = tuple(loc.name for loc in LOCATIONS)

# Independent random streams per aspect, so changing how names are drawn
# leaves the hierarchy and the skills of a seed as they were.
_STRUCTURE, _PLACES, _NAMES, _DATES, _SKILLS = range(5)
_CHUNK = 16384


def generate_company(
    *,
    employees: int = 2000,
    seed: int = 7,
    name: str = "Northwind Group",
    email_domain: str = "northwind.example",
    id_prefix: str = "NW",
    as_of: date = DEFAULT_AS_OF,
    taxonomy: Taxonomy | None = None,
) -> DemoCompany:
    """Generate a company of ``employees`` people; the same arguments give the same company.

    The manager tree is at least six levels deep from 2,000 people up
    (CEO, executives, directors, managers, team leads, their teams), with
    spans of control of 4-10; smaller companies keep the shape with fewer,
    narrower top layers. Skills use ``taxonomy`` (default: the starter).

    Examples
    --------
    >>> company = generate_company(employees=300, seed=1)
    >>> len(company), company.employees[0].job_title, company.employees[0].manager_id
    (300, 'Chief Executive Officer', None)
    >>> company.employees[1].employee_id
    'NW000002'
    """
    if not id_prefix or not email_domain:
        raise ValueError("id_prefix and email_domain must not be empty")
    tax = taxonomy if taxonomy is not None else load_starter_taxonomy()
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(5)]
    shape = build_shape(employees, streams[_STRUCTURE])
    dept = _departments(shape)
    loc = _locations(shape, dept, streams[_PLACES])
    first, last = _names(loc, streams[_NAMES])
    hired = _hire_dates(shape.stage, as_of, streams[_DATES])
    draws = draw_skills(
        stage=shape.stage,
        department=dept,
        departments=DEPARTMENT_NAMES,
        taxonomy=tax,
        rng=streams[_SKILLS],
    )
    titles = _titles(shape, dept, streams[_STRUCTURE])
    width = max(6, len(str(employees)))
    ids = [f"{id_prefix}{i:0{width}d}" for i in range(1, employees + 1)]
    rows = _assemble(
        ids=ids,
        first=first,
        last=last,
        email_domain=email_domain,
        titles=titles,
        shape=shape,
        dept=dept,
        loc=loc,
        hired=hired,
        draws=draws,
        slugs=tuple(s.slug for s in tax.skills),
    )
    used_depts = sorted(set(dept.tolist()))
    used_locs = sorted(set(loc.tolist()))
    return DemoCompany(
        name=name,
        seed=seed,
        as_of=as_of,
        email_domain=email_domain,
        taxonomy_version=tax.version,
        employees=rows,
        departments=tuple(DEPARTMENT_NAMES[d] for d in used_depts),
        locations=tuple(LOCATIONS[i] for i in used_locs),
    )


def _departments(shape: OrgShape) -> IntArray:
    """Department index (into DEPARTMENT_NAMES) for everyone.

    Directors are apportioned to departments by weight and laid out portfolio
    by portfolio, so the consecutive groups under each executive share a
    portfolio (the CTO gets Engineering, Product, Data and IT). Everyone below
    a director inherits the director's department; executives take the most
    common department among their reports.
    """
    dept = np.zeros(shape.size, dtype=np.int64)
    directors = np.flatnonzero(shape.depth == shape.directors_depth)
    order = sorted(range(len(DEPARTMENTS)), key=lambda d: (DEPARTMENTS[d].portfolio, d))
    counts = _apportion(directors.size, np.array([DEPARTMENTS[d].weight for d in order]))
    dept[directors] = 1 + np.repeat(np.array(order), counts)
    # Breadth-first order: each layer is a contiguous block, parents before children.
    for depth in range(shape.directors_depth + 1, int(shape.depth.max()) + 1):
        layer = np.flatnonzero(shape.depth == depth)
        dept[layer] = dept[shape.parent[layer]]
    for depth in range(shape.directors_depth - 1, 0, -1):
        layer = np.flatnonzero(shape.depth == depth)
        children = np.flatnonzero(shape.depth == depth + 1)
        tally = np.zeros((layer.size, len(DEPARTMENT_NAMES)), dtype=np.int64)
        np.add.at(tally, (shape.parent[children] - layer[0], dept[children]), 1)
        dept[layer] = tally.argmax(axis=1)
    return dept  # the CEO (index 0) stays in the executive office


def _apportion(total: int, weights: FloatArray) -> IntArray:
    """Largest-remainder split of ``total`` by ``weights``; every part gets one
    first when there are enough to go round."""
    base = (
        np.ones(weights.size, dtype=np.int64)
        if total >= weights.size
        else np.zeros(weights.size, dtype=np.int64)
    )
    rest = total - int(base.sum())
    quota = weights / weights.sum() * rest
    extra = np.floor(quota).astype(np.int64)
    short = rest - int(extra.sum())
    extra[np.argsort(-(quota - extra), kind="stable")[:short]] += 1
    return base + extra


def _choose_rows(cumulative: FloatArray, rng: np.random.Generator) -> IntArray:
    """One categorical draw per row of a cumulative-probability matrix."""
    u: FloatArray = rng.random((cumulative.shape[0], 1))
    chosen: IntArray = np.minimum((u >= cumulative).sum(axis=1), cumulative.shape[1] - 1)
    return chosen


def _cumulative(rows: list[list[float]]) -> FloatArray:
    table = np.asarray(rows, dtype=np.float64)
    return np.cumsum(table / table.sum(axis=1, keepdims=True), axis=1)


def _locations(shape: OrgShape, dept: IntArray, rng: np.random.Generator) -> IntArray:
    """Office index for everyone: executives mostly at headquarters; directors
    where their department works; managers often, and team members mostly,
    in their manager's office; the rest spread over the department's offices."""
    by_dept = [[loc.weight for loc in LOCATIONS]]  # the executive office: anywhere
    by_dept += [[d.offices.get(loc.name, 0.0) for loc in LOCATIONS] for d in DEPARTMENTS]
    cum = _cumulative(by_dept)
    hq = LOCATION_NAMES.index(HEADQUARTERS)
    loc = np.full(shape.size, hq, dtype=np.int64)
    for depth in range(1, int(shape.depth.max()) + 1):
        layer = np.flatnonzero(shape.depth == depth)
        own = _choose_rows(cum[dept[layer]], rng)
        if depth < shape.directors_depth:
            near, p_near = np.full(layer.size, hq), EXECUTIVES_AT_HQ
        else:
            near = loc[shape.parent[layer]]
            p_near = 0.0 if depth == shape.directors_depth else SAME_OFFICE_AS_MANAGER
            if depth == shape.directors_depth + 1:
                p_near = MANAGERS_WITH_DIRECTOR
        loc[layer] = np.where(rng.random(layer.size) < p_near, near, own)
    return loc


def _names(loc: IntArray, rng: np.random.Generator) -> tuple[list[str], list[str]]:
    """First and family names, with origins mixed per office."""
    n = loc.size
    mix = _cumulative(
        [[NAME_MIX[name].get(p.origin, 0.0) for p in POOLS] for name in LOCATION_NAMES]
    )
    origin = _choose_rows(mix[loc], rng)
    family_origin = np.where(
        rng.random(n) < SAME_ORIGIN_FAMILY_NAME, origin, _choose_rows(mix[loc], rng)
    )
    woman = rng.random(n) < 0.5
    u_first, u_last = rng.random(n), rng.random(n)
    first: list[str] = []
    last: list[str] = []
    for o, fo, w, uf, ul in zip(
        origin.tolist(),
        family_origin.tolist(),
        woman.tolist(),
        u_first.tolist(),
        u_last.tolist(),
        strict=True,
    ):
        given = POOLS[o].women if w else POOLS[o].men
        family = POOLS[fo].family
        first.append(given[int(uf * len(given))])
        last.append(family[int(ul * len(family))])
    return first, last


def _hire_dates(stage: IntArray, as_of: date, rng: np.random.Generator) -> list[date]:
    """Tenure drawn within the stage's range, skewed towards its short end."""
    bounds = np.asarray(TENURE_YEARS)[stage]
    years = bounds[:, 0] + (bounds[:, 1] - bounds[:, 0]) * rng.random(stage.size) ** 1.4
    days = np.minimum(np.round(years * 365.25).astype(np.int64), (as_of - FOUNDED).days)
    origin = as_of.toordinal()
    return [date.fromordinal(origin - d) for d in days.tolist()]


def _titles(shape: OrgShape, dept: IntArray, rng: np.random.Generator) -> list[str]:
    """A job title consistent with department and stage (and role: a senior
    professional with reports is a team lead)."""
    has_reports = np.bincount(shape.parent[1:], minlength=shape.size) > 0
    pick = rng.random(shape.size)
    titles: list[str] = []
    chiefs_used: set[str] = set()
    for i, (stage, d, depth, lead, u) in enumerate(
        zip(
            shape.stage.tolist(),
            dept.tolist(),
            shape.depth.tolist(),
            has_reports.tolist(),
            pick.tolist(),
            strict=True,
        )
    ):
        if i == 0:  # the only person in the executive office
            titles.append("Chief Executive Officer")
            continue
        name, spec = DEPARTMENT_NAMES[d], DEPARTMENTS[d - 1]
        if stage == EXECUTIVE:
            titles.append(_executive_title(spec.chief_title, name, depth, chiefs_used))
        elif stage == DIRECTOR:
            titles.append(spec.director_title)
        elif stage == MANAGER:
            titles.append(spec.manager_title)
        elif stage == SENIOR_PROFESSIONAL and lead:
            titles.append(spec.lead_title)
        else:
            options = spec.ic_titles[stage]
            titles.append(options[int(u * len(options))])
    return titles


def _executive_title(chief: str, department: str, depth: int, chiefs_used: set[str]) -> str:
    if depth == 1:
        if chief not in chiefs_used:
            chiefs_used.add(chief)
            return chief
        return EXTRA_CHIEF_TITLE.format(dept=department)
    below = EXECUTIVE_TITLES_BELOW_CHIEF[min(depth - 2, len(EXECUTIVE_TITLES_BELOW_CHIEF) - 1)]
    return below.format(dept=department)


@lru_cache(maxsize=4096)
def _email_part(name: str) -> str:
    return email_part(name) or "x"


def _assemble(
    *,
    ids: list[str],
    first: list[str],
    last: list[str],
    email_domain: str,
    titles: list[str],
    shape: OrgShape,
    dept: IntArray,
    loc: IntArray,
    hired: list[date],
    draws: SkillDraws,
    slugs: tuple[str, ...],
) -> tuple[Employee, ...]:
    # One shared (slug, level) tuple per combination: 200,000 people then cost
    # a few pointers each for their skills instead of fresh tuples.
    pairs = [(slug, level) for slug in slugs for level in range(5)]
    pair = pairs.__getitem__
    taken: dict[str, int] = {}
    parent = shape.parent.tolist()
    stage = shape.stage.tolist()
    dept_l, loc_l = dept.tolist(), loc.tolist()
    teach_n, learn_n = draws.teach_count.tolist(), draws.learn_count.tolist()
    out: list[Employee] = []
    for start in range(0, len(ids), _CHUNK):
        # Skill ids become Python lists a chunk at a time, to keep peak memory low.
        stop = start + _CHUNK
        teach_ids = (draws.teach_skill[start:stop] * 5 + draws.teach_level[start:stop]).tolist()
        learn_ids = (draws.learn_skill[start:stop] * 5 + draws.learn_level[start:stop]).tolist()
        for i in range(start, min(stop, len(ids))):
            local = f"{_email_part(first[i])}.{_email_part(last[i])}"
            seen = taken.get(local, 0) + 1
            taken[local] = seen
            if seen > 1:  # names contain no digits, so "anna.muller2" is never a real name
                local = f"{local}{seen}"
            location = LOCATIONS[loc_l[i]]
            out.append(
                Employee(
                    employee_id=ids[i],
                    first_name=first[i],
                    last_name=last[i],
                    email=f"{local}@{email_domain}",
                    job_title=titles[i],
                    department=DEPARTMENT_NAMES[dept_l[i]],
                    location=location.name,
                    timezone=location.timezone,
                    manager_id=ids[parent[i]] if parent[i] >= 0 else None,
                    hire_date=hired[i],
                    stage_index=stage[i],
                    teaches=tuple(map(pair, teach_ids[i - start][: teach_n[i]])),
                    learns=tuple(map(pair, learn_ids[i - start][: learn_n[i]])),
                )
            )
    return tuple(out)
