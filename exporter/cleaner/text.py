"""Character-level rules: each takes the whole text and returns it repaired."""

from __future__ import annotations

import html
import re

# A BOM at the start, or a zero-width no-break space anywhere.
_BOM = re.compile("\ufeff")
# Windows and old Mac line ends.
_CR = re.compile(r"\r\n?")
# C0 controls XML cannot carry, lone surrogates, U+FFFE/U+FFFF, and the
# bidirectional overrides and isolates that can reorder the text around them.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
# Non-breaking and other odd spaces from HTML.
_ODD_SPACES = "\u00a0\u2000-\u200a\u202f\u205f\u3000"
# Zero-width space, word joiner and soft hyphen: invisible, but they break search.
_INVISIBLES = "\u200b\u2060\u00ad"
# Both in one scan (no character is in both sets): most texts have neither.
_ODD_OR_INVISIBLE = re.compile(f"[{_ODD_SPACES}{_INVISIBLES}]")
# Named and numeric character references, except the ones that keep Markdown
# or HTML syntax from being read as such.
_ENTITY = re.compile(r"&(?!(?:lt|gt|amp|#0*60|#0*62|#x0*3[ce]);)(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Runs of spaces (tabs expanded first); those inside a line, not its indentation or end, become one.
# Found by their two spaces, which the parser looks for as fast as a word, and their neighbours
# checked after: a pattern that opened on a look-behind was tried at every character.
_SPACE_RUN = re.compile(r"  +")
# Three or more line ends: one blank line separates blocks.
_BLANK_RUN = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
# A link's address whose closing parenthesis a converter wrote after a blank
# line, indented (html2text copies the line ends inside an ``href``): the
# parser would end the paragraph there and read the rest as code.
_SPLIT_DESTINATION = re.compile(r"(\]\((?:\\.|[^\s()\\]|\([^\s()]*+\))*+)[ ]*\n(?:[ ]*\n)++[ ]*\)")


def fix_bom(text: str) -> str:
    """``\\ufeffTitle`` → ``Title``."""
    return _BOM.sub("", text)


def fix_line_ends(text: str) -> str:
    """``a\\r\\nb`` → ``a\\nb``."""
    return _CR.sub("\n", text)


def fix_forbidden_characters(text: str) -> str:
    """``a\\x00b\\u202e`` → ``ab``."""
    return _FORBIDDEN.sub("", text)


def fix_html_entities(text: str) -> str:
    """``caf&eacute;&nbsp;&#8212;`` → ``café\\u00a0—`` (``&lt;`` stays)."""
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def fix_odd_spaces(text: str) -> str:
    """``a\\u00a0b\\u200bc`` → ``a bc``."""
    return _ODD_OR_INVISIBLE.sub(lambda m: "" if m.group(0) in _INVISIBLES else " ", text)


def fix_whitespace(text: str) -> str:
    """``a  b \\n\\n\\n\\nc`` → ``a b\\n\\nc``."""
    # Spaces at a line's end go (a hard break is not part of the canonical
    # form); str.rstrip, since ``[ \t]+$`` rescans long runs of spaces.
    text = text.expandtabs(4)
    if " \n" in text or text.endswith(" "):  # else no line ends in a space (and no tab is left)
        text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))

    def inside(m: re.Match[str]) -> str:
        start, end, line = m.start(), m.end(), m.string
        between = 0 < start and end < len(line) and not line[start - 1].isspace() and not line[end].isspace()
        return " " if between else m.group(0)

    text = _SPACE_RUN.sub(inside, text)
    return _BLANK_RUN.sub("\n\n", text)


def fix_split_link_destinations(text: str) -> str:
    """``[w](javascript:void\\(0\\);\\n\\n        ) more`` → ``[w](javascript:void\\(0\\);) more``."""
    if "](" not in text:
        return text
    return _SPLIT_DESTINATION.sub(r"\1)", text)


TEXT_RULES = (
    ("fix_bom", fix_bom),
    ("fix_line_ends", fix_line_ends),
    ("fix_forbidden_characters", fix_forbidden_characters),
    ("fix_html_entities", fix_html_entities),
    ("fix_odd_spaces", fix_odd_spaces),
    ("fix_whitespace", fix_whitespace),
    ("fix_split_link_destinations", fix_split_link_destinations),
)
"""Run in this order: entities can produce non-breaking spaces, and every
rule before ``fix_whitespace`` can leave runs of spaces behind."""
