"""`crossgen import-roster`: all or nothing from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from crossgen.cli import _register_all, app
from crossgen.people.models import Employee
from crossgen.tenancy.models import Organization
from tests.factories import OrganizationFactory
from tests.roster.builders import BASE_ROWS, replace, roster_csv

_register_all()
runner = CliRunner()


@pytest.fixture
def acme(db: None) -> Organization:
    return OrganizationFactory(slug="acme")


def _file(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "roster.csv"
    path.write_bytes(data)
    return str(path)


def test_it_imports_and_reports_the_counts(acme: Organization, tmp_path: Path) -> None:
    result = runner.invoke(app, ["import-roster", _file(tmp_path, roster_csv()), "--org", "acme"])
    assert result.exit_code == 0, result.output
    assert "add 4" in result.output
    assert Employee.objects.for_org(acme).count() == 4


def test_a_dry_run_writes_nothing(acme: Organization, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["import-roster", _file(tmp_path, roster_csv()), "--org", "acme", "--dry-run"]
    )
    assert result.exit_code == 0
    assert "Would add 4" in result.output
    assert Employee.objects.for_org(acme).count() == 0


def test_bad_input_exits_2_with_every_problem_by_row_and_field(
    acme: Organization, tmp_path: Path
) -> None:
    rows = replace(replace(BASE_ROWS, "E3", email="broken"), "E4", career_stage="Wizard")
    result = runner.invoke(
        app, ["import-roster", _file(tmp_path, roster_csv(rows)), "--org", "acme"]
    )
    assert result.exit_code == 2
    assert "nothing was imported" in result.output
    assert "email" in result.output and "career_stage" in result.output
    assert Employee.objects.for_org(acme).count() == 0


def test_values_that_look_like_console_markup_are_reported_as_written(
    acme: Organization, tmp_path: Path
) -> None:
    rows = replace(replace(BASE_ROWS, "E3", email="[/x]@@x.com"), "E4", career_stage="[red]Wiz")
    result = runner.invoke(
        app, ["import-roster", _file(tmp_path, roster_csv(rows)), "--org", "acme"]
    )
    assert result.exit_code == 2, result.output
    assert "[/x]@@x.com" in result.output and "[red]Wiz" in result.output
    assert Employee.objects.for_org(acme).count() == 0


def test_a_column_can_be_mapped_by_hand(acme: Organization, tmp_path: Path) -> None:
    data = roster_csv().replace(b"employee_id", b"Staff code", 1)
    result = runner.invoke(
        app, ["import-roster", _file(tmp_path, data), "--org", "acme", "--map", "employee_id=Staff code",
              "--map", "first_name=first_name", "--map", "last_name=last_name", "--map", "email=email",
              "--map", "career_stage=career_stage", "--map", "manager_id=manager_id"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert Employee.objects.for_org(acme).count() == 4


def test_an_unknown_organisation_exits_2(db: None, tmp_path: Path) -> None:
    result = runner.invoke(app, ["import-roster", _file(tmp_path, roster_csv()), "--org", "nope"])
    assert result.exit_code == 2
    assert "No organisation" in result.output


def test_a_warning_about_the_whole_file_is_placed_on_the_file(
    acme: Organization, tmp_path: Path
) -> None:
    legacy = roster_csv().decode().replace("Müller", "M\u00fcller").encode("cp1252")
    result = runner.invoke(app, ["import-roster", _file(tmp_path, legacy), "--org", "acme"])
    assert result.exit_code == 0, result.output
    assert "warning: file: The file is not UTF-8" in result.output
    assert "None" not in result.output


def test_an_error_about_the_whole_file_is_placed_on_the_file(
    acme: Organization, tmp_path: Path
) -> None:
    header_only = roster_csv([])
    result = runner.invoke(app, ["import-roster", _file(tmp_path, header_only), "--org", "acme"])
    assert result.exit_code == 2
    assert "file" in result.output and "no data rows" in result.output
    assert "None" not in result.output
