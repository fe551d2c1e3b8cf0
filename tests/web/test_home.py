"""The organisation home: headcount and the digital-skills gap at a glance."""

from __future__ import annotations

from django.urls import reverse

from crossgen.skills.models import Skill
from crossgen.skills.services import skills_install_starter_taxonomy
from tests.conftest import World
from tests.factories import EmployeeFactory, EmployeeSkillFactory, stage


def test_an_empty_organisation_is_invited_to_import_its_roster(world: World) -> None:
    body = world.client_for(world.charlie).get(reverse("home")).content.decode()
    assert "No one here yet" in body and "Import your roster" in body


def test_staff_see_headcount_by_stage_and_department(world: World) -> None:
    EmployeeFactory.create_batch(3, organization=world.acme, department="Sales")
    response = world.client_for(world.bob).get(reverse("home"))
    by_department = {row.label: row.count for row in response.context["by_department"]}
    assert by_department["Sales"] == 3
    by_stage = {row.label: row.count for row in response.context["by_stage"]}
    assert by_stage["Professional"] == 3 and by_stage["Director"] == 1


def test_the_skills_gap_sets_senior_demand_against_junior_teachers(world: World) -> None:
    skills_install_starter_taxonomy(organization=world.acme)
    genai = Skill.objects.for_org(world.acme).get(slug="generative-ai")
    junior = EmployeeFactory(
        organization=world.acme, career_stage=stage(world.acme, "Early career")
    )
    EmployeeSkillFactory(employee=junior, skill=genai, direction="teach", level=4)
    EmployeeSkillFactory(employee=world.carol_employee, skill=genai, direction="learn", level=3)
    gaps = world.client_for(world.alice).get(reverse("home")).context["skill_gaps"]
    assert [(g.skill, g.demand, g.supply) for g in gaps] == [(genai.name, 1, 1)]


def test_a_participant_sees_their_own_home(world: World) -> None:
    body = world.client_for(world.carol).get(reverse("home")).content.decode()
    assert "Welcome, Carol" in body
    assert "Headcount" not in body
