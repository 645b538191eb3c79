"""Is a translation fit to go in? Timing against the source, text, profile, glossary.

Three kinds of finding (issue 8's import rule, ``docs/project.md``):

- **blocking** (``BLOCKING``): the file cannot be taken cue by cue as this language: a different
  cue count, each merged, split, shifted, extra or missing cue (times must stay within
  ``tolerance_ms`` of the source, since the source's timing is the film's), and glossary
  placeholders left by a failed machine run (``XNE0X``). ``subs lang import`` refuses the file.
- **the translator's own errors**: readability errors the source does not have (an empty cue)
  and glossary misses. Reported with ``file:line``; ``subs validate`` exits 1, import goes on.
- **warnings**: untranslated cues (identical to the source), readability warnings, a file that
  was not UTF-8, and any readability problem the source cue itself has ("as in the source"):
  timing follows the source, so an overlap there is not the translator's to fix.
"""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Sequence

from glossary.protect import LEFTOVER_TOKEN
from subtitles.align import Match, align_cues, normalize_text
from subtitles.errors import Problem
from subtitles.model import Cue, Track
from subtitles.timing import format_srt

if TYPE_CHECKING:
    from subs.project.folder import Project

TOLERANCE_MS = 250
BLOCKING = frozenset({"count", "merged", "split", "shifted", "extra", "missing", "lock-token"})


def is_blocking(problem: Problem) -> bool:
    """A finding that makes the file unusable as the language (import refuses it)."""
    return problem.code in BLOCKING or (problem.severity == "error" and problem.code is None)


def _overlap(a: Cue, b: Cue) -> int:
    return min(a.end_ms, b.end_ms) - max(a.start_ms, b.start_ms)


