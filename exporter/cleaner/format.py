"""Canonical Markdown form of a block: one way to write each construct."""

from __future__ import annotations

import re

from ..canonical import heading_levels
from .blocks import kind

_BULLET = re.compile(r"^[ ]{0,3}[*+•·▪‣◦][ ]+", re.M)
_ORDERED = re.compile(r"^[ ]{0,3}(\d{1,9})\)[ ]+", re.M)
_HEADING = re.compile(r"^(#{1,6})[ \t]*(.*?)(?:[ \t]+#+)?[ \t]*$")
_STRONG_UNDERSCORE = re.compile(r"(?<![\w\\_])__(?=\S)([^_\n]{1,500}?)(?<=\S)__(?![\w_])")
_EM_UNDERSCORE = re.compile(r"(?<![\w\\_])_(?=[^\s_])([^_\n]{1,500}?)(?<=[^\s_])_(?![\w_])")
_INNER_SPACES = re.compile(r"(?<=\S) {2,}")
_SPACE_BEFORE_LINE_END = re.compile(r"\s\n")
_EMPTY_EMPHASIS = re.compile(r"(?:(?<=\s)|^)(?:\*\*[ ]?\*\*|\*[ ]\*)(?:[ ]|$)", re.M)


def fix_list_markers(block: str) -> str:
    """``* item`` / ``• item`` → ``- item``; ``1) item`` → ``1. item``."""
    if kind(block) != "list":
        return block
    return _ORDERED.sub(r"\1. ", _BULLET.sub("- ", block))


def fix_heading_markers(block: str) -> str:
    """``##   Heading ##`` → ``## Heading``."""
    if kind(block) != "heading" or not block.startswith("#"):
        return block
    m = _HEADING.match(block)
    return f"{m.group(1)} {m.group(2).strip()}" if m and m.group(2).strip() else block


def fix_emphasis_markers(block: str) -> str:
    """``__strong__ and _em_`` → ``**strong** and *em*``; empty ``** **`` goes."""
    if ("_" not in block and "*" not in block) or kind(block) in {"code", "break"}:
        return block
    if "_" in block:
        block = _STRONG_UNDERSCORE.sub(r"**\1**", block)
        block = _EM_UNDERSCORE.sub(r"*\1*", block)
    # Empty emphasis is "**" or "* *": without either, nothing to take off.
    return _EMPTY_EMPHASIS.sub("", block) if "**" in block or "* *" in block else block


def fix_thematic_break(block: str) -> str:
    """``- - -`` / ``___`` → ``* * *``."""
    return "* * *" if kind(block) == "break" else block


def fix_heading_levels(blocks: list[str]) -> list[str]:
    """The title is the only level-1 heading, and no level is skipped:
    ``### A`` … ``##### B`` → ``## A`` … ``### B`` (``canonical.heading_levels``)."""
    headings = [i for i, b in enumerate(blocks) if kind(b) == "heading" and b.startswith("#")]
    levels = [len(blocks[i]) - len(blocks[i].lstrip("#")) for i in headings]
    fixed = list(blocks)
    for index, old, new in zip(headings, levels, heading_levels(levels), strict=True):
        if new != old:
            fixed[index] = "#" * new + blocks[index].lstrip("#")
    return fixed


def fix_block_edges(block: str) -> str:
    """``  text  \n`` → ``text``: no blank edges, no trailing spaces (code keeps its indent)."""
    if block == block.strip() and "  " not in block and not _SPACE_BEFORE_LINE_END.search(block):
        return block  # no edge, line end or double space to take off: most blocks, at once
    lines = [line.rstrip() for line in block.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    if lines and kind(block) != "code":
        lines[0] = lines[0].lstrip()
        # Removed links and markers leave double spaces behind.
        lines = [_INNER_SPACES.sub(" ", line) for line in lines]
    # One blank line at most, as fix_whitespace leaves the whole text.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
