"""The faster-whisper adapter: audio file in, ``Transcript`` (cues, words, language) out.

Why it is shaped this way (issue 4):

- faster-whisper's batched pipeline decodes ~20x real time against ~11x for its sequential
  loop at beam 5 on two cores, and gives the glossary prompt and hotwords to *every* window
  (sequential decoding gives ``initial_prompt`` to the first 30 s only);
- the windows are planned here, not by the pipeline: Silero VAD finds speech regions, and
  consecutive regions are packed into windows of at most 29 s *of speech*, the silence
  between them cut out (as faster-whisper's own batched VAD mode does): Whisper's encoder
  always works on 30 s, so on CPU a full window is most of the speed, and a witness's long
  pauses or a noise gap are never decoded at all. Each word's time is mapped back through the
  layout (``Layout``), so times are exact in the original audio; a word never spans a cut;
- windows are grouped in blocks (``block_s`` of audio); after each block the words are
  checkpointed. Each block gets a fresh pipeline, so no state crosses blocks and a resumed run
  equals an uninterrupted one.

faster-whisper and numpy are imported inside functions so ``subs --help`` stays fast; none of
their types leave this module (times become int ms here, once).
"""
from __future__ import annotations

import bisect
import dataclasses
import logging
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from subtitles.errors import SubsError
from subtitles.languages import base_language
from subtitles.model import Track
from subtitles.profiles import get_profile
from subtitles.progress import Progress
from subtitles.timing import format_clock
from transcribe import checkpoint as ckpt
from transcribe import guards, names, rescore, timing
from transcribe.audio import RATE, AudioError, decode
from transcribe.cues import build_cues
from transcribe.models import ModelDamaged, ModelOutOfMemory, default_cache_dir, locate_model
from transcribe.transcript import LanguageSource, Start, TranscribeOptions, Transcript, Word

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

WINDOW_MS = 29_000  # speech per window: Whisper's 30 s, less a margin for the last word
MIN_SILENCE_MS = 2_000  # a pause at least this long ends a VAD region (faster-whisper's default)
SPEECH_PAD_MS = 400  # speech kept on each side of a region (faster-whisper's default)
RETRY_MIN_SPEECH_MS = 4_000
RETRY_COVERAGE = 0.5


@lru_cache(maxsize=2)
def _model(path: str, compute_type: str, threads: int) -> Any:
    from faster_whisper import WhisperModel

    return WhisperModel(path, device="cpu", compute_type=compute_type, cpu_threads=threads,
                        local_files_only=True)


def load_model(options: TranscribeOptions) -> Any:
    """A WhisperModel, always from a folder path (a bare name would go to the hub).

    A folder with junk in it (a broken copy, a half download) makes CTranslate2 raise
    RuntimeError, json ValueError, the file system OSError and the tokenizers library a bare
    ``Exception``: those become ``ModelDamaged``, which says how to get a good copy. Running out
    of memory (MemoryError, or CTranslate2's RuntimeError "mkl_malloc: failed to allocate
    memory") becomes ``ModelOutOfMemory``. Anything else is a bug and propagates.
    """
    cache = Path(options.model_dir) if options.model_dir else default_cache_dir()
    path = locate_model(options.model, cache_dir=cache, allow_download=options.allow_download)
    try:
        return _model(str(path), options.compute_type, options.threads)
    except Exception as err:
        reason = (str(err).splitlines() or [type(err).__name__])[0].split(". ")[0]
        if isinstance(err, MemoryError) or _OUT_OF_MEMORY.search(str(err)):
            raise ModelOutOfMemory(options.model, reason) from None
        if isinstance(err, (RuntimeError, ValueError, OSError)) or type(err) is Exception:
            raise ModelDamaged(options.model, str(path), reason) from None
        raise


_OUT_OF_MEMORY = re.compile(r"out of memory|failed to allocate|bad_alloc", re.IGNORECASE)


Span = tuple[int, int]


