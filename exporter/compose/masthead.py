"""An article's masthead: kicker, headline, dek, then byline, imprint and provenance.

One builder for every writer: the e-book's article page and title page, the
PDF's and the HTML page's article head all take these pieces.

==============  ==========================================================
kicker          ``<p class="kicker">``: the site's section label
title           ``<h1 class="title" id="…_title">``
dek             ``<p class="dek" role="doc-subtitle">``
byline          ``<p class="byline"><span class="by">by</span> A and B</p>``
imprint         ``<p class="imprint">`` publisher · ``<time>`` date
also            ``<p class="also">`` Also published in ``<cite>``
source          ``<p class="source">`` Originally published at ``<a class="url">``
==============  ==========================================================
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..model import Metadata
from ..render.notes import readable_url
from .dates import iso_date
from .labels import Labels, date_in_words, join_names
from .model import Masthead
from .xhtml import element

SHORT_TITLE_CHARS = 56
"""A running head longer than this is cut at a word and given an ellipsis."""


def short_title(title: str, limit: int = SHORT_TITLE_CHARS) -> str:
    """The running-head title: the part before a colon, or a cut at a word."""
    head, colon, _ = title.partition(": ")
    if colon and len(head.split()) >= 2:
        title = head
    if len(title) <= limit:
        return title
    cut = title[: limit + 1].rsplit(" ", 1)[0].rstrip(",;:—– ")
    return f"{cut}\u2026"


def byline(names: tuple[str, ...], labels: Labels, cls: str = "byline", label: str = "") -> ET.Element | None:
    """``by A, B and C`` (or ``label`` instead of "by"), or None without names."""
    if not names:
        return None
    line = element(None, "p", class_=cls)
    element(line, "span", label or labels.by, class_="by").tail = f" {join_names(names, labels)}"
    return line


def imprint(publisher: str, date: str, labels: Labels) -> ET.Element | None:
    """``Publisher · April 1, 2025``: the date as ``<time>``, either may be missing."""
    iso = iso_date(date)
    if not publisher and not iso:
        return None
    line = element(None, "p", class_="imprint")
    if publisher:
        # A middle dot between publisher and date, as a journal's imprint line.
        element(line, "span", publisher, class_="publisher").tail = " \u00b7 " if iso else None
    if iso:
        element(line, "time", date_in_words(iso, labels), datetime=iso)
    return line


def provenance(meta: Metadata, labels: Labels) -> list[ET.Element]:
    """Where else the article appeared, and where it was first published."""
    lines = []
    if meta.also_published_in:
        line = element(None, "p", f"{labels.also_published_in} ", class_="also")
        element(line, "cite", meta.also_published_in)
        lines.append(line)
    if meta.source:
        line = element(None, "p", f"{labels.original} ", class_="source")
        element(line, "a", readable_url(meta.source), class_="url", href=meta.source)
        lines.append(line)
    return lines


def masthead(meta: Metadata, labels: Labels, title_id: str) -> Masthead:
    """The masthead of an article whose metadata ``meta`` is already typographic."""
    names = meta.author_names
    credits = [byline(names, labels), imprint(meta.publisher, meta.date, labels), *provenance(meta, labels)]
    return Masthead(
        kicker=element(None, "p", meta.section, class_="kicker") if meta.section else None,
        title=element(None, "h1", meta.title, class_="title", id=title_id),
        dek=element(None, "p", meta.subtitle, class_="dek", role="doc-subtitle") if meta.subtitle else None,
        credits=tuple(line for line in credits if line is not None),
        running_title=short_title(meta.title),
        running_author=join_names(names, labels) if len(names) <= 2 else f"{names[0]} et al.",
    )
