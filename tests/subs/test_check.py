"""``subs check``: exact diagnostic lines, summaries, exit codes, JSON, and a light start."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from subs.cli import cli

DATA = Path(__file__).parents[1] / "data" / "readability"
ROOT = Path(__file__).parents[2]
FIX_HINT = "subs fix"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Fixtures copied into a temp folder that is the working directory (short exact paths)."""
    for source in DATA.iterdir():
        shutil.copy(source, tmp_path / source.name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SUBS_PROFILES", raising=False)
    return tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["check", *args])


def test_clean_file(here: Path) -> None:
    result = run("clean.en.srt")
    assert result.exit_code == 0
    assert result.stdout == "clean.en.srt: 2 cues, 0 errors, 0 warnings, 100.0% within profile\n"


def test_every_kind_of_problem_with_exact_lines(here: Path) -> None:
    result = run("messy.en.srt")
    assert result.exit_code == 1  # the overlap is an error
    assert result.stdout.splitlines() == [
        "messy.en.srt:2: warning: shown for 400 ms; minimum 833 ms "
        f"(extend it into free time or merge it; {FIX_HINT} does both)",
        "messy.en.srt:6: warning: line 1 has 65 characters; limit 42 "
        f"(break it differently or shorten it; {FIX_HINT} rebalances lines)",
        "messy.en.srt:10: warning: unbalanced line break (7 and 36 characters) "
        f"({FIX_HINT} rebalances lines)",
        "messy.en.srt:15: warning: 26.5 characters per second; limit 17 "
        f"(shorten the text or show it longer; {FIX_HINT} extends it into free time)",
        "messy.en.srt:25: error: overlaps the cue before it (line 20) by 300 ms "
        f"(end the earlier cue sooner; {FIX_HINT} trims overlaps)",
        "messy.en.srt:34: warning: starts 40 ms after the cue before it (line 30); "
        f"minimum gap 83 ms ({FIX_HINT} makes room)",
        "messy.en.srt:38: warning: shown for 8.6 s; maximum 7 s "
        f"(split it; {FIX_HINT} splits it at a sentence or clause)",
        "messy.en.srt: 9 cues, 1 error, 6 warnings, 22.2% within profile",
    ]


def test_warnings_pass_unless_strict(here: Path) -> None:
    result = run("warnings_only.en.srt")
    assert result.exit_code == 0
    strict = run("--strict", "warnings_only.en.srt")
    assert strict.exit_code == 1
    assert strict.stdout.splitlines() == [
        "warnings_only.en.srt:2: error: shown for 500 ms; minimum 833 ms "
        f"(extend it into free time or merge it; {FIX_HINT} does both)",
        "warnings_only.en.srt: 2 cues, 1 error, 0 warnings, 50.0% within profile",
    ]


def test_unreadable_file_fails_and_the_others_are_still_checked(here: Path) -> None:
    result = run("broken.srt", "missing.srt", "clean.en.srt")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "broken.srt:6: error: end is before start (00:00:05,000 --> 00:00:04,000) "
        "(fix the cue or pass --lenient)",
        "broken.srt: cannot be read, 1 error, 0 warnings",
        "missing.srt: error: no such file (check the path)",
        "missing.srt: cannot be read, 1 error, 0 warnings",
        "clean.en.srt: 2 cues, 0 errors, 0 warnings, 100.0% within profile",
    ]


def test_parse_warnings_come_with_readability_problems(here: Path) -> None:
    (here / "bom.en.srt").write_bytes(b"\xef\xbb\xbf" + (here / "clean.en.srt").read_bytes())
    result = run("bom.en.srt")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "bom.en.srt:1: warning: UTF-8 byte order mark found "
        "(output is written as UTF-8 without BOM)",
        "bom.en.srt: 2 cues, 0 errors, 1 warning, 100.0% within profile",
    ]


def test_language_picks_the_profile_limits(here: Path) -> None:
    hebrew = run("--profile", "relaxed", "fast.he.srt")  # Hebrew stays at 17 cps
    assert hebrew.stdout.splitlines()[0].startswith(
        "fast.he.srt:2: warning: 18.9 characters per second; limit 17 ")
    english = run("--profile", "relaxed", "--language", "en", "fast.he.srt")  # 20 cps
    assert english.stdout == "fast.he.srt: 1 cue, 0 errors, 0 warnings, 100.0% within profile\n"


def test_user_profile_from_toml(here: Path) -> None:
    result = run("--profiles", "festival.toml", "--profile", "festival", "clean.en.srt")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith(
        "clean.en.srt:6: warning: 16.3 characters per second; limit 12 ")


def test_unknown_profile_and_language_are_one_error_line(here: Path) -> None:
    result = run("--profile", "nope", "clean.en.srt")
    assert result.exit_code == 1
    assert result.stderr == ("Error: unknown profile 'nope'; known profiles: documentary, "
                             "netflix, relaxed\n")
    result = run("--language", "../x", "clean.en.srt")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown language tag '../x': not a language tag")


def test_json_is_one_document(here: Path) -> None:
    result = run("--format", "json", "messy.en.srt", "broken.srt")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["ok"] is False and doc["profile"] == "documentary"
    messy, broken = doc["files"]
    assert messy["summary"] == {"cues": 9, "errors": 1, "warnings": 6,
                                "within_profile_percent": 22.2}
    assert [p["code"] for p in messy["problems"]] == [
        "min-duration", "cpl", "balance", "cps", "overlap", "gap", "max-duration"]
    assert messy["language"] == "en"
    assert broken["readable"] is False
    assert broken["problems"][0]["line"] == 6


