"""The workspace under many editors: 20 at once over loopback, 50 saves each (issue 18).

Usage: ``.venv/bin/python benchmarks/workspace.py [--editors 20] [--saves 50] [--cues 120]``

A project of ``--cues`` cues and three languages (ro, de, fr; empty copies, so no engine runs)
is served by a real ``subs serve``; each editor has its own invite (translators of the three
languages in turn, one keep-alive connection each) and saves ``--saves`` times: a quarter of
the saves go to five cues every editor of that language shares, the rest to cues of its own.
An editor sends the version it last saw (from the cue list, or from a 200 or 409 answer), as
the page does, so saves to shared cues collide.

Checked at the end, from the answers and the files:

- every accepted save (200) is present: per cue, the accepted saves form one chain, each sent
  with the version the previous one produced, and the last one's text is in ``languages/``
  and in the API (so no save overwrote another it had not seen);
- every refused save was answered 409 (no other status), with a version the cue had once had.

Figures: p50/p95 of save latency (client side: request sent to answer read) and saves per
second; the peer, run in the same process right after, is the same number of saves through
``subs.project.cues.save_cue`` directly, one writer, no HTTP: the ratio is the web layer's and
the concurrency's cost over the project layer's own.
"""
from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from subtitles.model import Cue, Track  # noqa: E402
from subtitles.io import load_track, render_track  # noqa: E402
from tests.subs.project.common import run  # noqa: E402
from tests.subs.workspace.common import invite, request, serve  # noqa: E402

LANGS = ("ro", "de", "fr")
SHARED = 5  # cues per language every editor of it saves to


@dataclass(frozen=True)
class Save:
    editor: int
    tag: str
    n: int
    text: str
    sent: str  # the version sent
    status: int
    got: str  # the version answered (new on 200, current on 409)
    seconds: float


def make_project(root: Path, cues: int) -> Path:
    source = tuple(Cue(1000 + i * 3000, 3500 + i * 3000, f"Line {i + 1} of the testimony.")
                   for i in range(cues))
    (root / "film.en.srt").write_text(render_track(Track(source), "srt"), encoding="utf-8")
    folder = root / "film"
    assert run("init", str(folder), "--source", str(root / "film.en.srt")).exit_code == 0
    for tag in LANGS:
        assert run("lang", "add", tag, "--engine", "none", "-C", str(folder)).exit_code == 0
    return folder


def editor(k: int, base: str, token: str, tag: str, own: list[int], saves: int,
           versions: dict[int, str], out: list[Save], start: threading.Barrier) -> None:
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=120)
    rng = random.Random(k)
    mine = dict(versions)
    start.wait()
    for i in range(saves):
        n = rng.randint(1, SHARED) if rng.random() < 0.25 else rng.choice(own)
        text = f"editor {k} save {i}"
        sent = mine[n]
        body = json.dumps({"text": text, "version": sent})
        began = time.perf_counter()
        conn.request("PUT", f"/api/languages/{tag}/cues/{n}", body=body,
                     headers={"Authorization": f"Bearer {token}",
                              "Content-Type": "application/json"})
        response = conn.getresponse()
        answer = json.loads(response.read())
        seconds = time.perf_counter() - began
        got = answer.get("version", "")
        mine[n] = got or sent
        out.append(Save(k, tag, n, text, sent, response.status, got, seconds))
    conn.close()


