"""The body parsed once into typed blocks, by markdown-it-py's block parser.

markdown-it-py (the CommonMark parser mdformat is built on) gives each
top-level block token the source lines it came from; a block's text is those
lines, so the repairs see the Markdown as the converter wrote it:

    "# Title\\nText\\n\\n- a\\n\\n- b"
    → heading "# Title", paragraph "Text", list "- a", list "- b"

Only the block rules run (inline parsing is left to the renderer): parsing
is a few MB a second. A loose list is cut into one block per item, as the
converters set items apart; a paragraph or ``<figure>`` that is a single
picture is an ``image`` block.
"""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markdown_it.rules_block.html_block import HTML_SEQUENCES
from markdown_it.token import Token

from .page import Block

_TYPES = {
    "heading_open": "heading",
    "paragraph_open": "paragraph",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "blockquote_open": "quote",
    "table_open": "table",
    "fence": "code",
    "code_block": "code",
    "html_block": "html",
    "hr": "break",
}
_IMAGE_ONLY = re.compile(r"\s*!\[[^\n]*\]\([^\n]*\)\s*")
_FIGURE = re.compile(r"(?is)\s*<figure\b.*</figure>\s*")
_ITEM_START = re.compile(r"[ ]{0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


# Block rules that cannot match a text without these marks (each rule is tried at every
# line): a table's header row has a pipe, a fence three backticks or tildes, a quote its
# ">", an HTML block its "<", a reference definition "]:". Left out, the tokens are the same.
_NEEDS = (
    ("table", ("|",)),
    ("fence", ("```", "~~~")),
    ("blockquote", (">",)),
    ("html_block", ("<",)),
    ("reference", ("]:",)),
)
# A setext heading needs a line of "=" or "-" alone (in a list or quote, after its indent or ">").
_UNDERLINE = re.compile(r"^[ \t>]*(?:=+|-+)[ \t]*$", re.M)


def _unused_rules(text: str) -> frozenset[str]:
    """The block rules that cannot match in ``text``: the parser runs without them."""
    unused = {name for name, marks in _NEEDS if not any(mark in text for mark in marks)}
    if not _UNDERLINE.search(text):
        unused.add("lheading")
    return frozenset(unused)


@functools.lru_cache(maxsize=32)
def _parser(without: frozenset[str] = frozenset()) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    return md.disable(sorted(without)) if without else md


def _tokens(text: str) -> list[Token]:
    md = _parser(_unused_rules(text))
    tokens: list[Token] = []
    md.block.parse(text, md, {}, tokens)
    return tokens


def _kind_of(token: Token, text: str) -> str:
    kind = _TYPES.get(token.type, "paragraph")
    if kind == "paragraph" and _IMAGE_ONLY.fullmatch(text):
        return "image"
    if kind == "html" and _FIGURE.fullmatch(text):
        return "image"
    return kind


def _list_items(lines: list[str], start: int) -> list[tuple[int, list[str]]]:
    """A list's lines cut at each blank line that an item at the list's own indent follows."""
    parts: list[tuple[int, list[str]]] = [(start, [])]
    for offset, line in enumerate(lines):
        if not line.strip():
            parts[-1][1].append(line)
            continue
        previous = parts[-1][1]
        if previous and not previous[-1].strip() and _ITEM_START.match(line):
            parts.append((start + offset, []))
        parts[-1][1].append(line)
    return parts


def _closed(text: str, fence: str) -> bool:
    lines = text.split("\n")
    last = lines[-1].strip()
    return len(lines) >= 2 and last.startswith(fence) and not last.strip(fence[0])


_PICTURE_FILE = r"(?:[^\s/:?#<>()\"]+/)*img-\d+\.(?:jpe?g|png|gif|webp)"
_KEPT_PICTURE = re.compile(
    rf"!\[[^\n]*\]\({_PICTURE_FILE}(?:[ ]+\"[^\"\n]*\")?\)|<figure>\s*<img\s[^>]*src=\"{_PICTURE_FILE}\".*</figure>", re.I | re.S
)


def is_kept_picture(block: Block) -> bool:
    """A picture as canonical Markdown writes one: an image block or ``<figure>`` of a file beside the text
    (``slug/img-01.jpg``). Every other picture is a placeholder of one the page does not have."""
    return block.kind == "image" and _KEPT_PICTURE.fullmatch(block.text.strip()) is not None


def _blocks_of(tokens: list[Token], lines: list[str], offset: int) -> list[Block]:
    """The top-level blocks of ``tokens``, parsed from ``lines`` from line ``offset`` on."""
    blocks: list[Block] = []
    for token in tokens:
        if token.level != 0 or token.map is None or token.nesting == -1:
            continue
        kind_name = _TYPES.get(token.type)
        if kind_name is None:
            continue
        first, last = token.map[0] + offset, token.map[1] + offset
        chunk = lines[first:last]
        if kind_name == "list":
            for at, item in _list_items(chunk, first):
                text = "\n".join(item).strip("\n")
                if text.strip():
                    blocks.append(Block("list", text, at))
            continue
        text = "\n".join(chunk).strip("\n")
        if not text.strip():
            continue
        if token.type == "fence" and not _closed(text, token.markup):
            text += "\n" + token.markup  # an unclosed fence runs to the end: close it there
        level = int(token.tag[1]) if kind_name == "heading" and token.tag[1:].isdigit() else 0
        blocks.append(Block(_kind_of(token, text), text, first, level))
    return blocks


# A line that may open a block of another kind, or interrupt or underline a paragraph, as markdown-it
# reads its markers (at any indent: fewer cases to think of): a quote, table row or HTML block; a heading;
# a list item; a break; an underline; a fence. "**Bold** words", "#hashtag", "3.5 million" open none.
_NOT_PLAIN = re.compile(
    r"[ \t]*(?:[>|<]|\#{1,6}(?:[ \t]|$)|(?:[*+\-]|\d{1,9}[.)])(?:[ \t]|$)"
    r"|(?:\*[ \t]*){3,}$|(?:-[ \t]*){3,}$|(?:_[ \t]*){3,}$|=+[ \t]*$|-+[ \t]*$|`{3}|~{3})"
)


_ATX = re.compile(r"(#{1,6})(?:[ \t]|$)")


def _paragraph(lines: list[str], line: int) -> list[Block]:
    text = "\n".join(lines)
    return [Block("image" if _IMAGE_ONLY.fullmatch(text) else "paragraph", text, line)] if text.strip() else []


@functools.lru_cache(maxsize=256)
def _html_opener(line: str) -> int:
    """Which of markdown-it's HTML blocks a line at the margin opens: the index of the first of its
    openers the line matches, -1 for none. Memoized: a run's first line is asked about twice."""
    return next((at for at, (start, _, _) in enumerate(HTML_SEQUENCES) if start.search(line)), -1)


def _inline_tag(line: str) -> bool:
    """Whether a line opens at the margin with a tag that opens no HTML block (``<img src=…`` over two
    lines, ``<a href=…>words</a> and more``): words of a paragraph, as any plain line."""
    return line[:1] == "<" and _html_opener(line) < 0


def _simple_blocks(lines: list[str], line: int) -> list[Block] | None:
    """The blocks of a run of non-blank lines from body line ``line`` on, after a blank line, when they
    are paragraphs of plain lines and headings at the margin: then they are these blocks whatever
    stands before them. None when a line may open, interrupt or underline a block of another kind or
    define a reference, or a paragraph's first line is indented (the rest of a list item, or code)."""
    blocks: list[Block] = []
    start = -1  # the paragraph's first line, while one is read
    for at, text in enumerate(lines):
        if "|" in text or "]:" in text:
            return None
        heading = _ATX.match(text)
        if heading is not None:
            if start >= 0:
                blocks += _paragraph(lines[start:at], line + start)
                start = -1
            blocks.append(Block("heading", text, line + at, len(heading.group(1))))
        elif _NOT_PLAIN.match(text) and not _inline_tag(text):
            return None
        elif start < 0:
            if text[:1] in (" ", "\t"):
                return None
            start = at
    if start >= 0:
        blocks += _paragraph(lines[start:], line + start)
    return blocks


# A bullet list item of one line, its words plain (``_NOT_PLAIN``): no nested block can start in it.
_ITEM_LINE = re.compile(r"(?P<indent>[ ]{0,3})(?P<marker>[-*+])[ ]{1,4}(?P<words>[^ \t].*)")


def _simple_list(lines: list[str], line: int) -> Block | None:
    """A run of one-line bullet items, one marker at one indent, as the block markdown-it and
    ``_list_items`` make of it when the body's next line after it (if any) is at the margin: it
    nests in whatever list is open above it or starts one, and that line ends it or starts the
    next item."""
    first = _ITEM_LINE.fullmatch(lines[0])
    if first is None:
        return None
    for text in lines:
        item = _ITEM_LINE.fullmatch(text)
        if (
            item is None
            or item.group("marker") != first.group("marker")
            or item.group("indent") != first.group("indent")
            or "|" in text
            or "]:" in text
            or _NOT_PLAIN.match(item.group("words"))
        ):
            return None
    return Block("list", "\n".join(lines), line)


# A bullet item of one line, its words plain, at an indent short of lists nested as deep as the parser
# goes (four lists, each item's content two spaces in or more: its tokens stay under ``_runs_on``'s depth).
_MENU_LINE = re.compile(r"(?P<indent>[ ]{0,7})(?P<marker>[-*+])(?P<gap>[ ]{1,4})(?P<words>[^ \t].*)")


def _menu_list(lines: list[str], line: int) -> Block | None:
    """A run of one-line bullet items at the margin with items nested under them (a site's menu), as the
    block markdown-it and ``_list_items`` make of it when the body's next line after it (if any) is at
    the margin: its first item, at the margin, nests in no list above it, and each line less indented
    than the content of the item at the margin over it is such an item, with its marker (another
    marker would start another list there, and a line between would be that item's words)."""
    top = _MENU_LINE.fullmatch(lines[0])
    if top is None or top.group("indent"):
        return None
    content = 0  # where the words of the last item at the margin start
    for text in lines:
        item = _MENU_LINE.fullmatch(text)
        if item is None or "|" in text or "]:" in text or _NOT_PLAIN.match(item.group("words")):
            return None
        if not item.group("indent"):
            if item.group("marker") != top.group("marker"):
                return None
            content = 1 + len(item.group("gap"))
        elif len(item.group("indent")) < content:
            return None
    return Block("list", "\n".join(lines), line)


# markdown-it's HTML blocks that end at a blank line (its types 6 and 7: a block-level tag, or a
# line that is one tag): the first of its openers a line matches decides the type.
_HTML_TO_BLANK = frozenset(at for at, (_, end, _) in enumerate(HTML_SEQUENCES) if end.search(""))


def _simple_html(lines: list[str], line: int) -> Block | None:
    """A run of lines whose first opens, at the margin, an HTML block that ends at a blank line: the
    block is the whole run, whatever stands in it. None when the line opens no such block, or a table
    may start there (a pipe in it)."""
    first = lines[0]
    if first[:1] != "<" or "|" in first:
        return None
    if _html_opener(first) not in _HTML_TO_BLANK:
        return None
    text = "\n".join(lines)
    return Block("image" if _FIGURE.fullmatch(text) else "html", text, line)


def _simple_runs(lines: list[str]) -> list[tuple[int, int, list[Block]]]:
    """``(first, last, blocks)`` of each run of non-blank lines (blank as markdown-it reads it: spaces and
    tabs only) whose blocks ``_simple_blocks``, ``_simple_list``, ``_menu_list`` or ``_simple_html`` knows."""
    spans: list[tuple[int, int]] = []
    first = -1
    for at, line in enumerate([*lines, ""]):
        if line.strip(" \t"):
            if first < 0:
                first = at
        elif first >= 0:
            spans.append((first, at))
            first = -1
    runs: list[tuple[int, int, list[Block]]] = []
    # Read from the end: a list's run may stand before the next list's run (a loose list, its items
    # apart), which ``_list_items`` cuts from it at the blank line between them.
    next_list = -1  # the first line of the run after this one when it is a list's run read here
    for first, last in reversed(spans):
        run = lines[first:last]
        if (blocks := _simple_blocks(run, first)) is not None:
            runs.append((first, last, blocks))
        elif (item := _simple_list(run, first)) is not None and (
            _margin_after(lines, last) or _list_follows(lines, first, last, next_list)
        ):
            runs.append((first, last, [item]))
            next_list = first
            continue
        elif (menu := _menu_list(run, first)) is not None and _margin_after(lines, last):
            runs.append((first, last, [menu]))
        elif (html := _simple_html(run, first)) is not None:
            runs.append((first, last, [html]))
        next_list = -1
    return runs[::-1]


def _list_follows(lines: list[str], first: int, last: int, next_list: int) -> bool:
    """Whether a list's run from ``first`` to ``last`` stands between empty lines (none of spaces, which
    would stay in a list's text) and the run of a list after it (``next_list``, -1 if none)."""
    if next_list < 0 or any(lines[last:next_list]):
        return False
    before = first
    while before > 0 and not lines[before - 1].strip(" \t"):
        before -= 1
    return not any(lines[before:first])


def _margin_after(lines: list[str], at: int) -> bool:
    """Whether the lines from ``at`` on are empty up to the end or up to one at the margin (lines of
    spaces would stay in a list's text)."""
    for line in lines[at:]:
        if line:
            return line[:1] not in (" ", "\t")
    return True


def _runs_on(tokens: list[Token], count: int, md: MarkdownIt) -> bool:
    """Whether a block among ``tokens`` (of a text of ``count`` lines, the last blank) may take in what
    follows it in the whole body: a fence or HTML block still open at the end, or lists nested as deep
    as the parser goes (there it reads all the rest as the innermost item's)."""
    deep = md.options["maxNesting"] // 2
    return any(
        t.level >= deep or (t.level == 0 and t.type in ("fence", "html_block") and t.map is not None and t.map[1] >= count)
        for t in tokens
    )


def parse_blocks(body: str) -> list[Block]:
    """The body's top-level blocks, in order.

    A run of plain lines and headings (``_simple_blocks``) is the same
    blocks wherever it stands after a blank line, unless a block before it
    may still take it in: the parser reads only the text between such runs
    (most of a page's lines), and all that follows such a block at once.
    """
    lines = body.split("\n")
    blocks: list[Block] = []
    start = 0  # the first line not yet read; no block is open there
    for first, last, simple in _simple_runs(lines):
        if any(line.strip(" \t") for line in lines[start:first]):
            # A last newline, so that the parser counts the blank line before the run as one.
            between = _parsed("\n".join(lines[start:first]) + "\n", between=True)
            if between is None:
                break
            blocks.extend(_moved(between, start))
        blocks.extend(simple)
        start = last
    if start < len(lines):
        blocks.extend(_moved(_parsed("\n".join(lines[start:])) or (), start))
    return blocks


@functools.lru_cache(maxsize=512)
def _parsed(text: str, between: bool = False) -> tuple[Block, ...] | None:
    """The parser's blocks of ``text``, their lines counted from its first; None for a text
    ``between`` two runs when a block in it may take in what follows (``_runs_on``).

    Memoized: a site's menu or footer recurs on its pages, and in each scraper's writing of one."""
    tokens = _tokens(text)
    lines = text.split("\n")
    if between and _runs_on(tokens, len(lines) - 1, _parser()):
        return None
    return tuple(_blocks_of(tokens, lines, 0))


def _moved(blocks: tuple[Block, ...], offset: int) -> list[Block]:
    """``blocks`` with their lines counted from body line ``offset``."""
    return [Block(b.kind, b.text, b.line + offset, b.level) for b in blocks] if offset else list(blocks)


# What may start a line that is not a paragraph's: a heading, quote, list item, break, underline,
# table row, fence, HTML block, indented code.
_BLOCK_START = re.compile(r"[ ]{0,3}(?:[#>*+\-_=|`~<]|\d{1,9}[.)])|[ ]{4}|\t")
_ONE_HEADING = re.compile(r"[ ]{0,3}(#{1,6})(?:[ ]|$)")
_ONE_ITEM = re.compile(r"[ ]{0,3}[-*+][ ]+\S")
_BREAK_LINE = re.compile(r"[ ]*(?:[-*_][ ]*){3,}")


def _one_line(text: str) -> Block | None:
    """What the parser makes of one line that is a paragraph, a picture, an ATX heading or a
    list item (the common cases after a repair), without running it; ``None`` for anything else."""
    if "\n" in text or "]:" in text or not text.strip() or text.rstrip() != text:
        return None
    if not _BLOCK_START.match(text):
        return Block("image" if _IMAGE_ONLY.fullmatch(text) else "paragraph", text)
    if "<" in text or "|" in text or "`" in text or "~" in text or _BREAK_LINE.fullmatch(text):
        return None
    heading = _ONE_HEADING.match(text)
    if heading:
        return Block("heading", text, 0, len(heading.group(1)))
    return Block("list", text) if _ONE_ITEM.match(text) else None


def retype(text: str, line: int = 0) -> list[Block]:
    """A block's text after repairs, parsed again: one block, several, or none."""
    one = _one_line(text)
    if one is not None:
        return [Block(one.kind, one.text, line, one.level)]
    return [Block(b.kind, b.text, line + b.line, b.level) for b in _block_parsed(text)]


@functools.lru_cache(maxsize=1024)
def _block_parsed(text: str) -> tuple[Block, ...]:
    """One block's text parsed (memoized: a repaired chrome block recurs across a site's pages)."""
    return tuple(parse_blocks(text))
