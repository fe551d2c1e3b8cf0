"""The demo company looks like a real organisation: tree, departments, offices, pyramid."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossgen.demodata import CAREER_STAGES, DEPARTMENTS, DemoCompany, generate_company
from tests.demodata.tree import levels, spans


def test_the_same_seed_gives_the_same_company():
    assert generate_company(employees=400, seed=3) == generate_company(employees=400, seed=3)


def test_a_different_seed_gives_a_different_company():
    a = generate_company(employees=400, seed=3)
    b = generate_company(employees=400, seed=4)
    assert a != b
    different_names = sum(x.email != y.email for x, y in zip(a.employees, b.employees, strict=True))
    assert different_names > 300


@pytest.mark.parametrize("fixture", ["company", "big_company"])
def test_the_tree_has_one_root_no_cycles_and_is_at_least_six_levels_deep(fixture, request):
    company: DemoCompany = request.getfixturevalue(fixture)
    roots = [e for e in company.employees if e.manager_id is None]
    assert [r.employee_id for r in roots] == [company.employees[0].employee_id]
    level = levels(company)  # raises on a cycle or a missing manager
    assert max(level.values()) >= 6
    assert roots[0].job_title == "Chief Executive Officer"


@pytest.mark.parametrize("fixture", ["company", "big_company"])
def test_spans_of_control_are_four_to_ten(fixture, request):
    counts = spans(request.getfixturevalue(fixture))
    assert min(counts.values()) >= 4
    assert max(counts.values()) <= 10


def test_managers_come_before_their_reports(company):
    position = {e.employee_id: i for i, e in enumerate(company.employees)}
    assert all(
        position[e.manager_id] < position[e.employee_id]
        for e in company.employees
        if e.manager_id is not None
    )


def test_the_career_ladder_runs_executive_director_manager_down_the_tree(company):
    by_id = {e.employee_id: e for e in company.employees}
    for e in company.employees:
        if e.manager_id is not None:
            assert by_id[e.manager_id].stage_index > e.stage_index or e.stage_index == 5


def test_there_are_many_departments_offices_and_time_zones(company):
    assert len(company.departments) >= 10
    assert len({e.department for e in company.employees}) >= 10
    assert len({e.location for e in company.employees}) >= 6
    zones = {e.timezone for e in company.employees}
    assert len(zones) >= 4
    for zone in zones:
        ZoneInfo(zone)  # raises for an unknown IANA name
    offices = {loc.name: loc.timezone for loc in company.locations}
    assert all(offices[e.location] == e.timezone for e in company.employees)


def test_the_career_stages_form_a_pyramid(company):
    count = Counter(e.career_stage for e in company.employees)
    total = len(company)
    assert set(count) == set(CAREER_STAGES)
    assert count["Early career"] + count["Professional"] > total / 2
    assert count["Executive"] < 0.02 * total
    sizes = [count[stage] for stage in CAREER_STAGES]
    assert sizes == sorted(sizes, reverse=True), sizes
    assert len(set(sizes)) == len(sizes)


def test_emails_are_unique_ascii_first_dot_last(company):
    emails = [e.email for e in company.employees]
    assert len({m.casefold() for m in emails}) == len(emails)
    pattern = re.compile(r"^[a-z-]+\.[a-z-]+\d*@northwind\.example$")
    assert all(pattern.match(m) for m in emails), [m for m in emails if not pattern.match(m)][:5]
    assert any(re.search(r"\d@", m) for m in emails)  # duplicates were disambiguated


def test_names_are_diverse_and_keep_accents_and_apostrophes(big_company):
    first = {e.first_name for e in big_company.employees}
    last = {e.last_name for e in big_company.employees}
    assert len(first) > 300
    assert len(last) > 250
    assert any(not n.isascii() for n in first)
    assert any(not n.isascii() for n in last)
    assert any("'" in n for n in last)
    assert {"Zoë", "José", "Øyvind"} & first


def test_employee_ids_are_sequential_and_unique(company):
    ids = [e.employee_id for e in company.employees]
    assert ids[:3] == ["NW000001", "NW000002", "NW000003"]
    assert all(re.fullmatch(r"NW\d{6}", i) for i in ids)
    assert len(set(ids)) == len(ids)


def test_job_titles_fit_department_and_stage(company):
    spec = {d.name: d for d in DEPARTMENTS}
    has_reports = set(spans(company))
    for e in company.employees[1:]:
        d = spec[e.department]
        if e.career_stage == "Director":
            assert e.job_title == d.director_title
        elif e.career_stage == "Manager":
            assert e.job_title == d.manager_title
        elif e.career_stage == "Senior professional" and e.employee_id in has_reports:
            assert e.job_title == d.lead_title
        elif e.stage_index <= 2:
            assert e.job_title in d.ic_titles[e.stage_index], (e.job_title, e.career_stage)
        else:
            assert (
                e.department in e.job_title
                or e.job_title.startswith("Chief")
                or "Counsel" in e.job_title
            )


def test_hire_dates_follow_career_stage(big_company):
    company = big_company  # enough directors for their average tenure to be stable
    tenure: dict[str, list[float]] = {s: [] for s in CAREER_STAGES}
    for e in company.employees:
        assert e.hire_date <= company.as_of
        tenure[e.career_stage].append((company.as_of - e.hire_date).days / 365.25)
    assert max(tenure["Early career"]) <= 3.01
    means = [sum(t) / len(t) for t in (tenure[s] for s in CAREER_STAGES[:5])]
    assert means == sorted(means), means


def test_it_rejects_a_company_too_small_to_have_a_shape():
    with pytest.raises(ValueError, match="employees must be at least 20"):
        generate_company(employees=5)


def test_twenty_thousand_people_generate_with_distinct_ids():
    # Its speed is measured in benchmarks/bench_demodata.py, not asserted here.
    company = generate_company(employees=20_000, seed=2)
    assert len(company) == 20_000
    assert len({person.employee_id for person in company.employees}) == 20_000


def test_options_change_ids_domain_and_date():
    company = generate_company(
        employees=50,
        name="Contoso",
        email_domain="contoso.example",
        id_prefix="CT",
        as_of=date(2030, 6, 1),
    )
    assert company.name == "Contoso"
    assert company.employees[0].employee_id == "CT000001"
    assert all(e.email.endswith("@contoso.example") for e in company.employees)
    assert company.as_of == date(2030, 6, 1)


@settings(max_examples=12, deadline=None)
@given(employees=st.integers(20, 1500), seed=st.integers(0, 2**32 - 1))
def test_any_size_and_seed_gives_a_valid_tree(employees, seed):
    company = generate_company(employees=employees, seed=seed)
    assert len(company) == employees
    level = levels(company)
    assert sum(1 for v in level.values() if v == 1) == 1
    assert len({e.email for e in company.employees}) == employees
