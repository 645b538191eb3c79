"""``subs engines``: which translation engines and language pairs are installed, and adding more."""
from __future__ import annotations

import click

from subs.output import note


@click.group(invoke_without_command=True)
@click.pass_context
def engines(ctx: click.Context) -> None:
    """List each translation engine, its installed pairs and how to add more."""
    if ctx.invoked_subcommand is not None:
        return
    from translate.engine import engine_module, installed_pairs

    for name, pairs in installed_pairs().items():
        shown = ", ".join(f"{s}->{t}" for s, t in pairs) or "no pairs installed"
        click.echo(f"{name}: {shown}")
        click.echo(f"  add: {engine_module(name).install_hint()}")


@engines.command("install")
@click.argument("engine", type=click.Choice(["argos"]))
@click.argument("what", nargs=-1, required=True)
@click.option("--index", "index", metavar="URL",
              help="Argos package index (default: $SUBS_ARGOS_INDEX or argospm's index).")
def install(engine: str, what: tuple[str, ...], index: str | None) -> None:
    """Install an engine package: a FILE.argosmodel, or SOURCE TARGET from the Argos index.

    Examples: subs engines install argos translate-en_es.argosmodel;
    subs engines install argos en es
    """
    from subtitles.languages import normalize_language
    from translate.argos_packages import install_file, install_from_index, packages_dir

    if len(what) == 1:
        package = install_file(what[0])
    elif len(what) == 2:
        source, target = (normalize_language(w) for w in what)
        note(f"downloading the {source} -> {target} package ...")
        package = install_from_index(source, target, url=index)
    else:
        raise click.UsageError("give a FILE.argosmodel, or a SOURCE and TARGET language")
    click.echo(f"installed argos {package.source} -> {package.target} "
               f"(version {package.version or '?'}) in {packages_dir()}")
