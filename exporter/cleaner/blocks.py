"""Block-level rules: splitting text into blocks, and repairing how they break.

A block is one Markdown block (paragraph, heading, list, quote, code) as
text without its surrounding blank lines.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from .links import AUTOLINK, IMAGE, LINK, links_of

_FENCE = re.compile(r"^(```|~~~)")
_SETEXT = re.compile(r"^(?P<text>[^\n]+)\n(?P<rule>=+|-+)[ ]*$")
_LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[-*+•·▪‣◦]|\d{1,9}[.)])[ ]+")
_QUOTE = re.compile(r"^[ ]{0,3}>[ ]?")
_HEADING = re.compile(r"^#{1,6}(?:[ ]|$)")
_TABLE = re.compile(r"^\s*\|")
_CODE = re.compile(r"^(?:[ ]{4}|\t)")
_BREAK = re.compile(r"^[ ]{0,3}(?:(?:\*[ ]*){3,}|(?:-[ ]*){3,}|(?:_[ ]*){3,})$")
# Page furniture of print-to-PDF converters: "Page 2 of 5", "2/5", "- 3 -".
_PAGE_FURNITURE = re.compile(r"^(?:page|seite|página|pagina|p\.)?[ ]*\d{1,4}[ ]*(?:(?:of|von|de|di|/|sur)[ ]*\d{1,4})?$|^[-–—][ ]*\d{1,4}[ ]*[-–—]$", re.I)
_SENTENCE_END = re.compile(r"[.!?…:;\"”’»)]$")
_MARKUP = re.compile(r"(?:\*\*|__|(?<!\w)[*_]|[*_](?!\w)|`)")
# A heading's, quote's or list item's marker at the start of each line (none can reach past a line).
_LEADS = re.compile(r"^(?:#{1,6}[ ]+|[ ]{0,3}>[ ]?|[ ]{0,3}(?:[-*+•]|\d{1,9}[.)])[ ]+)", re.M)
_LOWER_START = re.compile(r"^[\"“‘(]*[a-zà-ÿ]")


@functools.lru_cache(maxsize=2048)
def plain(block: str) -> str:
    """The words a reader sees: link text without URLs, no markup or block markers.

    Pure and asked for the same block by many predicates, so it is memoized.
    """
    # Block markers first: a link's words that open a line ("[12. May 2021](…)") are no list item.
    text = _LEADS.sub("", block)
    # Each other pattern is tried only where its mark stands: most blocks have no picture, link or markup.
    if "![" in text:
        text = IMAGE.sub("", text)
    if "](" in text:
        text = LINK.sub(lambda m: m.group("text"), text)
    if "<" in text:
        text = AUTOLINK.sub(lambda m: m.group("url"), text)
    if "*" in text or "_" in text or "`" in text:
        text = _MARKUP.sub("", text)
    return " ".join(text.replace("\\", "").split())


@functools.lru_cache(maxsize=4096)
def kind(block: str) -> str:
    """``heading``, ``list``, ``quote``, ``code``, ``table``, ``break`` or ``para``."""
    if _FENCE.match(block) or (_CODE.match(block) and all(_CODE.match(line) for line in block.split("\n"))):
        return "code"  # (the first line tried alone first: most blocks are not indented)
    if _HEADING.match(block) or _SETEXT.match(block):
        return "heading"
    if _BREAK.match(block):
        return "break"
    if _LIST_ITEM.match(block):
        return "list"
    if _QUOTE.match(block):
        return "quote"
    if _TABLE.match(block) and "\n" in block:
        return "table"
    return "para"


def fix_setext_headings(block: str) -> str:
    """``Title\\n=====`` → ``# Title``."""
    m = _SETEXT.match(block)
    if not m or kind(m.group("text")) != "para":
        return block
    level = "#" if m.group("rule")[0] == "=" else "##"
    return f"{level} {m.group('text').strip()}"


_OPEN_URL = re.compile(r"(?:\]\(|<https?:|\(https?:)[^)\s>]*$")


_WRAPPED_COMPOUND = re.compile(r"[^\W\d_]-$")


