"""``translate_track``: a track in, the same cues with the same times in another language out.

The order of work is what keeps timing and meaning: cues -> sentences (``sentences``), lock
glossary terms (``glossary.protect``), look each sentence up in the memory, translate the rest in
batches, restore the terms, share each translation out over its cues (``redistribute``), put the
markup back (``markup``), then break lines to the target's profile and report cues read too
fast. Right-to-left targets are left in logical order: direction marks are the caption pack's
business.

Findings are about the translated cues, so each remembers its cue (``Translated.problem_cues``):
``problems`` point at the source's lines, ``problems_in`` at a written output's (audit: a
reading-speed warning about ``film.es.srt`` named ``film.en.srt`` and the source's line).
"""
from __future__ import annotations

import dataclasses
import logging
import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Sequence

from subtitles.errors import EngineUnavailable, Problem
from subtitles.markup import chars_per_second
from subtitles.model import Track
from subtitles.profiles import Limits, Profile, get_profile
from translate.engine import Engine
from translate.anchors import Anchor
from translate.markup import EDGE_PUNCT, put_back
from translate.redistribute import cut_sentence
from translate.sentences import Segmented, assemble, segment

if TYPE_CHECKING:
    from glossary.model import Glossary
    from translate.memory import Memory

log = logging.getLogger(__name__)

# Sentences per engine call unless the engine says otherwise (``batch_size``): small enough
# that the progress bar moves and the memory commits often, big enough to amortise a call.
BATCH = 64


@dataclass(frozen=True)
class Stats:
    sentences: int = 0
    unique: int = 0
    from_memory: int = 0
    translated: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class Translated:
    """The translated track (same cue count and times as the source), findings and counts.

    ``problems[k]`` is about cue ``problem_cues[k]`` and names the source's path and line.
    """

    track: Track
    problems: list[Problem] = field(default_factory=list)
    stats: Stats = Stats()
    problem_cues: tuple[int, ...] = ()

    def problems_in(self, path: str, lines: Sequence[int | None]) -> list[Problem]:
        """The problems pointed at a written output: ``lines[i]`` is cue i's line in it."""
        return [dataclasses.replace(p, path=path, line=lines[c] if c < len(lines) else None)
                for p, c in zip(self.problems, self.problem_cues)]


def _run_engine(engine: Engine, texts: Sequence[str], source: str, target: str,
                memory: "Memory | None", on_progress: Callable[[int, int], None] | None
                ) -> tuple[dict[str, str], int]:
    """Unique texts -> translations, from the memory where possible; returns (map, hits)."""
    unique = [t for t in dict.fromkeys(texts) if t.strip()]
    done: dict[str, str] = {}
    if memory is not None:
        done = memory.lookup(engine.name, engine.version, source, target, unique)
    hits = len(done)
    todo = [t for t in unique if t not in done]
    if on_progress:
        on_progress(hits, len(unique))
    size = int(getattr(engine, "batch_size", BATCH))
    for start in range(0, len(todo), size):
        batch = todo[start:start + size]
        out = engine.translate(batch, source, target)
        if len(out) != len(batch):
            raise EngineUnavailable(f"{engine.name} returned {len(out)} translations for "
                                    f"{len(batch)} sentences")
        pairs = list(zip(batch, out))
        done.update(pairs)
        if memory is not None:
            memory.store(engine.name, engine.version, source, target, pairs)
        if on_progress:
            on_progress(hits + start + len(batch), len(unique))
    return done, hits


def _lock(texts: Sequence[str], glossary: "Glossary | None", target: str) -> list[object]:
    if glossary is None or not glossary.terms:
        return [None] * len(texts)
    from glossary.protect import protect

    return [protect(t, glossary, target) for t in texts]


def _translations(seg: Segmented, engine: Engine, source: str, target: str,
                  glossary: "Glossary | None", memory: "Memory | None",
                  on_progress: Callable[[int, int], None] | None
                  ) -> tuple[list[str], list[tuple[int, str]], Stats, list[object]]:
    """One translation per sentence, (sentence, reason) pairs a person should review, and each
    sentence's glossary lock (None: none), whose renderings anchor the cuts."""
    texts = [s.text for s in seg.sentences]
    locks = _lock(texts, glossary, target)
    masked = [getattr(lock, "masked", text) for lock, text in zip(locks, texts)]
    found, hits = _run_engine(engine, masked, source, target, memory, on_progress)
    out: list[str] = []
    review: list[tuple[int, str]] = []
    retry: list[int] = []
    for i, (lock, key) in enumerate(zip(locks, masked)):
        raw = found.get(key, "")
        if lock is None:
            out.append(raw)
            continue
        from glossary.protect import TokenLost

        try:
            out.append(lock.restore(raw))  # type: ignore[attr-defined]
        except TokenLost as err:
            out.append("")
            retry.append(i)
            locks[i] = None
            review.append((i, f"glossary lock failed: {err}; translated without the lock"))
    if retry:  # terms the engine mangled: translate those sentences plainly instead
        plain, _ = _run_engine(engine, [texts[i] for i in retry], source, target, memory, None)
        for i in retry:
            out[i] = plain.get(texts[i], "")
    for i, text in enumerate(out):
        if not text.strip():
            out[i] = texts[i]
            review.append((i, "the engine returned nothing; the source text is kept"))
    stats = Stats(len(texts), len(set(masked)), hits, len(set(masked)) - hits)
    return out, review, stats, locks


