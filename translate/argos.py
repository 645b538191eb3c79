"""Argos Translate models run directly: CTranslate2 plus SentencePiece, batched over a film.

``argos-translate-lt``'s own path splits text with a sentence model it downloads at run time and
decodes each call with beam 4; we already have sentences (``translate.sentences``), so we
tokenise them ourselves, sort by length and hand CTranslate2 whole batches (beam 2, the
speed/quality point argos-translate's LibreTranslate deployments also use for throughput).
Packages live where Argos keeps them (``translate.argos_packages``).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Sequence

from subtitles.errors import EngineUnavailable
from translate.engine import engine_threads
from translate.argos_packages import ArgosPackage, installed_packages

log = logging.getLogger(__name__)

BATCH_SIZE = 32
BEAM_SIZE = 2


def install_hint() -> str:
    return "subs engines install argos FILE.argosmodel, or subs engines install argos SRC TGT"


def pairs() -> list[tuple[str, str]]:
    return sorted({(p.source, p.target) for p in installed_packages()})



@dataclass
class ArgosEngine:
    package: ArgosPackage
    name: str = "argos"
    version: str = "unknown"
    _translator: Any = field(default=None, repr=False)
    _sp: Any = field(default=None, repr=False)

    def _load(self) -> None:
        import ctranslate2  # lazy: heavy native library
        import sentencepiece

        sp_path = self.package.path / "sentencepiece.model"
        if not sp_path.exists():
            raise EngineUnavailable(f"{self.package.path}: only SentencePiece Argos packages are "
                                    "supported (no sentencepiece.model)")
        try:
            self._translator = ctranslate2.Translator(
                str(self.package.path / "model"), device="cpu", compute_type="auto",
                inter_threads=1, intra_threads=engine_threads())
            self._sp = sentencepiece.SentencePieceProcessor(model_file=str(sp_path))
        except (RuntimeError, OSError, ValueError) as err:
            raise EngineUnavailable(f"{self.package.path}: cannot load the model: {err}") from None

    def translate(self, texts: Sequence[str], source: str = "", target: str = "") -> list[str]:
        if not texts:
            return []
        if self._translator is None:
            self._load()
        tokens = [self._sp.encode(" ".join(t.split()), out_type=str) for t in texts]
        order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
        out = [""] * len(texts)
        for start in range(0, len(order), BATCH_SIZE):
            chunk = order[start:start + BATCH_SIZE]
            batch = [tokens[i] for i in chunk]
            longest = max((len(b) for b in batch), default=1)
            prefix = ([[self.package.target_prefix]] * len(batch)
                      if self.package.target_prefix else None)
            results = self._translator.translate_batch(
                batch, target_prefix=prefix, beam_size=BEAM_SIZE,
                max_decoding_length=min(512, 2 * longest + 10), max_batch_size=BATCH_SIZE)
            for i, result in zip(chunk, results):
                pieces = result.hypotheses[0]
                if self.package.target_prefix and pieces[:1] == [self.package.target_prefix]:
                    pieces = pieces[1:]
                out[i] = " ".join(self._sp.decode(pieces).split())
        return out


def load(source: str, target: str) -> ArgosEngine:
    for package in installed_packages():
        if (package.source, package.target) == (source, target):
            version = f"{package.path.name}:{package.version}"
            return ArgosEngine(package, version=version)
    raise EngineUnavailable(f"argos has no {source} -> {target} package; "
                            f"to add one: {install_hint()}")
