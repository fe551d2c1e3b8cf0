"""Another organisation's ids typed into a form or a query string reveal and
change nothing. (URL ids are walked in test_tenant_isolation.py.)"""

from __future__ import annotations

from django.urls import reverse

from crossgen.skills.models import Skill
from tests.conftest import World
from tests.factories import EmployeeFactory, SkillCategoryFactory, stage


def test_a_foreign_career_stage_filters_the_directory_to_no_one(world: World) -> None:
    EmployeeFactory(organization=world.globex, first_name="Gloria", last_name="Globex")
    foreign_stage = stage(world.globex, "Professional")
    response = world.client_for(world.alice).get(
        reverse("people:directory"), {"stage": foreign_stage.pk}
    )
    assert response.status_code == 200
    assert "Gloria" not in response.content.decode()
    assert response.context["page"].paginator.count == 0


def test_a_foreign_skill_category_is_not_a_valid_choice(world: World) -> None:
    foreign = SkillCategoryFactory(organization=world.globex)
    response = world.client_for(world.alice).post(
        reverse("settings:skill-create"),
        {"name": "Prompt craft", "category": foreign.pk, "side": "both"},
    )
    assert response.status_code == 200  # the form again, with its error
    assert "Select a valid choice" in response.content.decode()
    assert not Skill.objects.for_org(world.acme).filter(name="Prompt craft").exists()


def test_switching_to_an_organisation_one_is_not_a_member_of_changes_nothing(
    world: World,
) -> None:
    client = world.client_for(world.alice)
    client.post(reverse("switch-organization"), {"organization": world.globex.pk})
    assert client.get(reverse("home")).context["organization"] == world.acme
