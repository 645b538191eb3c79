"""Build a real ``.argosmodel`` package: a tiny CTranslate2 transformer with random weights.

No Argos model is reachable from this project's machines, so tests and the benchmark build one:
a SentencePiece model trained on a few sentences, a one-layer transformer made through
CTranslate2's spec API with numpy weights, zipped in Argos's layout (one folder holding
``metadata.json``, ``model/`` and ``sentencepiece.model``). Its output is nonsense, but loading,
tokenising, batched decoding and detokenising are all the real thing.
"""
from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from pathlib import Path

TRAINING = [
    "My mother took us to the station where the trains were waiting.",
    "We drove along the road to the town with the volunteers.",
    "We were so afraid of everything and nobody spoke.",
    "The soldiers came at night. Where were you? In the shelter with my brother.",
    "The people of the kibbutz waited until the morning. We never forgot them.",
]


def _weights(spec: object, vocab_size: int, depth: int, ffn: int, seed: int) -> None:
    import numpy as np

    rng = np.random.default_rng(seed)

    def shape(name: str) -> tuple[int, ...]:
        if name.endswith(("gamma", "beta")):
            return (depth,)
        if "embeddings" in name or name.startswith("decoder/projection"):
            return (vocab_size, depth)
        if "ffn/linear_0" in name:
            return (ffn, depth)
        if "ffn/linear_1" in name:
            return (depth, ffn)
        if "self_attention/linear_0" in name:
            return (3 * depth, depth)
        if "/attention/linear_1" in name:
            return (2 * depth, depth)
        return (depth, depth)

    def fill(layer: object, name: str, value: object) -> None:
        if value is None:
            if name.endswith("gamma"):
                array = np.ones(shape(name))
            elif name.endswith("beta"):
                array = np.zeros(shape(name))
            else:
                array = rng.normal(0.0, 2.8 / depth ** 0.5, shape(name))
            setattr(layer, name.split("/")[-1], array.astype(np.float32))

    spec._visit(fill)  # type: ignore[attr-defined]


def build_package(dest: Path, source: str = "en", target: str = "es",
                  version: str = "1.0", seed: int = 0, *, layers: int = 1, depth: int = 32,
                  heads: int = 2, vocab_size: int = 0) -> Path:
    """Write ``dest/translate-SRC_TGT-VERSION.argosmodel`` and return its path.

    Tests use the default toy size; the benchmark asks for Argos's real shape (6 layers,
    512 wide, 8 heads, a vocabulary padded with unused pieces to ``vocab_size``) so batching is
    measured on realistic matrix sizes.
    """
    import sentencepiece as spm
    from ctranslate2.specs import transformer_spec

    name = f"translate-{source}_{target}-{version.replace('.', '_')}"
    work = Path(tempfile.mkdtemp(prefix="argos-build-"))
    try:
        folder = work / name
        (folder / "model").mkdir(parents=True)
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(TRAINING * 10), model_prefix=str(folder / "sentencepiece"),
            vocab_size=80, model_type="unigram", hard_vocab_limit=False, minloglevel=2,
            num_threads=1)
        (folder / "sentencepiece.vocab").unlink()
        sp = spm.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
        specials = {"<unk>", "<s>", "</s>"}
        vocab = ["<blank>", "<s>", "</s>", "<unk>"] + [
            sp.id_to_piece(i) for i in range(sp.get_piece_size())
            if sp.id_to_piece(i) not in specials]
        vocab += [f"\u2581pad{i}" for i in range(max(0, vocab_size - len(vocab)))]
        spec = transformer_spec.TransformerSpec.from_config(layers, heads)
        _weights(spec, len(vocab), depth=depth, ffn=4 * depth, seed=seed)
        spec.register_source_vocabulary(vocab)
        spec.register_target_vocabulary(vocab)
        spec.validate()
        spec.optimize(quantization="int8" if depth >= 256 else None)
        spec.save(str(folder / "model"))
        (folder / "metadata.json").write_text(json.dumps({
            "package_version": version, "argos_version": "1.9", "type": "translate",
            "from_code": source, "to_code": target, "from_name": source, "to_name": target,
            "links": []}), encoding="utf-8")
        dest.mkdir(parents=True, exist_ok=True)
        package = dest / f"{name}.argosmodel"
        with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as zipf:
            for path in sorted(folder.rglob("*")):
                zipf.write(path, path.relative_to(work))
        return package
    finally:
        shutil.rmtree(work, ignore_errors=True)
