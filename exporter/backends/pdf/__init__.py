"""The PDF writer: a document to a print-ready handout or packet, through WeasyPrint.

The stages, each in its own module:

==================  ===========================================================
``compose``         the shared document (``exporter/compose``): mastheads,
                    bodies, notes (numbers first, as paper prints them), bios,
                    a packet's title page, contents and introduction.
``html.py``         the document arranged for paper as one HTML document:
                    metadata in ``<head>``, each article with its bio and its
                    notes after it, or at the foot of each page.
``engine.py``       WeasyPrint with ``styles/print.css``, the page setup and
                    the restricted fetcher (``backends/fetch.py``), and the
                    fonts of ``fonts.py``: ours alone, never the machine's.
``glyphs.py``       the finished PDF read for characters drawn as empty
                    boxes, reported as a warning on the :class:`Built`.
``marks.py``        crop and registration marks, drawn outside the bleed.
``parallel/``       a long packet laid out in parts, one process per core,
                    and joined into one tagged PDF (``parts.py``, ``join.py``).
==================  ===========================================================

Output is byte-identical for the same input: the PDF's dates come from the
article's date (or are left out), its identifier is a content hash, and
WeasyPrint names font subsets by a hash of the font description.

A packet of fewer than :data:`~.parallel.parts.PARALLEL_WORDS` words is laid
out as one document; a longer one in parts, where the cores it adds save
more than its processes cost (``bench/packet_bench.py`` measures both).
"""

from __future__ import annotations

# Before any module here imports WeasyPrint (see ``libraries``).
from .libraries import import_weasyprint

import_weasyprint()

# isort: split
import dataclasses
import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ...compose import (
    ComposeOptions,
    Document,
    compose,
    language_tag,
    packet_editor,
    packet_meta,
)
from ...errors import ExporterError
from ...model import Article, Packet
from ...render import LinkMode
from ..result import Built, Progress, no_progress
from .engine import PageSetup, Pictures, write_pdf
from .glyphs import describe, missing_glyphs
from .html import DocumentInfo, Placement, pictures_of, whole_document
from .parallel import handout, parts

__all__ = ["SUFFIX", "Options", "check_bleed", "export", "paper_size", "write"]

SUFFIX = ".pdf"

BLEED = re.compile(r"(?:\d{1,2}(?:\.\d{1,3})?|\.\d{1,3})(?:mm|cm|in|pt|pc|px|q)\Z", re.I)
"""A bleed is a small positive CSS length: ``3mm``, ``0.125in``, ``9pt``."""

PAPER = {"a5": "A5", "a4": "A4", "letter": "letter", "legal": "legal"}
"""The paper sizes known by name, and their CSS ``size`` keywords."""

_LENGTH = r"(?:\d{1,4}(?:\.\d{1,3})?|\.\d{1,3})(?:mm|cm|in|pt|pc|px|q)"
CUSTOM_PAPER = re.compile(rf"({_LENGTH})\s*[x×]\s*({_LENGTH})\Z", re.I)
"""Any other paper: ``WIDTHxHEIGHT`` in CSS lengths, ``6inx9in``, ``148mmx210mm``."""

SMALLEST, LARGEST = 72.0, 14400.0
"""Paper sides in points outside these (an inch, two hundred inches) are refused."""

_POINTS = {"mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pt": 1.0, "pc": 12.0, "px": 0.75, "q": 72 / 101.6}


def paper_size(value: str) -> str:
    """The CSS ``size`` of a paper name or ``WIDTHxHEIGHT``; :class:`ExporterError` if neither.

    The value goes into CSS: only a known name or two plain lengths may pass.
    """
    name = value.strip().lower()
    if name in PAPER:
        return PAPER[name]
    custom = CUSTOM_PAPER.match(name)
    if custom is None:
        raise ExporterError(None, f"paper {value!r} is not a4, a5, letter, legal or WIDTHxHEIGHT (such as 6inx9in)")
    for side in custom.groups():
        number, unit = re.match(r"([\d.]+)(\D+)", side).groups()  # type: ignore[union-attr]
        if not SMALLEST <= float(number) * _POINTS[unit] <= LARGEST:
            raise ExporterError(None, f"paper side {side} is not between 1in and 200in")
    return f"{custom[1]} {custom[2]}"


