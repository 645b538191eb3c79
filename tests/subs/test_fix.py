"""``subs fix``: golden output, exact change lines, and files are sacred."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from subs.cli import cli

DATA = Path(__file__).parents[1] / "data" / "readability"

CHANGES = [
    "messy.en.srt:2: fixed: extended end by 433 ms into free time",
    "messy.en.srt:6: fixed: rebalanced lines",
    "messy.en.srt:10: fixed: rebalanced lines",
    "messy.en.srt:15: fixed: extended end by 1289 ms into free time",
    "messy.en.srt:20: fixed: ended 317 ms sooner to end the overlap with line 25",
    "messy.en.srt:25: fixed: started 66 ms later to leave line 20 time to be read",
    "messy.en.srt:30: fixed: ended 43 ms sooner for the minimum gap before line 34",
    "messy.en.srt:38: fixed: split into 2 cues (shown for too long)",
    "messy.en.srt:38: fixed: ended 83 ms sooner for the minimum gap before the next part",
]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for source in DATA.iterdir():
        shutil.copy(source, tmp_path / source.name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SUBS_PROFILES", raising=False)
    return tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["fix", *args])


def test_golden_output_and_every_change_reported(here: Path) -> None:
    result = run("messy.en.srt", "-o", "out.srt")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        *CHANGES, "out.srt: 9 changes, 10 cues written; no problems left"]
    assert (here / "out.srt").read_text(encoding="utf-8") == (
        DATA / "messy.en.fixed.srt").read_text(encoding="utf-8")


def test_fixed_file_passes_check(here: Path) -> None:
    run("messy.en.srt", "-o", "out.en.srt")
    check = CliRunner().invoke(cli, ["check", "out.en.srt"])
    assert check.exit_code == 0
    assert check.stdout == "out.en.srt: 10 cues, 0 errors, 0 warnings, 100.0% within profile\n"


def test_fixing_twice_changes_nothing_more(here: Path) -> None:
    result = run("messy.en.fixed.srt", "--dry-run")
    assert result.exit_code == 0
    assert result.stderr == ("messy.en.fixed.srt: 0 changes (dry run, nothing written); "
                             "no problems left\n")


def test_never_overwrites_the_input_without_in_place(here: Path) -> None:
    before = (here / "messy.en.srt").read_bytes()
    result = run("messy.en.srt", "-o", "messy.en.srt")
    assert result.exit_code == 1
    assert result.stderr == ("Error: messy.en.srt already exists; it is the input; "
                             "pass --in-place to overwrite it\n")
    assert (here / "messy.en.srt").read_bytes() == before
    result = run("messy.en.srt", "--in-place")
    assert result.exit_code == 0
    assert (here / "messy.en.srt").read_text(encoding="utf-8") == (
        DATA / "messy.en.fixed.srt").read_text(encoding="utf-8")


def test_never_overwrites_an_existing_output_without_force(here: Path) -> None:
    (here / "out.srt").write_text("keep me", encoding="utf-8")
    result = run("messy.en.srt", "-o", "out.srt")
    assert result.exit_code == 1
    assert result.stderr == "Error: out.srt already exists; pass --force to replace it\n"
    assert (here / "out.srt").read_text(encoding="utf-8") == "keep me"
    assert run("messy.en.srt", "-o", "out.srt", "--force").exit_code == 0
    assert (here / "out.srt").read_text(encoding="utf-8") == (
        DATA / "messy.en.fixed.srt").read_text(encoding="utf-8")


def test_dry_run_writes_nothing(here: Path) -> None:
    before = sorted(p.name for p in here.iterdir())
    result = run("messy.en.srt", "--dry-run")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        *CHANGES, "messy.en.srt: 9 changes (dry run, nothing written); no problems left"]
    assert sorted(p.name for p in here.iterdir()) == before


def test_needs_an_output(here: Path) -> None:
    result = run("messy.en.srt")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: give -o OUT, or --in-place to overwrite IN, or --dry-run")


def test_unreadable_input_writes_nothing(here: Path) -> None:
    result = run("broken.srt", "-o", "out.srt")
    assert result.exit_code == 1
    assert result.stderr == ("broken.srt:6: error: end is before start "
                             "(00:00:05,000 --> 00:00:04,000) (fix the cue or pass --lenient)\n")
    assert not (here / "out.srt").exists()


def test_output_format_follows_the_extension(here: Path) -> None:
    result = run("messy.en.srt", "-o", "out.vtt")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == "out.vtt: 9 changes, 10 cues written; no problems left"
    # The golden SRT as WebVTT: a header, no cue numbers, "." before the milliseconds.
    golden = (DATA / "messy.en.fixed.srt").read_text(encoding="utf-8")
    blocks = [block.split("\n") for block in golden.strip("\n").split("\n\n")]
    assert (here / "out.vtt").read_text(encoding="utf-8") == "WEBVTT\n\n" + "\n\n".join(
        "\n".join([timing.replace(",", "."), *text]) for _, timing, *text in blocks) + "\n"


def test_reports_what_is_left(here: Path) -> None:
    (here / "long.srt").write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nAntidisestablishmentarianism-and-more-words\n",
        encoding="utf-8")
    result = run("long.srt", "-o", "out.srt")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == (
        "out.srt: 1 change, 1 cue written; 1 problem left (0 errors); see subs check")


def test_unknown_output_format_is_refused_before_any_work(here: Path) -> None:
    result = run("messy.en.srt", "-o", "out.txt")
    assert result.exit_code == 1
    assert result.stderr == ("Error: unknown subtitle format '.txt'; known formats: srt, vtt, "
                             "sbv, ttml, ass\n")
    assert not (here / "out.txt").exists()


NBSP_SRT = ("1\n00:00:01,000 --> 00:00:01,400\nYes.\n\n"
            "2\n00:00:03,000 --> 00:00:05,000\n"
            "Nous avons attendu pendant 3\u00a0heures dans l'abri du kibboutz\n")


def test_to_and_crlf_choose_the_format_and_line_ends(here: Path) -> None:
    (here / "wait.fr.srt").write_text(NBSP_SRT, encoding="utf-8")
    result = run("wait.fr.srt", "-o", "out.txt", "--to", "vtt", "--crlf")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == "out.txt: 3 changes, 2 cues written; no problems left"
    assert (here / "out.txt").read_bytes() == (
        "WEBVTT\r\n\r\n"
        "00:00:01.000 --> 00:00:01.833\r\nYes.\r\n\r\n"
        "00:00:03.000 --> 00:00:06.412\r\n"
        "Nous avons attendu pendant\r\n3\u00a0heures dans l'abri du kibboutz\r\n").encode("utf-8")


def test_writes_lf_by_default_and_keeps_no_break_spaces(here: Path) -> None:
    (here / "wait.fr.srt").write_text(NBSP_SRT, encoding="utf-8")
    assert run("wait.fr.srt", "-o", "out.srt").exit_code == 0
    assert (here / "out.srt").read_bytes() == (
        "1\n00:00:01,000 --> 00:00:01,833\nYes.\n\n"
        "2\n00:00:03,000 --> 00:00:06,412\n"
        "Nous avons attendu pendant\n3\u00a0heures dans l'abri du kibboutz\n").encode("utf-8")


def test_an_unknown_to_format_is_a_usage_error(here: Path) -> None:
    result = run("messy.en.srt", "-o", "out.srt", "--to", "txt")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--to': 'txt' is not one of 'ass', 'sbv', 'srt', 'ttml', "
        "'vtt'.")
    assert not (here / "out.srt").exists()


def test_a_dialogue_with_a_long_turn_is_left_for_check(here: Path) -> None:
    (here / "turns.en.srt").write_text(
        "1\n00:00:01,000 --> 00:00:04,000\n"
        "- Are you coming with us tonight to the old town?\n- No.\n", encoding="utf-8")
    result = run("turns.en.srt", "-o", "out.en.srt")
    assert result.stderr.splitlines() == [
        "turns.en.srt:2: fixed: extended end by 177 ms into free time",
        "out.en.srt: 1 change, 1 cue written; 1 problem left (0 errors); see subs check"]
    assert (here / "out.en.srt").read_text(encoding="utf-8") == (
        "1\n00:00:01,000 --> 00:00:04,177\n"
        "- Are you coming with us tonight to the old town?\n- No.\n")
    check = CliRunner().invoke(cli, ["check", "out.en.srt"])
    assert check.stdout.splitlines()[0] == (
        "out.en.srt:2: warning: line 1 has 49 characters; limit 42 "
        "(shorten it; each speaker keeps a line of their own)")
