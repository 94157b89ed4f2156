"""Typographic quotes, dashes and ellipses: Python-Markdown's ``smarty``, made cheap.

``smarty`` runs a second copy of Python-Markdown's inline processor over the
whole tree, which doubles the cost of rendering (it keeps an ancestor list,
stashes every match as a node and rebuilds the text from its placeholders).
:class:`Educate` does the same substitutions on the same text, at the same
place in the pipeline (a tree processor at smarty's priority, 6: after
inline parsing, before escapes are undone), and gives the same characters:

==============  ================================  ==================
``---``         em dash                           ``a---b`` → a—b
``--``          en dash                           ``1--2`` → 1–2
quotes          smarty's fifteen rules, in order  ``"it's"`` → “it’s”
``...``         ellipsis                          ``so...`` → so…
==============  ================================  ==================

Fidelity comes from running smarty's own patterns the way its inline
processor does: in priority order, each pattern searched from just past its
previous match, and every match replaced at once by a placeholder of
``\\x02…\\x03``, so that later patterns see exactly the context smarty's do.
The placeholders become the characters at the end. Text that Python-Markdown
marks atomic (code spans, code blocks) is left alone, as smarty leaves it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

# smarty's character classes and the start of an opening quote, verbatim.
_PUNCT = r"""[!"#\$\%'()*+,-.\/:;<=>?\@\[\\\]\^_`{|}~]"""
_CLOSE = r"[^\ \t\r\n\[\{\(\-\u0002\u0003]"
_OPENING = r"(\s|&nbsp;|--|–|—|&[mn]dash;|&#8211;|&#8212;)"

LSQUO, RSQUO, LDQUO, RDQUO = "\u2018", "\u2019", "\u201c", "\u201d"

Replacement = tuple[int | str, ...]
"""What a match becomes: group numbers (kept text) and literal characters."""

PATTERNS: tuple[tuple[re.Pattern[str], Replacement], ...] = tuple(
    (re.compile(pattern, re.DOTALL), replacement)
    for pattern, replacement in (
        # smarty's priorities: em dashes 50, en dashes 45, quotes 30 down to 16, ellipses 10.
        (r"(?<!-)---(?!-)", ("\u2014",)),
        (r"(?<!-)--(?!-)", ("\u2013",)),
        # A quote first in the text and followed by punctuation closes.
        (rf"^'(?={_PUNCT}\B)", (RSQUO,)),
        (rf'^"(?={_PUNCT}\B)', (RDQUO,)),
        # Quotes within quotes: "'Quoted' words".
        (r""""'(?=\w)""", (LDQUO + LSQUO,)),
        (r"""'"(?=\w)""", (LSQUO + LDQUO,)),
        (rf"""(?<={_CLOSE})'\"""", (RSQUO + RDQUO,)),
        (rf"""(?<={_CLOSE})"'""", (RDQUO + RSQUO,)),
        # Decades: the '80s.
        (r"(?<!\w)'(?=\d{2}s)", (RSQUO,)),
        (rf"{_OPENING}'(?=\w)", (1, LSQUO)),
        (rf"(?<={_CLOSE})'(?!\s|s\b|\d)", (RSQUO,)),
        (r"'(\s|s\b)", (RSQUO, 1)),
        (r"'", (LSQUO,)),
        (rf'{_OPENING}"(?=\w)', (1, LDQUO)),
        (r'"(?=\s)', (RDQUO,)),
        (rf'(?<={_CLOSE})"', (RDQUO,)),
        (r'"', (LDQUO,)),
        (r"(?<!\.)\.{3}(?!\.)", ("\u2026",)),
    )
)
"""smarty's patterns and what each match becomes, in the order smarty applies them."""

_PLACEHOLDER = re.compile("\u0002educate:(\\d+)\u0003")
_TRIGGERS = re.compile(r"""['"]|--|\.\.\.""")
"""Text without any of these has nothing to educate: most text nodes."""


_WINDOW = 16
"""Characters enough for any pattern's match and lookahead (the longest is 9)."""


def _educate_one(text: str, pattern: re.Pattern[str], replacement: Replacement, stash: list[str]) -> str:
    """Every match of ``pattern`` in ``text`` replaced by a placeholder, as smarty does it.

    smarty searches again just past each placeholder it inserts, so the next
    match sees the placeholder's closing ``\x03`` where the text had the
    match's last character. Only a match starting right there can see it (no
    pattern looks back further than one character): that position is tried
    on a small window with the ``\x03`` in front, everything else on the
    text as it is. One pass, linear in the text, where rebuilding the string
    after each match (as smarty does) is quadratic.
    """
    pieces: list[str] = []
    done = 0  # text[:done] is in pieces
    start = 0
    while True:
        match = None
        if pieces:
            window = "\u0003" + text[start : start + _WINDOW]
            here = pattern.match(window, 1)
            if here is not None:
                match = (start, start + here.end() - 1, here)
        if match is None:
            found = pattern.search(text, start + 1 if pieces else start)
            if found is None:
                break
            match = (found.start(), found.end(), found)
        begin, end, groups = match
        stash.append("".join(p if isinstance(p, str) else groups.group(p) for p in replacement))
        pieces += [text[done:begin], f"\u0002educate:{len(stash) - 1}\u0003"]
        done = start = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def educate(text: str) -> str:
    """One text node with smarty's substitutions: ``"It's" -- so...`` → ``“It’s” – so…``."""
    if not _TRIGGERS.search(text):
        return text
    stash: list[str] = []
    for pattern, replacement in PATTERNS:
        text = _educate_one(text, pattern, replacement, stash)
    return _PLACEHOLDER.sub(lambda m: stash[int(m.group(1))], text)


class EducateTreeprocessor(Treeprocessor):
    """Educate every text and tail below the root that is not atomic, as smarty does."""

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if element is root:
                continue
            if element.text and not isinstance(element.text, AtomicString):
                element.text = educate(element.text)
            if element.tail and not isinstance(element.tail, AtomicString):
                element.tail = educate(element.tail)


class Educate(Extension):
    """The extension: registered where smarty registers its own processor."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(EducateTreeprocessor(md), "educate", 6)
        # As smarty does: a backslash keeps a quote straight (\" stays ").
        md.ESCAPED_CHARS.extend(['"', "'"])