def _part_translations(seg: Segmented, engine: Engine, source: str, target: str,
                       glossary: "Glossary | None", memory: "Memory | None"
                       ) -> dict[int, list[str]]:
    """Each part of a multi-cue sentence translated alone (issue 13): one more batched call,
    glossary locked as the sentences are. ``{sentence: [part translations]}``."""
    wanted = [n for n, s in enumerate(seg.sentences) if len(s.parts) > 1]
    texts = list(dict.fromkeys(p.text for n in wanted for p in seg.sentences[n].parts))
    if not texts:
        return {}
    locks = _lock(texts, glossary, target)
    masked = [getattr(lock, "masked", text) for lock, text in zip(locks, texts)]
    found, _ = _run_engine(engine, masked, source, target, memory, None)
    alone = {text: _restored(lock, found.get(key, "")) or found.get(key, "")
             for text, lock, key in zip(texts, locks, masked)}
    return {n: [alone[p.text] for p in seg.sentences[n].parts] for n in wanted}


_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_QUOTED = re.compile(r"[\"\u201c\u00ab]([^\"\u201c\u201d\u00ab\u00bb]+)[\"\u201d\u00bb]")


def _anchors(sources: Sequence[str], lock: object, translation: str) -> list[Anchor]:
    """Words of ``translation`` that must stay in the part they came from: glossary
    renderings, numbers, quoted text (issue 13)."""
    anchors: list[Anchor] = []
    starts, at = [], 0
    for text in sources:
        starts.append(at)
        at += len(text) + 1
    whole = " ".join(sources)

    def part_at(position: int) -> int:
        return max(k for k, start in enumerate(starts) if start <= position)

    cursor = 0
    for slot in getattr(lock, "slots", ()):
        where = whole.find(slot.surface, cursor)
        if where < 0:
            continue
        cursor = where + len(slot.surface)
        anchors.append(Anchor(slot.rendering, part_at(where)))
    for k, text in enumerate(sources):
        anchors.extend(Anchor(m.group(0), k) for m in _NUMBER.finditer(text)
                       if m.group(0) in translation)
    quoted_source = [part_at(m.start()) for m in _QUOTED.finditer(whole)]
    quoted_target = [m.group(1) for m in _QUOTED.finditer(translation)]
    if quoted_source and len(quoted_source) == len(quoted_target):
        anchors.extend(Anchor(text, k) for text, k in zip(quoted_target, quoted_source))
    return anchors


def _restored(lock: object, raw: str) -> str | None:
    if lock is None:
        return raw
    from glossary.protect import TokenLost

    try:
        return str(lock.restore(raw))  # type: ignore[attr-defined]
    except TokenLost:
        return None


def _word_renderings(seg: Segmented, engine: Engine, source: str, target: str,
                     glossary: "Glossary | None", memory: "Memory | None"
                     ) -> Callable[[str], list[str]]:
    """What the words under a tag inside a sentence may have become: their own translation
    (glossary locked), their glossary rendering, or themselves (names, numbers)."""
    words: list[str] = []
    for sentence in seg.sentences:
        for part in sentence.parts:
            for span in seg.slots[part.slot].spans:
                if part.start <= span.start and span.end <= part.end \
                        and (span.start, span.end) != (part.start, part.end):
                    words.append(seg.slots[part.slot].text[span.start:span.end].strip())
    words = list(dict.fromkeys(w for w in words if w))
    if not words:
        return lambda text: [text]
    bare = [w.strip(EDGE_PUNCT) or w for w in words]  # words, not a sentence: no full stop
    locks = _lock(bare, glossary, target)
    masked = [getattr(lock, "masked", text) for lock, text in zip(locks, bare)]
    found, _ = _run_engine(engine, masked, source, target, memory, None)
    table: dict[str, list[str]] = {}
    for text, lock, key in zip(words, locks, masked):
        options = [_restored(lock, found.get(key, "")), _restored(lock, key), text]
        table[text] = [o for o in options if o]
    return lambda text: table.get(text, [text])


