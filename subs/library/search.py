"""Searching every word of every transcript: SQLite FTS5 over cues, word times for the timecode.

Query language (kept small, as editors type it): bare words must all occur in one cue
(``Route 232``); ``"quoted words"`` must occur together in that order; ``word*`` matches every
word starting with ``word``. Case and accents never matter (FTS5 ``unicode61
remove_diacritics``). Results are ranked by FTS5's BM25.

Glossary variants count as the term: a query word (or run of words) that is any spelling of a
glossary term (``Zaka``, ``Rayim``) searches for all of that term's spellings (``ZAKA``,
``Re'im``, ``Rayim``), so a hit is found whether or not the transcript was corrected.

The timecode printed is the start of the first matching *word* (from the word timings stored
with the transcript), not of the cue, so an editor lands on the word itself.
"""
from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from subs.library.db import Library
from subs.library.errors import LibraryError
from subtitles.failures import FileFailure
from subtitles.timing import format_vtt

if TYPE_CHECKING:
    from glossary.model import Glossary

_QUERY_PART = re.compile(r'"([^"]*)"|(\S+)')
_TOKEN = re.compile(r"\w+")
# What SQLite says about a MATCH expression it cannot parse (the rest is about the database).
_QUERY_FAULT = re.compile(r"fts5|syntax error|unterminated string|no such column|unknown special")

Tokens = tuple[str, ...]


@dataclass(frozen=True)
class Unit:
    """One thing that must match: any of ``forms`` (token sequences); ``prefix`` on the last."""

    forms: tuple[Tokens, ...]
    prefix: bool = False

    def fts(self) -> str:
        star = "*" if self.prefix else ""
        parts = [f'"{" ".join(form)}"{star}' for form in self.forms]
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


@dataclass(frozen=True)
class Hit:
    path: str
    content_hash: str
    time_ms: int
    cue_start_ms: int
    cue_end_ms: int
    text: str
    rank: float

    def as_dict(self) -> dict[str, object]:
        return {"file": self.path, "time_ms": self.time_ms, "time": format_vtt(self.time_ms),
                "cue_start_ms": self.cue_start_ms, "cue_end_ms": self.cue_end_ms,
                "text": self.text, "rank": self.rank, "hash": self.content_hash}


def tokens(text: str) -> Tokens:
    """Words as FTS5's unicode61 tokenizer sees them: lowercased, accents removed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return tuple(t for t in _TOKEN.findall(plain.replace("_", " ")))


def parse_query(query: str, glossary: "Glossary | None" = None) -> list[Unit]:
    """The query as units to AND together; glossary spellings widened to all of a term's forms."""
    variants = _variant_table(glossary)
    units: list[Unit] = []
    bare: list[Tokens] = []

    def flush() -> None:
        units.extend(_expand(bare, variants))
        bare.clear()

    for match in _QUERY_PART.finditer(query):
        phrase, word = match.group(1), match.group(2)
        if phrase is not None:
            flush()
            toks = tokens(phrase)
            if toks:
                units.append(Unit(variants.get(toks, (toks,))))
        elif word.endswith("*") and tokens(word):
            flush()
            units.append(Unit((tokens(word),), prefix=True))
        elif tokens(word):
            bare.append(tokens(word))
    flush()
    if not units:
        raise LibraryError(f"nothing to search for in {query!r} (give a word, a \"phrase\" "
                           "or a prefix*)")
    return units


def _variant_table(glossary: "Glossary | None") -> dict[Tokens, tuple[Tokens, ...]]:
    """Token form of every spelling -> token forms of all spellings of its term."""
    table: dict[Tokens, tuple[Tokens, ...]] = {}
    for term in glossary or ():
        forms = tuple(dict.fromkeys(t for t in (tokens(f) for f in term.forms) if t))
        for form in forms:
            table.setdefault(form, forms)
    return table


def _expand(words: Sequence[Tokens], variants: dict[Tokens, tuple[Tokens, ...]]) -> list[Unit]:
    """Bare words -> units, merging the longest run of words that spells a glossary term.

    A bare word with inner punctuation (``Re'im``) is several tokens; it stays one unit (a
    phrase) so ``re`` and ``im`` must be adjacent.
    """
    units: list[Unit] = []
    longest = max((len(key) for key in variants), default=0)  # #15: runs past it never match
    i = 0
    while i < len(words):
        for size in range(min(len(words) - i, longest), 0, -1):
            key = tuple(tok for word in words[i:i + size] for tok in word)
            if key in variants:
                units.append(Unit(variants[key]))
                i += size
                break
        else:
            units.append(Unit((words[i],)))
            i += 1
    return units


def search(lib: Library, query: str, *, glossary: "Glossary | None" = None,
           limit: int = 100) -> list[Hit]:
    """Every cue matching ``query``, best first, with the time of its first matching word."""
    from subs.library.scan import primary_path

    units = parse_query(query, glossary)
    match = " AND ".join(u.fts() for u in units)
    try:
        rows = lib.conn.execute(
            "SELECT c.hash, c.start_ms, c.end_ms, c.text, bm25(cues_fts) AS rank "
            "FROM cues_fts JOIN cues c ON c.id = cues_fts.cue_id "
            "WHERE cues_fts MATCH ? ORDER BY rank, c.hash, c.start_ms LIMIT ?",
            (match, limit)).fetchall()
    except sqlite3.OperationalError as err:
        if not _QUERY_FAULT.search(str(err)):
            raise LibraryError(f"{lib.folder}: cannot search the library: {err}") from None
        # an FTS5 syntax we failed to escape: the query's fault, so name it
        raise LibraryError(f"cannot search for {query!r}: {err}") from None
    except sqlite3.DatabaseError as err:  # not a database, damaged: the library's fault
        raise LibraryError(f"{lib.folder}: cannot search the library: {err}") from None
    except FileFailure as err:  # the same, as the guarded connection names it (#15)
        detail = err.reason.removeprefix("damaged or not a SQLite database: ")
        raise LibraryError(f"{lib.folder}: cannot search the library: {detail} "
                           f"({err.hint})") from None
    paths: dict[str, str] = {}
    hits = []
    for row in rows:
        key = row["hash"]
        if key not in paths:
            paths[key] = primary_path(lib, key)
        time_ms = _word_time(lib, key, row["start_ms"], row["end_ms"], units)
        hits.append(Hit(paths[key], key, time_ms, row["start_ms"], row["end_ms"],
                        " ".join(row["text"].split()), float(row["rank"])))
    return hits


def _word_time(lib: Library, content_hash: str, start_ms: int, end_ms: int,
               units: list[Unit]) -> int:
    """Start of the first word of the cue where any unit's spelling begins; else the cue start."""
    rows = lib.conn.execute("SELECT start_ms, text FROM words WHERE hash = ? AND start_ms >= ? "
                            "AND start_ms < ? ORDER BY idx", (content_hash, start_ms - 20,
                                                              end_ms)).fetchall()
    stream: list[tuple[str, int]] = [(tok, row["start_ms"]) for row in rows
                                     for tok in tokens(row["text"])]
    toks = [t for t, _ in stream]
    for pos in range(len(toks)):
        for unit in units:
            for form in unit.forms:
                if _matches_at(toks, pos, form, unit.prefix):
                    return stream[pos][1]
    return start_ms


def _matches_at(toks: list[str], pos: int, form: Tokens, prefix: bool) -> bool:
    if pos + len(form) > len(toks):
        return False
    head, last = form[:-1], form[-1]
    if tuple(toks[pos:pos + len(head)]) != head:
        return False
    word = toks[pos + len(head)]
    return word.startswith(last) if prefix else word == last
