"""The web preview page: one ``<video>`` with a ``<track>`` per language, and nothing else.

Everything from a person (title, labels, file names) is HTML-escaped; the page has no script at
all and a Content-Security-Policy that forbids one, so a ``<script>`` typed into a cue or a
title can neither run from the page nor from a cue (cue text reaches the browser only through
WebVTT, escaped by ``subtitles.platforms.vtt_escape``). Right-to-left tracks get no Unicode
marks in their WebVTT: the page sets ``lang``/``dir`` on what it shows about them instead.
A ``<video>`` element is used for audio too, because an ``<audio>`` element draws no captions.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from subtitles.languages import is_rtl, language_name
from subtitles.platforms import html_text


@dataclass(frozen=True)
class WebTrack:
    language: str
    file: str            # name of the .vtt beside index.html
    cues: int
    is_source: bool = False


def track_label(language: str, is_source: bool) -> str:
    name = language_name(language)
    return f"{name} (original)" if is_source else name


def index_html(title: str, tracks: list[WebTrack], media: str | None,
               media_note: str | None = None) -> str:
    """The page text. ``media`` is a URL relative to the page (a copied file or a link)."""
    esc = html_text
    rows = []
    elements = []
    for track in tracks:
        label = track_label(track.language, track.is_source)
        default = " default" if track.is_source else ""
        elements.append(
            f'    <track kind="subtitles" src="{esc(quote(track.file))}" '
            f'srclang="{esc(track.language)}" label="{esc(label)}"{default}>')
        direction = "rtl" if is_rtl(track.language) else "ltr"
        rows.append(
            f'      <li><a href="{esc(quote(track.file))}" lang="{esc(track.language)}" '
            f'dir="{direction}">{esc(label)}</a> <small>{track.cues} cues</small></li>')
    source = f' src="{esc(media)}"' if media else ""
    note = f"\n  <p>{esc(media_note)}</p>" if media_note else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy"
        content="default-src 'self'; script-src 'none'; object-src 'none'; style-src 'unsafe-inline'">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{esc(title)}</title>
  <style>
    body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; }}
    video {{ width: 100%; min-height: 20rem; background: #000; }}
    video::cue {{ font-size: 1.1em; }}
  </style>
</head>
<body>
  <h1>{esc(title)}</h1>
  <video id="player" controls preload="metadata"{source}>
{chr(10).join(elements)}
  </video>{note}
  <h2>Subtitles</h2>
  <ul>
{chr(10).join(rows)}
  </ul>
  <p><small>Pick a language with the player's captions button. Made by subs pack.</small></p>
</body>
</html>
"""
