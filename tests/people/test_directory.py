"""The people directory: search, filters, pagination, roles."""

from __future__ import annotations

from django.urls import reverse

from crossgen.people.selectors import DIRECTORY_PAGE_SIZE
from tests.conftest import World
from tests.factories import EmployeeFactory, stage

DIRECTORY = reverse("people:directory")


def test_staff_see_the_directory_of_their_organisation(world: World) -> None:
    EmployeeFactory(organization=world.acme, first_name="Ingrid", last_name="Berg")
    response = world.client_for(world.bob).get(DIRECTORY)
    assert response.status_code == 200
    assert "Ingrid Berg" in response.content.decode()


def test_participants_cannot_browse_the_directory(world: World) -> None:
    response = world.client_for(world.carol).get(DIRECTORY)
    assert response.status_code == 403


def test_search_ignores_case_and_accents(world: World) -> None:
    EmployeeFactory(organization=world.acme, first_name="José", last_name="Müller")
    EmployeeFactory(organization=world.acme, first_name="Jon", last_name="Smith")
    body = world.client_for(world.alice).get(DIRECTORY, {"q": "jose mull"}).content.decode()
    assert "José Müller" in body
    assert "Jon Smith" not in body


def test_filters_narrow_by_department_location_and_stage(world: World) -> None:
    EmployeeFactory(
        organization=world.acme, first_name="Sally", department="Sales", location="Paris"
    )
    EmployeeFactory(
        organization=world.acme,
        first_name="Eddie",
        department="Engineering",
        location="Paris",
        career_stage=stage(world.acme, "Manager"),
    )
    client = world.client_for(world.alice)
    body = client.get(DIRECTORY, {"department": "Sales"}).content.decode()
    assert "Sally" in body and "Eddie" not in body
    body = client.get(DIRECTORY, {"stage": stage(world.acme, "Manager").pk}).content.decode()
    assert "Eddie" in body and "Sally" not in body


def test_deactivated_people_are_hidden_unless_asked_for(world: World) -> None:
    EmployeeFactory(organization=world.acme, first_name="Leona", is_active=False)
    client = world.client_for(world.alice)
    assert "Leona" not in client.get(DIRECTORY).content.decode()
    assert "Leona" in client.get(DIRECTORY, {"inactive": "1"}).content.decode()


def test_the_directory_is_paginated(world: World) -> None:
    EmployeeFactory.create_batch(DIRECTORY_PAGE_SIZE + 5, organization=world.acme)
    client = world.client_for(world.alice)
    first = client.get(DIRECTORY)
    assert len(first.context["page"].object_list) == DIRECTORY_PAGE_SIZE
    second = client.get(DIRECTORY, {"page": 2})
    assert len(second.context["page"].object_list) == 6  # 55 new people + Carol


def test_a_nonsense_page_number_shows_a_page_not_an_error(world: World) -> None:
    response = world.client_for(world.alice).get(DIRECTORY, {"page": "lots", "stage": "x"})
    assert response.status_code == 200


def test_an_htmx_request_gets_only_the_results(world: World) -> None:
    response = world.client_for(world.alice).get(DIRECTORY, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert "Carol" in response.content.decode()


def test_each_department_is_offered_once_as_a_filter(world: World) -> None:
    EmployeeFactory.create_batch(3, organization=world.acme, department="Sales")
    choices = world.client_for(world.alice).get(DIRECTORY).context["choices"]
    assert choices["departments"] == ["Engineering", "Sales"]
