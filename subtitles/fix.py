"""Fix what the readability checks find, without touching a single word.

``fix_track`` only moves times and whitespace. In order: it sorts cues and drops those with no
visible text; trims overlaps; splits over-long cues at sentence or clause boundaries (time
shared in proportion to characters); rebalances line breaks; opens the minimum gap; extends
short or fast cues into free time; merges tiny neighbours when the result fits the profile.
The words a viewer reads, in the order they read them, are the same before and after (a
property test holds it to that for any track); every time stays non-negative and cues never
overlap afterwards. The order is chosen so one run settles: running fix on its own output
changes nothing in most tracks.

What it cannot fix (a line of one 50-character word, speech too fast to show in the time there
is) it leaves for the checker to report. Each change is a ``Problem`` of severity ``info`` on
the cue's original line, which ``subs fix`` prints as ``PATH:LINE: fixed: ...``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from subtitles.errors import Problem
from subtitles.linebreak import (_CLAUSE_END, _SENTENCE_END, DASHES, _bare, _break_penalty,
                                 _function_words, _join, _tokens, break_lines)
from subtitles.markup import visible_chars, visible_length, visible_text
from subtitles.model import Cue, Track
from subtitles.profiles import Limits, Profile
from subtitles.readability import is_unbalanced

MERGE_MAX_GAP_MS = 833  # merge only neighbours this close: no text shown across a silence


@dataclass(frozen=True)
class FixResult:
    track: Track
    changes: list[Problem] = field(default_factory=list)


class _Fixer:
    """One pass per concern over a list of cues; records a change per touched cue."""

    def __init__(self, limits: Limits, where: str, language: str | None) -> None:
        self.limits = limits
        self.where = where
        self.language = language
        self.function_words = _function_words(language)
        self.changes: list[Problem] = []

    def note(self, cue: Cue, message: str) -> None:
        self.changes.append(Problem(self.where, cue.line, "info", message, code="fix"))

    def wrap(self, text: str) -> str:
        return break_lines(text, self.limits.max_chars_per_line, self.limits.max_lines,
                           self.language)

    def fits(self, text: str) -> bool:
        lines = text.split("\n")
        return (len(lines) <= self.limits.max_lines
                and all(visible_length(x) <= self.limits.max_chars_per_line for x in lines))

    # -- order and content ------------------------------------------------------------------

    def tidy(self, cues: list[Cue]) -> list[Cue]:
        out: list[Cue] = []
        for cue in cues:
            if cue.start_ms < 0 or cue.end_ms < cue.start_ms:
                start = max(0, cue.start_ms)
                cue = cue.replace(start_ms=start, end_ms=max(start, cue.end_ms))
                self.note(cue, "clamped negative or reversed times")
            if not visible_text(cue.text).strip():
                self.note(cue, "removed cue with no text")
                continue
            out.append(cue)
        ordered = sorted(out, key=lambda c: (c.start_ms, c.end_ms))
        if ordered != out:
            moved = next(c for c, o in zip(ordered, out) if c is not o)
            self.note(moved, "sorted cues into time order")
        return ordered

    def rebalance(self, cues: list[Cue]) -> list[Cue]:
        limits = self.limits
        out = []
        for cue in cues:
            lines = cue.lines
            if (len(lines) > limits.max_lines
                    or any(visible_length(x) > limits.max_chars_per_line for x in lines)
                    or is_unbalanced(lines, limits.max_chars_per_line, self.language)):
                text = self.wrap(cue.text)
                if text != cue.text:
                    self.note(cue, "rebalanced lines")
                    cue = cue.replace(text=text)
            out.append(cue)
        return out

    # -- splitting ---------------------------------------------------------------------------

    def split_long(self, cues: list[Cue]) -> list[Cue]:
        out: list[Cue] = []
        for cue in cues:
            pieces = self._split(cue)
            if len(pieces) > 1:
                why = ("shown for too long" if self.fits(self.wrap(cue.text))
                       else "too much text for the profile's lines")
                self.note(cue, f"split into {len(pieces)} cues ({why})")
            out.extend(pieces)
        return out

    def _split(self, cue: Cue) -> list[Cue]:
        too_long = cue.duration_ms > self.limits.max_duration_ms
        if not too_long and self.fits(cue.text):
            return [cue]  # the common case, without wrapping
        text_fits = self.fits(self.wrap(cue.text))
        if not too_long and text_fits:
            return [cue]
        tokens, seps = _tokens(cue.text)
        turns = seps.count("\n") + 1 if "\n" in seps else 0
        if not too_long and turns and turns <= self.limits.max_lines:
            return [cue]  # one speaker a line: a turn too long is the checker's to report
        cut = self._best_cut(tokens, seps, words_ok=not text_fits and not turns,
                             turns_only=bool(turns))
        if cut is None:
            return [cue]
        left, right = _join(tokens, seps, 0, cut), _join(tokens, seps, cut, len(tokens))
        lchars, rchars = visible_chars(left), visible_chars(right)
        share = lchars / (lchars + rchars) if lchars + rchars else 0.5
        middle = cue.start_ms + round(cue.duration_ms * share)
        if text_fits and min(middle - cue.start_ms,
                             cue.end_ms - middle) < self.limits.min_duration_ms:
            return [cue]  # splitting for time alone must leave two readable cues
        first = cue.replace(end_ms=middle, text=self.wrap(left))
        second = cue.replace(start_ms=middle, text=self.wrap(right))
        return self._split(first) + self._split(second)

    def _best_cut(self, tokens: list[str], seps: list[str], words_ok: bool,
                  turns_only: bool = False) -> int | None:
        """Where to cut a cue in two: a sentence end near the middle, else a clause, else (for
        text that cannot fit) the best word boundary. A dialogue is cut only between turns."""
        n = len(tokens)
        if n < 2:
            return None
        widths = [visible_length(t) for t in tokens]
        total = sum(widths)
        best, best_cost, left = None, math.inf, 0
        for cut in range(1, n):
            left += widths[cut - 1]
            word = _bare(tokens[cut - 1])
            last = word[-1] if word else ""
            if turns_only:
                if seps[cut - 1] != "\n":
                    continue
                kind = 0.0
            elif last in _SENTENCE_END:
                kind = 0.0
            elif last in _CLAUSE_END:
                kind = 15.0
            elif words_ok:
                kind = 40.0 + max(0.0, _break_penalty(tokens[cut - 1], tokens[cut],
                                                      self.function_words))
            else:
                continue
            cost = abs(total - 2 * left) + kind
            if cost < best_cost:
                best, best_cost = cut, cost
        return best

    # -- timing ------------------------------------------------------------------------------

    def resolve_overlaps(self, cues: list[Cue]) -> list[Cue]:
        gap, min_dur = self.limits.min_gap_ms, self.limits.min_duration_ms
        out: list[Cue] = []
        for cue in cues:
            prev = out[-1] if out else None
            if prev is None or cue.start_ms >= prev.end_ms:
                out.append(cue)
                continue
            overlap = prev.end_ms - cue.start_ms
            ref = _ref(cue, prev)
            trimmed_end = max(cue.start_ms - gap, prev.start_ms)
            if cue.start_ms - gap - prev.start_ms >= min_dur:
                # If the earlier cue now reads too fast, the later one gives up what it can
                # spare of its own reading time: both stay readable, the overlap still goes.
                short = self._need_ms(prev) - (trimmed_end - prev.start_ms)
                spare = cue.duration_ms - self._need_ms(cue)
                give = max(0, min(short, spare, prev.end_ms - trimmed_end))
                out[-1] = prev.replace(end_ms=trimmed_end + give)
                if prev.end_ms > trimmed_end + give:
                    self.note(prev, f"ended {prev.end_ms - trimmed_end - give} ms sooner to end "
                                    f"the overlap with {ref}")
                if give:
                    cue = cue.replace(start_ms=cue.start_ms + give)
                    self.note(cue, f"started {give} ms later to leave {_ref(prev, cue)} "
                                   "time to be read")
                out.append(cue)
            elif cue.end_ms - (prev.end_ms + gap) >= min_dur:
                self.note(cue, f"started {prev.end_ms + gap - cue.start_ms} ms later to end the "
                               f"overlap with {_ref(prev, cue)}")
                out.append(cue.replace(start_ms=prev.end_ms + gap))
            else:
                self.note(prev, f"merged with {ref}, which overlapped it by {overlap} ms")
                out[-1] = prev.replace(end_ms=max(prev.end_ms, cue.end_ms),
                                       text=self.wrap(prev.text + "\n" + cue.text))
        return out

    def _need_ms(self, cue: Cue) -> int:
        """Display time the cue's text needs: the minimum, or enough for the reading speed."""
        reading = math.ceil(visible_chars(cue.text) * 1000 / self.limits.max_cps)
        return min(max(self.limits.min_duration_ms, reading), self.limits.max_duration_ms)

    def extend(self, cues: list[Cue]) -> list[Cue]:
        gap = self.limits.min_gap_ms
        out = list(cues)
        for i, cue in enumerate(out):
            missing = self._need_ms(cue) - cue.duration_ms
            if missing <= 0:
                continue
            limit = out[i + 1].start_ms - gap if i + 1 < len(out) else cue.end_ms + missing
            grow = min(missing, limit - cue.end_ms)
            if grow > 0:
                cue = cue.replace(end_ms=cue.end_ms + grow)
                self.note(cue, f"extended end by {grow} ms into free time")
                missing -= grow
            if missing > 0 and cue.duration_ms < self.limits.min_duration_ms:
                # Only to make a cue readable at all, and only into free time, so a second run
                # finds nothing more to move (a lead for reading speed would creep each run).
                floor = out[i - 1].end_ms + gap if i else 0
                earlier = min(self.limits.min_duration_ms - cue.duration_ms,
                              cue.start_ms - floor)
                if earlier > 0:
                    cue = cue.replace(start_ms=cue.start_ms - earlier)
                    self.note(cue, f"moved start {earlier} ms earlier into free time")
            out[i] = cue
        return out

    def merge_tiny(self, cues: list[Cue]) -> list[Cue]:
        out: list[Cue] = []
        for cue in cues:
            prev = out[-1] if out else None
            if prev is not None and (prev.duration_ms < self.limits.min_duration_ms
                                     or cue.duration_ms < self.limits.min_duration_ms):
                merged = self._merged(prev, cue)
                if merged is not None:
                    short = prev if prev.duration_ms < self.limits.min_duration_ms else cue
                    other = cue if short is prev else prev
                    self.note(short, f"merged with {_ref(other, short)} "
                                     "(too short to read alone)")
                    out[-1] = merged
                    continue
            out.append(cue)
        return out

    def _merged(self, a: Cue, b: Cue) -> Cue | None:
        if b.start_ms - a.end_ms > MERGE_MAX_GAP_MS or a.speaker != b.speaker:
            return None
        if any(_bare(line).startswith(DASHES) for line in a.lines + b.lines):
            return None  # dialogue: who says what must stay clear
        text = self.wrap(a.text + "\n" + b.text)
        merged = a.replace(end_ms=b.end_ms, text=text)
        if (not self.fits(text) or merged.duration_ms > self.limits.max_duration_ms
                or visible_chars(text) * 1000 > self.limits.max_cps * merged.duration_ms):
            return None
        return merged

    def open_gaps(self, cues: list[Cue]) -> list[Cue]:
        gap, min_dur = self.limits.min_gap_ms, self.limits.min_duration_ms
        out = list(cues)
        for i in range(1, len(out)):
            a, b = out[i - 1], out[i]
            deficit = gap - (b.start_ms - a.end_ms)
            if deficit <= 0:
                continue
            if a.duration_ms - deficit >= min_dur or (
                    a.duration_ms > deficit and b.duration_ms - deficit < min_dur):
                out[i - 1] = a.replace(end_ms=a.end_ms - deficit)
                self.note(a, f"ended {deficit} ms sooner for the minimum gap "
                             f"before {_ref(b, a)}")
            elif b.duration_ms > deficit:
                out[i] = b.replace(start_ms=b.start_ms + deficit)
                self.note(b, f"started {deficit} ms later for the minimum gap "
                             f"after {_ref(a, b)}")
        return out