def _join_lines(lines: list[str]) -> str:
    out = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        # A converter that wraps at a fixed width breaks long URLs too: a
        # break inside a link destination joins without a space (but a
        # link's "title" after it keeps its space).
        # (Each pattern is tried only where its mark stands: an opener's "(" or "<", a hyphen at the end.)
        # An open destination runs to the end without a space: only the last word can hold one.
        tail = out[-300:].rsplit(None, 1)[-1] if out else ""
        glue = "" if not out or (("(" in tail or "<" in tail) and _OPEN_URL.search(tail) and line[:1] != '"') else " "
        if out.endswith("-") and _WRAPPED_COMPOUND.search(out[-2:]) and line[:1].islower():
            glue = ""  # "half-\nempty": a converter wraps after a compound's hyphen
        out = f"{out}{glue}{line}"
    return out


WRAP_WIDTH = 78
"""Columns html2text wraps its text at by default, headings too."""
_ATX_LINE = re.compile(r"^#{1,6}[ ]\S")
# A line that opens a block of its own: no heading's wrapped rest.
_BLOCK_START = re.compile(r"^(?:[ ]{0,3}(?:#|>|[-*+•|]|\d{1,9}[.)]|!\[|<|```|~~~)|[ ]{4}|\t)")


def _wraps_into(line: str, after: str) -> bool:
    """Whether a converter wrapping at ``WRAP_WIDTH`` breaks ``line`` before ``after``'s first word."""
    return len(line) <= WRAP_WIDTH < len(line) + 1 + len(after.split()[0])


WRAPPED_REST_WORDS = 12
"""Words a headline's wrapped rest has at most."""


def _is_wrapped_rest(line: str) -> bool:
    return len(line.split()) <= WRAPPED_REST_WORDS and not line.rstrip().endswith(".")


def fix_wrapped_headings(text: str) -> str:
    """``# A headline long enough to be wrapped by a converter at seventy-eight`` ``columns``
    → one heading line: a heading is one line, and its wrapped rest would be read as a paragraph."""
    if "#" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    fenced = False  # a "# comment" in a code block is code
    while i < len(lines):
        line = lines[i]
        i += 1
        first = line[:1]  # both patterns open on their mark: most lines are tried no further
        fenced ^= first in ("`", "~") and bool(_FENCE.match(line))
        if not fenced and first == "#" and _ATX_LINE.match(line):
            # Its rest: one line the shape of a wrap, alone before a blank line, no sentence of text.
            nxt = lines[i] if i < len(lines) else ""
            ends = i + 1 >= len(lines) or not lines[i + 1].strip()
            if nxt.strip() and ends and not _BLOCK_START.match(nxt) and _wraps_into(line, nxt) and _is_wrapped_rest(nxt):
                line = f"{line.rstrip()} {nxt.strip()}"
                i += 1
        out.append(line)
    return "\n".join(out)


_DEFINITION_LINE = re.compile(r"\n:[ \t]")


def fix_hard_wrap(block: str) -> str:
    """``a line\\nwrapped at 72`` → ``a line wrapped at 72``; lists and quotes per item."""
    k = kind(block)
    if k in {"code", "table", "break"} or "\n" not in block:
        return block
    if k == "heading" and not _HEADING.match(block):
        return block  # setext: fix_setext_headings makes it one line
    if _DEFINITION_LINE.search(block):
        return block  # a definition list (``Term`` then ``:   its value``): its lines are its shape
    lines = block.split("\n")
    if k == "quote":
        inner = [_QUOTE.sub("", line, count=1) for line in lines]
        return "> " + _join_lines(inner)
    if k == "list":
        items: list[list[str]] = []
        for line in lines:
            if _LIST_ITEM.match(line) or not items:
                items.append([line])
            else:
                items[-1].append(line)
        # An item of one line is that line, stripped, as _join_lines would leave it (a menu's items, most).
        return "\n".join(_join_lines(item) if len(item) > 1 else item[0].strip() for item in items)
    return _join_lines(lines)


