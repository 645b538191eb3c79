"""The QA report: per language, how readable the track is and what a person should look at.

``report.json`` is for tools; ``report.html`` is for the producer. Both list each finding as
``PATH:LINE`` against a file in the pack, so a person can open it at the line. Findings come in
three kinds (and a fourth list: the cues split or given words to fit the platforms' limits,
``subtitles.fit``): readability (CPS, CPL, line count, duration, gaps, from ``subtitles.readability``),
glossary misses (``glossary.check``), and cues the translation marked for review. A language
that is unreviewed machine translation says so, with its engine (issue 13). All text in
the HTML comes from data (cue text, the title, messages quoting cue text) and is escaped.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from subtitles.errors import Problem
from subtitles.languages import language_name
from subtitles.platforms import html_text


@dataclass(frozen=True)
class LanguageQA:
    """Findings for one language; ``flagged_cues`` counts cues with a readability finding."""

    language: str
    file: str | None            # the file the lines refer to (None: the language has none)
    cues: int
    flagged_cues: int
    is_source: bool = False
    readability: tuple[Problem, ...] = ()
    glossary: tuple[Problem, ...] = ()
    review: tuple[Problem, ...] = ()
    engine: str | None = None
    stats: dict[str, object] = field(default_factory=dict)
    # issue 16: a plain sentence a person must read first ("left out: 7 of 16 cues translated")
    notice: str | None = None
    fitted: tuple[Problem, ...] = ()   # cues split or given words to fit the platforms' limits
    machine: str | None = None         # "unreviewed machine translation (ENGINE)", else None

    @property
    def within_profile_pct(self) -> float:
        if not self.cues:
            return 100.0
        return round(100.0 * (self.cues - self.flagged_cues) / self.cues, 1)

    def by_code(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for problem in self.readability:
            key = problem.code or "other"
            counts[key] = counts.get(key, 0) + 1
        return dict(sorted(counts.items()))


def report_data(title: str, profile: str, languages: list[LanguageQA]) -> dict[str, object]:
    return {
        "title": title,
        "profile": profile,
        "languages": [{
            "language": qa.language,
            "name": language_name(qa.language),
            "source": qa.is_source,
            "engine": qa.engine,
            "machine_translation": qa.machine,
            "file": qa.file,
            "cues": qa.cues,
            "within_profile_pct": qa.within_profile_pct,
            "readability_by_code": qa.by_code(),
            "readability": [p.as_dict() for p in qa.readability],
            "glossary_misses": [p.as_dict() for p in qa.glossary],
            "review": [p.as_dict() for p in qa.review],
            "fitted": [p.as_dict() for p in qa.fitted],
            "stats": qa.stats,
            "notice": qa.notice,
        } for qa in languages],
    }


def report_json(title: str, profile: str, languages: list[LanguageQA]) -> str:
    return json.dumps(report_data(title, profile, languages), indent=2, ensure_ascii=False) + "\n"


def summary_lines(languages: list[LanguageQA]) -> list[str]:
    """One line per language, for the terminal after a pack."""
    lines = []
    for qa in languages:
        role = "source" if qa.is_source else (qa.machine or qa.engine or "translation")
        if qa.notice and qa.file is None and not qa.cues:  # not in the pack at all
            lines.append(f"{qa.language:<8} {qa.notice}")
            continue
        lines.append(f"{qa.language:<8} {qa.cues:>4} cues  {qa.within_profile_pct:5.1f}% within "
                     f"profile  {len(qa.readability):>3} readability  {len(qa.glossary):>3} "
                     f"glossary  {len(qa.review):>3} review  {len(qa.fitted):>3} split/moved  "
                     f"({role})")
        if qa.notice:
            lines.append(f"{'':<8} {qa.notice}")
    return lines


def _problem_rows(problems: tuple[Problem, ...]) -> str:
    if not problems:
        return "      <p class=ok>None.</p>"
    rows = []
    for p in problems:
        where = f"{p.path}:{p.line}" if p.line is not None else (p.path or "(no file)")
        hint = f" <span class=hint>({html_text(p.hint)})</span>" if p.hint else ""
        rows.append(f"        <tr><td><code>{html_text(where)}</code></td>"
                    f"<td>{html_text(p.severity)}</td><td>{html_text(p.code or '')}</td>"
                    f"<td>{html_text(p.message)}{hint}</td></tr>")
    return ("      <table>\n        <tr><th>Where</th><th>Severity</th><th>Code</th>"
            "<th>What</th></tr>\n" + "\n".join(rows) + "\n      </table>")


def _language_section(qa: LanguageQA) -> str:
    esc = html_text
    name = language_name(qa.language) + (" (original)" if qa.is_source else "")
    codes = ", ".join(f"{esc(k)}: {v}" for k, v in qa.by_code().items()) or "none"
    where = (f"in <code>{esc(qa.file)}</code>" if qa.file
             else "(no file of this language in the pack; findings name cue numbers)")
    notice = f"    <p class=notice><strong>{esc(qa.notice)}</strong></p>\n" if qa.notice else ""
    return f"""  <section>
    <h2>{esc(name)} <small><code>{esc(qa.language)}</code></small></h2>
{notice}    <p>{qa.cues} cues {where}; <strong>{qa.within_profile_pct}%</strong>
       within profile. Readability findings by kind: {codes}.
       {('Engine: ' + esc(qa.engine) + '.') if qa.engine else ''}</p>
{_machine_note(qa)}
    <h3>Readability ({len(qa.readability)})</h3>
{_problem_rows(qa.readability)}
    <h3>Glossary misses ({len(qa.glossary)})</h3>
{_problem_rows(qa.glossary)}
    <h3>Marked for review ({len(qa.review)})</h3>
{_problem_rows(qa.review)}
    <h3>Split or moved to fit the platforms' limits ({len(qa.fitted)})</h3>
{_problem_rows(qa.fitted)}
  </section>"""


def _machine_note(qa: LanguageQA) -> str:
    if not qa.machine:
        return ""
    return (f"    <p class=mt><strong>{html_text(qa.machine[:1].upper() + qa.machine[1:])}"
            "</strong>: a draft for a person to check before it is published.</p>")


def report_html(title: str, profile: str, languages: list[LanguageQA]) -> str:
    esc = html_text
    summary = "\n".join(
        f"      <tr><td>{esc(language_name(qa.language))} <code>{esc(qa.language)}</code></td>"
        f"<td>{qa.cues}</td><td>{qa.within_profile_pct}%</td><td>{len(qa.readability)}</td>"
        f"<td>{len(qa.glossary)}</td><td>{len(qa.review)}</td><td>{len(qa.fitted)}</td>"
        f"<td>{esc(qa.machine or 'no')}</td><td>{esc(qa.notice or '')}</td></tr>"
        for qa in languages)
    sections = "\n".join(_language_section(qa) for qa in languages)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy"
        content="default-src 'none'; style-src 'unsafe-inline'">
  <title>QA report: {esc(title)}</title>
  <style>
    body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; }}
    table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ccc; padding: .2rem .5rem;
    text-align: left; vertical-align: top; }} .hint {{ color: #555; }} .ok {{ color: #070; }}
    .notice {{ color: #a00; }}
  </style>
</head>
<body>
  <h1>QA report: {esc(title)}</h1>
  <p>Readability profile: <code>{esc(profile)}</code>. Lines point into the pack folder.</p>
  <table>
      <tr><th>Language</th><th>Cues</th><th>Within profile</th><th>Readability</th>
          <th>Glossary misses</th><th>For review</th><th>Split/moved</th>
          <th>Machine translation</th><th>Note</th></tr>
{summary}
  </table>
{sections}
</body>
</html>
"""
