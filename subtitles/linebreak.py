"""Line breaking for one cue: balanced lines that break where a reader expects a pause.

Style guides agree on the shape (Netflix timed-text style guide, BBC subtitle guidelines): keep
text on one line when it fits; otherwise two lines as close in length as possible, the bottom
one longer when it cannot be even (a pyramid, so the eye falls to the second line); break after
punctuation and before a conjunction or preposition, never between an article and its noun or
inside a name ("United Hatzalah", "Route 232"). Those preferences are soft penalties measured in
characters of imbalance, so a break that keeps both lines within the limit always beats one that
does not, and sense beats a perfect balance only by a few characters.

Words are never split, changed or reordered, and the text stays byte for byte the same except
where a line break is added or removed: a double space inside a line stays, and a no-break space
(U+00A0 in "10 km", U+202F in French "Quoi ?") is part of its word, never a place to break.
Chinese and Japanese have no spaces, so there a break may fall between any two characters,
except before closing punctuation or after opening punctuation (the basic kinsoku rule). Hebrew
and Arabic are in logical order; only their bidi marks (U+200F) need skipping, as tags do.
A dialogue (a later line opens with a dash) keeps one speaker a line. Called once per cue on
files of 100,000 cues, so the common paths are linear.
"""
from __future__ import annotations

import re
from typing import Callable

from subtitles.markup import INVISIBLE as _INVISIBLE
from subtitles.markup import TAG as _TAG
from subtitles.markup import visible_length

# A unit a line may break around: tags whole (``<font color="red">`` holds a space), else anything
# but breakable whitespace. No-break, figure and narrow no-break spaces are part of the word: they
# exist to keep two words together.
_WORD = re.compile(r"(?:</?[A-Za-z][^<>\n]*>|\{\\[^{}\n]*\}|\S|[\u00a0\u2007\u202f])+")
# Whitespace other than spaces and line breaks: with "<", "{" or "  ", text that needs _WORD.
_ODD_SPACE = re.compile(r"[^\S \n]")
DASHES = ("-", "\u2013")  # a line opening with one of these is a dialogue turn
# Han, kana, CJK punctuation and full-width forms: scripts written without spaces.
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_CLOSING = frozenset("、。，．！？」』）〉》】〕…‥ー・：；ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ"
                     ",.!?)]}:;%")
_OPENING = frozenset("「『（〈《【〔([{")
_SENTENCE_END = ".!?…。！？"
_CLAUSE_END = ",;:—–、，；："
_QUOTES = "\"'“”‘’«»¿¡([{"

# Words a line should not end on: articles, prepositions, conjunctions, possessives, subject
# pronouns. English always applies; the others when the track is in that language (or unknown).
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("""a an the of to in on at by for with from into onto about as and or but nor
        so if that than my your his her our their its this these those i we he she they not
        very no is are was were be has have had who which when where what""".split()),
    # Object marker, prepositions, conjunctions: never the last word of a line ("את | כולם").
    "he": frozenset("את של על עם אל כי גם רק אם או אבל כמו".split()),
    "es": frozenset("""el la los las un una unos unas de del al a en con por para sin sobre y e o
        u ni pero que su sus mi mis tu tus lo se me te nos le les muy no es""".split()),
    "ca": frozenset("""el la els les un una uns unes de del dels al als a en amb per sense sobre
        i o ni però que el seu la seva es em et ens us no molt""".split()),
    "pt": frozenset("""o a os as um uma uns umas de do da dos das em no na nos nas ao aos com por
        para sem sobre e ou nem mas que seu sua seus suas meu minha se me te não muito""".split()),
    "fr": frozenset("""le la les un une des du de au aux à en dans avec pour par sur sans et ou
        ni mais que ce cette ces mon ma mes ton ta tes son sa ses je tu il elle on nous vous ils
        elles ne se très""".split()),
}
_ALL_FUNCTION_WORDS = frozenset().union(*FUNCTION_WORDS.values())
# Articles are worse still at a line end: the rule is never article | noun where
# avoidable, while "medic | with the ..." or "with | the ..." are ordinary breaks.
ARTICLES: dict[str, frozenset[str]] = {
    "en": frozenset("a an the".split()),
    "es": frozenset("el la los las un una unos unas".split()),
    "ca": frozenset("el la els les un una uns unes".split()),
    "pt": frozenset("o a os as um uma uns umas".split()),
    "fr": frozenset("le la les un une des".split()),
}
_ALL_ARTICLES = frozenset().union(*ARTICLES.values())
# Unstressed object pronouns lean on the verb ("me perguntou", "lo vi"), and "que" opens the
# clause after it: a line never ends on one where another break exists (issue 13), and a break
# before one is no pause a reader expects ("Ele / me perguntou").
CLITICS: dict[str, frozenset[str]] = {
    "es": frozenset("me te se nos os le les lo la los las que".split()),
    "ca": frozenset("em et es ens us el la els les li hi ho en que".split()),
    "pt": frozenset("me te se nos vos lhe lhes o a os as que".split()),
    "gl": frozenset("me te se nos vos lle lles o a os as que".split()),
    "fr": frozenset("me te se nous vous le la les lui leur y en que qu'".split()),
}
# English words that are clitics elsewhere ("as", "a") are not clitics in English text.
_ALL_CLITICS = frozenset().union(*CLITICS.values()) - FUNCTION_WORDS["en"]
# Subject pronouns: a line should not end on one either ("Ele / me perguntou").
SUBJECTS: dict[str, frozenset[str]] = {
    "es": frozenset("yo él ella nosotros nosotras ellos ellas usted ustedes".split()),
    "ca": frozenset("jo ell ella nosaltres vosaltres ells elles".split()),
    "pt": frozenset("eu ele ela nós eles elas você vocês".split()),
    "gl": frozenset("eu el ela nós eles elas".split()),
}
# Verb + word that make one periphrasis and must share a line: "tendríamos / que ir",
# "temos / que", "hem / de".
_PERIPHRASIS = re.compile(
    r"^(?:(?:ten|tien|tuv|tendr|teng|tinh|tiv|ter|tem)\w*|hay|hab\w+|há|havia\w*|"
    r"h(?:e|as|a|em|eu|an|avia\w*|aur\w*)) (?:que|de)$", re.IGNORECASE)

