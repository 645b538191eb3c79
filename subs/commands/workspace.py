"""``subs serve`` and ``subs invite``: the workspace (issue 18). The work is in
``subs.workspace`` (the web layer) and ``subs.project.invites`` (who may do what).
"""
from __future__ import annotations

import click

from subs.options import project_option
from subs.output import note


@click.command()
@project_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but 127.0.0.1 opens the workspace to the "
                   "network (e.g. --host 0.0.0.0 for every address of this machine).")
@click.option("--port", default=8470, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--allow-host", "allow_hosts", multiple=True,
              help="Another name people reach this machine by (repeat); other Host headers "
                   "are refused (DNS rebinding).")
def serve(project_dir: str, host: str, port: int, allow_hosts: tuple[str, ...]) -> None:
    """Serve the film project in the browser until Ctrl-C.

    Prints the coordinator's link (a new token each start). Invite people with
    subs invite NAME --lang TAG. Example: subs serve -C film
    """
    from subs.project.folder import find_project
    from subs.workspace.server import ServeOptions, is_loopback, serve as run

    def announce(shown: str, bound_port: int, token: str) -> None:
        line = f"Workspace: http://{shown}:{bound_port}/?token={token}"
        if not is_loopback(host):
            line += f" (listening on {host}: reachable from the network, by your choice)"
        click.echo(line)
        note("invite people with: subs invite NAME --lang TAG; stop with Ctrl-C")

    try:
        run(ServeOptions(find_project(project_dir), host, port, allow_hosts), announce)
    except KeyboardInterrupt:  # uvicorn stops cleanly, then raises the signal it caught again
        pass
    except OSError as err:
        raise click.ClickException(f"cannot listen on {host}:{port}: {err.strerror or err} "
                                   "(pick another --port)") from None
    note("workspace stopped")


@click.command()
@project_option
@click.argument("name", required=False)
@click.option("--lang", "language", help="The language this person works on.")
@click.option("--role", default="translator", show_default=True,
              type=click.Choice(["translator", "reviewer"]),
              help="translator: edits the language; reviewer: edits and marks reviewed.")
@click.option("--revoke", "revoke", is_flag=True, help="End NAME's link.")
@click.option("--list", "list_", is_flag=True, help="List the people invited.")
@click.option("--url", help="The workspace's address for the link (default: where subs serve "
                            "last listened, else http://127.0.0.1:8470/).")
def invite(project_dir: str, name: str | None, language: str | None, role: str, revoke: bool,
           list_: bool, url: str | None) -> None:
    """Print the link for NAME to work on one language; or --revoke NAME; or --list.

    Example: subs invite "Ana Pop" --lang ro --role reviewer
    """
    from subs.project.folder import open_project
    from subs.project.invites import Invites

    if list_ + revoke + bool(language) != 1 or bool(name) == list_:
        raise click.UsageError("use: subs invite NAME --lang TAG [--role ROLE], "
                               "subs invite --revoke NAME, or subs invite --list")
    project = open_project(project_dir)
    invites = Invites(project.folder)
    try:
        if list_:
            rows = invites.invited()
            for row in rows:
                click.echo(f"{row.name}\t{row.role}\t{row.language}\t{row.created_at}")
            if not rows:
                note("nobody invited yet; invite someone with: subs invite NAME --lang TAG")
            return
        assert name is not None
        if revoke:
            if not invites.revoke(name):
                raise click.ClickException(f"{name!r} is not invited (see: subs invite --list)")
            click.echo(f"{name}: link ended")
            return
        assert language is not None
        tag = project.tag(language)
        token = invites.invite(name, tag, role)
        base = (url or invites.meta("url") or "http://127.0.0.1:8470/").rstrip("/")
        click.echo(f"{base}/?token={token}")
        note(f"{name}: {role} of {tag}; send this link privately; end it with: "
             f"subs invite --revoke {name!r}")
    finally:
        invites.close()
        project.close()


__all__ = ["serve", "invite"]
