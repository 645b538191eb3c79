"""Run every benchmark in this folder, one after another, and print their figures.

Usage: ``.venv/bin/python benchmarks/run.py [NAME ...]`` (names: formats, transcribe,
translate, pack, library, workspace). Each benchmark prints medians and ratios against a named peer.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["formats", "translate", "transcribe", "pack", "library", "workspace"]


def main(argv: list[str]) -> int:
    names = argv or [n for n in ORDER if (HERE / f"{n}.py").exists()]
    failed = []
    for name in names:
        script = HERE / f"{name}.py"
        if not script.exists():
            print(f"no benchmark named {name!r}; known: {', '.join(ORDER)}", file=sys.stderr)
            return 2
        print(f"== {name}", flush=True)
        if subprocess.run([sys.executable, str(script)], cwd=HERE.parent).returncode:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
