"""`crossgen create-org`: a new organisation and its first org admin."""

from __future__ import annotations

import secrets
from typing import Annotated

import typer

from crossgen.cli._django import setup_django


def create_org(
    name: Annotated[str, typer.Option(help="Display name, e.g. 'Acme Corp'.")],
    slug: Annotated[str, typer.Option(help="Short identifier used by the CLI, e.g. 'acme'.")],
    admin_email: Annotated[str, typer.Option(help="Email of the first org admin.")],
    timezone: Annotated[str, typer.Option(help="Default IANA time zone.")] = "UTC",
    allow_multiple_roots: Annotated[
        bool,
        typer.Option(
            "--allow-multiple-roots",
            help="Accept rosters with several people at the top (no manager), "
            "e.g. a group of separate companies.",
        ),
    ] = False,
) -> None:
    """Create an organisation (career ladder and starter taxonomy installed) and its first admin."""
    setup_django()
    from django.db import IntegrityError, transaction

    from crossgen.accounts.models import User
    from crossgen.tenancy.models import Role
    from crossgen.tenancy.services import membership_grant, organization_create

    password = None
    try:
        with transaction.atomic():
            organization = organization_create(
                name=name,
                slug=slug,
                default_timezone=timezone,
                allow_multiple_roots=allow_multiple_roots,
            )
            user = User.objects.filter(email__iexact=admin_email).first()
            if user is None:
                password = secrets.token_urlsafe(12)
                user = User.objects.create_user(admin_email, password)
            membership_grant(organization=organization, user=user, role=Role.ORG_ADMIN)
    except (ValueError, IntegrityError) as error:
        typer.echo(f"Could not create the organisation: {error}", err=True)
        raise typer.Exit(2) from error
    typer.echo(f"Created {organization.name} ({organization.slug}).")
    if allow_multiple_roots:
        typer.echo("Rosters may have several people at the top.")
    if password:
        typer.echo(f"Sign in as {admin_email} with the one-time password: {password}")


def register(app: typer.Typer) -> None:
    app.command("create-org")(create_org)
