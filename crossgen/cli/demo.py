"""`crossgen demo` (the two-command quickstart's first command) and `crossgen demo-data`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from crossgen.cli._django import setup_django


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description:<24}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def demo(
    employees: Annotated[
        int, typer.Option(min=50, max=200_000, help="Size of the demo company.")
    ] = 2000,
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed gives the same company.")
    ] = 7,
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
    serve: Annotated[bool, typer.Option(help="Start the web server after loading.")] = True,
) -> None:
    """Set up the local demo: database, the demo company, then the web app on 127.0.0.1."""
    os.environ.setdefault("DEBUG", "true")  # the demo is local: dev key, console email
    setup_django()
    from django.core.management import call_command

    from crossgen.demo.services import demo_company_load
    from crossgen.matching.warm_up import warm_up

    console = Console()
    console.print("Preparing the database …")
    call_command("migrate", verbosity=0)
    with _progress(console) as bar:
        task = bar.add_task("Loading the demo company", total=None)

        def report(phase: str, done: int, total: int | None) -> None:
            bar.update(task, description=phase, completed=done, total=total)

        logins = demo_company_load(employees=employees, seed=seed, progress=report)
    with console.status("Preparing the matching engine (about 15 s the first time) …"):
        # Compiled here rather than on the first "Run matching" click.
        warm_up()
    table = Table(title=f"Sign in to the demo at http://127.0.0.1:{port}/")
    # Emails and passwords are copied by hand: never wrap or cut them.
    table.add_column("Role")
    table.add_column("Email", no_wrap=True, min_width=len(max((x.email for x in logins), key=len)))
    table.add_column("Password", no_wrap=True)
    table.add_column("Who", overflow="fold")
    for login in logins:
        table.add_row(login.role, login.email, login.password, login.who)
    console.print(table)
    if serve:
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)


def demo_data(
    out: Annotated[Path, typer.Option(help="Roster file to write: .csv or .xlsx.")],
    employees: Annotated[int, typer.Option(min=10, max=200_000)] = 2000,
    seed: Annotated[int, typer.Option()] = 7,
    skills_out: Annotated[Path | None, typer.Option(help="Also write the skills (CSV).")] = None,
) -> None:
    """Write a realistic, deterministic company as a roster file (to try or benchmark the import)."""
    from crossgen.demodata import (
        generate_company,
        write_roster_csv,
        write_roster_xlsx,
        write_skills_csv,
    )

    if out.suffix.lower() not in {".csv", ".xlsx"}:
        typer.echo("--out must end in .csv or .xlsx", err=True)
        raise typer.Exit(2)
    company = generate_company(employees=employees, seed=seed)
    (write_roster_xlsx if out.suffix.lower() == ".xlsx" else write_roster_csv)(company, out)
    if skills_out:
        write_skills_csv(company, skills_out)
    typer.echo(f"Wrote {len(company)} employees of {company.name} to {out}.")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
    app.command("demo-data")(demo_data)