# Penalties and bonuses, in characters of imbalance between lines.
OVERFLOW = 1000       # per character over the limit: fitting always wins
AFTER_FUNCTION = 10   # line ends on "the", "of", "and" ...
AFTER_ARTICLE = 10    # and more if it is an article ("the", "la")
# Ends on an article, clitic or "que", or cuts a periphrasis ("tendríamos / que"): more than
# any imbalance two lines that fit can have (42 + 42 characters), so only when nothing else
# fits (issue 13).
NEVER_END = 50
INSIDE_NAME = 12      # "United | Hatzalah", "Route | 232"
AFTER_DASH = 40       # a lone dialogue dash or ellipsis ending the line
SENTENCE_BONUS = 24   # line ends a sentence: beats balance (issue 13) but not a 3-letter line
CLAUSE_BONUS = 10     # line ends on a comma, colon, semicolon or dash
BEFORE_FUNCTION = 6   # next line opens with a conjunction or preposition: a natural pause
TOP_HEAVY = 0.5       # equal imbalance: prefer the longer line at the bottom
MAX_DP_WORDS = 120    # beyond this, 3+ line layouts are cut evenly (see _balanced_cuts)
MAX_BONUS = max(SENTENCE_BONUS, CLAUSE_BONUS, BEFORE_FUNCTION)


def _function_words(language: str | None) -> frozenset[str]:
    if not language:
        return _ALL_FUNCTION_WORDS | frozenset().union(*SUBJECTS.values())
    base = language.split("-")[0].lower()
    return (FUNCTION_WORDS["en"] | FUNCTION_WORDS.get(base, frozenset())
            | SUBJECTS.get(base, frozenset()))



def _tokens(text: str) -> tuple[list[str], list[str]]:
    """Words and the separator after each but the last: the text's own spacing inside a line
    (a double space or tab stays: only line breaks are ours to move), and where the text had a
    line break, " " (or "" inside CJK runs), or "\n" before a dialogue dash that opened a line
    (so a cue cut in two keeps its turns apart)."""
    cjk = _CJK.search(text) is not None
    if (not cjk and "<" not in text and "{" not in text and "  " not in text
            and _ODD_SPACE.search(text) is None
            and not ("\n" in text and ("-" in text or DASHES[1] in text))):
        words = text.split()  # the common case: plain words, single spaces
        return words, [" "] * (len(words) - 1)
    tokens: list[str] = []
    seps: list[str] = []
    gap_start = 0
    for match in _WORD.finditer(text):
        word, gap = match.group(), text[gap_start:match.start()]
        gap_start = match.end()
        units = _cjk_units(word) if cjk and _CJK.search(word) else [word]
        if tokens:
            if "\n" not in gap:
                seps.append(gap)
            elif _bare(word).startswith(DASHES):
                seps.append("\n")
            elif (cjk and " " not in gap and "\u3000" not in gap
                  and _CJK.match(tokens[-1][-1]) and _CJK.match(units[0][0])):
                seps.append("")  # a line break inside CJK text was never a space
            else:
                seps.append(" ")
        tokens.append(units[0])
        for unit in units[1:]:
            seps.append("")
            tokens.append(unit)
    return tokens, seps


