"""The PDF backend: an article to a print-ready handout, through WeasyPrint.

The stages, each in its own module:

==================  ===========================================================
``render``          the shared XHTML renderer (``exporter.render``): links
                    become noterefs, or footnote elements at the call sites.
``document.py``     one HTML document: metadata in ``<head>``, masthead, body,
                    bio, notes; over a sequence of articles with id prefixes.
``engine.py``       WeasyPrint with ``styles/print.css``, the page setup and
                    the restricted fetcher (``backends/fetch.py``).
==================  ===========================================================

Output is byte-identical for the same input: the PDF's dates come from the
article's date (or are left out), its identifier is a content hash, and
WeasyPrint names font subsets by a hash of the font description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ...errors import ExporterError
from ...model import Article
from ...render import RenderOptions, render_article
from .document import DocumentInfo, document_html
from .engine import PageSetup, write_pdf

__all__ = ["SUFFIX", "Options", "build"]

SUFFIX = ".pdf"

BLEED = re.compile(r"(?:\d{1,2}(?:\.\d{1,3})?|\.\d{1,3})(?:mm|cm|in|pt|pc|px|q)\Z", re.I)
"""A bleed is a small positive CSS length: ``3mm``, ``0.125in``, ``9pt``."""

PAPER = {"a4": "A4", "letter": "letter"}


@dataclass(frozen=True, slots=True)
class Options:
    """How ``exporter pdf`` lays out the handout."""

    paper: Literal["a4", "letter"] = "a4"
    """Page size. A4 by default: the ISO size, and what most of the world prints on."""
    notes: Literal["end", "foot"] = "end"
    """``end``: a Notes section after the article; ``foot``: at the foot of each page."""
    crop_marks: bool = False
    """Crop and registration marks outside the page, for a print shop."""
    bleed: str | None = None
    """Bleed around the page box, a CSS length such as ``3mm``; None for none."""
    tagged: bool = True
    """A tagged PDF (PDF/UA-1) for screen readers and reflow."""

    def __post_init__(self) -> None:
        if self.paper not in PAPER:
            raise ExporterError(None, f"unknown paper size {self.paper!r}; use a4 or letter")
        if self.notes not in ("end", "foot"):
            raise ExporterError(None, f"unknown notes placement {self.notes!r}; use end or foot")
        if self.bleed is not None and not BLEED.match(self.bleed.strip()):
            # The value goes into CSS: only a plain length may pass.
            raise ExporterError(None, f"bleed {self.bleed!r} is not a length such as 3mm")

    @property
    def page(self) -> PageSetup:
        bleed = self.bleed.strip().lower() if self.bleed is not None else None
        return PageSetup(size=PAPER[self.paper], crop_marks=self.crop_marks, bleed=bleed)


def build(article: Article, options: Options) -> bytes:
    """The PDF of ``article`` as bytes.

    With ``notes="foot"``, if WeasyPrint cannot place every footnote (see
    ``engine.py``), the notes are set at the end instead: a handout may lose
    its footnotes' position, never an address.
    """
    info = DocumentInfo.of(article.meta)
    if options.notes == "foot":
        rendered = render_article(article, RenderOptions(links="notes", footnotes=True))
        data = write_pdf(document_html((rendered,), info, True), options.page, options.tagged, True)
        if data is not None:
            return data
    rendered = render_article(article, RenderOptions(links="notes"))
    result = write_pdf(document_html((rendered,), info, False), options.page, options.tagged)
    assert result is not None  # only footnote layouts can fail
    return result
