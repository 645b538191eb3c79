"""Apertium (rule-based, Debian packages) through one ``apertium`` process per batch.

Measured on this project's machines: one process per film translates 460 lines/s, one per line
5 lines/s (each start loads the transducers), so sentences go in together, one paragraph each:
a single line break is no boundary to Apertium's transfer rules, which moved words across it
("I saw the red" / "car." came back "Vi el coche" / "rojo."), while a blank line is (measured
on eng-spa and eng-cat). Blank lines come back as they went in, which maps the output back one
to one; the count is checked anyway and a batch that drifts is retried in halves. ``-u`` drops
the ``*`` that marks unknown words (names, masked glossary tokens must come back unmarked).
"""
from __future__ import annotations

import functools
import logging
import re
import shutil
import subprocess
from dataclasses import dataclass
from typing import Sequence

from subtitles.errors import EngineUnavailable

log = logging.getLogger(__name__)

_SPACES = re.compile(r"[ \t]+")
# Apertium leaves a blank before punctuation it passes through ("Daniel , y"); none of the
# installed pairs targets French, whose typography wants one before ; : ! ?
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\S) +(?=[,.;:!?)\]}»”](?:\s|$))")
_MODE = re.compile(r"^([a-z]{2,3})-([a-z]{2,3})$")
TIMEOUT_S = 600


def install_hint() -> str:
    return "sudo apt-get install apertium apertium-eng-spa (or another apertium-X-Y pair)"


@functools.lru_cache(maxsize=1)
def _modes() -> dict[tuple[str, str], str]:
    """BCP-47 pair -> Apertium mode, e.g. ("en", "es") -> "eng-spa"; variants are skipped."""
    import langcodes

    exe = shutil.which("apertium")
    if exe is None:
        return {}
    try:
        out = subprocess.run([exe, "-l"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as err:
        log.warning("apertium -l failed: %s", err)
        return {}
    modes: dict[tuple[str, str], str] = {}
    for line in out.split():
        match = _MODE.match(line.strip())
        if match:
            source, target = (str(langcodes.Language.get(code)) for code in match.groups())
            modes.setdefault((source, target), line.strip())
    return modes


def pairs() -> list[tuple[str, str]]:
    return sorted(_modes())


@functools.lru_cache(maxsize=1)
def _version() -> str:
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "apertium"],
                             capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    return out.strip() or "unknown"


@dataclass
class ApertiumEngine:
    mode: str
    name: str = "apertium"
    version: str = "unknown"
    # Each process start costs ~0.3 s of loading transducers: hand it a film's worth at once.
    batch_size: int = 1000

    def translate(self, texts: Sequence[str], source: str = "", target: str = "") -> list[str]:
        if not texts:
            return []
        return self._batch([" ".join(t.split()) for t in texts])

    def _batch(self, lines: list[str]) -> list[str]:
        out = self._run(lines)
        if len(out) == len(lines):
            return out
        log.warning("apertium returned %d lines for %d; retrying in halves", len(out), len(lines))
        if len(lines) == 1:
            return [" ".join(out)]
        half = len(lines) // 2
        return self._batch(lines[:half]) + self._batch(lines[half:])

    def _run(self, lines: list[str]) -> list[str]:
        try:
            done = subprocess.run(["apertium", "-u", self.mode],
                                  input="\n\n".join(lines) + "\n", capture_output=True,
                                  text=True, timeout=TIMEOUT_S)
        except (OSError, subprocess.SubprocessError) as err:
            raise EngineUnavailable(f"apertium {self.mode} failed: {err}") from None
        if done.returncode != 0:  # a killed process (exit -9) has nothing on stderr
            detail = done.stderr.strip()[:200]
            raise EngineUnavailable(f"apertium {self.mode} failed (exit {done.returncode})"
                                    + (f": {detail}" if detail else ""))
        text = done.stdout[:-1] if done.stdout.endswith("\n") else done.stdout
        return [_SPACE_BEFORE_PUNCT.sub("", _SPACES.sub(" ", line)).strip()
                for line in text.split("\n\n")]


def load(source: str, target: str) -> ApertiumEngine:
    mode = _modes().get((source, target))
    if mode is None:
        raise EngineUnavailable(f"apertium has no {source} -> {target} pair; "
                                f"to add one: {install_hint()}")
    return ApertiumEngine(mode, version=f"{_version()}:{mode}")
