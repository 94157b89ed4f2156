"""The PDF backend: an article to a print-ready handout, through WeasyPrint.

The stages, each in its own module:

==================  ===========================================================
``render``          the shared XHTML renderer (``exporter.render``): links
                    become noterefs, or footnote elements at the call sites.
``document.py``     one HTML document: metadata in ``<head>``, masthead, body,
                    bio, notes; over a sequence of articles with id prefixes.
``front.py``        a reading packet's title page, contents (page numbers by
                    CSS ``target-counter``) and introduction.
``engine.py``       WeasyPrint with ``styles/print.css``, the page setup and
                    the restricted fetcher (``backends/fetch.py``), and the
                    fonts of ``fonts.py``: ours alone, never the machine's.
``glyphs.py``       the finished PDF read for characters drawn as empty
                    boxes, reported as a warning on the :class:`Built`.
==================  ===========================================================

Output is byte-identical for the same input: the PDF's dates come from the
article's date (or are left out), its identifier is a content hash, and
WeasyPrint names font subsets by a hash of the font description.

A reading packet is laid out in parts, in parallel processes, and joined
into one tagged PDF with its outline, links and page numbers running
through it (``parts.py``, ``join.py``). :func:`packet_html` gives the same
packet as one HTML document, for ``bench/packet_bench.py`` to time
WeasyPrint alone on.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ...errors import ExporterError
from ...model import Article, Packet
from ..result import Built, Progress, no_progress
from . import parts
from .document import DocumentInfo, document_html, iso_date, render_articles
from .engine import PageSetup, write_pdf
from .front import Entry, Front, front_matter
from .glyphs import describe, missing_glyphs

__all__ = ["SUFFIX", "Options", "build", "build_packet", "check_bleed", "export", "packet_html"]

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
    duplex: bool = False
    """Packets: start the contents, the introduction and each article on a
    right-hand (odd) page, for printing on both sides."""
    source_date_epoch: int | None = None
    """Seconds since 1970 for the PDF's CreationDate and ModDate, as
    ``SOURCE_DATE_EPOCH`` asks; None uses the article's (or packet's) date."""
    parallel: bool | None = None
    """Packets: laid out in parts, a process per core (True), as one document
    (False), or as the packet's length makes faster (None: in parts from
    :data:`~.parts.PARALLEL_WORDS` words on)."""

    def __post_init__(self) -> None:
        if self.paper not in PAPER:
            raise ExporterError(None, f"unknown paper size {self.paper!r}; use a4 or letter")
        if self.notes not in ("end", "foot"):
            raise ExporterError(None, f"unknown notes placement {self.notes!r}; use end or foot")
        if self.bleed is not None:
            check_bleed(self.bleed)

    @property
    def page(self) -> PageSetup:
        bleed = self.bleed.strip().lower() if self.bleed is not None else None
        return PageSetup(size=PAPER[self.paper], crop_marks=self.crop_marks, bleed=bleed)


def check_bleed(value: str) -> str:
    """``value`` if it is a plain CSS length such as ``3mm``; :class:`ExporterError` if not.

    The value goes into CSS: only a plain length may pass.
    """
    if not BLEED.match(value.strip()):
        raise ExporterError(None, f"bleed {value!r} is not a length such as 3mm")
    return value


def build(article: Article, options: Options) -> bytes:
    """The PDF of ``article`` as bytes.

    With ``notes="foot"``, if WeasyPrint cannot place every footnote (see
    ``engine.py``), the notes are set at the end instead: a handout may lose
    its footnotes' position, never an address.
    """
    return _handout(article, options).data


def export(work: Article | Packet, options: Options, progress: Progress = no_progress) -> Built:
    """One article's handout, or a reading packet; ``progress`` ticks once per article.

    Characters drawn as empty boxes (no font of the stack has them) are
    named in the result's ``warnings``.
    """
    built = build_packet(work, options, progress) if isinstance(work, Packet) else _handout(work, options, progress)
    return _checked(built)


def _checked(built: Built) -> Built:
    """``built`` with a warning if its PDF draws any character as ``.notdef``."""
    missing = missing_glyphs(built.data)
    return dataclasses.replace(built, warnings=(*built.warnings, describe(missing))) if missing else built


MakeHtml = Callable[[bool, Progress], str]
"""``(footnotes, progress) -> HTML``: renders the articles, ticking ``progress`` for each."""


def _lay_out(html: MakeHtml, options: Options, progress: Progress) -> Built:
    """``html`` laid out: notes at the foot of the page if asked and possible, else at the end.

    A retry with end notes renders the articles again, without ticking: the
    progress bar counts articles, not attempts.
    """
    if options.notes == "foot":
        built = write_pdf(html(True, progress), options.page, options.tagged, True)
        if built is not None:
            return built
        progress = no_progress
    result = write_pdf(html(False, progress), options.page, options.tagged)
    assert result is not None  # only footnote layouts can fail
    return result


def _dated(info: DocumentInfo, options: Options) -> DocumentInfo:
    """``info`` dated by ``SOURCE_DATE_EPOCH`` when it is given."""
    if options.source_date_epoch is None:
        return info
    try:
        when = _dt.datetime.fromtimestamp(options.source_date_epoch, tz=_dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise ExporterError(None, f"SOURCE_DATE_EPOCH {options.source_date_epoch} is out of range") from None
    return dataclasses.replace(info, date=when.strftime("%Y-%m-%dT%H:%M:%SZ"))


def _handout(article: Article, options: Options, progress: Progress = no_progress) -> Built:
    info = _dated(DocumentInfo.of(article.meta), options)

    def html(footnotes: bool, tick: Progress) -> str:
        return document_html(render_articles((article,), footnotes, progress=tick), info, footnotes)

    return _lay_out(html, options, progress)


def packet_info(packet: Packet) -> DocumentInfo:
    """The PDF's metadata: the packet's title; the editor as its author, else every author."""
    names = dict.fromkeys(n for a in packet.articles for n in a.meta.author_names)
    return DocumentInfo(
        title=packet.title,
        authors=(packet.editor,) if packet.editor else tuple(names),
        description=packet.subtitle,
        lang=packet.lang or "en",
        date=iso_date(packet.date),
    )


def build_packet(packet: Packet, options: Options, progress: Progress = no_progress) -> Built:
    """A reading packet: title page, contents, introduction, then every article
    from a new page, page numbers running through the whole packet."""
    if not packet.articles:
        raise ValueError("a packet needs at least one article")
    parallel = options.parallel
    if parallel is None:
        parallel = sum(len(article.body.split()) for article in packet.articles) >= parts.PARALLEL_WORDS
    if not parallel:
        return _lay_out(lambda footnotes, tick: packet_html(packet, options, footnotes, tick), options, progress)
    job = parts.Job(
        articles=(),
        first=1,
        info=_dated(packet_info(packet), options),
        page=options.page,
        tagged=options.tagged,
        footnotes=options.notes == "foot",
        duplex=options.duplex,
    )
    return parts.build(packet, job, progress)


def packet_html(packet: Packet, options: Options, footnotes: bool, progress: Progress = no_progress) -> str:
    """The one HTML document of a packet, as WeasyPrint gets it (also for ``bench/``)."""
    front = Front.of(packet)
    info = _dated(packet_info(packet), options)
    classes = ("packet", "duplex") if options.duplex else ("packet",)
    rendered = render_articles(packet.articles, footnotes, first=1, progress=progress)
    entries = [Entry.of(article.meta, article.id_prefix) for article in rendered]
    return document_html(rendered, info, footnotes, front_matter(front, entries), classes)
