"""A track made to fit a language's limits for delivery: what ``subs pack`` writes per platform.

A translation keeps one cue per source cue (translators work against the source), so a cue whose
translation is longer than the source's may not fit 2 lines of 42 characters. A player wraps
such a line again and the viewer gets 3-4 lines over the picture (issue 13: 16-37 % of the cues
of every translated platform file). ``fit_track`` makes the delivered copy fit:

1. a cue whose text cannot be laid out within the limits is **split in time** at a phrase
   boundary (a sentence end, else a clause mark, else the best word boundary for a line break),
   each part shown at least the minimum duration. Where the source's word timings are known
   (``subs pack`` transcribed the audio: ``words``), the cut in time goes in the pause between
   two source words inside the cue that is closest to the point in proportion to the text;
   else, or when no such pause leaves both parts long enough, at that proportional point;
2. a cue too short to split gives its **overflow to the neighbouring cue of the same sentence**
   (the next one when it does not end a sentence, else the previous one), words moved whole
   from its end (or start), as long as the neighbour still fits;
3. then ``subtitles.fix``'s timing passes settle the times (overlaps, minimum gap, short cues
   extended into free time or merged) without touching a word. A cue that could neither be
   split nor give words away stays as it is, and the QA report's readability findings say so.

Every split and move is reported (``Fitted.changes``) so the QA report can list it. Words are
never changed, dropped or reordered.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

from subtitles.fix import _Fixer
from subtitles.linebreak import _SENTENCE_END, _bare, _join, _tokens
from subtitles.model import Cue, Track
from subtitles.profiles import Limits, Profile
from subtitles.markup import visible_chars


@dataclass(frozen=True)
class Change:
    """One cue split or given words by ``fit_track``: ``cue`` is its 1-based number in the
    track before fitting, ``start_ms`` its start there."""

    cue: int
    start_ms: int
    kind: str  # "split" or "moved"
    message: str


@dataclass(frozen=True)
class Fitted:
    track: Track
    changes: list[Change] = field(default_factory=list)


def _ends_sentence(text: str) -> bool:
    words = text.split()
    return bool(words) and _bare(words[-1])[-1:] in _SENTENCE_END


Span = tuple[int, int]  # (start_ms, end_ms) of one source word


class _Fitter(_Fixer):
    def __init__(self, limits: Limits, where: str, language: str | None,
                 words: Sequence[Span] = ()) -> None:
        super().__init__(limits, where, language)
        self.words = sorted(words, key=lambda w: (w[0] + w[1], w))  # by their middle
        self.middles = [(w[0] + w[1]) // 2 for w in self.words]
        self.cuts: list[str] = []  # how each cut of the cue being split was timed

    def pause_cut(self, cue: Cue, proportional: int) -> int | None:
        """The end (ms from the cue's start) of a split's first part placed in the pause
        between two source words inside ``cue`` that is closest to ``proportional``, each
        part at least the minimum duration; None when no word pause allows that."""
        lim = self.limits
        inside = self.words[bisect_left(self.middles, cue.start_ms):
                            bisect_left(self.middles, cue.end_ms)]
        usable = cue.duration_ms - lim.min_gap_ms
        best: tuple[int, int, int] | None = None
        for (_, gap_start), (gap_end, _) in zip(inside, inside[1:]):
            if gap_end < gap_start:  # overlapping word times: no pause there
                continue
            # the minimum gap between the parts centred in the pause
            cut = (gap_start + gap_end - lim.min_gap_ms) // 2 - cue.start_ms
            if not lim.min_duration_ms <= cut <= usable - lim.min_duration_ms:
                continue
            key = (abs(cut - proportional), gap_start - gap_end, cut)
            if best is None or key < best:
                best = key
        return None if best is None else best[2]

    def split(self, cue: Cue) -> list[Cue] | None:
        """``cue`` in parts at phrase boundaries, each fitting and shown long enough; None when
        it cannot be done."""
        wrapped = self.wrap(cue.text)
        if self.fits(wrapped):
            return [cue.replace(text=wrapped)]
        lim = self.limits
        if cue.duration_ms < 2 * lim.min_duration_ms + lim.min_gap_ms:
            return None
        tokens, seps = _tokens(cue.text)
        if "\n" in seps:  # a dialogue: cut between turns only
            cut = self._best_cut(tokens, seps, words_ok=False, turns_only=True)
        else:
            cut = self._best_cut(tokens, seps, words_ok=True)
        if cut is None:
            return None
        left, right = _join(tokens, seps, 0, cut), _join(tokens, seps, cut, len(tokens))
        lchars, rchars = visible_chars(left), visible_chars(right)
        usable = cue.duration_ms - lim.min_gap_ms
        first_ms = round(usable * lchars / max(lchars + rchars, 1))
        first_ms = min(max(first_ms, lim.min_duration_ms), usable - lim.min_duration_ms)
        at_pause = self.pause_cut(cue, first_ms) if self.words else None
        if at_pause is not None:
            first_ms = at_pause
        self.cuts.append("pause" if at_pause is not None else "text")
        first = cue.replace(end_ms=cue.start_ms + first_ms, text=left)
        second = cue.replace(start_ms=first.end_ms + lim.min_gap_ms, text=right)
        parts = []
        for part in (first, second):
            fitted = self.split(part)
            parts.extend(fitted if fitted is not None else [part.replace(text=self.wrap(
                part.text))])
        return parts

    def give(self, text: str, neighbour: str, forward: bool) -> tuple[str, str] | None:
        """Move whole words from the end of ``text`` to the start of ``neighbour`` (or from
        its start to the end of a previous ``neighbour``) until both fit; None if they can't."""
        words = text.split()
        for k in range(1, len(words)):
            kept = words[:-k] if forward else words[k:]
            moved = words[-k:] if forward else words[:k]
            mine = self.wrap(" ".join(kept))
            theirs = self.wrap(" ".join(moved) + " " + neighbour if forward
                               else neighbour + " " + " ".join(moved))
            if self.fits(mine) and self.fits(theirs):
                return mine, theirs
            if not self.fits(theirs):
                return None
        return None


def fit_track(track: Track, profile: Profile, *, language: str | None = None,
              words: Sequence[Span] = ()) -> Fitted:
    """``track`` within ``profile``'s limits for its language (see the module doc).

    ``words``: the (start_ms, end_ms) of each word of the source, where it was transcribed;
    a split is timed at a pause between them. The track's cues keep the source's times (a
    translation has one cue per source cue), so the pauses inside a cue are the speaker's."""
    lang = language or track.language
    limits: Limits = profile.for_language(lang)
    fitter = _Fitter(limits, track.path or "<track>", lang, words)
    cues = list(track.cues)
    number = list(range(1, len(cues) + 1))
    changes: list[Change] = []
    out: list[Cue] = []
    out_number: list[int] = []
    i = 0
    while i < len(cues):
        cue = cues[i]
        fitter.cuts = []
        parts = fitter.split(cue)
        if parts is not None:
            if len(parts) > 1:
                timed = ("timed at pauses between the speaker's words"
                         if "text" not in fitter.cuts else
                         "timed in proportion to the text" if "pause" not in fitter.cuts else
                         "timed at a pause between the speaker's words where one fits, "
                         "else in proportion to the text")
                changes.append(Change(number[i], cue.start_ms, "split",
                                      f"split into {len(parts)} cues at phrase boundaries "
                                      f"({timed}): too much text for {limits.max_lines} lines "
                                      f"of {limits.max_chars_per_line} characters"))
            out.extend(parts)
            out_number.extend([number[i]] * len(parts))
            i += 1
            continue
        moved = None
        if i + 1 < len(cues) and not _ends_sentence(cue.text):
            moved = fitter.give(cue.text, cues[i + 1].text, forward=True)
            if moved is not None:
                cues[i + 1] = cues[i + 1].replace(text=moved[1])
                where = f"cue {number[i + 1]}, the next of the same sentence"
        if moved is None and out and out_number[-1] == number[i] - 1 \
                and not _ends_sentence(out[-1].text):
            moved = fitter.give(cue.text, out[-1].text, forward=False)
            if moved is not None:
                out[-1] = out[-1].replace(text=moved[1])
                where = f"cue {number[i] - 1}, the previous of the same sentence"
        if moved is not None:
            changes.append(Change(number[i], cue.start_ms, "moved",
                                  f"too short to split ({cue.duration_ms} ms): words moved to "
                                  f"{where}"))
            cue = cue.replace(text=moved[0])
        else:
            cue = cue.replace(text=fitter.wrap(cue.text))
        out.append(cue)
        out_number.append(number[i])
        i += 1
    return Fitted(track.with_cues(_settle(fitter, out)), changes)


def _settle(fitter: _Fitter, cues: list[Cue]) -> list[Cue]:
    """``subtitles.fix``'s timing passes, in its order, without its text split: a cue that
    could not be fitted above is too short to split into readable parts, and splitting it
    anyway would make cues under the minimum duration."""
    cues = fitter.tidy(cues)
    cues = fitter.resolve_overlaps(cues)
    cues = fitter.rebalance(cues)
    cues = fitter.open_gaps(cues)
    cues = fitter.extend(cues)
    cues = fitter.merge_tiny(cues)
    cues = fitter.extend(cues)
    return fitter.open_gaps(cues)
