"""Tenancy is enforced in one place: TenantOwned's manager and save."""

from __future__ import annotations

import pytest
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from crossgen.people.models import CareerStage, DiversityProfile, Employee
from crossgen.skills.models import EmployeeSkill, Skill
from crossgen.tenancy.scoping import CrossTenantReference, UnscopedTenantQuery
from tests.conftest import World
from tests.factories import EmployeeFactory, EmployeeSkillFactory, SkillFactory


def test_an_unscoped_query_over_tenant_rows_fails_loudly(world: World) -> None:
    with pytest.raises(UnscopedTenantQuery):
        list(Employee.objects.all())
    with pytest.raises(UnscopedTenantQuery):
        Employee.objects.filter(first_name="Carol").first()


@pytest.mark.parametrize(
    "run",
    [
        lambda qs: qs.count(),
        lambda qs: qs.exists(),
        lambda qs: qs.update(department="X"),
        lambda qs: qs.delete(),
        lambda qs: list(qs.iterator()),
        lambda qs: qs.aggregate(n=__import__("django.db.models", fromlist=["Count"]).Count("id")),
        lambda qs: list(qs.values_list("pk", flat=True)),
    ],
    ids=["count", "exists", "update", "delete", "iterator", "aggregate", "values_list"],
)
def test_every_way_of_reaching_the_database_needs_a_scope(world: World, run) -> None:
    with pytest.raises(UnscopedTenantQuery):
        run(Employee.objects.filter(is_active=True))


def test_an_unscoped_query_cannot_hide_inside_a_scoped_one(world: World) -> None:
    stages = CareerStage.objects.for_org(world.acme)
    with pytest.raises(UnscopedTenantQuery):
        list(stages.filter(pk__in=Employee.objects.values("career_stage")))
    scoped = Employee.objects.for_org(world.acme).values("career_stage")
    assert list(stages.filter(pk__in=scoped)) == [world.carol_employee.career_stage]


def test_an_unscoped_query_cannot_hide_in_exists_or_subquery(world: World) -> None:
    stages = CareerStage.objects.for_org(world.acme)
    anyone_at_that_stage = Employee.objects.filter(career_stage=OuterRef("pk"))
    with pytest.raises(UnscopedTenantQuery):
        list(stages.filter(Exists(anyone_at_that_stage)))
    with pytest.raises(UnscopedTenantQuery):
        list(stages.annotate(someone=Subquery(anyone_at_that_stage.values("first_name")[:1])))

    scoped = Employee.objects.for_org(world.acme).filter(career_stage=OuterRef("pk"))
    assert list(stages.filter(Exists(scoped))) == [world.carol_employee.career_stage]
    named = stages.annotate(someone=Subquery(scoped.values("first_name")[:1]))
    assert [s.someone for s in named if s.pk == world.carol_employee.career_stage_id] == ["Carol"]


def test_an_unscoped_query_cannot_join_a_scoped_one_in_a_union(world: World) -> None:
    EmployeeFactory(organization=world.globex, first_name="Gina")
    acme = Employee.objects.for_org(world.acme).order_by().values_list("first_name", flat=True)
    with pytest.raises(UnscopedTenantQuery):
        list(
            acme.union(Employee.objects.order_by().values_list("first_name", flat=True)).order_by()
        )
    globex = Employee.objects.for_org(world.globex).order_by().values_list("first_name", flat=True)
    assert sorted(acme.union(globex).order_by()) == ["Carol", "Gina"]


def test_rows_reached_through_a_scoped_object_may_feed_a_subquery(world: World) -> None:
    skill = SkillFactory(organization=world.acme)
    EmployeeSkillFactory(employee=world.carol_employee, skill=skill)
    her_skills = world.carol_employee.skill_entries.values("skill")
    assert list(Skill.objects.for_org(world.acme).filter(pk__in=her_skills)) == [skill]


def test_excluding_across_a_relation_still_works_on_a_scoped_query(world: World) -> None:
    # Django builds a correlated subquery of the outer model for this exclude().
    skill = SkillFactory(organization=world.acme)
    EmployeeFactory(organization=world.acme, first_name="Dan")
    EmployeeSkillFactory(employee=world.carol_employee, skill=skill)
    acme = Employee.objects.for_org(world.acme)
    without_it = acme.exclude(skill_entries__skill=skill)
    assert list(without_it.values_list("first_name", flat=True)) == ["Dan"]


def test_a_scoped_query_sees_only_its_own_organisation(world: World) -> None:
    EmployeeFactory(organization=world.globex, first_name="Gina")
    names = set(Employee.objects.for_org(world.acme).values_list("first_name", flat=True))
    assert names == {"Carol"}
    assert set(Employee.objects.for_org(world.globex).values_list("first_name", flat=True)) == {
        "Gina"
    }


def test_rows_reached_through_a_scoped_object_need_no_second_scope(world: World) -> None:
    entry = EmployeeSkillFactory(employee=world.carol_employee)
    assert list(world.carol_employee.skill_entries.all()) == [entry]


def test_a_foreign_key_to_another_tenants_row_is_rejected_on_save(world: World) -> None:
    outsider = EmployeeFactory(organization=world.globex)
    world.carol_employee.manager = outsider
    with pytest.raises(CrossTenantReference):
        world.carol_employee.save()


def test_a_one_to_one_link_to_another_tenants_row_is_rejected(world: World) -> None:
    outsider = EmployeeFactory(organization=world.globex)
    profile = DiversityProfile(
        organization=world.acme, employee=outsider, consented_at=timezone.now()
    )
    with pytest.raises(CrossTenantReference):
        profile.save()
    assert not DiversityProfile.unscoped.exists()


def test_a_foreign_key_to_another_tenants_row_is_rejected_in_bulk(world: World) -> None:
    foreign_skill = SkillFactory(organization=world.globex)
    entry = EmployeeSkill(
        organization=world.acme,
        employee=world.carol_employee,
        skill=foreign_skill,
        direction="teach",
        level=2,
    )
    with pytest.raises(CrossTenantReference):
        EmployeeSkill.objects.bulk_create([entry])
    assert not EmployeeSkill.unscoped.exists()


def test_bulk_update_refuses_rows_of_another_organisation(world: World) -> None:
    outsider = EmployeeFactory(organization=world.globex)
    outsider.department = "Hijacked"
    with pytest.raises(CrossTenantReference):
        Employee.objects.for_org(world.acme).bulk_update([outsider], ["department"])
    outsider.refresh_from_db()
    assert outsider.department != "Hijacked"
