"""The `crossgen` operator command. Each area registers its commands here;
the commands are thin: parse arguments, call a service or the engine, print."""

from __future__ import annotations

import typer

app = typer.Typer(
    no_args_is_help=True, help="Crossgen: reverse-mentoring programs, from roster to impact."
)


def _register_all() -> None:
    from crossgen.cli import admin, demo, matching, roster

    admin.register(app)
    demo.register(app)
    matching.register(app)
    roster.register(app)


def main() -> None:
    _register_all()
    app()