def _cjk_units(word: str) -> list[str]:
    """Split a run without spaces into breakable units: one per Han character, Latin runs
    together, closing punctuation glued to what precedes it and opening to what follows.

    Japanese gets a cheap phrase rule (no dictionary): hiragana (particles, endings) stays with
    what precedes it unless that ends in punctuation, and a katakana word stays whole, so a line
    never opens with を or splits ボランティア.
    """
    units: list[str] = []
    glue_next = False
    for ch in word:
        if units:
            prev = units[-1][-1]
            glue = (glue_next or ch in _CLOSING
                    or (not _CJK.match(ch) and not _CJK.match(prev))
                    or ("\u3040" <= ch <= "\u309f" and prev not in _CLOSING
                        and prev not in _SENTENCE_END and prev not in _CLAUSE_END)
                    or ("\u30a0" <= ch <= "\u30ff" and "\u30a0" <= prev <= "\u30ff"))
        else:
            glue = False
        if glue:
            units[-1] += ch
        else:
            units.append(ch)
        glue_next = ch in _OPENING
    return units


def _bare(word: str) -> str:
    """The word as read: no tags, quotes or bidi marks (a U+200F after "." hides no full stop)."""
    if not word.isascii():
        word = _INVISIBLE.sub("", word)
    elif "<" in word or "{" in word:
        word = _TAG.sub("", word)
    return word.strip(_QUOTES)


def _break_penalty(before: str, after: str, function_words: frozenset[str]) -> float:
    """Cost of ending a line on ``before`` with ``after`` opening the next (negative: good)."""
    word = _bare(before)
    if not word:
        return 0.0
    if word in ("-", "\u2013", "\u2014", "...", "\u2026"):
        return AFTER_DASH
    last = word[-1]
    if last in _SENTENCE_END:
        return -SENTENCE_BONUS
    if last in _CLAUSE_END:
        return -CLAUSE_BONUS
    penalty = 0.0
    lower = word.lower()
    if lower in function_words:
        penalty += AFTER_FUNCTION
        if lower in _ALL_ARTICLES:
            penalty += AFTER_ARTICLE + NEVER_END
        elif lower in _ALL_CLITICS:
            penalty += NEVER_END
    nxt = _bare(after)
    if nxt and _PERIPHRASIS.match(f"{lower} {nxt.lower()}"):
        penalty += NEVER_END
    if word[0].isupper() and nxt and (nxt[0].isupper() or nxt[0].isdigit()) and len(word) > 1:
        penalty += INSIDE_NAME
    if nxt and (all(ch in _CLOSING or ch in "?!:;»" for ch in nxt) or nxt.startswith(DASHES)):
        # "Quoi | ?": punctuation must not open a line; nor a dash, which reads as a new speaker
        penalty += AFTER_DASH
    elif nxt.lower() in function_words:
        # a pause before "and", "with"; none before an article, clitic or "que" (issue 13)
        if nxt.lower() not in _ALL_CLITICS and nxt.lower() not in _ALL_ARTICLES:
            penalty -= BEFORE_FUNCTION
        elif lower not in function_words:
            penalty += AFTER_FUNCTION if nxt.lower() in _ALL_CLITICS else 0
    return penalty


def _join(tokens: list[str], seps: list[str], start: int, stop: int) -> str:
    parts = [tokens[start]]
    for i in range(start + 1, stop):
        parts.append(seps[i - 1])
        parts.append(tokens[i])
    return "".join(parts)


def _wrap(tokens: list[str], seps: list[str], max_chars: int, max_lines: int,
          function_words: frozenset[str]) -> list[str]:
    """The best lines for one run of words (no dialogue), at most ``max_lines`` of them."""
    n = len(tokens)
    lengths = [visible_length(t) for t in tokens]
    # prefix[i] = visible length of tokens[:i] joined, plus the separator after token i-1
    prefix = [0] * (n + 1)
    for i in range(n):
        prefix[i + 1] = prefix[i] + lengths[i] + (len(seps[i]) if i < n - 1 else 0)
    total = prefix[n]
    if total <= max_chars or max_lines <= 1 or n == 1:
        return [_join(tokens, seps, 0, n)]

    def width(a: int, b: int) -> int:  # tokens[a:b] on one line
        return prefix[b] - prefix[a] - (len(seps[b - 1]) if b < n else 0)

    # Shape first (cheap arithmetic), then sense penalties only where they could change the
    # winner: no penalty is below -MAX_BONUS, so a cut whose shape alone is MAX_BONUS worse
    # than the best total so far cannot win.
    shape = []
    for cut in range(1, n):
        top, bottom = width(0, cut), width(cut, n)
        cost = abs(top - bottom) + (TOP_HEAVY if top > bottom else 0.0)
        shape.append(cost + OVERFLOW * (max(0, top - max_chars) + max(0, bottom - max_chars)))
    first = min(range(n - 1), key=shape.__getitem__)
    bound = shape[first] + _break_penalty(tokens[first], tokens[first + 1], function_words)
    best_cost, best_at = float("inf"), 1
    for i, cost in enumerate(shape):
        if cost - MAX_BONUS > bound:
            continue
        cost += _break_penalty(tokens[i], tokens[i + 1], function_words)
        if cost < best_cost:
            best_cost, best_at = cost, i + 1
    two = [_join(tokens, seps, 0, best_at), _join(tokens, seps, best_at, n)]
    if best_cost < OVERFLOW or max_lines == 2:
        return two
    for count in range(3, max_lines + 1):
        penalties = [_break_penalty(tokens[i], tokens[i + 1], function_words)
                     for i in range(n - 1)]
        cuts = _balanced_cuts(n, count, width, penalties, max_chars)
        if cuts is None:
            continue
        lines = [_join(tokens, seps, a, b) for a, b in zip([0, *cuts], [*cuts, n])]
        if count == max_lines or all(visible_length(line) <= max_chars for line in lines):
            return lines
    return two


