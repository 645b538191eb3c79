"""Read the producer's glossary spreadsheet (CSV, or TSV by extension) into a ``Glossary``.

The file is edited by hand in LibreOffice or Excel, so the reader is strict about what would
silently produce wrong subtitles (a duplicate term, a variant claimed by two terms, a column
whose language nobody can tell, a file that is not UTF-8) and says exactly where, with every
problem at once: ``names.csv:7: error: duplicate term "ZAKA" (first on line 3)``.
"""
from __future__ import annotations

import codecs
import csv
import os
import re
from pathlib import Path
from typing import Iterator

from subtitles.errors import GlossaryError, Problem, UnknownLanguage
from subtitles.languages import normalize_language

from glossary.model import Glossary, Term

FIXED_COLUMNS = ("term", "variants", "type", "keep", "note")
_ALIASES = {"notes": "note", "variant": "variants"}
_YES = {"yes", "y", "true", "1", "x"}
_NO = {"", "no", "n", "false", "0"}
_KEY_JUNK = re.compile(r"[\s'’ʼ`\-\u05f3\u05f4\"]+")


def form_key(text: str) -> str:
    """A spelling reduced to what two people could disagree on: case, spaces, apostrophes."""
    return _KEY_JUNK.sub("", text).casefold()


def load_glossary(path: str | os.PathLike[str]) -> Glossary:
    """Read and validate a glossary file; raise GlossaryError listing every problem."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise GlossaryError(name, (Problem(name, None, "error", "no such file"),)) from None
    except IsADirectoryError:
        raise GlossaryError(name, (Problem(name, None, "error", "is a folder, not a file"),)
                            ) from None
    except PermissionError:
        raise GlossaryError(name, (Problem(name, None, "error", "permission denied"),)) from None
    text = _decode(data, name)
    delimiter = _delimiter(text, name)
    return parse_glossary(text, name, delimiter=delimiter)


def _delimiter(text: str, path: str) -> str:
    """Tab for .tsv; for .csv a comma, unless the header has none but has ``;`` or tabs.

    Spreadsheets in many European locales save "CSV" with semicolons; refusing those files
    would only send the producer looking for a setting.
    """
    if Path(path).suffix.lower() in (".tsv", ".tab"):
        return "\t"
    header = next((line for line in text.splitlines()
                   if line.strip() and not line.lstrip().startswith("#")), "")
    if "," not in header:
        for other in (";", "\t"):
            if other in header:
                return other
    return ","


def _decode(data: bytes, path: str) -> str:
    """UTF-8, with or without BOM; anything else is refused with the line of the first bad byte.

    Guessing a legacy encoding (as subtitle files get) is wrong here: a glossary is the source of
    truth for spellings, and a mis-guessed Hebrew code page would be copied into every subtitle.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        problem = Problem(path, line, "error",
                          f"not UTF-8 (byte 0x{data[err.start]:02x})",
                          "save the glossary as CSV UTF-8")
        raise GlossaryError(path, (problem,)) from None


def _rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """CSV rows with the 1-based line each starts on, skipping ``#`` comments and blank rows."""
    physical: list[int] = []

    def lines() -> Iterator[str]:
        for number, line in enumerate(text.splitlines(keepends=True), start=1):
            if line.lstrip().startswith("#"):
                continue
            physical.append(number)
            yield line

    reader = csv.reader(lines(), delimiter=delimiter)
    consumed = 0
    for row in reader:
        start = physical[consumed] if consumed < len(physical) else len(physical)
        consumed = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        yield start, row