# A browser's print header and footer: "3/14/25, 10:15 AM Title", "https://… 1/3".
_PRINT_HEADER = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4},?[ ]+\d{1,2}:\d{2}(?:[ ]?[AaPp]\.?[Mm]\.?)?(?:[ ].*)?$")
_PRINT_FOOTER = re.compile(r"^<?https?://\S+>?[ ]+\d{1,4}/\d{1,4}$")


def is_page_furniture(block: str) -> bool:
    """``Page 2 of 5``, a browser's print header or footer, a blog's older/newer links, and kin."""
    text = block.strip()
    return bool(
        _PAGE_FURNITURE.match(text) or _PRINT_HEADER.match(text) or _PRINT_FOOTER.match(text) or _is_post_navigation(text)
    )


_BACK = "←‹«⟵◀"
_ON = "→›»⟶▶"


def _is_post_navigation(text: str) -> bool:
    """``[← Older post title](…) [Newer post title →](…)``: links to the posts either side.

    One or two links and nothing else, pointing back from the start or (two
    links) on from the end: a lone "Read the report →" is the article's own.
    """
    # Links and nothing else: the text opens one and closes one.
    if len(text) > 600 or "\n\n" in text or not (text.startswith("[") and text.endswith(")")):
        return False
    links = list(links_of(text))
    if not 1 <= len(links) <= 2 or LINK.sub("", text).strip():
        return False
    first, last = links[0].group("text").strip(), links[-1].group("text").strip()
    return first[:1] in _BACK or (len(links) == 2 and last[-1:] in _ON)


RUNNING_HEAD_WORDS = 15
"""Most words a running head has."""
UNSPACED_LETTERS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""Letters of scripts written without spaces (kana, CJK ideographs), as a character class's ranges:
each one a word (a Chinese sentence has no spaces)."""
_UNSPACED = re.compile(f"[{UNSPACED_LETTERS}]")


def _ranges(chars: list[str]) -> str:
    """Characters as a character class's ranges (``A-Z``), each run of code points once."""
    out: list[str] = []
    start = prev = chars[0]
    for ch in chars[1:] + ["\0"]:
        if ord(ch) != ord(prev) + 1:
            out.append(re.escape(start) if start == prev else f"{re.escape(start)}-{re.escape(prev)}")
            start = ch
        prev = ch
    return "".join(out)


CAPITALS = _ranges([chr(c) for c in range(0x10000) if chr(c).isupper() or chr(c).istitle()])
"""Capital letters of every cased script (Latin, Greek, Cyrillic, Armenian, Georgian…), as a
character class's ranges: a name's words start with one."""


def repeated_lines(blocks: list[str]) -> set[str]:
    """Short non-heading blocks that stand more than once: running heads of printed pages."""
    seen: dict[str, int] = {}
    for block in blocks:
        if "\n" not in block and len(block) <= 120 and kind(block) == "para":
            seen[block] = seen.get(block, 0) + 1
    return {
        block
        for block, count in seen.items()
        if count >= 2 and len(block.split()) + len(_UNSPACED.findall(block)) <= RUNNING_HEAD_WORDS
    }


def fix_page_break_splits(blocks: list[str], apart: Callable[[str], bool] = lambda block: False) -> list[str]:
    """``…it gave in and`` + ``the proposal.`` → one paragraph.

    A paragraph that stops mid-sentence and a next one that starts in lower
    case were one paragraph split by a page break, unless the next one is
    ``apart``: a byline such as ``di Giulia Ferri`` under a dek without a full stop.
    """
    out: list[str] = []
    for block in blocks:
        if out and kind(out[-1]) == "para" and kind(block) == "para" and split_by_page_break(out[-1], block) and not apart(block):
            out[-1] = f"{out[-1]} {block}"
        else:
            out.append(block)
    return out


def split_by_page_break(before: str, after: str) -> bool:
    """Whether two paragraphs are one split by a page break: the first stops
    mid-sentence after a page's worth of words, the second starts in lower case."""
    return (
        not _SENTENCE_END.search(plain(before))
        and _LOWER_START.match(plain(after)) is not None
        # A page holds more than a few words: short lines are mastheads.
        and len(plain(before).split()) >= 15
    )
