"""The people directory: search, filters, pagination, roles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from crossgen.people import selectors
from crossgen.people.models import Employee
from crossgen.people.selectors import (
    DIRECTORY_PAGE_SIZE,
    DirectoryFilters,
    directory_page,
    filter_choices,
)
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


def test_filters_offer_only_active_people_of_this_organisation_in_order(world: World) -> None:
    for department, location in [("Sales", "Paris"), ("Legal", ""), ("Audit", "Oslo")]:
        EmployeeFactory(organization=world.acme, department=department, location=location)
    EmployeeFactory(organization=world.acme, department="Closed", is_active=False)
    EmployeeFactory(organization=world.globex, department="Globex only", location="Rome")
    choices = filter_choices(world.acme)
    assert choices["departments"] == ["Audit", "Engineering", "Legal", "Sales"]
    assert "Rome" not in choices["locations"] and "" not in choices["locations"]
    assert {"Oslo", "Paris"} <= set(choices["locations"])


def test_a_narrow_search_lists_matches_in_directory_order_across_pages(world: World) -> None:
    for i in range(DIRECTORY_PAGE_SIZE + 3):
        EmployeeFactory(organization=world.acme, first_name=f"P{i:03}", last_name="Zahn")
        EmployeeFactory(organization=world.acme, first_name=f"Q{i:03}", last_name="Adler")
    EmployeeFactory(organization=world.acme, first_name="Late", last_name="Zahn", is_active=False)
    filters = DirectoryFilters(query="zahn")
    first = directory_page(world.acme, filters, 1)
    second = directory_page(world.acme, filters, 2)
    assert first.paginator.count == DIRECTORY_PAGE_SIZE + 3
    names = [p.first_name for p in [*first.object_list, *second.object_list]]
    assert names == [f"P{i:03}" for i in range(DIRECTORY_PAGE_SIZE + 3)]


def test_a_broad_search_pages_through_the_database_in_the_same_order(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    EmployeeFactory.create_batch(7, organization=world.acme, last_name="Ames")
    narrow = directory_page(world.acme, DirectoryFilters(query="ames"), 1)
    monkeypatch.setattr(selectors, "SEARCH_SORT_LIMIT", 3)  # now the search counts as broad
    broad = directory_page(world.acme, DirectoryFilters(query="ames"), 1)
    assert broad.paginator.count == narrow.paginator.count == 7
    assert [p.pk for p in broad.object_list] == [p.pk for p in narrow.object_list]


def test_search_follows_renames_bulk_updates_and_removals(world: World) -> None:
    def found(term: str) -> list[str]:
        page = directory_page(world.acme, DirectoryFilters(query=term), 1)
        return [p.last_name for p in page.object_list]

    person = EmployeeFactory(
        organization=world.acme, first_name="Ines", last_name="Quarles", email="i@acme.example"
    )
    assert found("quarl") == ["Quarles"]
    person.last_name = "Vantongeren"
    person.save()
    assert found("quarl") == [] and found("tonger") == ["Vantongeren"]
    Employee.objects.for_org(world.acme).filter(pk=person.pk).update(search_text="ines xylander")
    assert found("tonger") == [] and found("xyla") == ["Vantongeren"]
    person.delete()
    assert found("xyla") == []


def test_search_terms_shorter_than_a_trigram_and_quotes_still_work(world: World) -> None:
    EmployeeFactory(organization=world.acme, first_name="Bo", last_name='O"Neil')
    assert directory_page(world.acme, DirectoryFilters(query="bo"), 1).paginator.count >= 1
    hits = directory_page(world.acme, DirectoryFilters(query='o"ne'), 1).object_list
    assert [p.first_name for p in hits] == ["Bo"]
