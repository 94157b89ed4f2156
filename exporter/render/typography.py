"""Typography for the metadata a reader sees: the masthead, the title page, the cover.

The renderer's own Markdown typography (smart quotes, dashes, ellipses) does
the work, so that the title page and the body agree.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace

from ..model import Author, Metadata
from . import render_markdown

_MD_ESCAPE = re.compile(r"([\\`*_\[\]])")
_MD_LEADING = re.compile(r"^([#+-])")
_MD_ORDINAL = re.compile(r"^(\d+)([.)])")


def _markdown_literal(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_ESCAPE.sub(r"\\\1", text)
    return _MD_ORDINAL.sub(r"\1\\\2", _MD_LEADING.sub(r"\\\1", text))


def typographic(meta: Metadata) -> Metadata:
    """``meta`` with curly quotes, dashes and ellipses in the fields a reader sees.

    The renderer's own typography does the work, so the title page and the
    body agree; all fields go through it in one call.
    """
    fields = [
        meta.title, meta.subtitle, meta.description, meta.publisher,
        meta.also_published_in, *meta.author_names,
    ]  # fmt: skip
    html = render_markdown("\n\n".join(_markdown_literal(f) or "\u200b" for f in fields))
    paragraphs = ET.fromstring(f"<div>{html}</div>").findall("p")
    if len(paragraphs) != len(fields):
        return meta  # something in a field read as structure: keep it as it was
    text = ["".join(p.itertext()).replace("\u200b", "").strip() for p in paragraphs]
    title, subtitle, description, publisher, also, *names = text
    return replace(
        meta,
        title=title,
        subtitle=subtitle,
        description=description,
        publisher=publisher,
        also_published_in=also,
        authors=tuple(Author(n, a.bio) for n, a in zip(names, meta.authors, strict=True)),
    )
