"""The web preview page: one ``<video>`` with a ``<track>`` per language, and a caption box.

Everything from a person (title, labels, file names) is HTML-escaped. The one script is ours,
inline and allowed by its sha256 in the Content-Security-Policy (which forbids any other), so a
``<script>`` typed into a cue or a title cannot run; cue text reaches the browser only as
escaped WebVTT and the script writes it with ``textContent``, never as HTML.

The caption box exists because testimonies are often audio only, and Chromium paints no cues
over a ``<video>`` that has no picture; the box shows the showing track's active cue below the
player (hidden when the media has a picture, where the player draws the cues itself).
Right-to-left tracks get no Unicode marks in their WebVTT: the box and the track list carry
``lang`` and ``dir="rtl"`` instead. Each track is labelled in its own language (Español,
עברית), so an element marked ``lang="he" dir="rtl"`` holds Hebrew only; the source is the
``default`` track, and the list says "original" outside the language's element. A machine
translation no person has reviewed says so (issue 13): "(MT)" after its label in the player's
menu, and which engine made it in the list.
"""
from __future__ import annotations

import base64
import hashlib
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
    machine: str | None = None  # "unreviewed machine translation (apertium ...)" (issue 13)


# Shows the active cue of the showing track below the player, with that track's lang and dir.
SCRIPT = """
(function () {
  var video = document.getElementById('player');
  var box = document.getElementById('captions');
  var elements = document.querySelectorAll('track');
  function show() {
    var lines = [];
    box.hidden = video.videoWidth > 0;
    for (var i = 0; i < elements.length; i++) {
      var track = elements[i].track;
      if (track.mode !== 'showing' || !track.activeCues) continue;
      box.lang = elements[i].srclang;
      box.dir = elements[i].getAttribute('data-dir');
      for (var j = 0; j < track.activeCues.length; j++) {
        lines.push(track.activeCues[j].getCueAsHTML().textContent);
      }
    }
    box.textContent = lines.join('\\n');
  }
  for (var i = 0; i < elements.length; i++) {
    elements[i].track.addEventListener('cuechange', show);
  }
  video.textTracks.addEventListener('change', show);
  video.addEventListener('loadedmetadata', show);
  video.addEventListener('seeked', show);
})();
"""
SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode()


def track_label(language: str) -> str:
    """The language's name in that language, first letter capitalised: ``pt-BR`` ->
    ``Português (Brasil)``, ``he`` -> ``עברית``; the English name where langcodes has none."""
    import langcodes

    try:
        lang = langcodes.Language.get(language)
        name = str(lang.display_name(language)) if lang.language else ""
    except Exception:  # language_data missing or an odd tag: fall back as language_name does
        name = ""
    if not name or name.startswith("Unknown language"):
        name = language_name(language)
    return name[:1].upper() + name[1:]


def index_html(title: str, tracks: list[WebTrack], media: str | None,
               media_note: str | None = None) -> str:
    """The page text. ``media`` is a URL relative to the page (a copied file or a link)."""
    esc = html_text
    rows = []
    elements = []
    for track in tracks:
        label = track_label(track.language) + (" (MT)" if track.machine else "")
        default = " default" if track.is_source else ""
        elements.append(
            f'    <track kind="subtitles" src="{esc(quote(track.file))}" '
            f'srclang="{esc(track.language)}" label="{esc(label)}" '
            f'data-dir="{"rtl" if is_rtl(track.language) else "ltr"}"{default}>')
        direction = "rtl" if is_rtl(track.language) else "ltr"
        rows.append(
            f'      <li><a href="{esc(quote(track.file))}" lang="{esc(track.language)}" '
            f'dir="{direction}">{esc(label)}</a> '
            f'<small>{"original, " if track.is_source else ""}'
            f'{esc(track.machine) + ", " if track.machine else ""}{track.cues} cues</small></li>')
    source = f' src="{esc(media)}"' if media else ""
    note = f"\n  <p>{esc(media_note)}</p>" if media_note else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy"
        content="default-src 'self'; script-src 'sha256-{SCRIPT_HASH}'; object-src 'none';
                 style-src 'unsafe-inline'">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{esc(title)}</title>
  <style>
    body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; }}
    video {{ width: 100%; min-height: 20rem; background: #000; }}
    video::cue {{ font-size: 1.1em; }}
    #captions {{ white-space: pre-line; min-height: 3em; font-size: 1.4em; text-align: center;
                 background: #111; color: #fff; padding: .4em; margin: 0; }}
  </style>
</head>
<body>
  <h1>{esc(title)}</h1>
  <video id="player" controls preload="metadata"{source}>
{chr(10).join(elements)}
  </video>
  <p id="captions" aria-live="polite"></p>{note}
  <h2>Subtitles</h2>
  <ul>
{chr(10).join(rows)}
  </ul>
  <p><small>Pick a language with the player's captions button. Made by subs pack.</small></p>
  <script>{SCRIPT}</script>
</body>
</html>
"""