def _ref(other: Cue, cue: Cue) -> str:
    """How a change names its neighbour: by line, or by position for split parts and cues
    made in memory (which have no line of their own)."""
    if other.line is not None and other.line != cue.line:
        return f"line {other.line}"
    where = "next" if other.start_ms >= cue.start_ms else "previous"
    return f"the {where} part" if other.line is not None else f"the {where} cue"


MAX_CUE_CHARS = 10_000  # a real cue holds a few hundred; see fix_track


def fix_track(track: Track, profile: Profile, *, language: str | None = None) -> FixResult:
    """Fix ``track`` for ``profile``; returns the new track and every change made, in order.

    A cue over ``MAX_CUE_CHARS`` characters is refused (#15: one 10 MB cue took minutes of
    re-wrapping each half it was cut into): it is not a subtitle a person can read, and cutting
    it into hundreds of cues is a decision for a person, not for ``fix``.
    """
    for cue in track.cues:
        if len(cue.text) > MAX_CUE_CHARS:
            from subtitles.errors import ParseError

            raise ParseError(track.path or "<track>", cue.line,
                             f"a cue of {len(cue.text):,} characters; subs fix takes cues of up "
                             f"to {MAX_CUE_CHARS:,}",
                             "split it by hand, or check that the file is really subtitles")
    lang = language or track.language
    fixer = _Fixer(profile.for_language(lang), track.path or "<track>", lang)
    cues = fixer.tidy(list(track.cues))
    cues = fixer.resolve_overlaps(cues)  # first: a cue merged here may then need splitting
    cues = fixer.split_long(cues)
    cues = fixer.rebalance(cues)
    # Gaps before extending: extend never closes a gap it did not find closed, while trimming
    # for a gap afterwards would free time that extend had already given up on.
    cues = fixer.open_gaps(cues)
    cues = fixer.extend(cues)
    cues = fixer.merge_tiny(cues)
    cues = fixer.extend(cues)  # a merged pair may still be short
    cues = fixer.open_gaps(cues)  # gaps only an extension made room to open
    changes = sorted(fixer.changes, key=lambda p: (p.line is None, p.line or 0))
    return FixResult(track.with_cues(cues), changes)
