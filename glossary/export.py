"""Export the glossary to what other tools read: a TSV per language pair, and the hint list.

The TSV is the unidirectional glossary format both DeepL (``entries_format=tsv``) and Google
Cloud Translation (a two-column TSV without header) accept: ``source<TAB>target`` per line, UTF-8,
no header, no tabs or line breaks inside an entry, no duplicate sources. Terms the glossary leaves
to the engine (keep=no, no column for the target) are left out; kept terms map to themselves, which
is how both services are told not to translate a name.
"""
from __future__ import annotations

import re

from glossary.hints import rank_terms
from glossary.model import Glossary

_SPACE = re.compile(r"\s+")


def _cell(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def tsv_name(source: str, target: str) -> str:
    """``glossary.en-es.tsv``: the pair in the name, as DeepL and Google ask for it on upload."""
    return f"glossary.{source}-{target}.tsv"


def to_tsv(glossary: Glossary, target: str) -> str:
    """One ``term<TAB>rendering`` line per term with a fixed rendering in ``target``."""
    lines = []
    seen: set[str] = set()
    for term, rendering in glossary.renderings_for(target):
        source = _cell(term.term)
        if source in seen or not _cell(rendering):
            continue
        seen.add(source)
        lines.append(f"{source}\t{_cell(rendering)}")
    return "".join(line + "\n" for line in lines)


def hint_list(glossary: Glossary, text_sample: str | None = None) -> str:
    """Canonical spellings, most relevant first, one a line (for any ASR's custom vocabulary)."""
    return "".join(_cell(term.term) + "\n" for term in rank_terms(glossary, text_sample))