def test_example_file_shows_each_demo_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("SUBS_PROFILES", raising=False)
    demo = "examples/testimony.en.srt"
    result = run(demo)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{demo}:48: warning: shown for 420 ms; minimum 833 ms (extend it into free time or "
        f"merge it; {FIX_HINT} does both)",
        f"{demo}:65: warning: line 1 has 65 characters; limit 42 (break it differently or "
        f"shorten it; {FIX_HINT} rebalances lines)",
        f"{demo}:79: warning: unbalanced line break (7 and 36 characters) ({FIX_HINT} "
        "rebalances lines)",
        f"{demo}:102: warning: 26.5 characters per second; limit 17 (shorten the text or show "
        f"it longer; {FIX_HINT} extends it into free time)",
        f"{demo}:112: error: overlaps the cue before it (line 107) by 350 ms (end the earlier "
        f"cue sooner; {FIX_HINT} trims overlaps)",
        f"{demo}:131: warning: starts 40 ms after the cue before it (line 127); minimum gap "
        f"83 ms ({FIX_HINT} makes room)",
        f"{demo}:140: warning: shown for 8.6 s; maximum 7 s (split it; {FIX_HINT} splits it at "
        "a sentence or clause)",
        f"{demo}: 40 cues, 1 error, 6 warnings, 82.5% within profile"]
    data = json.loads(run("--format", "json", demo).stdout)
    [report] = data.pop("files")
    assert data == {"profile": "documentary", "strict": False, "ok": False}
    assert [(p["path"], p["line"], p["severity"], p["code"]) for p in report.pop("problems")] == [
        (demo, 48, "warning", "min-duration"), (demo, 65, "warning", "cpl"),
        (demo, 79, "warning", "balance"), (demo, 102, "warning", "cps"),
        (demo, 112, "error", "overlap"), (demo, 131, "warning", "gap"),
        (demo, 140, "warning", "max-duration")]
    assert report == {"path": demo, "ok": False, "readable": True, "language": "en",
                      "summary": {"cues": 40, "errors": 1, "warnings": 6,
                                  "within_profile_percent": 82.5}}


def test_importing_check_loads_no_heavy_library() -> None:
    code = ("import sys, subs.commands.check\n"
            "from subs.cli import cli\n"
            "try:\n    cli(['check', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
            "print('HEAVY', [m for m in ('pysubs2', 'faster_whisper', 'ctranslate2', 'pysrt',"
            " 'argostranslate', 'charset_normalizer') if m in sys.modules], file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code, str(DATA / "clean.en.srt")],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    assert "HEAVY []" in out.stderr


def test_unknown_format_is_that_file_failing_not_the_run(here: Path) -> None:
    (here / "notes.txt").write_text("hello\n", encoding="utf-8")
    result = run("notes.txt", "clean.en.srt")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "notes.txt: error: unknown subtitle format '.txt'; known formats: srt, vtt, sbv, ttml, "
        "ass",
        "notes.txt: cannot be read, 1 error, 0 warnings",
        "clean.en.srt: 2 cues, 0 errors, 0 warnings, 100.0% within profile",
    ]


def test_findings_are_each_reported_once(here: Path) -> None:
    """Audit #1-#5 and #8: no false, cascading or doubled lines; readable summaries."""
    files = {
        "arrow.srt": "1\n00:00:01,000 -> 00:00:03,000\nHello\n\n2\n00:00:04,000 --> 00:00:06,000\n"
                     "Bye\n",
        "badts.srt": "1\n00:00:0x,000 --> 00:00:03,000\nHello\n",
        "empty.srt": "1\n00:00:01,000 --> 00:00:03,000\n\n2\n00:00:04,000 --> 00:00:06,000\nBye\n",
        "lt.srt": "1\n00:00:01,000 --> 00:00:03,000\na < b & c -> d\n",
        "g.ass": "garbage\n",
        "e.ttml": "",
    }
    for name, text in files.items():
        (here / name).write_text(text, encoding="utf-8")
    result = run(*files)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "arrow.srt:2: warning: '->' read as '-->' (SRT uses '-->')",
        "arrow.srt: 2 cues, 0 errors, 1 warning, 100.0% within profile",
        "badts.srt:2: error: unparseable timing line '00:00:0x,000 --> 00:00:03,000' "
        "(expected HH:MM:SS,mmm --> HH:MM:SS,mmm)",
        "badts.srt: cannot be read, 1 error, 0 warnings",
        "empty.srt:2: error: cue has no text (delete the cue or add its text)",
        "empty.srt: 2 cues, 1 error, 0 warnings, 50.0% within profile",
        "lt.srt: 1 cue, 0 errors, 0 warnings, 100.0% within profile",
        "g.ass:1: error: cannot read as ASS: no [Script Info] or [Events] section "
        "(check the file, or pass --from)",
        "g.ass: cannot be read, 1 error, 0 warnings",
        "e.ttml: warning: file has no cues",
        "e.ttml: 0 cues, 0 errors, 1 warning, 100.0% within profile",
    ]


def test_a_directory_is_that_file_failing_not_a_usage_error(here: Path) -> None:
    """Audit: click's dir_okay=False answered with a usage error and exit 2."""
    (here / "dir.srt").mkdir()
    result = run("dir.srt", "clean.en.srt")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "dir.srt: error: is a directory, not a subtitle file (pass the subtitle files inside it)")
    assert result.stdout.splitlines()[-1].startswith("clean.en.srt: 2 cues")
