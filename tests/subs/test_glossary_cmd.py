"""``subs glossary apply|check|export|show`` through the CLI: exact lines and exit codes."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from subs.cli import cli

ROOT = Path(__file__).resolve().parents[2]
DATA = "tests/data/glossary"
NAMES = f"{DATA}/names.csv"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # golden files hold paths relative to the repository


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["glossary", *args])


def golden(name: str) -> str:
    return (ROOT / DATA / name).read_text(encoding="utf-8")


def test_apply_writes_fixed_file_and_reports_each_change(tmp_path: Path) -> None:
    out = tmp_path / "fixed.en.srt"
    result = run("apply", f"{DATA}/transcript.en.srt", "-g", NAMES, "-o", str(out))
    assert result.exit_code == 0, result.output
    lines = golden("apply.expected.txt").splitlines()
    assert result.stderr.splitlines() == lines[:-1] + [
        f"{out}: 7 changes (6 variant, 1 fuzzy)"]
    assert out.read_text(encoding="utf-8") == golden("apply.expected.srt")
    assert result.stdout == ""


def test_apply_dry_run_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "fixed.srt"
    result = run("apply", f"{DATA}/transcript.en.srt", "-g", NAMES, "-o", str(out), "--dry-run")
    assert result.exit_code == 0
    assert result.stderr == golden("apply.expected.txt")
    assert not out.exists()


def test_apply_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "fixed.srt"
    out.write_text("keep me", encoding="utf-8")
    result = run("apply", f"{DATA}/transcript.en.srt", "-g", NAMES, "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {out} already exists; pass --force to replace it\n"
    assert out.read_text(encoding="utf-8") == "keep me"
    forced = run("apply", f"{DATA}/transcript.en.srt", "-g", NAMES, "-o", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert out.read_text(encoding="utf-8") == golden("apply.expected.srt")
    assert forced.stderr.splitlines() == golden("apply.expected.txt").splitlines()[:-1] + [
        f"{out}: 7 changes (6 variant, 1 fuzzy)"]


def test_apply_needs_output_or_dry_run() -> None:
    result = run("apply", f"{DATA}/transcript.en.srt", "-g", NAMES)
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: pass -o OUT.srt, or --dry-run to only show the changes\n")


def test_apply_no_fuzzy() -> None:
    result = run("apply", f"{DATA}/transcript.en.srt", "-g", NAMES, "--dry-run", "--no-fuzzy")
    assert result.exit_code == 0, result.output
    lines = golden("apply.expected.txt").splitlines()
    assert result.stderr.splitlines() == [line for line in lines[:-1]
                                          if not line.endswith("(fuzzy)")] + [
        f"{DATA}/transcript.en.srt: 6 changes (6 variant, 0 fuzzy); nothing written (--dry-run)"]
    assert result.stdout == ""


@pytest.mark.parametrize("bad, line", [
    ("no_term.csv", "no_term.csv:1: error: missing 'term' column "
                    "(the header must name a column 'term')"),
    ("duplicate_term.csv", 'duplicate_term.csv:4: error: duplicate term "Zaka" '
                           "(first on line 2)"),
    ("variant_twice.csv", 'variant_twice.csv:3: error: variant "Zaka" of "Sderot" is also '
                          'claimed by "ZAKA" (line 2)'),
    ("unknown_language.csv", "unknown_language.csv:1: error: unknown language tag 'xx-nope' "
                             "in column 3 (columns are term, variants, type, keep, note, or "
                             "BCP-47 tags such as es, he, pt-BR)"),
    ("cp1255.csv", "cp1255.csv:2: error: not UTF-8 (byte 0xf9) (save the glossary as CSV UTF-8)"),
])
def test_bad_glossary_refused_with_path_line_errors(bad: str, line: str) -> None:
    for args in (["apply", f"{DATA}/transcript.en.srt", "--dry-run"],
                 ["check", f"{DATA}/transcript.en.srt"], ["export", "--hints"], ["show"]):
        result = run(*args, "-g", f"{DATA}/{bad}")
        assert result.exit_code == 1
        assert result.stderr.splitlines()[0] == f"{DATA}/{line}"
        assert "Error:" not in result.stderr


def test_check_translation_misses_exit_1_with_summary() -> None:
    result = run("check", f"{DATA}/film.es.srt", "-g", NAMES, "--source", f"{DATA}/film.en.srt")
    assert result.exit_code == 1
    assert result.stderr + result.stdout == golden("check.es.expected.txt")


def test_check_hebrew_passes_and_language_option_wins(tmp_path: Path) -> None:
    result = run("check", f"{DATA}/film.he.srt", "-g", NAMES, "--source", f"{DATA}/film.en.srt")
    assert result.exit_code == 0 and result.stderr == ""
    assert '"איחוד הצלה": 2 of 2 cues' in result.stdout.splitlines()
    plain = tmp_path / "film.srt"
    shutil.copy(ROOT / DATA / "film.he.srt", plain)
    result = run("check", str(plain), "-g", NAMES, "--source", f"{DATA}/film.en.srt")
    assert result.exit_code == 1  # a fact about the file, not a usage slip: one line, exit 1
    assert result.stderr == (f"Error: cannot tell the language of {plain}; name it like "
                             "film.es.srt or pass --language\n")
    result = run("check", str(plain), "-g", NAMES, "--source", f"{DATA}/film.en.srt",
                 "--language", "he")
    assert result.exit_code == 0


def test_check_transcript_warns_and_exits_0() -> None:
    result = run("check", f"{DATA}/transcript.en.srt", "-g", NAMES)
    assert result.exit_code == 0
    assert result.stderr + result.stdout == golden("check.transcript.expected.txt")


def test_check_unknown_language_tag() -> None:
    result = run("check", f"{DATA}/film.es.srt", "-g", NAMES, "--language", "zz-top")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown language tag 'zz-top'")


def test_export_tsv_per_pair(tmp_path: Path) -> None:
    result = run("export", "-g", NAMES, "--to", "es", "--to", "pt-br", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [f"{tmp_path}/glossary.en-es.tsv: 6 entries",
                                          f"{tmp_path}/glossary.en-pt-BR.tsv: 6 entries"]
    assert "Route 232\tRodovia 232\n" in (tmp_path / "glossary.en-pt-BR.tsv").read_text()
    again = run("export", "-g", NAMES, "--to", "es", "-o", str(tmp_path))
    assert again.exit_code == 1
    assert again.stderr == (f"Error: {tmp_path}/glossary.en-es.tsv already exists; "
                            "pass --force to replace it\n")


def test_export_every_language_column_by_default(tmp_path: Path) -> None:
    assert run("export", "-g", NAMES, "-o", str(tmp_path)).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "glossary.en-es.tsv", "glossary.en-he.tsv", "glossary.en-pt-BR.tsv"]


def test_export_hints_to_stdout_and_file(tmp_path: Path) -> None:
    result = run("export", "-g", NAMES, "--hints")
    assert result.exit_code == 0
    assert result.stdout == ("Kibbutz Re'im\nRe'im\nZAKA\nUnited Hatzalah\nSderot\n"
                             "Route 232\n")
    assert run("export", "-g", NAMES, "--hints", "-o", str(tmp_path)).exit_code == 0
    assert (tmp_path / "hints.txt").read_text() == result.stdout


def test_export_needs_a_folder() -> None:
    result = run("export", "-g", NAMES, "--to", "es")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: pass -o DIR for the TSV files (or --hints)\n")


def test_show() -> None:
    result = run("show", "-g", NAMES)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[4] == (
        "Route 232 (place, translate) he=כביש 232 es=Ruta 232 pt-BR=Rodovia 232")


def test_help_lists_subcommands() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for name in ("apply", "check", "export", "show"):
        assert f"  {name}" in result.stdout


def places(tmp_path: Path) -> str:
    path = tmp_path / "places.csv"
    path.write_text("term,variants,type\nAshkelon,,place\nKfar Aza,,place\nSderot,,place\n"
                    "ZAKA,Zaka,organization\n", encoding="utf-8")
    return str(path)


def test_fuzzy_never_joins_a_name_across_a_comma(tmp_path: Path) -> None:
    srt = tmp_path / "t.en.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:03,000\nBeer and Ash, Kelon said.\n\n"
                   "2\n00:00:04,000 --> 00:00:06,000\nWe drove past Ash kelon.\n",
                   encoding="utf-8")
    result = run("apply", str(srt), "-g", places(tmp_path), "--dry-run")
    assert result.exit_code == 0
    assert result.stderr == (f"{srt}:7: fixed 'Ash kelon' -> \"Ashkelon\" (variant)\n"
                             f"{srt}: 1 changes (1 variant, 0 fuzzy); nothing written "
                             "(--dry-run)\n")


def test_check_counts_a_name_split_by_a_line_break_and_agrees_with_apply_on_lines(
        tmp_path: Path) -> None:
    srt = tmp_path / "t.en.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:03,000\nWe reached Kfar\nAza and Sderot.\n\n"
                   "2\n00:00:04,000 --> 00:00:06,000\nThe team from\nZaka came.\n",
                   encoding="utf-8")
    applied = run("apply", str(srt), "-g", places(tmp_path), "--dry-run")
    assert applied.stderr.splitlines()[0] == f"{srt}:9: fixed 'Zaka' -> \"ZAKA\" (variant)"
    result = run("check", str(srt), "-g", places(tmp_path))
    assert result.exit_code == 0
    assert result.stderr == (f"{srt}:9: warning: 'Zaka' is a variant of \"ZAKA\" (run subs "
                             "glossary apply)\n")
    assert sorted(result.stdout.splitlines()) == ['"Kfar Aza": 1 of 1 spelled right',
                                                  '"Sderot": 1 of 1 spelled right',
                                                  '"ZAKA": 0 of 1 spelled right']