def verify(saves: list[Save], initial: dict[str, dict[int, str]], folder: Path,
           final: dict[str, list[dict[str, object]]]) -> tuple[int, int]:
    assert all(s.status in (200, 409) for s in saves), {s.status for s in saves}
    accepted = [s for s in saves if s.status == 200]
    conflicts = [s for s in saves if s.status == 409]
    for tag in LANGS:
        on_disk = [c.text for c in load_track(folder / f"languages/film.{tag}.srt").track.cues]
        for n in sorted({s.n for s in accepted if s.tag == tag}):
            chain = {s.sent: s for s in accepted if s.tag == tag and s.n == n}
            assert len(chain) == len([s for s in accepted if s.tag == tag and s.n == n]), \
                f"{tag} cue {n}: two saves accepted on the same version"
            version, last, seen = initial[tag][n], None, {initial[tag][n]}
            while version in chain:
                last = chain.pop(version)
                version = last.got
                seen.add(version)
            assert not chain, f"{tag} cue {n}: accepted saves outside the chain: {chain}"
            assert last is not None
            assert on_disk[n - 1] == last.text, (tag, n, on_disk[n - 1], last.text)
            assert final[tag][n - 1]["text"] == last.text
            for c in conflicts:
                if c.tag == tag and c.n == n:
                    assert c.sent in seen and c.sent != version, (tag, n, c)
    return len(accepted), len(conflicts)


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 \
        else values[0]


def peer(folder: Path, count: int) -> list[float]:
    """The same number of saves through the project layer, one writer, no HTTP."""
    from subs.project.saves import save_cue
    from subs.project.folder import open_project

    project = open_project(folder)
    try:
        times = []
        cues = project.state.slots("ro")
        rng = random.Random(0)
        from subs.project.cues import cue_states

        versions = {c.n: c.version for c in cue_states(project, "ro")}
        for i in range(count):
            n = rng.randint(1, len(cues))
            began = time.perf_counter()
            saved = save_cue(project, "ro", n, f"peer save {i}", versions[n], "peer")
            times.append(time.perf_counter() - began)
            assert saved.outcome == "saved"
            versions[n] = saved.cue.version
        return times
    finally:
        project.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--saves", type=int, default=50)
    parser.add_argument("--cues", type=int, default=120)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = make_project(Path(tmp), args.cues)
        with serve(folder) as served:
            tokens = [invite(folder, f"editor {k}", LANGS[k % 3]) for k in range(args.editors)]
            initial = {tag: {c["n"]: c["version"] for c in request(
                "GET", f"{served.base}/api/languages/{tag}/cues", served.token)[1]}
                for tag in LANGS}
            saves: list[Save] = []
            barrier = threading.Barrier(args.editors)
            threads = []
            for k in range(args.editors):
                tag = LANGS[k % 3]
                own = [n for n in range(SHARED + 1, args.cues + 1) if n % args.editors == k]
                threads.append(threading.Thread(target=editor, args=(
                    k, served.base, tokens[k], tag, own, args.saves, initial[tag], saves,
                    barrier)))
            began = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - began
            final = {tag: request("GET", f"{served.base}/api/languages/{tag}/cues",
                                  served.token)[1] for tag in LANGS}
        accepted, conflicts = verify(saves, initial, folder, final)
        times = [s.seconds * 1000 for s in saves]
        print(f"{args.editors} editors x {args.saves} saves over loopback: {len(saves)} saves "
              f"in {wall:.1f} s ({len(saves) / wall:.0f} saves/s)")
        print(f"  accepted {accepted}, each present at the end (one version chain per cue); "
              f"conflicts {conflicts}, each answered 409")
        print(f"  save latency p50 {percentile(times, 50):.1f} ms, p95 "
              f"{percentile(times, 95):.1f} ms, max {max(times):.1f} ms")
        direct = [t * 1000 for t in peer(folder, 200)]
        p50 = statistics.median(direct)
        print(f"  peer: save_cue in-process, one writer, 200 saves: p50 {p50:.1f} ms, "
              f"p95 {percentile(direct, 95):.1f} ms")
        print(f"  ratio p50 over loopback with {args.editors} editors / peer p50: "
              f"{percentile(times, 50) / p50:.1f}x (saves wait for the commit in progress)")
        print(f"  throughput {len(saves) / wall:.0f} saves/s vs peer {1000 / p50:.0f} saves/s: "
              f"{len(saves) / wall * p50 / 1000:.1f}x (saves arriving together share a commit)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