def _cue_texts(track: Track, seg: Segmented, translations: list[str],
               renderings: Callable[[str], list[str]], alone: dict[int, list[str]],
               locks: Sequence[object]) -> tuple[list[str], list[tuple[int, str]]]:
    """Each cue's translated text with its markup back on, and (cue, note) for review."""
    pieces: dict[int, list[tuple[tuple[int, int], str]]] = {}
    notes: list[tuple[int, str]] = []
    for n, (sentence, translation) in enumerate(zip(seg.sentences, translations)):
        sources = [part.text for part in sentence.parts]
        cuts = cut_sentence(translation, sources, alone.get(n),
                            _anchors(sources, locks[n], translation) if len(sources) > 1 else ())
        shared = cuts.pieces
        for k in cuts.uncertain:
            notes.append((seg.slots[sentence.parts[k].slot].cue,
                          "where this cue's part of the sentence ends in the translation is "
                          "uncertain; check the words at its end belong to it and not to the "
                          "next cue"))
        for part, piece in zip(sentence.parts, shared):
            where = (part.start - len(part.before), part.end + len(part.after))  # + brackets
            pieces.setdefault(part.slot, []).append((where, part.decorate(piece)))
    lines: dict[int, list[str]] = {}
    for number, slot in enumerate(seg.slots):
        if slot.kind == "symbols":  # copied as it is
            pieces[number] = [((0, len(slot.text)), slot.text)]
        if number not in pieces:
            continue
        text, widened = put_back(slot.text, pieces[number], slot.spans, renderings)
        notes.extend((slot.cue, note) for note in widened)
        lines.setdefault(slot.cue, []).append(assemble(slot, text))
    texts = [seg.frames[i].around("\n".join(lines[i])) if i in lines else cue.text
             for i, cue in enumerate(track.cues)]
    return texts, notes


def _break(text: str, limits: Limits, target: str, source: str = "") -> str:
    """Lines for the target, then style tags one run per line when the source cue was styled
    line by line, or when the tags came out nested or open and the source's were not (issue
    13: per-line italics came back ``<i><i>...</i></i>``, and ASS conversion then showed a line
    upright). A source's own faulty tags are left for ``subs check`` to report."""
    from subtitles.linebreak import break_lines
    from subtitles.styletags import is_per_line, per_line_style, style_tag_faults

    broken = break_lines(text, limits.max_chars_per_line, limits.max_lines, language=target)
    broken = broken or text
    if "<" in broken and "<" in source and (
            is_per_line(source) or style_tag_faults(broken) and not style_tag_faults(source)):
        return per_line_style(broken)
    return broken


def translate_track(track: Track, engine: Engine, *, source: str, target: str,
                    glossary: "Glossary | None" = None, memory: "Memory | None" = None,
                    profile: Profile | None = None,
                    on_progress: Callable[[int, int], None] | None = None) -> Translated:
    """Translate sentence by sentence; every cue keeps its place, times and markup."""
    started = time.perf_counter()
    limits = (profile or get_profile()).for_language(target)
    seg = segment(track)
    translations, review, stats, locks = _translations(seg, engine, source, target, glossary,
                                                       memory, on_progress)
    renderings = _word_renderings(seg, engine, source, target, glossary, memory)
    alone = _part_translations(seg, engine, source, target, glossary, memory)
    texts, notes = _cue_texts(track, seg, translations, renderings, alone, locks)
    path = track.path or "<track>"
    cues = []
    found: list[tuple[int, Problem]] = []
    for i, (cue, text) in enumerate(zip(track.cues, texts)):
        text = _break(text, limits, target, cue.text)
        cues.append(cue.replace(text=text))
        speed = chars_per_second(text, cue.duration_ms)  # as subs check counts it
        if cue.duration_ms > 0 and speed > limits.max_cps:
            found.append((i, Problem(path, cue.line, "warning",
                                     f"{target} cue reads at {speed:.1f} characters/s, "
                                     f"over {limits.max_cps:g}", "shorten or merge it",
                                     code="cps")))
    first_cue = {n: seg.slots[s.parts[0].slot].cue for n, s in enumerate(seg.sentences)}
    notes += [(first_cue[number], reason) for number, reason in review]
    for i, note in notes:
        found.append((i, Problem(path, track.cues[i].line, "warning", f"review: {note}",
                                 code="review")))
    for i, tag in seg.dropped:
        found.append((i, Problem(path, track.cues[i].line, "warning",
                                 f"markup {tag} inside the text was dropped",
                                 "it marks a point the translation's word order does not have; "
                                 "add it again by hand if needed", code="markup")))
    found.sort(key=lambda item: item[0])
    out = track.replace(cues=tuple(cues), language=target)
    return Translated(out, [p for _, p in found],
                      Stats(stats.sentences, stats.unique, stats.from_memory, stats.translated,
                            time.perf_counter() - started), tuple(i for i, _ in found))
