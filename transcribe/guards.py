"""Keep Whisper from writing words nobody said.

Whisper was trained on subtitled video, so over silence, music and room noise it writes what
such subtitles say there: "Thank you.", "Subtitles by the Amara.org community", or one phrase
over and over (faster-whisper #506, #843). The defences, cheapest first:

- Silero VAD (inside faster-whisper) so most non-speech never reaches the decoder
  (``transcribe/whisper.py`` plans windows from it);
- Whisper's own silence rule per decoded window: ``no_speech_prob`` high *and* the text
  improbable or looping (``segment_is_silence``);
- known phantom phrases per language, dropped when they are all a window said or the model
  itself doubted them (``is_phantom``); credits such as "amara.org" are dropped always;
- repetition: a phrase said three or more times in a row is kept once (``collapse_repeats``);
- coverage: a window whose words cover far less of its speech than VAD found is decoded again
  without the glossary prompt (``coverage``), since tiny.en with a prompt once dropped half
  the text; only the holes are filled from that decode (``fill_gaps``): the prompted words,
  which carry the names, stay.

Batched decoding never conditions a window on the previous window's text, which is
Whisper's ``condition_on_previous_text=False``, the documented cure for repetition loops.
"""
from __future__ import annotations

import re
import string
from typing import Sequence

from transcribe.transcript import Word

NO_SPEECH_PROB = 0.6
LOG_PROB = -1.0
COMPRESSION_RATIO = 2.4
PHANTOM_DOUBT = 0.5  # a phantom phrase whose words average under this probability is dropped
MIN_REPEATS = 3
HOLE_MS = 1_000  # a pause between prompted words this long may hide dropped words
HOLE_MARGIN_MS = 100  # two decodes time one word this much apart

# Lower-case, punctuation-free. Collected from the issues above and Whisper's known outputs.
PHANTOMS: dict[str, frozenset[str]] = {
    "en": frozenset({
        "thank you", "thank you very much", "thanks for watching", "thank you for watching",
        "thanks for watching and see you next time", "please subscribe", "bye", "bye bye",
        "you", "so", "okay", "oh", "um", "hmm", "the end", "see you next time",
        "subtitles by the amara org community", "thank you so much for watching",
    }),
    "he": frozenset({"תודה", "תודה רבה", "תודה שצפיתם", "כתוביות", "תודה על הצפייה"}),
    "ar": frozenset({"شكرا", "شكرا لكم", "شكرا للمشاهدة", "اشترك في القناة"}),
    "es": frozenset({"gracias", "gracias por ver", "subtítulos por la comunidad de amara org",
                     "suscríbete"}),
    "fr": frozenset({"merci", "merci d avoir regardé", "sous-titres réalisés par la communauté "
                     "d amara org", "abonnez-vous"}),
    "de": frozenset({"danke", "vielen dank", "untertitel im auftrag des zdf",
                     "untertitel der amara org community", "danke fürs zuschauen"}),
}
ALWAYS = ("amara.org", "amara org", "subtitles by", "transcribed by", "translated by",
          "www.", "untertitel im auftrag", "sous-titres réalisés")

_PUNCT = re.compile(f"[{re.escape(string.punctuation)}“”‘’«»…¿¡،。，！？]")


def normalise(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text.lower()).split())


def is_credit(text: str) -> bool:
    """Subtitle credits never belong to a testimony, whatever the model's confidence."""
    low = text.lower()
    return any(mark in low for mark in ALWAYS)


def is_phantom(text: str, language: str | None, *, alone: bool, probability: float) -> bool:
    """A known phantom phrase, dropped when it is all its window said (``alone``) or the model
    doubted it; a witness who really says "Thank you." amid speech keeps it."""
    if is_credit(text):
        return True
    base = (language or "en").split("-")[0].lower()
    phrases = PHANTOMS.get(base, frozenset()) | PHANTOMS["en"]
    if normalise(text) not in phrases:
        return False
    return alone or probability < PHANTOM_DOUBT


def segment_is_silence(no_speech_prob: float, avg_logprob: float,
                       compression_ratio: float = 1.0) -> bool:
    """Whisper's own rule: the model thinks nobody speaks and does not believe its text; or
    thinks nobody speaks and its text is a loop (``4-4-4-...`` over noise is confident, so the
    log-probability alone misses it; Whisper calls a gzip ratio over 2.4 a failed decode)."""
    return no_speech_prob > NO_SPEECH_PROB and (avg_logprob < LOG_PROB
                                                or compression_ratio > COMPRESSION_RATIO)


def collapse_repeats(words: Sequence[Word], max_n: int = 8) -> tuple[list[Word], int]:
    """Keep one copy of any 1..``max_n``-word phrase repeated ``MIN_REPEATS``+ times in a row.

    Returns the words kept and how many were dropped.
    """
    out = list(words)
    dropped = 0
    i = 0
    while i < len(out):
        for n in range(1, max_n + 1):
            key = [normalise(w.text) for w in out[i:i + n]]
            if len(key) < n or not any(key):
                break
            reps = 1
            while [normalise(w.text) for w in out[i + reps * n:i + (reps + 1) * n]] == key:
                reps += 1
            if reps >= MIN_REPEATS:
                del out[i + n:i + reps * n]
                dropped += (reps - 1) * n
                break
        i += 1
    return out, dropped


def coverage(words: Sequence[Word], regions: Sequence[tuple[int, int]]) -> float:
    """Share of the speech ``regions`` (ms) that recognised words cover (1.0 without speech)."""
    total = sum(e - s for s, e in regions)
    if total <= 0:
        return 1.0
    covered = 0
    for start, end in regions:
        spans = sorted((max(w.start_ms, start), min(w.end_ms, end)) for w in words
                       if w.end_ms > start and w.start_ms < end)
        reach = start
        for s, e in spans:
            s = max(s, reach)
            if e > s:
                covered += e - s
                reach = e
    return covered / total


def fill_gaps(kept: Sequence[Word], extra: Sequence[Word],
              min_hole_ms: int = HOLE_MS) -> list[Word]:
    """``kept`` plus the words of ``extra`` that fall in its holes: before its first word, after
    its last, or in a pause of at least ``min_hole_ms`` between two of its words.

    A word of ``extra`` belongs to a hole when its middle lies inside it, ``HOLE_MARGIN_MS``
    clear of the kept words on either side, so a word both decodes heard is never written
    twice. The result is in time order and holds every word of ``kept``.
    """
    ordered = sorted(kept, key=lambda w: (w.start_ms, w.end_ms))
    if not ordered:
        return sorted(extra, key=lambda w: (w.start_ms, w.end_ms))
    holes = [(-1 << 62, ordered[0].start_ms)]
    reach = ordered[0].end_ms  # words may overlap: a hole starts where all before it ended
    for word in ordered[1:]:
        if word.start_ms - reach >= min_hole_ms:
            holes.append((reach, word.start_ms))
        reach = max(reach, word.end_ms)
    holes.append((reach, 1 << 62))
    added = [w for w in extra
             if any(start + HOLE_MARGIN_MS <= (w.start_ms + w.end_ms) / 2 <= end - HOLE_MARGIN_MS
                    for start, end in holes)]
    return sorted([*ordered, *added], key=lambda w: (w.start_ms, w.end_ms))