def plan_windows(audio: "np.ndarray", vad: bool, window_ms: int = WINDOW_MS
                 ) -> tuple[list[Span], list[Span]]:
    """(speech regions in ms, windows as ``(first, stop)`` ranges of region indices).

    Without VAD the regions are fixed tiles of the whole audio, one per window.
    """
    total = len(audio) * 1000 // RATE
    if not vad:
        tiles = [(s, min(s + window_ms, total)) for s in range(0, total, window_ms)]
        return tiles, [(i, i + 1) for i in range(len(tiles))]
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    # issue 14b: faster-whisper's own VAD defaults (a pause under 2 s stays inside its region,
    # 400 ms of padding). Cutting every 0.5 s pause out and butting sentences together cost
    # words: on fast-noisy WER 0.110 -> 0.105, on testimony 0.102 -> 0.098, at the same speed
    # (docs/transcription.md, "Accuracy of the batched path").
    found = get_speech_timestamps(audio, VadOptions(
        min_silence_duration_ms=MIN_SILENCE_MS, speech_pad_ms=SPEECH_PAD_MS,
        max_speech_duration_s=(window_ms - 1000) / 1000))
    regions = [(int(r["start"]) * 1000 // RATE, int(r["end"]) * 1000 // RATE) for r in found]
    windows: list[Span] = []
    length = 0
    for index, (start, end) in enumerate(regions):
        if windows and length + end - start <= window_ms:
            windows[-1] = (windows[-1][0], index + 1)
            length += end - start
        else:
            windows.append((index, index + 1))
            length = end - start
    return regions, windows


def plan_blocks(regions: list[Span], windows: list[Span], block_s: int) -> list[list[int]]:
    """Windows grouped into checkpoint blocks of about ``block_s`` of the original audio."""
    blocks: list[list[int]] = []
    for index, (first, stop) in enumerate(windows):
        if blocks and regions[stop - 1][1] - regions[windows[blocks[-1][0]][0]][0] \
                <= block_s * 1000:
            blocks[-1].append(index)
        else:
            blocks.append([index])
    return blocks


class Layout:
    """Some windows' speech laid end to end (silence cut out), and the way back to real time."""

    def __init__(self, audio: "np.ndarray", regions: list[Span], windows: list[Span]) -> None:
        import numpy as np

        pieces = []
        self.starts: list[int] = []  # laid-out start of each region piece, ms
        self.real: list[Span] = []  # the piece's real (start, end), ms
        self.clips: list[Span] = []  # each window, laid out, ms
        pos = 0
        for first, stop in windows:
            window_start = pos
            for start, end in regions[first:stop]:
                piece = audio[start * RATE // 1000:end * RATE // 1000]
                pieces.append(piece)
                self.starts.append(pos)
                self.real.append((start, start + len(piece) * 1000 // RATE))
                pos += len(piece) * 1000 // RATE
                if len(piece) * 1000 % RATE:  # keep ms and samples in step
                    pad = RATE // 1000 - (len(piece) % (RATE // 1000))
                    pieces.append(np.zeros(pad, dtype=np.float32))
                    pos += 1
            self.clips.append((window_start, pos))
        self.audio = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)

    def _piece(self, ms: int) -> int:
        return max(0, bisect.bisect_right(self.starts, ms) - 1)

    def to_real(self, ms: int) -> int:
        index = self._piece(ms)
        start, end = self.real[index]
        return min(start + max(0, ms - self.starts[index]), end)

    def word(self, start_ms: int, end_ms: int) -> Span:
        """A word's real times; a word the DTW stretched over a cut ends at its region's end."""
        first = self._piece(start_ms)
        real_start = self.to_real(start_ms)
        real_end = self.to_real(end_ms) if self._piece(end_ms) == first else self.real[first][1]
        return real_start, max(real_start, real_end)


def _whisper_language(tag: str | None) -> str | None:
    if tag is None:
        return None
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    code = base_language(tag)
    code = {"iw": "he", "jw": "jv"}.get(code, code)
    if code not in _LANGUAGE_CODES:
        raise SubsError(f"Whisper does not know the language {tag!r}; it knows "
                        f"{len(_LANGUAGE_CODES)} languages such as en, he, ar, es, fr, de, ru")
    return code


def detect_language(model: Any, audio: "np.ndarray", regions: list[Span],
                    wanted: str | None) -> tuple[str, float]:
    """The given language (probability 1), else Whisper's guess from up to 30 s of speech."""
    code = _whisper_language(wanted)
    if code:
        return code, 1.0
    if not model.model.is_multilingual:
        return "en", 1.0
    if not regions:
        return "und", 0.0
    import numpy as np

    pieces, length = [], 0
    for start, end in regions:
        piece = audio[start * RATE // 1000:end * RATE // 1000]
        pieces.append(piece)
        length += len(piece)
        if length >= 30 * RATE:
            break
    language, probability, _ = model.detect_language(audio=np.concatenate(pieces)[:30 * RATE])
    return str(language), float(probability)


def _decode(model: Any, audio: "np.ndarray", clips: list[tuple[int, int]], language: str,
            options: TranscribeOptions, hints: names.Hints, on_end: Callable[[int], None]
            ) -> list[Any]:
    from faster_whisper import BatchedInferencePipeline

    pipeline = BatchedInferencePipeline(model)  # fresh per call: it carries word-timing state
    segments, _ = pipeline.transcribe(
        audio, language=None if language == "und" else language, task=options.task,
        beam_size=options.beam_size, batch_size=options.batch_size, word_timestamps=True,
        clip_timestamps=[{"start": s / 1000, "end": e / 1000} for s, e in clips],
        vad_filter=False, initial_prompt=hints.prompt, hotwords=hints.hotwords)
    out = []
    for segment in segments:
        on_end(round(segment.end * 1000))
        out.append(segment)
    return out


def _clip_words(segments: list[Any], layout: Layout, language: str
                ) -> tuple[dict[int, list[Word]], list[str]]:
    """Segments -> words per window in real time, with the silence, phantom and repetition
    guards."""
    clips = layout.clips
    starts = [s for s, _ in clips]
    by_clip: dict[int, list[Any]] = {}
    for seg in segments:
        middle = round((seg.start + seg.end) * 500)
        by_clip.setdefault(max(0, bisect.bisect_right(starts, middle) - 1), []).append(seg)
    words: dict[int, list[Word]] = {i: [] for i in range(len(clips))}
    notes: list[str] = []
    for index, segs in by_clip.items():
        spoken = [s for s in segs if s.text.strip()]
        for seg in spoken:
            seg_words = [Word(*layout.word(round(w.start * 1000), round(w.end * 1000)),
                              w.word, w.probability) for w in (seg.words or [])]
            if guards.segment_is_silence(seg.no_speech_prob, seg.avg_logprob,
                                         seg.compression_ratio):
                notes.append(f"dropped {_short(seg.text)!r}: the model heard no speech there")
                continue
            mean = sum(w.probability for w in seg_words) / len(seg_words) if seg_words else 0.0
            if guards.is_phantom(seg.text, language, alone=len(spoken) == 1, probability=mean):
                notes.append(f"dropped {_short(seg.text)!r}: a phrase Whisper invents over "
                             "silence or noise")
                continue
            words[index].extend(seg_words)
        kept, dropped = guards.collapse_repeats(words[index])
        if dropped:
            notes.append(f"dropped {dropped} repeated words at "
                         f"{format_clock(layout.to_real(clips[index][0]))}")
        words[index] = kept
    return words, notes


def _short(text: str, limit: int = 40) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "..."


def decode_block(model: Any, audio: "np.ndarray", state: ckpt.State, block: list[int],
                 options: TranscribeOptions, hints: names.Hints,
                 on_end: Callable[[int], None]) -> tuple[list[Word], list[str]]:
    """Words of one block of windows; where the prompt lost words, a decode without it fills
    the holes (the prompted words, with the names, are kept)."""
    windows = [state.windows[i] for i in block]
    layout = Layout(audio, state.regions, windows)
    segments = _decode(model, layout.audio, layout.clips, state.language, options, hints,
                       lambda ms: on_end(layout.to_real(ms)))
    words, notes = _clip_words(segments, layout, state.language)
    if hints.prompt or hints.hotwords:
        for index, (first, stop) in enumerate(windows):
            regions = state.regions[first:stop]
            speech = sum(e - s for s, e in regions)
            before = guards.coverage(words[index], regions)
            if speech < RETRY_MIN_SPEECH_MS or before >= RETRY_COVERAGE:
                continue
            alone = Layout(audio, state.regions, [(first, stop)])
            plain = _decode(model, alone.audio, alone.clips, state.language, options,
                            names.Hints(None, None), lambda _ms: None)
            again, more = _clip_words(plain, alone, state.language)
            filled = guards.fill_gaps(words[index], again[0])
            added = len(filled) - len(words[index])
            if added:
                words[index] = filled
                notes += more
                notes.append(f"the window at {format_clock(regions[0][0])} lost words with the "
                             f"glossary prompt; {added} word{'s' * (added != 1)} filled in from a "
                             "decode without it")
    return [w for i in range(len(windows)) for w in words[i]], notes


def transcribe_file(path: str | os.PathLike[str], options: TranscribeOptions, *,
                    on_progress: Progress | None = None,
                    checkpoint: Path | None = None,
                    on_start: Callable[[Start], None] | None = None) -> Transcript:
    """Transcribe one audio or video file into readable cues; see the module docstring.

    ``on_progress(done_ms, total_ms)`` follows the audio position. ``on_start`` is called
    once, before the first progress report, when the language is known and a checkpoint was
    accepted or not. With ``checkpoint``, words are saved there after every block and a matching
    checkpoint is resumed; the caller deletes it (``transcribe.checkpoint.discard``) once the
    subtitles are written.
    """
    report = on_progress or (lambda done, total: None)
    if not Path(path).is_file():  # cheap checks first: a typo fails before any loading
        raise AudioError(str(path), "no such file" if not Path(path).exists() else "not a file")
    glossary = names.load(options.glossary) if options.glossary else None
    model = load_model(options)
    audio, audio_warnings = decode(path)
    total = len(audio) * 1000 // RATE
    hints = names.hints(glossary, token_counter(model))
    key = ckpt.run_key(path, options) if checkpoint else ""
    state = ckpt.load(checkpoint, key, total) if checkpoint else None
    resumed = state is not None
    if state is None:
        regions, windows = plan_windows(audio, options.vad, options.window_s * 1000)
        language, probability = detect_language(model, audio, regions, options.language)
        state = ckpt.State(key, language, probability, total, windows, regions,
                           plan_blocks(regions, windows, options.block_s))
        if checkpoint:
            ckpt.save(checkpoint, state)
    else:
        log.info("resuming %s after %d of %d blocks", path, state.done, len(state.blocks))
    source = language_source(model, options)
    if on_start:
        on_start(Start(state.language, state.language_probability, source, resumed,
                       state.done, len(state.blocks)))
    for number in range(state.done, len(state.blocks)):
        report(state.regions[state.windows[state.blocks[number][0]][0]][0], total)
        words, notes = decode_block(model, audio, state, state.blocks[number], options, hints,
                                    lambda ms: report(min(ms, total), total))
        state.words.extend(ckpt.settled(words))  # as a resumed run reads them back
        state.warnings.extend(notes)
        state.done = number + 1
        if checkpoint:
            ckpt.save(checkpoint, state)
    report(total, total)
    state.words, moved = timing.repair(state.words, state.regions)  # issue 14
    for note in moved:
        log.info("%s: %s", path, note)
    state.words, fixes = rescore.fix_names(model, audio, state.words, glossary, state.language,
                                           hints.prompt)
    result = finish(state, options, glossary)
    return dataclasses.replace(result, language_source=source, name_fixes=tuple(fixes),
                               warnings=tuple(audio_warnings) + result.warnings)


def language_source(model: Any, options: TranscribeOptions) -> LanguageSource:
    """How the language was settled; an English-only model has no choice (and no probability
    worth printing)."""
    if options.language:
        return "given"
    return "detected" if model.model.is_multilingual else "english-only"


def token_counter(model: Any) -> Callable[[str], int]:
    """How many of the model's tokens a text takes (the glossary prompt's budget is in tokens)."""
    def count(text: str) -> int:
        return len(model.hf_tokenizer.encode(" " + text, add_special_tokens=False).ids)
    return count


def finish(state: ckpt.State, options: TranscribeOptions, glossary: Any) -> Transcript:
    """Words -> cues in the profile, glossary variants fixed, warnings for a person."""
    spoken = None if state.language == "und" else state.language
    track_language = "en" if options.task == "translate" else spoken
    limits = get_profile(options.profile, options.profiles_file).for_language(track_language)
    track = Track(tuple(build_cues(state.words, limits, track_language, state.duration_ms)),
                  track_language)
    track, fixed = names.fix_track(track, glossary)
    warnings = list(state.warnings)
    if fixed:
        log.info("glossary fixed %d spellings", fixed)
    if not state.windows:
        warnings.append("no speech found (only silence or noise): the subtitles have no cues")
    elif not state.words:
        warnings.append("no words recognised (silence or noise only): the subtitles have no "
                        "cues")
    return Transcript(track, state.language, state.language_probability, tuple(state.words),
                      state.duration_ms, tuple(warnings))
