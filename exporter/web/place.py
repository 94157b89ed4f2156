"""Figures taken out of a text before it is cleaned, and put back after.

The cleaner works on text: it drops images (``fix_images``) and would judge
a block holding only a picture as chrome. So the figure blocks are lifted
out first, each with the words of the blocks around it, and the cleaner
never sees them. Once the text is clean, each figure goes back after the
cleaned block that holds the end (or the start) of the block it followed,
or, when that block is gone (a headline moved to the front matter, a
byline), before the block that held the start of the one after it; failing
both, after the figure placed before it. Figures keep their order.

Blocks are compared by their words alone (lower case, link targets left
out), which cleaning keeps: it drops blocks and markup, never a sentence's
words. A block that came through whole is found by a dictionary look-up;
one that cleaning changed (two halves of a paragraph joined, an icon
dropped) by the first few or last few of its words, within the next
:data:`WINDOW` blocks.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import islice

from .figures import Figure, parse_block

WINDOW = 60
"""Cleaned blocks searched past the last placed figure for a changed block."""
NEIGHBOURS = 4
"""Blocks before and after a figure whose words can place it."""
KEY_WORDS = 8
"""Words of a block's start or end that find it once cleaning changed it."""

_BLOCKS = re.compile(r"\n[ \t]*\n")
_LINK_TARGET = re.compile(r"\]\((?:<[^<>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:[ ]+\"[^\"\n]*\")?\)")
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^<>\s]*>")
_WORD = re.compile(r"\w+")


def block_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each block of ``text``: runs of lines between blank lines."""
    spans = []
    start = 0
    for gap in _BLOCKS.finditer(text):
        if text[start : gap.start()].strip():
            spans.append((start, gap.start()))
        start = gap.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip("\n"))))
    return spans


def words(block: str) -> tuple[str, ...]:
    """The words of a block, lower case, without link targets or entities."""
    text = html.unescape(_AUTOLINK.sub(" ", _LINK_TARGET.sub("] ", block)))
    return tuple(_WORD.findall(text.lower()))


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A block near a figure: its words, and how many blocks before it had the same."""

    words: tuple[str, ...]
    occurrence: int


@dataclass(frozen=True, slots=True)
class Lifted:
    """A figure taken out of a text, with the words that place it again."""

    figure: Figure
    before: tuple[Neighbour, ...]
    """The blocks before it, nearest first."""
    after: tuple[Neighbour, ...]
    """The blocks after it, nearest first."""


Decision = Figure | str | None
"""What becomes of a figure block: lifted out (as this figure), replaced by
these words (``""``: removed), or left as it is (None)."""


def figure_blocks(text: str) -> list[Figure]:
    """The figures of ``text``, each block that is one, in order."""
    return [figure for start, end in block_spans(text) if (figure := parse_block(text[start:end])) is not None]


def lift(text: str, decide: Callable[[int, Figure], Decision]) -> tuple[str, list[Lifted]]:
    """``text`` with its figure blocks lifted out or replaced as ``decide``
    (given each figure's number among them, from 0) says, and the lifted
    figures with their neighbours' words."""
    spans = block_spans(text)
    blocks = [text[start:end] for start, end in spans]
    decided: dict[int, Decision] = {}
    number = 0
    for index, block in enumerate(blocks):
        figure = parse_block(block)
        if figure is not None:
            decided[index] = decide(number, figure)
            number += 1
    if all(decision is None for decision in decided.values()):
        return text, []
    for index, decision in decided.items():
        if isinstance(decision, str):
            blocks[index] = decision
    lifted_at = [index for index, decision in decided.items() if isinstance(decision, Figure)]
    signatures = [words(block) if not isinstance(decided.get(i), Figure) else () for i, block in enumerate(blocks)]
    seen: dict[tuple[str, ...], int] = {}
    neighbours: list[Neighbour | None] = []
    for signature in signatures:
        neighbours.append(Neighbour(signature, seen.get(signature, 0)) if signature else None)
        if signature:
            seen[signature] = seen.get(signature, 0) + 1
    lifted = []
    for index in lifted_at:
        chosen = decided[index]
        assert isinstance(chosen, Figure)
        before = islice((n for n in reversed(neighbours[:index]) if n is not None), NEIGHBOURS)
        after = islice((n for n in neighbours[index + 1 :] if n is not None), NEIGHBOURS)
        lifted.append(Lifted(chosen, tuple(before), tuple(after)))
    taken = set(lifted_at)
    rest = "\n\n".join(block for i, block in enumerate(blocks) if i not in taken and block.strip())
    return rest, lifted


def _contains(haystack: str, needle: tuple[str, ...]) -> bool:
    return f" {' '.join(needle)} " in haystack


class _Finder:
    """Where a block's words are among the cleaned blocks, from a cursor on."""

    def __init__(self, blocks: Sequence[str]) -> None:
        signatures = [words(block) for block in blocks]
        self.joined = [f" {' '.join(sig)} " for sig in signatures]
        self.exact: dict[tuple[str, ...], list[int]] = {}
        for index, signature in enumerate(signatures):
            if signature:
                self.exact.setdefault(signature, []).append(index)

    def find(self, neighbour: Neighbour, cursor: int, tail: bool) -> int | None:
        signature = neighbour.words
        same = self.exact.get(signature, [])
        # The same block again (a repeated line) is found as the same occurrence.
        if len(same) > neighbour.occurrence and same[neighbour.occurrence] >= cursor:
            return same[neighbour.occurrence]
        for index in same:
            if index >= cursor:
                return index
        keys = [signature[-KEY_WORDS:], signature[:KEY_WORDS]] if tail else [signature[:KEY_WORDS], signature[-KEY_WORDS:]]
        if len(signature) < 3:
            return None  # too few words to tell one block from another
        for key in keys:
            for index in range(max(cursor, 0), min(len(self.joined), max(cursor, 0) + WINDOW)):
                if _contains(self.joined[index], key):
                    return index
        return None


def put_back(text: str, lifted: Sequence[Lifted], block_of: Callable[[Figure], str]) -> str:
    """``text`` (cleaned) with each lifted figure's block (``block_of``) back in place."""
    if not lifted:
        return text
    spans = block_spans(text)
    blocks = [text[start:end] for start, end in spans]
    finder = _Finder(blocks)
    inserts: dict[int, list[str]] = {}
    cursor = 0
    """Figures go at or after this gap; gap ``g`` is before cleaned block ``g``."""
    for item in lifted:
        gap = None
        for neighbour in item.before:
            found = finder.find(neighbour, max(cursor - 1, 0), tail=True)
            if found is not None and found + 1 >= cursor:
                gap = found + 1
                break
        if gap is None:
            for neighbour in item.after:
                found = finder.find(neighbour, cursor, tail=False)
                if found is not None:
                    gap = found
                    break
        gap = cursor if gap is None else gap
        inserts.setdefault(gap, []).append(block_of(item.figure))
        cursor = gap
    # Spliced into the text as it is, so that nothing else of it changes.
    out: list[str] = []
    last = 0
    body = text.rstrip("\n")
    for index, (start, _end) in enumerate(spans):
        if index in inserts:
            out.append(body[last:start])
            out.append("".join(f"{block}\n\n" for block in inserts[index]))
            last = start
    out.append(body[last:])
    if len(spans) in inserts:
        tail = "\n\n".join(inserts[len(spans)])
        out.append(f"\n\n{tail}" if spans else tail)
    return "".join(out)
