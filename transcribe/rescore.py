"""Names Whisper misheard, found from what it knows and checked on the audio itself (issue 14).

"Kibbutz Re'im" came out "Kibbet's Ram" with the glossary in the prompt: the word probability of
"Ram" was 0.22 where the words around it were above 0.9, and no spelling score links the two. So
a name is put back in three steps, each of which must agree:

1. suspect: a span of up to one word more than a glossary form, inside one sentence, in which
   the model doubted a word (probability under ``SUSPECT``), or that is capitalized and spelled
   almost like a form (``glossary.fuzzy.spelled_like_any``: "United Hatsala"; in a transcript such
   near misses are judged here, by the audio, and not on their letters: "Nativity" reads like
   Netivot's variant "Nativot" and was said); a span that holds a function word the form lacks
   ("a rim", "the ram") is never a suspect;
2. sounds like: its phonemes (espeak-ng, boundaries removed, ``glossary.phonetic``) are close
   to the form's (similarity at least ``MIN_SIMILARITY``), with the same numbers;
3. heard: the loaded model scores the sentence as heard and with each name it may be (up to
   ``MAX_CHOICES``: "Midabot" may be Netivot or Sderot) on the sentence's own audio, after the
   glossary prompt the decode was given (CTranslate2's forced alignment gives every token's
   probability); the best name wins when its log-probability is at most ``MARGIN`` below the
   heard text's.

Why after the prompt: beam search picks token by token, so a name whose first piece is less
likely than a common word's (" Bay" before " Be") is lost even where the model, given the whole
name, prefers it. Scored whole after the same prompt on 171 suspect spans of speech the rules
were not written for (issue 14; docs/transcription.md, "Names"), every fixed name scored from
2.6 below ("Mitahim" twice for Mivtachim, judged together) to 22 above the mishearing
("Kibbet's Ram."), and every span that was not a name at best 4.1 below ("Zika" as ZAKA,
every word marked doubtful), but one homophone: "Barry", marked doubtful by hand at the start
of a sentence, scored 2.8 above as "Be'eri". ``MARGIN`` 3 leaves 0.4 nats on one side and 1.1
on the other; kernels of another CPU move scores by 0.3-0.4 (issue 12). Without the prompt the
model could not tell the groups apart at all.

Wrong fixes are worse than misses: near-miss speech ("a ram", "the Zika virus", "United
Health") stays as heard, which tests/transcribe/test_names_e2e.py checks.

Every fix is reported with its evidence (``NameFix``): the lowest word probability, the
phonetic similarity and both scores; the CLI writes them to ``--words`` JSON and the log.
"""
from __future__ import annotations

import dataclasses
import logging
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator, Sequence

from glossary.fuzzy import MIN_LETTERS, spelled_like_any
from glossary.model import Glossary
from glossary.phonetic import phonemes, prime, similarity
from transcribe.audio import RATE
from transcribe.transcript import Word

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

SUSPECT = 0.75  # a word under this probability is one the model doubted
MIN_SIMILARITY = 0.35  # phonetic similarity (0..1) for a span to be a candidate at all
# ("Aspera" for Sderot is 0.36 alike; the audio, not the spelling, is the judge)
MARGIN = 3.0  # nats the name may score below the heard text and still win ("nearly so"):
# misheard names scored at worst 2.6 below, other spans at best 4.1 below (docstring)
MAX_CHOICES = 3  # names scored for one span
CONTEXT_MS = 8_000  # audio and words on each side of the span given to the scorer
MAX_GAP_MS = 1_500  # context never crosses a pause this long (another thought)
PAD_MS = 200
_FUNCTION = frozenset("""a an the of to in on at by for with from and or but is was were are be
    it its this that these those my your his her our their i we he she they you me us him them
    not no so as if than then there here""".split())
_SENTENCE_END = (".", "?", "!", "…")
_DIGITS = re.compile(r"\d+")
_KEY_JUNK = re.compile(r"[\s'’ʼ`\u05f3\-.,;:!?\"“”()]+")


