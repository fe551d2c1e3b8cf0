"""`crossgen import-roster`: the roster import for operators and scripts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from crossgen.cli._django import setup_django

if TYPE_CHECKING:
    from crossgen.rosterfile import RowIssue

ERROR_EXIT = 2


def import_roster(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="CSV or XLSX roster.")
    ],
    org: Annotated[str, typer.Option("--org", help="The organisation's slug.")],
    partial: Annotated[
        bool,
        typer.Option("--partial", help="The file lists only some people: nobody is deactivated."),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and report; write nothing.")
    ] = False,
    column: Annotated[
        list[str] | None,
        typer.Option(
            "--map", help="Fix a detected column: FIELD=Header, e.g. --map manager_id='Reports to'."
        ),
    ] = None,
) -> None:
    """Import a roster: all or nothing. Exits 2 with the error report when the file has problems."""
    setup_django()
    from django.db import transaction

    from crossgen.roster.services import roster_apply, roster_lock, roster_plan
    from crossgen.rosterfile import ColumnMapping
    from crossgen.tenancy.models import Organization

    console = Console(stderr=True)
    organization = Organization.objects.filter(slug=org).first()
    if organization is None:
        console.print(Text(f"No organisation with slug {org!r}.", style="red"))
        raise typer.Exit(ERROR_EXIT)
    mapping = None
    if column:
        pairs = dict(item.split("=", 1) for item in column if "=" in item)
        try:
            mapping = ColumnMapping(pairs)
        except ValueError as error:
            console.print(Text(f"--map: {error}", style="red"))
            raise typer.Exit(ERROR_EXIT) from error

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        checking = progress.add_task("Checking the file", total=None)
        writing = None

        def report(phase: str, done: int, total: int | None) -> None:
            nonlocal writing
            if phase == "Checking":
                progress.update(checking, completed=done, total=total)
                return
            if writing is None:
                writing = progress.add_task(phase, total=total)
            progress.update(writing, description=phase, completed=done, total=total)

        # Check and write under the organisation's roster lock, as the web does.
        with transaction.atomic():
            roster_lock(organization=organization)
            plan = roster_plan(
                organization=organization,
                source=file,
                filename=file.name,
                mapping=mapping,
                full_roster=not partial,
                progress=report,
            )
            finished = max(progress.tasks[0].completed, 1)  # a file refused whole checks no row
            progress.update(checking, completed=finished, total=finished)
            if plan.ok and not dry_run:
                roster_apply(
                    organization=organization,
                    actor=None,
                    plan=plan,
                    filename=file.name,
                    progress=report,
                )

    counts = plan.counts()
    if not plan.ok:
        table = Table(
            title=f"{counts['errors']} problem(s): nothing was imported", show_lines=False
        )
        for heading in ("Row", "Field", "Problem", "Value"):
            table.add_column(heading)
        for issue in plan.errors[:200]:
            # Text(), not str: a cell such as "[/x]" is data, not console markup.
            table.add_row(
                _row(issue),
                Text(issue.field or "—"),
                Text(issue.message),
                Text(issue.value or ""),
            )
        console.print(table)
        if counts["errors"] > 200:
            console.print(f"… and {counts['errors'] - 200} more.")
        raise typer.Exit(ERROR_EXIT)
    verb = "Would" if dry_run else "Done:"
    typer.echo(
        f"{verb} add {counts['create']}, update {counts['update']}, deactivate {counts['deactivate']}; "
        f"{counts['unchanged']} unchanged ({counts['rows']} rows)."
    )
    for warning in plan.warnings[:20]:
        typer.echo(f"warning: {_where(warning)}: {warning.message}")


def _row(issue: RowIssue) -> str:
    return "file" if issue.row is None else str(issue.row)


def _where(issue: RowIssue) -> str:
    """``row 7 email``, or ``file`` for a problem with the whole file."""
    place = "file" if issue.row is None else f"row {issue.row}"
    return f"{place} {issue.field}" if issue.field else place


def register(app: typer.Typer) -> None:
    app.command("import-roster")(import_roster)
