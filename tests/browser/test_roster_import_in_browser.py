"""A person signs in and imports a roster through the real pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossgen.people.models import Employee
from crossgen.tenancy.models import Role
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROSTER = """employee_id,first_name,last_name,email,job_title,department,location,timezone,manager_id,hire_date,career_stage
A1,Ada,Okafor,ada@acme.example,Chief Executive,Leadership,London,Europe/London,,2001-04-01,Executive
A2,José,Müller,jose@acme.example,Director of Sales,Sales,Berlin,Europe/Berlin,A1,2010-09-15,Director
A3,Zoë,O'Brien,zoe@acme.example,Data Analyst,Data & Analytics,New York,America/New_York,A2,2023-02-01,Early career
"""


def test_an_org_admin_signs_in_and_imports_a_roster(
    page, live_server, screenshot_dir: Path, tmp_path: Path
) -> None:
    acme = OrganizationFactory(name="Acme", slug="acme")
    alice = UserFactory(email="alice@acme.example")
    MembershipFactory(organization=acme, user=alice, role=Role.ORG_ADMIN)
    roster_file = tmp_path / "acme-roster.csv"
    roster_file.write_text(ROSTER, encoding="utf-8")

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "alice@acme.example")
    page.fill("#id_password", "correct horse battery staple")
    page.screenshot(path=screenshot_dir / "1-sign-in.png")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.screenshot(path=screenshot_dir / "2-empty-home.png")

    page.click("text=Roster import")
    page.set_input_files("#file", str(roster_file))
    page.screenshot(path=screenshot_dir / "3-upload.png")
    page.click("text=Upload and check")
    page.wait_for_selector("text=to add")
    page.screenshot(path=screenshot_dir / "4-preview.png", full_page=True)
    assert Employee.objects.for_org(acme).count() == 0  # the preview writes nothing

    page.click("text=Import 3 rows")
    page.wait_for_selector("text=Roster imported")
    page.screenshot(path=screenshot_dir / "5-directory.png", full_page=True)
    assert "José Müller" in page.content()
    assert set(Employee.objects.for_org(acme).values_list("external_id", flat=True)) == {
        "A1",
        "A2",
        "A3",
    }