@dataclass(frozen=True)
class NameFix:
    """One misheard name put right, with the evidence for it."""

    start_ms: int
    end_ms: int
    heard: str
    name: str
    probability: float  # the lowest word probability in the heard span
    similarity: float  # phonetic, 0..1
    score_heard: float  # log-probability of the heard sentence on its audio
    score_name: float  # ... and of the sentence with the name

    def as_dict(self) -> dict[str, object]:
        return {"start_ms": self.start_ms, "end_ms": self.end_ms, "heard": self.heard,
                "name": self.name, "probability": round(self.probability, 4),
                "similarity": round(self.similarity, 4),
                "score_heard": round(self.score_heard, 3), "score_name": round(self.score_name, 3)}

    def __str__(self) -> str:
        return (f"{self.heard!r} -> {self.name!r} at {self.start_ms / 1000:.2f} s (probability "
                f"{self.probability:.2f}, sounds {self.similarity:.2f} alike, score "
                f"{self.score_name:.2f} against {self.score_heard:.2f} as heard)")


@dataclass(frozen=True)
class _Form:
    term: str
    form: str
    key: str
    sounds: str
    words: frozenset[str]
    count: int
    digits: tuple[str, ...]


@dataclass(frozen=True)
class _Candidate:
    first: int
    stop: int
    form: _Form  # the form that sounds most alike
    similarity: float
    probability: float
    others: tuple[tuple[_Form, float], ...] = ()  # other terms' forms alike enough, with scores

    @property
    def choices(self) -> tuple[tuple[_Form, float], ...]:
        """Every term this span may be, most alike first; the audio decides between them."""
        return ((self.form, self.similarity),) + self.others


def key(text: str) -> str:
    return _KEY_JUNK.sub("", text).casefold()


def forms_of(glossary: Glossary | None, language: str | None) -> list[_Form]:
    """Every spelling of every term, with its phonemes (none without espeak-ng)."""
    if glossary is None:
        return []
    prime((form for term in glossary.terms for form in term.forms), language)
    out = []
    for term in glossary.terms:
        for form in dict.fromkeys(term.forms):
            sounds = phonemes(form, language)
            if sounds:
                words = form.split()
                out.append(_Form(term.term, form, key(form), sounds,
                                 frozenset(key(w) for w in words), len(words),
                                 tuple(_DIGITS.findall(form))))
    return out


def _bare(text: str) -> str:
    return text.strip().strip("\"'“”‘’()[]").rstrip(".,;:!?…")


def _suspects(words: Sequence[Word], longest: int, whole: set[int], spelled: list[str]
              ) -> Iterator[tuple[int, int, str, float]]:
    """(first, stop, text, lowest probability) of every span in one sentence of up to
    ``longest`` words that holds no part of a name already written whole, and either a doubted
    word or, capitalized, a spelling close to a form's in ``spelled`` (keys): "United Hatsala",
    or "Nativity", which reads like Netivot's variant "Nativot" and must be put to the audio,
    not fixed on its letters."""
    for i in range(len(words)):
        for stop in range(i + 1, min(len(words), i + longest) + 1):
            span = words[i:stop]
            if stop - i > 1 and (span[-2].text.rstrip().endswith(_SENTENCE_END)
                                 or span[-1].start_ms - span[-2].end_ms > 1000):
                break
            text = " ".join(_bare(w.text) for w in span)
            if not text or whole.intersection(range(i, stop)):
                break  # the name is already there, whole; a span never takes part of it
            low = min(w.probability for w in span)
            if low < SUSPECT or _spelled_like(text, spelled):
                yield i, stop, text, low


def _spelled_like(text: str, spelled: list[str]) -> bool:
    bare = key(text)
    return text[:1].isupper() and len(bare) >= MIN_LETTERS and spelled_like_any(bare, spelled)


