"""Administration commands: migrate the schema, load demo data, create users."""
from __future__ import annotations

import sys
from typing import Annotated

import typer

from dashboard.cli.common import _, app, current_settings, unit
from dashboard.enums import Role


@app.command(help=_("Upgrade the database schema (Alembic) to a revision."))
def migrate(revision: str = "head") -> None:
    """Upgrade the database schema."""
    from dashboard.db.migrate import upgrade
    from sqlalchemy.engine import make_url

    from dashboard.db.session import engine_for

    settings = current_settings()
    upgrade(engine_for(settings.sqlalchemy_url), revision)
    shown = make_url(settings.sqlalchemy_url).render_as_string(hide_password=True)  # never print the password
    typer.echo(_("Database at {url} migrated to {revision}.", url=shown, revision=revision))


@app.command(help=_("Load the deterministic demo data set and print the demo accounts."))
def seed(
    streams: Annotated[int, typer.Option(min=10, help=_("Number of streams to generate."))] = 3000,
    seed_value: Annotated[int, typer.Option("--seed", help=_("Random seed (same seed, same data)."))] = 20261121,
    if_empty: Annotated[bool, typer.Option(help=_("Do nothing if the database already has streams."))] = False,
) -> None:
    """Load the demo data."""
    from dashboard.services.data.demo import DEMO_ACCOUNTS, DEMO_CAMPUS_PASSWORD, has_streams, seed_demo

    settings = current_settings()
    with unit() as session:
        if if_empty and has_streams(session):
            typer.echo(_("Demo data already present; nothing loaded."))
        else:
            summary = seed_demo(session, settings=settings, streams=streams, seed=seed_value)
            typer.echo(_("Loaded demo data: {counts}", counts=", ".join(f"{k}={v}" for k, v in summary.counts.items())))
    typer.echo(_("Demo accounts (username / password / role):"))
    for username, _name, role, password in DEMO_ACCOUNTS:
        typer.echo(f"  {username:<6} {password:<20} {role.value}")
    typer.echo(_("Demo campus viewing password: {password}", password=DEMO_CAMPUS_PASSWORD))


@app.command("create-user", help=_("Create a console user (the password is asked for and never echoed, nor taken as "
                                   "an argument)."))
def create_user(
    username: str,
    role: Annotated[Role, typer.Option(case_sensitive=False)],
    display_name: Annotated[str, typer.Option()] = "",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help=_(
        "Read the password from standard input (scripts); it never appears on the command line."))] = False,
) -> None:
    """Create a console user."""
    from dashboard.services.access.permissions import SYSTEM
    from dashboard.services.access.users import create_user as create

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    with unit() as session:
        user = create(session, actor=SYSTEM, username=username, display_name=display_name or username,
                      role=role, password=password)
        typer.echo(_("Created {username} ({role}).", username=user.username, role=user.role.value))
