"""`crossgen create-org`: a new organisation and its first admin."""

from __future__ import annotations

from typer.testing import CliRunner

from crossgen.cli import _register_all, app
from crossgen.tenancy.models import Membership, Organization, Role

_register_all()
runner = CliRunner()


def test_it_creates_the_organisation_and_its_first_admin(db: None) -> None:
    result = runner.invoke(
        app, ["create-org", "--name", "Acme", "--slug", "acme", "--admin-email", "a@acme.example"]
    )
    assert result.exit_code == 0, result.output
    organization = Organization.objects.get(slug="acme")
    assert organization.allow_multiple_roots is False
    membership = Membership.objects.for_org(organization).get()
    assert (membership.user.email, membership.role) == ("a@acme.example", Role.ORG_ADMIN)


def test_it_can_allow_several_people_at_the_top_from_the_start(db: None) -> None:
    result = runner.invoke(
        app,
        ["create-org", "--name", "Group", "--slug", "group", "--admin-email", "a@group.example",
         "--allow-multiple-roots"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert Organization.objects.get(slug="group").allow_multiple_roots is True
