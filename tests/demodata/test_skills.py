"""Skills make reverse mentoring meaningful: juniors teach digital, seniors teach experience."""

from __future__ import annotations

from statistics import mean

from crossgen.demodata import DemoCompany
from crossgen.taxonomy import LEARN_LEVELS, TEACH_LEVELS, Side, load_starter_taxonomy

TAX = load_starter_taxonomy()
DIGITAL = {s.slug for s in TAX if s.side is Side.DIGITAL}
EXPERIENCE = {s.slug for s in TAX if s.side is Side.EXPERIENCE}
JUNIOR = {"Early career", "Professional"}
SENIOR = {"Manager", "Director", "Executive"}


def _levels(company: DemoCompany, stages: set[str], attr: str, slugs: set[str]) -> list[int]:
    return [
        level
        for e in company.employees
        if e.career_stage in stages
        for slug, level in getattr(e, attr)
        if slug in slugs
    ]


def test_every_skill_is_in_the_taxonomy_with_a_valid_level(company):
    assert company.taxonomy_version == TAX.version
    for e in company.employees:
        assert all(TAX.get(slug) is not None for slug, _ in e.teaches + e.learns)
        assert all(level in TEACH_LEVELS for _, level in e.teaches)
        assert all(level in LEARN_LEVELS for _, level in e.learns)


def test_everyone_teaches_two_to_six_and_learns_two_to_five_distinct_skills(company):
    for e in company.employees:
        teaches, learns = dict(e.teaches), dict(e.learns)
        assert 2 <= len(teaches) == len(e.teaches) <= 6
        assert 2 <= len(learns) == len(e.learns) <= 5
        assert not teaches.keys() & learns.keys(), e.employee_id


def test_juniors_are_stronger_than_seniors_in_digital_skills(company):
    junior = _levels(company, JUNIOR, "teaches", DIGITAL)
    senior = _levels(company, SENIOR, "teaches", DIGITAL)
    assert mean(junior) > mean(senior) + 1
    assert mean(junior) >= 3.0


def test_seniors_are_stronger_than_juniors_in_experience_skills(company):
    junior = _levels(company, JUNIOR, "teaches", EXPERIENCE)
    senior = _levels(company, SENIOR, "teaches", EXPERIENCE)
    assert mean(senior) > mean(junior) + 1
    assert mean(senior) >= 3.0


def test_seniors_want_digital_skills_more_than_juniors_do(company):
    senior = _levels(company, SENIOR, "learns", DIGITAL)
    junior = _levels(company, JUNIOR, "learns", DIGITAL)
    assert mean(senior) > mean(junior)
    assert mean(senior) >= 2.2


def test_juniors_want_to_learn_the_experience_side(company):
    wanted = _levels(company, JUNIOR, "learns", EXPERIENCE)
    all_learns = _levels(company, JUNIOR, "learns", DIGITAL | EXPERIENCE)
    assert len(wanted) > 0.5 * len(all_learns)
    assert mean(wanted) >= 2.2


def test_most_of_what_seniors_teach_is_experience_and_juniors_digital(company):
    senior_teach = [
        slug for e in company.employees if e.career_stage in SENIOR for slug, _ in e.teaches
    ]
    junior_teach = [
        slug for e in company.employees if e.career_stage in JUNIOR for slug, _ in e.teaches
    ]
    assert sum(s in EXPERIENCE for s in senior_teach) > 0.6 * len(senior_teach)
    assert sum(s in DIGITAL for s in junior_teach) > 0.6 * len(junior_teach)


def test_the_headline_reverse_mentoring_skills_are_common(company):
    taught = {slug for e in company.employees if e.career_stage in JUNIOR for slug, _ in e.teaches}
    wanted = {slug for e in company.employees if e.career_stage in SENIOR for slug, _ in e.learns}
    for slug in (
        "generative-ai",
        "tiktok",
        "data-visualisation",
        "no-code-automation",
        "genz-workplace",
    ):
        assert slug in taught
        assert slug in wanted
