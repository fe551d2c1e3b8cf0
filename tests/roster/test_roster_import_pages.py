"""The import pages: upload, check the mapping and the preview, then import."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from crossgen.people.models import Employee
from crossgen.roster.models import ImportStatus, RosterImport
from tests.conftest import World
from tests.roster.builders import BASE_ROWS, HEADER, replace, roster_csv

START = reverse("roster:start")


def _upload(
    client: Client, data: bytes, name: str = "roster.csv", *, full: bool = True
) -> RosterImport:
    payload = {"file": SimpleUploadedFile(name, data, content_type="text/csv")}
    if full:
        payload["full_roster"] = "1"
    response = client.post(START, payload)
    assert response.status_code == 302, response.content.decode()[:500]
    return RosterImport.unscoped.latest("created_at")


def _preview(client: Client, roster_import: RosterImport) -> str:
    url = reverse("roster:review", kwargs={"import_id": roster_import.public_id})
    return client.get(url, HTTP_HX_REQUEST="true").content.decode()


def test_an_upload_shows_a_preview_and_writes_no_employee(world: World) -> None:
    client = world.client_for(world.alice)
    roster_import = _upload(client, roster_csv())
    body = _preview(client, roster_import)
    assert "to add" in body and "Import 4 rows" in body
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.PREVIEWED
    assert roster_import.summary["create"] == 4
    assert Employee.objects.for_org(world.acme).count() == 1  # only Carol, from the fixture


def test_committing_imports_everyone_and_lands_on_the_directory(world: World) -> None:
    client = world.client_for(world.alice)
    roster_import = _upload(
        client,
        roster_csv(
            [
                *BASE_ROWS,
                (
                    "C1",
                    "Carol",
                    "Jones",
                    "carol.jones@example.com",
                    "",
                    "",
                    "",
                    "",
                    "E1",
                    "",
                    "Director",
                ),
            ]
        ),
    )
    response = client.post(reverse("roster:commit", kwargs={"import_id": roster_import.public_id}))
    assert response.status_code == 302 and response["Location"] == reverse("people:directory")
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.COMMITTED
    assert Employee.objects.for_org(world.acme).filter(is_active=True).count() == 5


def test_a_file_with_errors_lists_them_by_row_and_field_and_cannot_be_committed(
    world: World,
) -> None:
    client = world.client_for(world.alice)
    rows = replace(replace(BASE_ROWS, "E3", email="not-an-email"), "E4", manager_id="E77")
    roster_import = _upload(client, roster_csv(rows))
    body = _preview(client, roster_import)
    assert "nothing will be imported" in body
    assert "not-an-email" in body and "E77" in body
    client.post(reverse("roster:commit", kwargs={"import_id": roster_import.public_id}))
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.INVALID
    assert {(i["row"], i["field"]) for i in roster_import.issues} >= {
        (4, "email"),
        (5, "manager_id"),
    }
    assert not Employee.objects.for_org(world.acme).filter(external_id="E3").exists()


def test_a_person_corrects_the_detected_column_mapping(world: World) -> None:
    client = world.client_for(world.alice)
    header = ["Staff code" if h == "employee_id" else h for h in HEADER]
    roster_import = _upload(client, roster_csv(header=header))
    assert "employee_id" in _preview(client, roster_import)  # a required field is unmapped
    mapping = {f"map_{h}": h for h in HEADER if h != "employee_id"} | {
        "map_employee_id": "Staff code"
    }
    url = reverse("roster:review", kwargs={"import_id": roster_import.public_id})
    client.post(url, {**mapping, "full_roster": "1"})
    roster_import.refresh_from_db()
    assert roster_import.mapping["employee_id"] == "Staff code"
    assert "Import 4 rows" in _preview(client, roster_import)


def test_a_mapping_that_uses_one_column_twice_is_refused(world: World) -> None:
    client = world.client_for(world.alice)
    roster_import = _upload(client, roster_csv())
    _preview(client, roster_import)
    url = reverse("roster:review", kwargs={"import_id": roster_import.public_id})
    response = client.post(url, {"map_first_name": "email", "map_email": "email"}, follow=True)
    assert "does not work" in response.content.decode()


def test_a_file_of_the_wrong_type_is_refused_at_upload(world: World) -> None:
    response = world.client_for(world.alice).post(
        START,
        {"file": SimpleUploadedFile("roster.pdf", b"%PDF-1.4", content_type="application/pdf")},
    )
    assert response.status_code == 200
    assert ".csv and .xlsx" in response.content.decode()
    assert not RosterImport.unscoped.exists()


def test_an_unreadable_file_gets_a_clear_message_not_an_error_page(world: World) -> None:
    client = world.client_for(world.alice)
    roster_import = _upload(client, "employee_id,name\n1,Jos\xe9\n".encode("utf-16"))
    body = _preview(client, roster_import)
    assert "problem" in body


def test_only_org_admins_import_rosters(world: World) -> None:
    assert world.client_for(world.bob).get(START).status_code == 403
    assert world.client_for(world.carol).get(START).status_code == 403


def test_a_problem_without_a_value_shows_a_dash_not_none(world: World) -> None:
    client = world.client_for(world.alice)
    roster_import = _upload(client, roster_csv([]))  # a header and no rows
    body = _preview(client, roster_import)
    assert "no data rows" in body
    assert "None" not in body
