"""Blocks too dense with markup for Python-Markdown, set as plain text instead.

Python-Markdown rebuilds a paragraph's string after every inline match, so a
paragraph with tens of thousands of escapes or emphasis markers (a scraped
page gone wrong) takes minutes. Such a block is set as literal text: every
word is kept, no markup is read from it, and rendering stays fast.
"""

from __future__ import annotations

import hashlib
import html
import re

MAX_MARKUP_PER_BLOCK = 2000
"""Inline markup characters a block may hold before it is set literally."""

_MARKUP = re.compile(r"[\\*_`&<]")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_BLOCKS = re.compile(r"\n[ \t]*\n")


def protect_dense_blocks(text: str) -> tuple[str, dict[str, str]]:
    """Swap dense blocks for token paragraphs; return the text and token → XHTML."""
    if len(_MARKUP.findall(text)) <= MAX_MARKUP_PER_BLOCK:
        return text, {}
    # A token made from the text itself cannot collide with a word in it by chance.
    seed = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    literal: dict[str, str] = {}
    blocks = _BLOCKS.split(text)
    for index, block in enumerate(blocks):
        if len(_MARKUP.findall(block)) > MAX_MARKUP_PER_BLOCK:
            token = f"xliteral{seed}n{index}"
            words = " ".join(_ESCAPE.sub(r"\1", block).split())
            literal[token] = f"<p>{html.escape(words, quote=False)}</p>"
            blocks[index] = token
    return "\n\n".join(blocks), literal


def restore_dense_blocks(rendered: str, literal: dict[str, str]) -> str:
    """Put the literal paragraphs back where their tokens were rendered."""
    for token, xhtml in literal.items():
        rendered = rendered.replace(f"<p>{token}</p>", xhtml)
    return rendered
