"""Typography for the metadata a reader sees: mastheads, title pages, covers.

The same substitutions the renderer makes in the body (``render/educate.py``:
curly quotes, en and em dashes, ellipses), applied to each field as the
plain text it is, so that the title page and the body agree.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Author, Metadata
from ..render.educate import educate


def typographic(meta: Metadata) -> Metadata:
    """``meta`` with curly quotes, dashes and ellipses in the fields a reader sees."""
    return replace(
        meta,
        title=educate(meta.title),
        subtitle=educate(meta.subtitle),
        description=educate(meta.description),
        publisher=educate(meta.publisher),
        also_published_in=educate(meta.also_published_in),
        section=educate(meta.section),
        authors=tuple(Author(educate(a.name), a.bio) for a in meta.authors),
    )