def candidates(words: Sequence[Word], forms: list[_Form], language: str | None
               ) -> list[_Candidate]:
    """Suspect spans that sound like a form, best first, not overlapping one another."""
    if not forms:
        return []
    exact = {f.key for f in forms}
    longest = max(f.count for f in forms) + 1
    keys = [key(_bare(w.text)) for w in words]
    whole = {n for a in range(len(words)) for b in range(a + 1, min(len(words), a + longest) + 1)
             if "".join(keys[a:b]) in exact for n in range(a, b)}
    suspects = list(_suspects(words, longest, whole,
                              [f.key for f in forms if len(f.key) >= MIN_LETTERS]))
    prime((text for _, _, text, _ in suspects), language)  # one espeak-ng run for them all
    found: list[_Candidate] = []
    for i, stop, text, low in suspects:
        span = words[i:stop]
        heard = phonemes(text, language)
        if not heard:
            continue
        for form in forms:
            if abs(form.count - len(span)) > 1 or form.digits != tuple(_DIGITS.findall(text)):
                continue
            if any(key(w.text) in _FUNCTION and key(w.text) not in form.words for w in span):
                continue
            score = similarity(heard, form.sounds)
            if score >= MIN_SIMILARITY:
                found.append(_Candidate(i, stop, form, score, low))
    found.sort(key=lambda c: (-c.similarity, c.first))
    chosen: list[_Candidate] = []
    for cand in found:
        if not any(cand.first < c.stop and c.first < cand.stop for c in chosen):
            others = {}  # the span may be another name ("Midabot": Netivot or Sderot?)
            for other in found:
                if (other.first, other.stop) == (cand.first, cand.stop) and \
                        other.form.term != cand.form.term and other.form.term not in others:
                    others[other.form.term] = (other.form, other.similarity)
            chosen.append(dataclasses.replace(
                cand, others=tuple(others.values())[:MAX_CHOICES - 1]))
    return sorted(chosen, key=lambda c: c.first)


def glue(words: Sequence[Word]) -> list[Word]:
    """Pieces Whisper splits off without a space (`` Re`` + ``'im.``) joined to their word, as
    the cues join them: a name is matched and scored whole."""
    out: list[Word] = []
    for w in words:
        if out and w.text[:1] not in (" ", "") and out[-1].text.strip():
            prev = out[-1]
            out[-1] = Word(prev.start_ms, max(prev.end_ms, w.end_ms), prev.text + w.text,
                           min(prev.probability, w.probability))
        else:
            out.append(w)
    return out


def _context(words: Sequence[Word], first: int, stop: int) -> tuple[int, int]:
    """Word range around a span: its sentence neighbourhood, within ``CONTEXT_MS``, never
    across a long pause."""
    lo = first
    while lo > 0 and words[lo - 1].end_ms >= words[first].start_ms - CONTEXT_MS \
            and words[lo].start_ms - words[lo - 1].end_ms <= MAX_GAP_MS:
        lo -= 1
    hi = stop
    while hi < len(words) and words[hi].start_ms <= words[stop - 1].end_ms + CONTEXT_MS \
            and words[hi].start_ms - words[hi - 1].end_ms <= MAX_GAP_MS:
        hi += 1
    return lo, hi


def _replacement(span: Sequence[Word], name: str) -> str:
    last = span[-1].text.rstrip()
    tail = last[len(last.rstrip(".,;:!?…\"”’)")):]
    possessive = "'s" if re.search(r"['’]s$", _bare(last)) and not name.endswith("s") else ""
    return " " + name + possessive + tail


def score_texts(model: Any, audio: "np.ndarray", start_ms: int, end_ms: int,
                texts: list[str], language: str, prompt: str | None = None) -> list[float]:
    """Log-probability of each text spoken in ``audio[start_ms:end_ms]`` (forced decoding),
    after ``prompt`` as the previous text (as the decode had it)."""
    import ctranslate2
    import numpy as np
    from faster_whisper.tokenizer import Tokenizer

    clip = audio[max(0, start_ms) * RATE // 1000:end_ms * RATE // 1000]
    mel = model.feature_extractor(clip)[..., :-1]
    frames = min(mel.shape[-1], 3000)
    # the clip alone, not padded to 30 s: 4x cheaper, and the verdicts held (Kibbet's Ram against
    # Kibbutz Re'im: -64.99/-64.66 padded, -65.18/-65.64 alone; near misses lost by 18-23 nats)
    encoded = np.asarray(model.encode(mel[np.newaxis, :, :frames].astype(np.float32)))
    batch = np.ascontiguousarray(np.repeat(encoded, len(texts), axis=0))
    tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe",
                          language=language if model.model.is_multilingual else "en")
    start = list(tokenizer.sot_sequence) + [tokenizer.no_timestamps]
    if prompt:
        start = [tokenizer.sot_prev] + tokenizer.encode(" " + prompt.strip()) + start
    tokens = [tokenizer.encode(" " + t.strip()) for t in texts]
    results = model.model.align(ctranslate2.StorageView.from_array(batch), start, tokens,
                                [frames] * len(texts))
    return [float(sum(math.log(max(p, 1e-12)) for p in r.text_token_probs)) for r in results]