def _labelled(source: Sequence[Cue], cues: Sequence[Cue]) -> list[Cue]:
    """Each cue carrying the source text it covers in time, for ``align_cues``.

    A translation's words cannot be compared with the source's, but ``align_cues`` weighs text
    first; so each cue is given the text of the source cues whose middle it spans (two for a
    merge), else of the one it overlaps most (the other half of a split), else none.
    """
    mids = sorted(((s.start_ms + s.end_ms) // 2, k) for k, s in enumerate(source))
    keys = [m for m, _ in mids]
    out = []
    for cue in cues:
        lo, hi = bisect.bisect_left(keys, cue.start_ms), bisect.bisect_left(keys, cue.end_ms)
        covered = sorted(k for _, k in mids[lo:hi])
        if not covered:
            near = [k for _, k in mids[max(0, lo - 2):lo + 2]]
            best = max(near, key=lambda k: _overlap(cue, source[k]), default=None)
            if best is not None and _overlap(cue, source[best]) > 0:
                covered = [best]
        out.append(Cue(cue.start_ms, cue.end_ms, " ".join(source[k].text for k in covered)))
    return out


MAX_SHIFT_MS = 60_000  # how far a cue may have moved and still be recognised as its source's
_NEIGHBOURS = 3  # cues either side whose own moves vouch for a cue's move
LONE_MOVE_MS = 2_000  # the furthest a cue may have moved when no neighbour moved with it


def _candidates(source: Sequence[Cue], cue: Cue, starts: Sequence[int],
                tolerance_ms: int) -> list[int]:
    """Moves (ms) that would put ``cue`` exactly on some source cue of the same length."""
    lo = bisect.bisect_left(starts, cue.start_ms - MAX_SHIFT_MS)
    hi = bisect.bisect_right(starts, cue.start_ms + MAX_SHIFT_MS)
    length = cue.end_ms - cue.start_ms
    return sorted(cue.start_ms - s.start_ms for s in source[lo:hi]
                  if abs((s.end_ms - s.start_ms) - length) <= tolerance_ms)


def _near(values: Sequence[int], target: int, tolerance_ms: int) -> bool:
    k = bisect.bisect_left(values, target - tolerance_ms)
    return k < len(values) and values[k] <= target + tolerance_ms


def cue_offsets(source: Sequence[Cue], cues: Sequence[Cue],
                tolerance_ms: int = TOLERANCE_MS) -> list[int]:
    """How far each cue has moved from its source cue (0 for one on the source's times).

    Issue 16: one median move for the whole file called cue 1 "shifted" when only the later
    cues of a file made on an earlier cut had moved, and a +1.5 s move of those became a tangle
    of merges and splits. So each cue gets its own move: none when it sits on a source cue;
    else, of the moves that would put it exactly on a source cue of its length that no other
    cue sits on, the one its neighbours share most (a re-cut moves a run of cues together; a
    neighbour on the source's times vouches only for no move), then the one most cues of the
    file share, then the smallest. A lone move no neighbour shares is believed only up to
    ``LONE_MOVE_MS``: further, the cue is more likely extra than moved.
    """
    starts = [s.start_ms for s in source]
    found = [_candidates(source, c, starts, tolerance_ms) for c in cues]
    exact = [bool(moves) and _near(moves, 0, tolerance_ms) for moves in found]
    taken = sorted((c.start_ms, c.end_ms) for c, on in zip(cues, exact) if on)
    votes = [[0] if on else moves for moves, on in zip(found, exact)]
    overall: Counter[int] = Counter()  # cues of the whole file each move (bucket) would fit
    for moves in votes:
        overall.update({m // tolerance_ms + b for m in moves for b in (-1, 0, 1)})
    out = []
    for j, moves in enumerate(found):
        free = [m for m in moves if not _lands_on(cues[j], m, taken, tolerance_ms)]
        if exact[j] or not free:
            out.append(0)
            continue
        around = [votes[i] for i in range(max(0, j - _NEIGHBOURS),
                                          min(len(votes), j + _NEIGHBOURS + 1)) if i != j]

        def support(move: int) -> tuple[int, int, int]:
            return (sum(_near(other, move, tolerance_ms) for other in around),
                    overall[move // tolerance_ms], -abs(move))

        best = max(free, key=support)
        lone = support(best)[0] == 0 and abs(best) > LONE_MOVE_MS
        out.append(0 if lone else best)
    return out


def _lands_on(cue: Cue, move: int, taken: Sequence[tuple[int, int]],
              tolerance_ms: int) -> bool:
    """Would ``cue`` moved back by ``move`` sit where another cue already sits exactly?

    ``taken``: (start, end) of the cues on the source's times, sorted.
    """
    start, end = cue.start_ms - move, cue.end_ms - move
    k = bisect.bisect_left(taken, (start - tolerance_ms, -1))
    while k < len(taken) and taken[k][0] <= start + tolerance_ms:
        if abs(taken[k][1] - end) <= tolerance_ms:
            return True
        k += 1
    return False


def _moved(source: Sequence[Cue], cues: Sequence[Cue], tolerance_ms: int) -> list[Cue]:
    """Each cue taken back by its own move (``cue_offsets``), to be aligned by time.

    A moved cue is then labelled where it came from, so it aligns one to one with its source
    cue and is reported as shifted; cues that fit no source cue (a merge, a split half) stay
    where they are and align by overlap.
    """
    moves = cue_offsets(source, cues, tolerance_ms)
    return [c.replace(start_ms=c.start_ms - d, end_ms=c.end_ms - d) if d else c
            for c, d in zip(cues, moves)]


def _span(cue: Cue) -> str:
    return f"{format_srt(cue.start_ms)} --> {format_srt(cue.end_ms)}"


def _shifted(path: str, k: int, cue: Cue, src: Cue) -> Problem:
    return Problem(path, cue.line, "error",
                   f"cue {k + 1} is shifted: {_span(cue)}, source {_span(src)}",
                   "keep the source's times", "shifted")


def timing_problems(source: Sequence[Cue], cues: Sequence[Cue], path: str,
                    tolerance_ms: int = TOLERANCE_MS) -> list[Problem]:
    """Each cue whose timing does not follow the source, with its ``file:line``.

    The cues are aligned to the source by time (``subtitles.align`` on ``_labelled`` cues), so
    a merge and a split that cancel out are reported as such, not as every cue between them
    shifted, and a shifted cue is reported even when the count differs.
    """
    problems: list[Problem] = []
    if len(cues) != len(source):
        problems.append(Problem(path, None, "error",
                                f"{len(cues)} cues, the source has {len(source)}",
                                "keep one cue per source cue, with the source's times", "count"))
    moved = _moved(source, cues, tolerance_ms)
    matches = list(align_cues(source, _labelled(source, moved)).matches)
    moves: dict[int, int] = {}
    k = 0
    while k < len(matches):
        match = matches[k]
        after = matches[k + 1] if k + 1 < len(matches) else None
        if after and {match.kind, after.kind} == {"added", "removed"}:
            # a cue moved away from its source cue: one shifted cue, not one extra and one lost
            i, j = (match.old or after.old)[0], (match.new or after.new)[0]
            problems.append(_shifted(path, j, cues[j], source[i]))
            moves[j] = cues[j].start_ms - source[i].start_ms
            k += 2
            continue
        if len(match.old) == 1 and len(match.new) > 1:  # a "split" half outside its source
            src = source[match.old[0]]  # cue is a cue of its own with no source cue
            outside = [j for j in match.new if _overlap(moved[j], src) <= 0]
            if outside and len(outside) < len(match.new):
                for j in outside:
                    problems += _match_problems(source, cues, path, (), (j,), tolerance_ms)
                match = Match(match.old, tuple(j for j in match.new if j not in outside))
        found = _match_problems(source, cues, path, match.old, match.new, tolerance_ms)
        if any(p.code == "shifted" for p in found):
            i, j = match.old[0], match.new[0]
            moves[j] = cues[j].start_ms - source[i].start_ms
        problems += found
        k += 1
    return _runs_of_shifts(problems, moves, cues, tolerance_ms)


def _runs_of_shifts(problems: list[Problem], moves: dict[int, int], cues: Sequence[Cue],
                    tolerance_ms: int) -> list[Problem]:
    """Consecutive cues moved by one amount get a hint that says so, and by how much.

    Issue 16: a file made on an earlier cut has its later cues all moved by the cut's length;
    "move cues 2-10 1.500 s earlier" is the repair, where a split/merge hint would damage it.
    ``moves``: cue index -> how far it is from the source cue it was compared with.
    """
    first_of: dict[int, int] = {}
    for j in sorted(moves):
        same = j - 1 in moves and abs(moves[j] - moves[j - 1]) <= tolerance_ms
        first_of[j] = first_of[j - 1] if same else j
    last_of: dict[int, int] = {}
    for j in sorted(moves, reverse=True):
        same = j + 1 in moves and first_of[j + 1] == first_of[j]
        last_of[j] = last_of[j + 1] if same else j
    line_of = {c.line: j for j, c in enumerate(cues) if c.line is not None}
    out = []
    for p in problems:
        at = line_of.get(p.line) if p.code == "shifted" and p.line is not None else None
        if at is not None and at in moves and first_of[at] != last_of[at]:
            j, move = at, moves[at]
            later = move > 0
            p = replace(p, hint=f"cues {first_of[j] + 1}-{last_of[j] + 1} are all "
                                f"{abs(move) / 1000:.3f} s {'later' if later else 'earlier'} "
                                "than the source, as in a file made on another cut: move them "
                                f"{abs(move) / 1000:.3f} s {'earlier' if later else 'later'}")
        out.append(p)
    return out


def _match_problems(source: Sequence[Cue], cues: Sequence[Cue], path: str,
                    old: tuple[int, ...], new: tuple[int, ...], tolerance_ms: int
                    ) -> list[Problem]:
    if not old:
        return [Problem(path, cues[new[0]].line, "error",
                        f"cue {new[0] + 1} has no source cue at its time ({_span(cues[new[0]])})",
                        "delete it or give it the times of its source cue", "extra")]
    if not new:
        return [Problem(path, None, "error",
                        f"source cue {old[0] + 1} ({_span(source[old[0]])}) has no cue",
                        "add a cue with the source's times", "missing")]
    if len(old) > 1:
        return [Problem(path, cues[new[0]].line, "error",
                        f"cue {new[0] + 1} merges source cues {old[0] + 1}-{old[-1] + 1}",
                        "split it back along the source cues", "merged")]
    if len(new) > 1:
        return [Problem(path, cues[new[0]].line, "error",
                        f"cues {new[0] + 1}-{new[-1] + 1} split source cue {old[0] + 1}",
                        "join them into one cue", "split")]
    src, cue = source[old[0]], cues[new[0]]
    if max(abs(cue.start_ms - src.start_ms), abs(cue.end_ms - src.end_ms)) > tolerance_ms:
        return [_shifted(path, new[0], cue, src)]
    return []


def text_problems(source: Sequence[Cue], cues: Sequence[Cue], path: str,
                  first: int = 0) -> list[Problem]:
    """Placeholders and untranslated cues; ``first`` numbers a slice of the film (issue 18)."""
    problems: list[Problem] = []
    for k, cue in enumerate(cues):
        number = first + k + 1
        token = LEFTOVER_TOKEN.search(cue.text)
        if token:
            problems.append(Problem(path, cue.line, "error",
                                    f"cue {number} holds a glossary placeholder {token.group(0)!r}",
                                    "put the name back by hand", "lock-token"))
        text = normalize_text(cue.text)
        if k < len(source) and text and text == normalize_text(source[k].text) \
                and any(ch.isalpha() for ch in text):
            problems.append(Problem(path, cue.line, "warning",
                                    f"cue {number} is identical to the source (untranslated?)",
                                    None, "untranslated"))
    return problems


def readability_problems(project: "Project", track: Track, path: str, language: str,
                         source: Sequence[Cue] | None = None) -> list[Problem]:
    """The profile's findings; those the source cue has too are warnings, "as in the source".

    ``source`` (default: the project's) is the source cues matching ``track`` one to one; the
    workspace passes a few cues around the one being typed (issue 18).
    """
    from subtitles.profiles import get_profile
    from subtitles.readability import check_track

    profile = get_profile(project.config.profile)
    problems = check_track(track, profile, path=path, language=language)
    source = project.state.source() if source is None else source
    if len(source) != len(track.cues):
        return problems  # cue k is not source cue k; the timing errors say why
    numbered = Track(tuple(c.replace(line=k + 1) for k, c in enumerate(source)))
    theirs = {(p.line - 1, p.code) for p in check_track(
        numbered, profile, path="<source>", language=project.config.source_language)
        if p.line is not None}
    index = {c.line: k for k, c in enumerate(track.cues) if c.line is not None}
    out = []
    for problem in problems:
        k = index.get(problem.line) if problem.line is not None else None
        if k is not None and (k, problem.code) in theirs:
            problem = replace(problem, severity="warning",
                              message=f"{problem.message}, as in the source")
        out.append(problem)
    return out


def validate_track(project: "Project", track: Track, path: str, language: str,
                   decode_problems: Sequence[Problem] = ()) -> list[Problem]:
    """Every finding about a translation of the project's source, errors first."""
    source = project.state.source()
    problems = list(decode_problems)
    problems += timing_problems(source, track.cues, path)
    problems += text_problems(source, track.cues, path)
    problems += readability_problems(project, track, path, language)
    problems += glossary_problems(project, track, path, language)
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(problems, key=lambda p: (order[p.severity], p.line or 0))


def glossary_problems(project: "Project", track: Track, path: str, language: str,
                      source: Sequence[Cue] | None = None) -> list[Problem]:
    if not project.config.glossary:
        return []
    from glossary.check import check_compliance
    from glossary.load import load_glossary

    glossary = load_glossary(project.folder / project.config.glossary)
    cues = project.state.source() if source is None else tuple(source)
    # issue 16: an empty cue is reported once, as empty, not again as a missing name
    empty = {c.line + 1 for c in track.cues if c.line is not None and not normalize_text(c.text)}
    return [p for p in check_compliance(track, glossary, language=language,
                                        source=Track(cues, project.config.source_language),
                                        path=path) if p.line not in empty]
