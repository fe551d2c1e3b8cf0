"""An employee profile shows both skill directions and the reporting line,
and never the optional diversity attributes."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from crossgen.people.models import DiversityProfile
from tests.conftest import World
from tests.factories import EmployeeFactory, EmployeeSkillFactory, SkillFactory


def test_a_profile_shows_what_a_person_can_teach_and_wants_to_learn(world: World) -> None:
    carol = world.carol_employee
    EmployeeSkillFactory(
        employee=carol,
        skill=SkillFactory(organization=world.acme, name="Negotiation"),
        direction="teach",
        level=4,
    )
    EmployeeSkillFactory(
        employee=carol,
        skill=SkillFactory(organization=world.acme, name="TikTok"),
        direction="learn",
        level=3,
    )
    body = (
        world.client_for(world.alice)
        .get(reverse("people:profile", args=[carol.pk]))
        .content.decode()
    )
    teach_part, learn_part = body.split("Wants to learn")
    assert "Negotiation" in teach_part and "Expert" in teach_part
    assert "TikTok" in learn_part and "Priority" in learn_part


def test_a_profile_shows_the_whole_reporting_line(world: World) -> None:
    ceo = EmployeeFactory(organization=world.acme, first_name="Ceo", last_name="Top")
    vp = EmployeeFactory(organization=world.acme, first_name="Vee", last_name="Pee", manager=ceo)
    world.carol_employee.manager = vp
    world.carol_employee.save()
    body = (
        world.client_for(world.alice)
        .get(reverse("people:profile", args=[world.carol_employee.pk]))
        .content.decode()
    )
    assert "Vee Pee" in body and "Ceo Top" in body


def test_diversity_attributes_never_appear_on_a_profile(world: World) -> None:
    DiversityProfile.objects.create(
        organization=world.acme,
        employee=world.carol_employee,
        gender="Nonbinary-marker-xyz",
        consented_at=timezone.now(),
    )
    body = (
        world.client_for(world.alice)
        .get(reverse("people:profile", args=[world.carol_employee.pk]))
        .content.decode()
    )
    assert "Nonbinary-marker-xyz" not in body


def test_an_unknown_employee_is_a_404(world: World) -> None:
    assert (
        world.client_for(world.alice).get(reverse("people:profile", args=[999999])).status_code
        == 404
    )


def test_an_employee_saved_by_hand_is_found_under_every_form_of_their_address(
    world: World,
) -> None:
    person = EmployeeFactory(organization=world.acme, email="ÅSA.Berg@Acme.example")
    person.email = "\uff29ngrid@Acme.example"  # full-width capital I
    person.save()
    person.refresh_from_db()
    assert person.email_key == "ingrid@acme.example"
