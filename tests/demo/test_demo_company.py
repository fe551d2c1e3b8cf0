"""`crossgen demo`: the demo company, loaded through the real roster import."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from crossgen.cli import _register_all, app
from crossgen.demo.services import DEMO_PASSWORD, DEMO_SLUG, demo_company_load
from crossgen.people.models import Employee
from crossgen.tenancy.models import Organization, Role

_register_all()


@pytest.mark.django_db
def test_the_demo_company_gives_a_sign_in_for_each_role_that_works() -> None:
    logins = demo_company_load(employees=120, seed=3)
    organization = Organization.objects.get(slug=DEMO_SLUG)
    assert Employee.objects.for_org(organization).count() == 120
    assert {login.role for login in logins} >= {
        Role.ORG_ADMIN.label,
        Role.PROGRAM_MANAGER.label,
        Role.PARTICIPANT.label,
    }
    for login in logins:
        assert login.password == DEMO_PASSWORD
        response = Client().post(
            reverse("login"), {"username": login.email, "password": login.password}
        )
        assert response.status_code == 302 and response["Location"] == reverse("home"), login


@pytest.mark.django_db
def test_loading_twice_keeps_one_demo_company() -> None:
    first = demo_company_load(employees=60, seed=3)
    second = demo_company_load(employees=60, seed=3)
    assert first == second
    assert Organization.objects.filter(slug=DEMO_SLUG).count() == 1


@pytest.mark.django_db
def test_the_command_prints_every_email_in_full_even_in_a_narrow_terminal() -> None:
    result = CliRunner().invoke(
        app, ["demo", "--employees", "60", "--no-serve"], env={"COLUMNS": "60"}
    )
    assert result.exit_code == 0, result.output
    for login in demo_company_load():
        assert login.email in result.output