def parse_glossary(text: str, path: str = "<glossary>", *, delimiter: str = ",") -> Glossary:
    """Glossary text -> Glossary; every problem found is raised together in one GlossaryError."""
    rows = _rows(text, delimiter)
    header = next(rows, None)
    if header is None:
        raise GlossaryError(path, (Problem(path, 1, "error", "no header row",
                                           "the first row names the columns: term,variants,..."),))
    header_line, cells = header
    columns, languages, problems = _parse_header(cells, path, header_line)
    if problems:
        raise GlossaryError(path, tuple(problems))
    terms: list[Term] = []
    for line, row in rows:
        term = _parse_row(row, columns, path, line, problems)
        if term is not None:
            terms.append(term)
    problems.extend(_check_unique(terms, path))
    if problems:
        raise GlossaryError(path, tuple(sorted(problems, key=lambda p: p.line or 0)))
    return Glossary(tuple(terms), tuple(languages), path)


def _parse_header(cells: list[str], path: str, line: int
                  ) -> tuple[list[str], list[str], list[Problem]]:
    """Column names, normalized: fixed names lower-cased, language tags in standard form."""
    columns: list[str] = []
    languages: list[str] = []
    problems: list[Problem] = []
    for index, raw in enumerate(cells, start=1):
        name = raw.strip().lstrip("\ufeff")
        lowered = _ALIASES.get(name.lower(), name.lower())
        if lowered in FIXED_COLUMNS:
            column = lowered
        elif not name:
            problems.append(Problem(path, line, "error", f"column {index} has no name",
                                    "name it, or delete the column"))
            column = ""
        else:
            try:
                column = normalize_language(name)
            except UnknownLanguage:
                problems.append(Problem(
                    path, line, "error", f"unknown language tag {name!r} in column {index}",
                    "columns are term, variants, type, keep, note, or BCP-47 tags such as "
                    "es, he, pt-BR"))
                column = ""
            else:
                languages.append(column)
        if column and column in columns:
            problems.append(Problem(path, line, "error", f"duplicate column {name!r}"))
        columns.append(column)
    if "term" not in columns:
        problems.insert(0, Problem(path, line, "error", "missing 'term' column",
                                   "the header must name a column 'term'"))
    return columns, languages, problems


def _parse_row(row: list[str], columns: list[str], path: str, line: int,
               problems: list[Problem]) -> Term | None:
    if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns):]):
        problems.append(Problem(path, line, "error",
                                f"{len(row)} cells but the header names {len(columns)} columns",
                                "quote cells that contain the separator"))
        return None
    values = {column: row[i].strip() for i, column in enumerate(columns)
              if column and i < len(row)}
    term = values.get("term", "")
    if not term:
        problems.append(Problem(path, line, "error", "empty term"))
        return None
    keep_text = values.get("keep", "").lower()
    if keep_text not in _YES | _NO:
        problems.append(Problem(path, line, "error", f"keep must be yes or no, not {keep_text!r}"))
        return None
    variants: list[str] = []
    for variant in (v.strip() for v in values.get("variants", "").split("|")):
        if variant and variant != term and variant not in variants:
            variants.append(variant)
    renderings = {column: values[column] for column in columns
                  if column and column not in FIXED_COLUMNS and values.get(column)}
    return Term(term=term, variants=tuple(variants),
                type=(values.get("type") or "other").lower(), keep=keep_text in _YES,
                renderings=renderings, note=values.get("note", ""), line=line)


def _check_unique(terms: list[Term], path: str) -> list[Problem]:
    """Each spelling may stand for one term only, or apply could not know what to write."""
    problems: list[Problem] = []
    owners: dict[str, Term] = {}
    for term in terms:
        key = form_key(term.term)
        first = owners.get(key)
        if first is not None:
            problems.append(Problem(path, term.line, "error",
                                    f"duplicate term \"{term.term}\" (first on line {first.line})"))
            continue
        owners[key] = term
    for term in terms:
        for variant in term.variants:
            key = form_key(variant)
            owner = owners.get(key)
            if owner is None:
                owners[key] = term
            elif owner is not term:
                problems.append(Problem(
                    path, term.line, "error",
                    f"variant \"{variant}\" of \"{term.term}\" is also claimed by "
                    f"\"{owner.term}\" (line {owner.line})"))
    return problems
