"""WeasyPrint, called in one place: stylesheets, the restricted fetcher, PDF options.

Everything WeasyPrint reads goes through :class:`StylesOnlyFetcher`; the
document itself is given as a string with no base URL, so a relative
reference in it resolves to nothing rather than to a file beside us. The
fonts are the ones ``print.css`` names and the document needs, never the
machine's (``fonts.py``).

Footnotes are laid out, then checked. WeasyPrint 70 sometimes moves a
footnote to a later page than its call while keeping the text of a page
together for orphans, and in that path it can drop the footnote of the very
line it keeps (see ``tests/test_pdf.py``, ``test_footnotes_*``). Which
paragraphs hit that path depends on where pages break, so when the check
fails the layout is tried again with other orphans and widows settings, and
the first layout that places every note on its call's page wins. The
attempts are fixed, so the same input still gives the same bytes.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from weasyprint import CSS, HTML
from weasyprint.formatting_structure.boxes import FootnoteAreaBox

from ..fetch import STYLES, StylesOnlyFetcher
from ..result import Built
from .fonts import DocumentFonts
from .marks import marked

PRINT_CSS = STYLES / "print.css"

Pictures = Mapping[str, tuple[bytes, str]]
"""A document's pictures: address in its HTML → (bytes, media type)."""

BREAK_SETTINGS = (
    "",
    "html { orphans: 3; widows: 3 }",
    "html { orphans: 4; widows: 2 }",
    "html { orphans: 1; widows: 2 }",
)
"""Orphans and widows to try in turn with ``--notes foot``: print.css's own
(2 and 2) first, then settings that move page breaks away from the lines
WeasyPrint mishandles."""


@dataclass(frozen=True, slots=True)
class PageSetup:
    """The parts of ``@page`` that vary per build; all validated by ``Options``."""

    size: str = "A4"
    """A CSS page size: a keyword (``A4``, ``letter``…) or two lengths, checked by ``paper_size``."""
    crop_marks: bool = False
    bleed: str | None = None
    """A CSS length, already checked against :data:`~.BLEED`."""
    stylesheets: tuple[Path, ...] = ()
    """The user's style sheets, after ours and after these rules."""

    def css(self) -> str:
        """The ``@page`` rule: size and bleed. WeasyPrint would draw the marks
        inside the bleed; they are drawn outside it, afterwards (``marks.py``)."""
        rules = [f"size: {self.size};"]
        if self.bleed is not None:
            rules.append(f"bleed: {self.bleed};")
        return "@page { " + " ".join(rules) + " }\n"


@dataclass(frozen=True, slots=True)
class FootnotePlacement:
    """Where a laid-out document put its footnotes, by note id."""

    lost: tuple[str, ...]
    """Notes whose call is on a page and whose text is on none."""
    late: tuple[str, ...]
    """Notes whose text starts on a later page than their call."""

    @property
    def ok(self) -> bool:
        return not self.lost and not self.late


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _boxes(child)


def footnote_placement(document: Any) -> FootnotePlacement:
    """Compare, page by page, the footnote calls in the text with the footnote area.

    Reads WeasyPrint's laid-out boxes: a call is an inline box whose
    ``footnote`` is the note's box; a note is in a page's
    :class:`FootnoteAreaBox`. Notes are matched by their element's id.
    """
    calls: dict[str, int] = {}
    notes: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for part in page._page_box.children:  # noqa: SLF001 - no public API for this
            in_area = isinstance(part, FootnoteAreaBox)
            for box in _boxes(part):
                if in_area and box.element is not None and box.element.get("class") == "footnote":
                    notes.setdefault(box.element.get("id", ""), number)
                elif not in_area and getattr(box, "footnote", None) is not None:
                    element = box.footnote.element
                    calls.setdefault(element.get("id", "") if element is not None else "", number)
    lost = tuple(ident for ident in calls if ident not in notes)
    late = tuple(ident for ident, page in calls.items() if notes.get(ident, page) > page)
    return FootnotePlacement(lost, late)


@dataclass(frozen=True, slots=True)
class Laid:
    """A document laid out and written: the PDF, and where things fell in it."""

    built: Built
    starts: tuple[int, ...] = ()
    """For each anchor asked for, the index of the page it is on (-1 if none)."""
    blanks: tuple[int, ...] = ()
    """Indexes of the pages left empty before a right-hand start (``--duplex``)."""