def _balanced_cuts(n: int, count: int, width: Callable[[int, int], int],
                   penalties: list[float], max_chars: int) -> list[int] | None:
    """Dynamic programme for 3+ lines: cut positions minimising overflow, imbalance, penalties.

    Quadratic in words, so a runaway cue (a whole paragraph in one cue) gets even cuts by
    length instead: it cannot fit anyway, and the checker will say so.
    """
    if n < count:
        return None
    target = width(0, n) / count
    if n > MAX_DP_WORDS:
        cuts: list[int] = []
        line = 1
        for i in range(1, n):
            if width(0, i) >= target * line and len(cuts) < count - 1:
                cuts.append(i)
                line += 1
        return cuts if len(cuts) == count - 1 else None
    inf = float("inf")
    # cost[j][i]: best cost of tokens[:i] on j lines; back[j][i]: where line j starts.
    cost = [[inf] * (n + 1) for _ in range(count + 1)]
    back = [[0] * (n + 1) for _ in range(count + 1)]
    cost[0][0] = 0.0
    for j in range(1, count + 1):
        for i in range(j, n - (count - j) + 1):
            for a in range(j - 1, i):
                if cost[j - 1][a] == inf:
                    continue
                w = width(a, i)
                c = cost[j - 1][a] + abs(w - target) + OVERFLOW * max(0, w - max_chars)
                if i < n:
                    c += penalties[i - 1]
                if c < cost[j][i]:
                    cost[j][i], back[j][i] = c, a
    cuts, i = [], n
    for j in range(count, 1, -1):
        i = back[j][i]
        cuts.append(i)
    return sorted(cuts)


def break_cost(lines: list[str], max_chars: int, language: str | None = None) -> float:
    """How bad an existing two-line break is, on the scale break_lines minimises."""
    top, bottom = visible_length(lines[0]), visible_length(lines[1])
    cost = abs(top - bottom) + (TOP_HEAVY if top > bottom else 0.0)
    cost += OVERFLOW * (max(0, top - max_chars) + max(0, bottom - max_chars))
    before, after = _tokens(lines[0])[0], _tokens(lines[1])[0]
    if before and after:
        cost += _break_penalty(before[-1], after[0], _function_words(language))
    return cost


def is_dialogue(lines: list[str]) -> bool:
    """A cue of two or more speakers: a line after the first opens with a dash (``-`` or ``–``).
    Each keeps a line of their own, however uneven."""
    return any(_bare(line.lstrip()).startswith(DASHES) for line in lines[1:])


def break_lines(text: str, max_chars: int, max_lines: int = 2,
                language: str | None = None) -> str:
    """Re-wrap one cue's text into at most ``max_lines`` balanced lines of ``max_chars``.

    Only line breaks change. Text that cannot fit comes back as the best wrap it allows (the
    checker reports what is still too long). A dialogue (``- Where?`` / ``- Here.``) keeps one
    turn per line and never moves words between turns, even when a turn is too long for its
    line; a cue with more turns than ``max_lines`` keeps them all.
    """
    function_words = _function_words(language)
    tokens, seps = _tokens(text)
    if not tokens:
        return ""
    turns = [i for i, sep in enumerate(seps, 1) if sep == "\n"]
    if not turns:
        return "\n".join(_wrap(tokens, seps, max_chars, max_lines, function_words))
    spare = max(0, max_lines - len(turns) - 1)
    out: list[str] = []
    for a, b in zip([0, *turns], [*turns, len(tokens)]):
        lines = _wrap(tokens[a:b], seps[a:b - 1], max_chars, 1 + spare, function_words)
        spare -= len(lines) - 1
        out.extend(lines)
    return "\n".join(out)
