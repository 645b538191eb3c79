"""Issue 15 item 1: a file whose cues are in two encodings is read per line, or refused."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from subs.cli import cli
from subtitles.encodings import decode
from subtitles.errors import ParseError

UTF8_CUE = "1\n00:00:01,000 --> 00:00:02,000\nCéline est allée à l’école.\n\n".encode("utf-8")
CP1252_CUE = "2\n00:00:03,000 --> 00:00:04,000\nFrançois a déjà mangé.\n".encode("cp1252")


def test_15_each_line_keeps_its_own_encoding() -> None:
    decoded = decode(UTF8_CUE + CP1252_CUE, "mixed.fr.srt", language="fr")
    assert "Céline est allée à l’école." in decoded.text
    assert "François a déjà mangé." in decoded.text
    (warning,) = decoded.problems
    assert warning.line == 7 and warning.severity == "warning"
    assert warning.message == "mixed encodings: line 7 decoded as cp1252, line 3 as UTF-8"


def test_15_a_line_mixing_both_encodings_is_refused_there() -> None:
    both = "3\n00:00:05,000 --> 00:00:06,000\nDéjà ".encode("utf-8") + "vu é\n".encode("cp1252")
    with pytest.raises(ParseError) as err:
        decode(UTF8_CUE + CP1252_CUE + b"\n" + both, "mixed.fr.srt", language="fr")
    assert err.value.line == 11
    assert "encodings disagree" in str(err.value)


def test_15_fix_in_place_saves_no_mojibake(tmp_path: Path) -> None:
    path = tmp_path / "mixed.fr.srt"
    path.write_bytes(UTF8_CUE + CP1252_CUE)
    result = CliRunner().invoke(cli, ["fix", str(path), "--in-place"])
    assert result.exit_code == 0, result.output
    text = path.read_text("utf-8")
    assert "Céline est allée à l’école." in text and "François a déjà mangé." in text
    assert "mixed encodings" in result.stderr
