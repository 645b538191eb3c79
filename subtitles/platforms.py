"""Where captions go and what each platform wants: file names, markup, right-to-left marks.

Pure rules, no files: ``subs pack`` asks this module how to name and shape a track for each
platform. The source of every rule is in docs/platforms.md. In short:

* YouTube takes ``NAME.<bcp47>.srt`` (or ``.sbv``) and ignores styling tags in SRT, so tags are
  stripped rather than shown literally by some of its renderers.
* Facebook only accepts ``NAME.<ll_CC>.srt``, with its own locale table (``ar_AR``, ``es_LA``).
* X takes SRT only and the language is picked in the upload form, so the name carries the tag.
* Vimeo takes WebVTT and SRT; its player is a browser, which applies the Unicode bidi algorithm.
* The web page uses WebVTT with ``srclang``; direction comes from ``dir``/``lang``, not marks.

Platforms that keep markup (Vimeo, the web page) get it as WebVTT knows it: ``<i>``, ``<b>``,
``<u>`` without attributes; ``<font>`` tags go (their text stays), ASS overrides such as
``{\\an8}`` go everywhere. Anything else tag-shaped is left as text in WebVTT, whose writer
escapes it, and stripped from SRT, which has no escape (Vimeo's ``.srt``, as YouTube's).

Right-to-left tracks (Hebrew, Arabic...) render with punctuation and numbers on the wrong side in
players that lay each line out left-to-right (xbmc #22398, Subtitle Edit #2768). Upload SRTs get
each line wrapped in RLE...PDF, which forces right-to-left order in any bidi-aware renderer
whatever its paragraph direction; Vimeo gets an RLM at both ends of each line: the first sets a
browser's paragraph direction, the last keeps end-of-line punctuation on the left even where a
line is laid out left to right, and neither needs a partner that an edit could lose.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable, Literal

from subtitles.errors import SubsError
from subtitles.languages import base_language, is_rtl
from subtitles.markup import TAG as _TAG
from subtitles.model import Track

RLM = "\u200f"  # RIGHT-TO-LEFT MARK: a strong RTL character of zero width
RLE = "\u202b"  # RIGHT-TO-LEFT EMBEDDING: opens an RTL run ...
PDF = "\u202c"  # POP DIRECTIONAL FORMATTING: ... and closes it
BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

RtlStyle = Literal["embed", "rlm", "none"]


@dataclass(frozen=True)
class Platform:
    """How one platform wants its caption files: formats, markup, bidi marks, naming."""

    name: str
    title: str
    formats: tuple[str, ...]        # written always
    optional_formats: tuple[str, ...]  # written on request (``--sbv``)
    strip_markup: bool
    rtl: RtlStyle
    locale_names: bool = False      # Facebook's ll_CC file names


PLATFORMS: dict[str, Platform] = {
    "youtube": Platform("youtube", "YouTube", ("srt",), ("sbv",), True, "embed"),
    "facebook": Platform("facebook", "Facebook", ("srt",), (), True, "embed", locale_names=True),
    "x": Platform("x", "X", ("srt",), (), True, "embed"),
    "vimeo": Platform("vimeo", "Vimeo", ("vtt", "srt"), (), False, "rlm"),
    "web": Platform("web", "Web page", ("vtt",), (), False, "none"),
}


class UnknownPlatform(SubsError):
    def __init__(self, name: str, choices: tuple[str, ...]) -> None:
        super().__init__(name, choices)
        self.name = name
        self.choices = choices

    def __str__(self) -> str:
        known = f"known platforms: {', '.join(self.choices)}"
        if not self.name.replace(",", "").strip():
            return f"no platform named in {self.name!r}; {known}"
        return f"unknown platform {self.name!r}; {known}"


def parse_platforms(spec: str | None) -> tuple[str, ...]:
    """``"youtube, web"`` -> ``("youtube", "web")`` in canonical order; None means all.

    A spec naming no platform (``""``, ``","``) is an error, not "all": whoever typed it meant
    to limit the pack.
    """
    if spec is None:
        return tuple(PLATFORMS)
    wanted = [part.strip().lower() for part in spec.split(",") if part.strip()]
    if not wanted:
        raise UnknownPlatform(spec, tuple(PLATFORMS))
    for name in wanted:
        if name not in PLATFORMS:
            raise UnknownPlatform(name, tuple(PLATFORMS))
    return tuple(name for name in PLATFORMS if name in wanted)


# Facebook's locales (its FacebookLocales.xml, as used by the caption upload form; the second
# line's were checked against Facebook's fbt locale table and its rell tool's locale list). A
# region in the tag wins when Facebook knows it (pt-BR, en-GB, nl-BE); else the language's usual
# Facebook locale. ``cb_IQ`` is Central Kurdish (ckb), ``ku_TR`` Kurmanji.
FACEBOOK_LOCALES = frozenset("""
af_ZA ar_AR az_AZ be_BY bg_BG bn_IN bs_BA ca_ES cs_CZ cy_GB da_DK de_DE el_GR en_GB en_US
eo_EO es_ES es_LA et_EE eu_ES fa_IR fi_FI fr_CA fr_FR ga_IE gl_ES he_IL hi_IN hr_HR hu_HU
hy_AM id_ID is_IS it_IT ja_JP ka_GE km_KH ko_KR lt_LT lv_LV mk_MK ml_IN ms_MY nb_NO ne_NP
nl_NL nn_NO pa_IN pl_PL pt_BR pt_PT ro_RO ru_RU sk_SK sl_SI sq_AL sr_RS sv_SE sw_KE ta_IN
te_IN th_TH tl_PH tr_TR uk_UA ur_PK vi_VN zh_CN zh_HK zh_TW
yi_DE nl_BE am_ET mt_MT so_SO ps_AF ha_NG ku_TR cb_IQ
""".split())
_FACEBOOK_DEFAULT = {loc.split("_")[0]: loc for loc in sorted(FACEBOOK_LOCALES, reverse=True)
                     if loc != "cb_IQ"}  # "cb" is Facebook's own code, no ISO language
_FACEBOOK_DEFAULT.update({"en": "en_US", "es": "es_ES", "pt": "pt_PT", "fr": "fr_FR",
                          "zh": "zh_CN", "nb": "nb_NO", "no": "nb_NO", "iw": "he_IL",
                          "fil": "tl_PH", "nl": "nl_NL", "ckb": "cb_IQ"})
# The script of locales whose language is written in more than one (Facebook's own names:
# Српски, O'zbek, Azərbaycan dili, Kurdî, کوردیی ناوەندی).
_FACEBOOK_SCRIPT = {"sr_RS": "Cyrl", "uz_UZ": "Latn", "az_AZ": "Latn", "ku_TR": "Latn",
                    "cb_IQ": "Arab", "pa_IN": "Guru", "bs_BA": "Latn"}
# Regions whose Spanish Facebook files under es_LA ("Español" as against "Español (España)").
_LATIN_AMERICA = frozenset("AR BO CL CO CR CU DO EC GT HN MX NI PA PE PR PY SV US UY VE".split())
_FACEBOOK_SPECIAL = {"es-419": "es_LA", "zh-Hans": "zh_CN", "zh-Hant": "zh_TW",
                     "zh-Hant-HK": "zh_HK", "zh-Hant-TW": "zh_TW"}


def facebook_locale(tag: str) -> str | None:
    """``pt-BR`` -> ``pt_BR``, ``es`` -> ``es_ES``, ``ar`` -> ``ar_AR``; None if Facebook has none.

    Latin-American Spanish (``es-MX``, ``es-AR``, ``es-419``) is ``es_LA``, Facebook's one
    locale for it. A script Facebook's locale is not written in (``sr-Latn``: its ``sr_RS`` is
    Cyrillic) has no locale: the file would be offered to viewers of the other script.
    """
    if tag in _FACEBOOK_SPECIAL:
        return _FACEBOOK_SPECIAL[tag]
    parts = tag.split("-")
    base = base_language(tag)
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    if base == "es" and region in _LATIN_AMERICA:
        return "es_LA"
    locale = f"{base}_{region}" if region else None
    if locale not in FACEBOOK_LOCALES:
        locale = _FACEBOOK_DEFAULT.get(base)
    if locale and script and script != _FACEBOOK_SCRIPT.get(locale, script):
        return None
    return locale


def file_name(platform: str, stem: str, language: str, fmt: str) -> str | None:
    """The file name a platform expects, or None when it cannot take this language."""
    rules = PLATFORMS[platform]
    if rules.locale_names:
        locale = facebook_locale(language)
        return f"{stem}.{locale}.{fmt}" if locale else None
    return f"{stem}.{language}.{fmt}"


_ASS_OVERRIDE = re.compile(r"\{\\[^{}]*\}")
_STYLE_TAG = re.compile(r"<(/?)([ibu])(?:[\s/][^<>]*)?>", re.IGNORECASE)
_FONT_TAG = re.compile(r"</?font(?:[\s/][^<>]*)?>", re.IGNORECASE)


def _until_stable(text: str, step: Callable[[str], str]) -> str:
    """Apply ``step`` until nothing changes: removing ``<font>`` from ``<fo<font>nt>`` makes a
    new tag, and a second pass must not find one (prepare_track is idempotent)."""
    while True:
        new = step(text)
        if new == text:
            return text
        text = new


def strip_markup(text: str) -> str:
    """Drop HTML-ish tags (``<i>``, ``<font color=...>``) and ASS overrides (``{\\an8}``).

    Only things shaped like tags go; a lone ``<`` or ``3 < 4`` stays as text.
    """
    return _until_stable(text, lambda t: _TAG.sub("", t))


_STYLE_ONLY = re.compile(r"</?[ibu]>")


def srt_markup(text: str) -> str:
    """``webvtt_markup`` for an SRT that keeps markup (Vimeo's): ``<i>``, ``<b>``, ``<u>`` stay,
    every other tag goes (its text stays), since SRT has no escape and a player may take
    ``<script>`` as markup (audit of issue 7: Vimeo's SRT kept it raw)."""
    def step(t: str) -> str:
        t = webvtt_markup(t)
        return _TAG.sub(lambda m: m.group(0) if _STYLE_ONLY.fullmatch(m.group(0)) else "", t)

    return _until_stable(text, step)


def webvtt_markup(text: str) -> str:
    """SRT markup as WebVTT knows it: ``<i onclick=...>`` -> ``<i>`` (also ``b``, ``u``),
    ``<font ...>`` dropped with its text kept, ASS overrides (``{\\an8}``) dropped.

    Anything else tag-shaped (``<script>``) is left alone for the WebVTT writer to escape as
    text. Before this, ``<i onclick=...>`` was escaped while its ``</i>`` stayed a tag, and
    ``{\\an8}`` showed on screen.
    """
    def step(t: str) -> str:
        t = _FONT_TAG.sub("", _ASS_OVERRIDE.sub("", t))
        return _STYLE_TAG.sub(lambda m: f"<{m.group(1)}{m.group(2).lower()}>", t)

    return _until_stable(text, step)


def strip_bidi(text: str) -> str:
    return "".join(ch for ch in text if ch not in BIDI_CONTROLS)


def add_rtl_marks(text: str, style: RtlStyle) -> str:
    """Mark every display line of a right-to-left cue; existing marks are replaced, not doubled."""
    if style == "none":
        return text
    lines = strip_bidi(text).split("\n")
    if style == "embed":
        return "\n".join(f"{RLE}{line}{PDF}" if line else line for line in lines)
    return "\n".join(f"{RLM}{line}{RLM}" if line else line for line in lines)


def html_text(text: str) -> str:
    """Text for an HTML page: everything escaped, quotes included (attribute-safe)."""
    return html.escape(text, quote=True)


def prepare_track(platform: str, track: Track, fmt: str = "vtt") -> Track:
    """The track as this platform should receive it in ``fmt``: markup and bidi marks per its
    rules.

    The web page gets no marks (it uses ``dir``/``lang``); any marks already in the text are
    removed there too, so what a browser shows comes from the bidi algorithm alone. Where
    markup is kept, an SRT keeps only ``<i>``, ``<b>``, ``<u>`` (``srt_markup``).
    """
    rules = PLATFORMS[platform]
    rtl = is_rtl(track.language)
    keep = webvtt_markup if fmt == "vtt" else srt_markup
    cues = []
    for cue in track.cues:
        # A right-to-left track's marks are replaced anyway; dropped first, they cannot hide a
        # tag (``<\u200ea``) from the markup step and then form one on the next pass.
        text = strip_bidi(cue.text) if rtl else cue.text
        text = strip_markup(text) if rules.strip_markup else keep(text)
        if rtl:
            text = add_rtl_marks(text, rules.rtl) if rules.rtl != "none" else strip_bidi(text)
        cues.append(cue.replace(text=text))
    return track.with_cues(cues)


def safe_stem(name: str, fallback: str = "captions") -> str:
    """A file-name stem from a film's file name: letters, digits, ``-_`` only; never a path."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-_")
    return stem[:80] or fallback