@dataclass(frozen=True, slots=True)
class Options:
    """How ``exporter pdf`` lays out the handout."""

    paper: str = "a4"
    """Page size: ``a4`` (the default: the ISO size, and what most of the world
    prints on), ``a5``, ``letter``, ``legal``, or ``WIDTHxHEIGHT`` (``6inx9in``)."""
    links: LinkMode = "notes"
    """``notes``: each link a numbered note, the words kept in the text;
    ``inline``: live links set like the text around them, no notes;
    ``both``: live links and the notes."""
    css: tuple[Path, ...] = ()
    """Style sheets of the user's, applied after ours; each may read files
    beside it (fonts, images), never the network."""
    toc: bool = True
    """A packet's contents page."""
    notes: Literal["end", "foot"] = "end"
    """``end``: a Notes section after the article; ``foot``: at the foot of each page."""
    crop_marks: bool = False
    """Crop and registration marks, for a print shop: outside the bleed, on a
    sheet grown for them (``marks.py``)."""
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
        paper_size(self.paper)
        if self.links not in ("notes", "inline", "both"):
            raise ExporterError(None, f"unknown links mode {self.links!r}; use notes, inline or both")
        if self.notes not in ("end", "foot"):
            raise ExporterError(None, f"unknown notes placement {self.notes!r}; use end or foot")
        if self.bleed is not None:
            check_bleed(self.bleed)

    @property
    def compose(self) -> ComposeOptions:
        """Notes open with their number, as journals print them."""
        return ComposeOptions(links=self.links, backlinks="before", contents=self.toc)

    @property
    def page(self) -> PageSetup:
        bleed = self.bleed.strip().lower() if self.bleed is not None else None
        size = paper_size(self.paper)
        return PageSetup(size=size, crop_marks=self.crop_marks, bleed=bleed, stylesheets=self.css)


def check_bleed(value: str) -> str:
    """``value`` if it is a plain CSS length such as ``3mm``; :class:`ExporterError` if not.

    The value goes into CSS: only a plain length may pass.
    """
    if not BLEED.match(value.strip()):
        raise ExporterError(None, f"bleed {value!r} is not a length such as 3mm")
    return value


def _lay_out(html: Callable[[Placement], str], options: Options, pictures: Pictures | None = None) -> Built:
    """``html`` laid out: notes at the foot of the page if asked and possible, else at the end.

    With ``notes="foot"``, if WeasyPrint cannot place every footnote (see
    ``engine.py``), the notes are set at the end instead: a handout may lose
    its footnotes' position, never an address.
    """
    if options.notes == "foot":
        built = write_pdf(html("foot"), options.page, options.tagged, True, pictures)
        if built is not None:
            return built
    result = write_pdf(html("end"), options.page, options.tagged, pictures=pictures)
    assert result is not None  # only footnote layouts can fail
    return result


def dated(info: DocumentInfo, options: Options) -> DocumentInfo:
    """``info`` dated by ``SOURCE_DATE_EPOCH`` when it is given."""
    if options.source_date_epoch is None:
        return info
    try:
        when = _dt.datetime.fromtimestamp(options.source_date_epoch, tz=_dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise ExporterError(None, f"SOURCE_DATE_EPOCH {options.source_date_epoch} is out of range") from None
    return dataclasses.replace(info, date=when.strftime("%Y-%m-%dT%H:%M:%SZ"))


def document_html(document: Document, options: Options, placement: Placement = "end") -> str:
    """The document as the one HTML document WeasyPrint lays out (also for ``bench/``)."""
    info = dated(DocumentInfo.of_document(document), options)
    return whole_document(document, placement, info, options.duplex)


def write(document: Document, options: Options) -> Built:
    """The PDF of ``document`` (composed with ``options.compose``), laid out as one
    document. Characters drawn as empty boxes (no font of the stack has them)
    are named in the result's ``warnings``."""
    pictures = pictures_of(document.parts)
    return _checked(_lay_out(lambda placement: document_html(document, options, placement), options, pictures))


def _checked(built: Built) -> Built:
    """``built`` with a warning if its PDF draws any character as ``.notdef``."""
    missing = missing_glyphs(built.data)
    return dataclasses.replace(built, warnings=(*built.warnings, describe(missing))) if missing else built


def in_parts(packet: Packet, options: Options) -> bool:
    """Whether ``packet`` is laid out in parts (see the module's account)."""
    if options.parallel is not None:
        return options.parallel
    return sum(len(article.body.split()) for article in packet.articles) >= parts.PARALLEL_WORDS


def export(work: Article | Packet, options: Options, progress: Progress = no_progress) -> Built:
    """One article's handout, or a reading packet; ``progress`` ticks once per article.

    A packet: title page, contents, introduction, then every article from a
    new page, page numbers running through the whole packet.
    """
    if isinstance(work, Packet) and in_parts(work, options):
        if not work.articles:
            raise ValueError("a packet needs at least one article")
        meta = packet_meta(work)
        job = parts.Job(
            articles=(),
            first=1,
            info=dated(DocumentInfo.of(meta, language_tag(meta.lang), packet_editor(work)), options),
            page=options.page,
            tagged=options.tagged,
            footnotes=options.notes == "foot",
            duplex=options.duplex,
            compose=options.compose,
        )
        return _checked(parts.build(work, job, progress))
    document = compose(work, options.compose, progress)
    if options.notes == "end" and handout.apart(document):
        info = dated(DocumentInfo.of_document(document), options)
        return _checked(handout.build(document, info, options.page, options.tagged))
    return write(document, options)