def _is_blank(page: Any) -> bool:
    # No public API says which pages a `break-before: right` left empty.
    page_type = getattr(page._page_box, "page_type", None)  # noqa: SLF001
    return bool(getattr(page_type, "blank", False))


def write_pdf(
    html: str, page: PageSetup, tagged: bool, footnotes: bool = False, pictures: Pictures | None = None
) -> Built | None:
    """Lay out ``html`` with ``print.css`` and ``page``; the PDF and its page count.

    With ``footnotes``, None when every attempt drops a footnote: the caller
    then sets the notes at the end instead, where none can go missing.
    ``pictures`` are the document's images, by their address in ``html``.
    """
    laid = lay_out(html, page, tagged, footnotes, pictures=pictures)
    if laid is None:
        return None
    return dataclasses.replace(laid.built, data=marked(laid.built.data)) if page.crop_marks else laid.built


def lay_out(
    html: str,
    page: PageSetup,
    tagged: bool,
    footnotes: bool = False,
    anchors: Sequence[str] = (),
    write: bool = True,
    compressed: bool = True,
    laid_out: Callable[[Laid], None] | None = None,
    pictures: Pictures | None = None,
    keep: Callable[[Sequence[frozenset[str]]], int] | None = None,
) -> Laid | None:
    """:func:`write_pdf`, also telling on which page each of ``anchors`` fell;
    with ``write`` false, the layout alone, for its page count (no PDF bytes);
    with ``compressed`` false, a PDF whose streams the caller compresses
    (WeasyPrint compresses at zlib's slowest level, see ``join.compact``).
    ``laid_out`` is given the layout (no PDF bytes yet) before the PDF is
    written, which takes about a quarter of the time. ``pictures`` are the
    document's images, served from memory by their addresses in ``html``.
    ``keep``, given the anchors on each page, says how many pages to keep
    from the first: the rest are neither counted nor written."""
    fetcher = StylesOnlyFetcher(beside=tuple(sheet.parent for sheet in page.stylesheets), pictures=pictures)
    with contextlib.closing(DocumentFonts(html, fetcher)) as fonts:
        sheets = [
            CSS(filename=PRINT_CSS, url_fetcher=fetcher, font_config=fonts),
            CSS(string=page.css(), url_fetcher=fetcher, font_config=fonts),
            *(CSS(filename=sheet, url_fetcher=fetcher, font_config=fonts) for sheet in page.stylesheets),
        ]
        # Given to render() and write_pdf() both, as HTML.write_pdf() does.
        options: dict[str, Any] = {
            # PDF/UA-1: a structure tree (tags), the document language and title
            # shown in the viewer's title bar.
            "pdf_variant": "pdf/ua-1" if tagged else None,
            # The file identifier is a hash of the content, never random, so the
            # same article gives the same bytes.
            "pdf_identifier": True,
        }
        chosen = None
        for extra in BREAK_SETTINGS if footnotes else ("",):
            stylesheets = sheets + ([CSS(string=extra, font_config=fonts)] if extra else [])
            document = HTML(string=html, url_fetcher=fetcher).render(
                stylesheets=stylesheets, font_config=fonts, **options
            )
            if not footnotes:
                chosen = document
                break
            placement = footnote_placement(document)
            if placement.ok:
                chosen = document
                break
            if chosen is None and not placement.lost:
                # Keep the first layout that loses nothing: a late note is a
                # blemish, a lost one a missing address.
                chosen = document
        if chosen is None:
            return None
        if keep is not None:
            chosen = chosen.copy(chosen.pages[: keep([frozenset(laid.anchors) for laid in chosen.pages])])
        where: dict[str, int] = {}
        for number, laid in enumerate(chosen.pages):
            for name in laid.anchors:
                where.setdefault(name, number)  # a box split over pages is on each
        layout = Laid(
            Built(b"", pages=len(chosen.pages)),
            starts=tuple(where.get(name, -1) for name in anchors),
            blanks=tuple(number for number, laid in enumerate(chosen.pages) if _is_blank(laid)),
        )
        if laid_out is not None:
            laid_out(layout)
        if not write:
            return layout
        return dataclasses.replace(
            layout, built=Built(chosen.write_pdf(**options, uncompressed_pdf=not compressed), layout.built.pages)
        )
