"""career_ladder_set: the ordered ladder an organisation configures."""

from __future__ import annotations

import pytest
from django.urls import reverse

from crossgen.people.models import CareerStage
from crossgen.people.services import LadderError, career_ladder_set
from tests.conftest import World
from tests.factories import EmployeeFactory, stage


def _ladder(world: World) -> list[str]:
    return list(
        CareerStage.objects.for_org(world.acme).order_by("rank").values_list("name", flat=True)
    )


def test_the_ladder_can_be_reordered_and_extended(world: World) -> None:
    names = [
        "Intern",
        "Early career",
        "Professional",
        "Senior professional",
        "Manager",
        "Director",
        "Executive",
    ]
    career_ladder_set(organization=world.acme, actor=world.alice, names=names)
    assert _ladder(world) == names


def test_a_stage_people_are_at_cannot_be_removed(world: World) -> None:
    with pytest.raises(LadderError) as error:
        career_ladder_set(
            organization=world.acme, actor=world.alice, names=["Early career", "Executive"]
        )
    assert any("Director" in p and "1 employees" in p for p in error.value.problems)
    assert "Director" in _ladder(world)


def test_duplicates_and_too_short_ladders_are_refused_with_every_problem(world: World) -> None:
    with pytest.raises(LadderError) as error:
        career_ladder_set(organization=world.acme, actor=world.alice, names=["Director"])
    assert "at least two" in error.value.problems[0]
    with pytest.raises(LadderError) as error:
        career_ladder_set(
            organization=world.acme, actor=world.alice, names=["Director", "director", "Executive"]
        )
    assert any("appears twice" in p for p in error.value.problems)


def test_names_the_importer_would_read_as_one_stage_are_duplicates(world: World) -> None:
    for twins in (["Executive  Two", "Executive two"], ["\uff24irector", "Director"]):
        with pytest.raises(LadderError) as error:
            career_ladder_set(
                organization=world.acme, actor=world.alice, names=["Early career", *twins]
            )
        assert any("appears twice" in p for p in error.value.problems), twins


def test_invisible_control_characters_are_refused_in_stage_names(world: World) -> None:
    with pytest.raises(LadderError) as error:
        career_ladder_set(
            organization=world.acme, actor=world.alice, names=["Early career", "Boss\u202e"]
        )
    assert any("control characters" in p for p in error.value.problems)


def test_renaming_keeps_employees_on_their_stage(world: World) -> None:
    person = EmployeeFactory(organization=world.acme, career_stage=stage(world.acme, "Manager"))
    names = _ladder(world)
    career_ladder_set(
        organization=world.acme, actor=world.alice, names=[*names[:-1], "Executive", "Board"]
    )
    person.refresh_from_db()
    assert person.career_stage.name == "Manager"


def test_the_settings_page_saves_the_ladder(world: World) -> None:
    client = world.client_for(world.alice)
    text = "\n".join(["Junior", *_ladder(world)])
    response = client.post(reverse("settings:career-stages"), {"stages": text})
    assert response.status_code == 302
    assert _ladder(world)[0] == "Junior"


def test_the_settings_page_shows_problems_and_saves_nothing(world: World) -> None:
    response = world.client_for(world.alice).post(
        reverse("settings:career-stages"), {"stages": "Only one"}
    )
    assert response.status_code == 200
    assert "at least two" in response.content.decode()
    assert len(_ladder(world)) == 6


def test_only_org_admins_edit_settings(world: World) -> None:
    assert world.client_for(world.bob).get(reverse("settings:career-stages")).status_code == 403