def fix_names(model: Any, audio: "np.ndarray", words: Sequence[Word],
              glossary: Glossary | None, language: str,
              prompt: str | None = None) -> tuple[list[Word], list[NameFix]]:
    """``words`` with the misheard names put right, and the fixes made (see the docstring).

    ``prompt`` is the glossary prompt the decode was given; the texts are scored after it. The
    same mishearing said again inside the context is replaced with it: scored alone, "...to the
    Mivtachim junction. From Mitahim, a bus..." lost by 7.1 nats to the heard text, where both
    sayings replaced lost by 2.4 (a text that names one place two ways is unlikely either way)."""
    spoken = None if language == "und" else language
    forms = forms_of(glossary, spoken)
    words = glue(words)
    found = candidates(words, forms, spoken)
    heard_key = {c.first: key(" ".join(_bare(w.text) for w in words[c.first:c.stop]))
                 for c in found}
    done: dict[int, tuple[_Candidate, str, NameFix]] = {}  # first word -> the fix there
    for cand in found:
        if cand.first in done:
            continue
        lo, hi = _context(words, cand.first, cand.stop)
        spans = [c for c in found if lo <= c.first and c.stop <= hi and c.first not in done
                 and heard_key[c.first] == heard_key[cand.first]]  # cand among them
        start, end = words[lo].start_ms - PAD_MS, words[hi - 1].end_ms + PAD_MS
        if end - start > 29_000:
            continue
        texts = [_text(words, lo, hi, spans, None)] + \
            [_text(words, lo, hi, spans, form.term) for form, _ in cand.choices]
        scores = score_texts(model, audio, start, end, texts,
                             language if language != "und" else "en", prompt)
        score_heard = scores[0]
        best = max(range(len(cand.choices)), key=lambda n: scores[n + 1])
        score_name, (form, alike) = scores[best + 1], cand.choices[best]
        heard = "".join(w.text for w in words[cand.first:cand.stop]).strip()
        log.debug("name candidate %r (%d in its context) ~ %s: scores %.2f as heard, %s", heard,
                  len(spans), ", ".join(f"{f.term!r} (sounds {s:.2f} alike)"
                                        for f, s in cand.choices),
                  score_heard, ", ".join(f"{x:.2f}" for x in scores[1:]))
        if score_name < score_heard - MARGIN:
            continue
        for c in spans:
            span = words[c.first:c.stop]
            new = _replacement(span, form.term)
            fix = NameFix(span[0].start_ms, span[-1].end_ms,
                          "".join(w.text for w in span).strip(), new.strip(), c.probability,
                          alike, score_heard, score_name)
            log.info("name fixed: %s", fix)
            done[c.first] = (c, new, fix)
    out: list[Word] = []
    index = 0
    while index < len(words):
        if index in done:
            c, new, _ = done[index]
            span = words[c.first:c.stop]
            out.append(Word(span[0].start_ms, span[-1].end_ms, new, c.probability))
            index = c.stop
        else:
            out.append(words[index])
            index += 1
    return out, [done[n][2] for n in sorted(done)]


def _text(words: Sequence[Word], lo: int, hi: int, spans: Sequence[_Candidate],
          name: str | None) -> str:
    """``words[lo:hi]`` as one text, each of ``spans`` as heard (``name`` None) or as ``name``."""
    starts = {c.first: c for c in spans}
    parts: list[str] = []
    index = lo
    while index < hi:
        c = starts.get(index)
        if c is not None and name is not None:
            parts.append(_replacement(words[c.first:c.stop], name))
            index = c.stop
        else:
            parts.append(words[index].text)
            index += 1
    return "".join(parts)
