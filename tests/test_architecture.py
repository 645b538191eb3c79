"""The layering rules of docs/architecture.md, checked by reading every module's imports.

The table there says which project packages each package may import, that only `subs/`
imports click, and that faster_whisper, ctranslate2, pysubs2, argostranslate, selenium and
langcodes are imported inside the functions that need them (so `subs --help` starts fast).
Reading the source with `ast` keeps the rules true by construction: a new import that breaks
one fails here with the file and line, before anyone notices a slow start or a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("subtitles", "glossary", "transcribe", "translate", "subs")
ALLOWED = {
    "subtitles": set(),
    "glossary": {"subtitles"},
    "transcribe": {"subtitles", "glossary"},
    "translate": {"subtitles", "glossary"},
    "subs": set(PACKAGES),
}
LAZY = ("faster_whisper", "ctranslate2", "pysubs2", "argostranslate", "selenium", "langcodes")


def _modules() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def _imports(tree: ast.AST) -> list[tuple[str, int, bool]]:
    """(top-level module name, line, at module level?) for every absolute import."""
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                found.extend((a.name.split(".")[0], child.lineno, top) for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                found.append((child.module.split(".")[0], child.lineno, top))
            inner = top and not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            visit(child, inner)

    visit(tree, True)
    return found


def _type_checking_lines(tree: ast.AST) -> set[int]:
    """Lines under `if TYPE_CHECKING:`: imports there never run, so they cost no start time."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                for sub in ast.walk(inner):
                    if hasattr(sub, "lineno"):
                        lines.add(sub.lineno)
    return lines


def _violations() -> list[str]:
    broken: list[str] = []
    for path in _modules():
        package = path.relative_to(ROOT).parts[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        typing_only = _type_checking_lines(tree)
        where = path.relative_to(ROOT)
        for name, line, top in _imports(tree):
            if name in PACKAGES and name != package and name not in ALLOWED[package]:
                broken.append(f"{where}:{line}: {package}/ may not import {name}/")
            if name == "click" and package != "subs":
                broken.append(f"{where}:{line}: only subs/ imports click")
            if name in LAZY and top and line not in typing_only:
                broken.append(f"{where}:{line}: import {name} inside the function that needs it")
    return broken


def test_17_every_module_keeps_the_layering_rules() -> None:
    assert _violations() == []


def test_17_the_checker_sees_a_broken_rule(tmp_path: Path) -> None:
    """The reader finds imports at module level, in classes and in functions (and tells them apart)."""
    tree = ast.parse(
        "import click\nfrom subs.cli import main\nif True:\n    import pysubs2\n"
        "def f():\n    import langcodes\nclass C:\n    import selenium\n"
    )
    assert _imports(tree) == [
        ("click", 1, True), ("subs", 2, True), ("pysubs2", 4, True),
        ("langcodes", 6, False), ("selenium", 8, True),
    ]


def test_17_commands_load_on_first_use() -> None:
    """subs/cli.py keeps a name -> module table; importing a command at module level would load
    its engines and models for `subs --help`."""
    tree = ast.parse((ROOT / "subs" / "cli.py").read_text(encoding="utf-8"))
    eager = [node.lineno for node in tree.body if isinstance(node, ast.ImportFrom)
             and (node.module or "").startswith("subs.commands")]
    assert eager == []


@pytest.mark.parametrize("package", PACKAGES)
def test_17_each_package_is_read(package: str) -> None:
    assert any(p.relative_to(ROOT).parts[0] == package for p in _modules())
