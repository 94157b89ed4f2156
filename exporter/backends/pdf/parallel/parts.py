"""A reading packet laid out in parts, one process per core.

WeasyPrint lays out a document on one core, and it lays a packet out twice:
once the contents page's ``target-counter`` numbers are known, every page
after it is made again. So a packet is laid out in parts instead:

1. The articles are cut, in order, into parts of about :data:`PART_WORDS`
   words, and each part is laid out and written by a process of its own, at
   most one per core at a time: a complete tagged PDF with the articles'
   mastheads, running heads, notes and bookmarks, and no page numbers. Once
   laid out, before it writes its PDF, it tells how many pages it took and
   on which page each article starts.
2. Beside the first parts, a process of its own lays out the front matter
   (title page, contents, introduction) with page numbers as wide as the
   real ones will likely be, to learn its length. While the last parts are
   out, this process lays out a page whose folio is every digit, the type
   every folio is then set in (``join.Folios``).
3. As soon as every part is laid out, the contents get their page numbers
   as plain text, and the front matter is laid out again in a process of
   its own while the last parts are still being written. Once they are,
   the parts are joined here (``join.py``: pages, tags, links, bookmarks).
   Should the front matter's length have changed with its numbers, the
   numbers move, and it is laid out again. Then it goes in front, and each
   article page is stamped with its folio.

Page numbers run through the packet as in one document, the PDF is one
tagged document, and a part's memory is freed when its process ends, so a
packet of 200 articles needs little more than one of 50. The parts, and
so the bytes, do not depend on how many cores there are.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .... import processes
from ....compose import ComposeOptions, compose_part, packet_front
from ....compose.xhtml import element
from ....errors import ExporterError
from ....model import Article, Packet
from ....processes import Started, no_work, run_ordered
from ...result import Built, Progress
from .. import marks
from ..engine import Laid, PageSetup, lay_out
from ..html import (
    DocumentInfo,
    Placement,
    article_section,
    document_html,
    front_elements_of,
    pictures_of,
)
from . import join, subsets

PART_WORDS = 6000
"""About how many words of articles a part holds: enough that a part's fixed
costs (style sheets, fonts) stay small beside its layout, few enough that a
packet of 50 articles keeps two cores busy to the end."""

PARALLEL_WORDS = 12_000
"""Words of articles from which a packet is laid out in parts: below, the
processes cost more than the cores they add save (``bench/packet_bench.py``)."""

FRONT_ATTEMPTS = 4
"""Layouts of the front matter before giving up on page numbers that settle."""


@dataclass(frozen=True, slots=True)
class Job:
    """One part: what a layout process needs, all of it picklable."""

    articles: tuple[Article, ...]
    first: int
    """The packet number of the part's first article (ids ``a<n>-``)."""
    info: DocumentInfo
    page: PageSetup
    tagged: bool
    footnotes: bool
    duplex: bool
    compose: ComposeOptions = ComposeOptions(backlinks="before")
    """How the part's articles are composed (links, notes, contents)."""


@dataclass(frozen=True, slots=True)
class Part:
    """A part laid out: its PDF, page count, and where its articles start."""

    data: bytes
    pages: int
    starts: tuple[int, ...]
    """Each article's first page, counted from the part's first page (0)."""
    blanks: tuple[int, ...]


def _classes(duplex: bool, *extra: str) -> tuple[str, ...]:
    return ("packet", *extra, *(("duplex",) if duplex else ()))


def lay_out_part(job: Job, tell: Callable[[Part], None] = no_work) -> Part:
    """Compose and lay out one part; notes at the page foot if asked and possible.

    Once it is laid out, and before its PDF is written, ``tell`` is given
    the part without its PDF: its pages and where its articles start.
    """
    composed = [compose_part(article, number, job.compose) for number, article in enumerate(job.articles, job.first)]
    anchors = [part.id for part in composed]
    pictures = pictures_of(composed)

    def told(layout: Laid) -> None:
        assert layout.built.pages is not None
        tell(Part(b"", layout.built.pages, layout.starts, layout.blanks))

    laid: Laid | None = None
    placements: tuple[Placement, ...] = ("foot", "end") if job.footnotes else ("end",)
    for placement in placements:
        sections = [article_section(part, placement) for part in composed]
        html = document_html(job.info, sections, classes=_classes(job.duplex, "parts"))
        laid = lay_out(
            html, job.page, job.tagged, placement == "foot", anchors, compressed=False, laid_out=told, pictures=pictures
        )
        if laid is not None:
            break
    assert laid is not None  # end notes always fit
    assert laid.built.pages is not None
    return Part(join.compact(laid.built.data), laid.built.pages, laid.starts, laid.blanks)


def cut(articles: Sequence[Article], words: int = PART_WORDS) -> list[tuple[int, int]]:
    """``(start, stop)`` ranges cutting ``articles`` into parts of about ``words`` words,
    and into two at least when there are two articles, so that two cores
    share even a short packet.

    Depends on the articles alone, never on the machine, so the same packet
    is always cut, and so laid out, the same way.
    """
    sizes = [max(1, len(article.body.split())) for article in articles]
    count = min(len(sizes), max(2, round(sum(sizes) / words)))
    ends = list(itertools.accumulate(sizes))
    cuts = [0]
    for k in range(1, count):
        target = ends[-1] * k / count
        # The article boundary nearest the target, leaving an article for every part after.
        best = min(range(cuts[-1] + 1, len(sizes) - (count - k) + 1), key=lambda i: abs(ends[i - 1] - target))
        cuts.append(best)
    cuts.append(len(sizes))
    return list(itertools.pairwise(cuts))


def run_parts(
    jobs: Sequence[Job],
    progress: Progress,
    meanwhile: Callable[[], None],
    workers: int | None = None,
    told: Callable[[int, Part], None] = no_work,
) -> list[Part]:
    """Every job laid out, in order, one process per core at a time (see
    ``backends/processes.py``); ``meanwhile`` runs here while the last are
    out. ``told(index, layout)`` hears of each part once it is laid out,
    before it is written (:func:`lay_out_part`)."""

    def done(index: int, _result: Part) -> None:
        for _ in jobs[index].articles:
            progress()

    return run_ordered(
        lay_out_part,
        jobs,
        done=done,
        meanwhile=meanwhile,
        told=told,
        workers=workers,
        isolated=True,
        patience=_patience,
    )


def _patience(job: Job) -> float:
    return processes.patience_for(sum(len(article.body.split()) for article in job.articles))


def _front(packet: Packet, job: Job, pages: dict[str, int], write: bool = True) -> Laid:
    """The title page, contents (with ``pages`` as their numbers) and introduction;
    without ``write``, laid out only, for its length."""
    elements = front_elements_of(packet_front(packet, pages, job.compose.contents))
    html = document_html(job.info, elements, _classes(job.duplex, "parts"))
    laid = lay_out(html, job.page, job.tagged, anchors=["_intro"], write=write, compressed=False)
    assert laid is not None
    return dataclasses.replace(laid, built=Built(join.compact(laid.built.data), laid.built.pages)) if write else laid


def _placeholders(packet: Packet) -> dict[str, int]:
    """Page numbers as wide as the real ones will likely be, for a first layout
    of the front matter while the parts are still out."""
    widest = 10 ** len(str(_estimated_pages(packet))) - 1
    numbers = {f"a{n}-_article": widest for n in range(1, len(packet.articles) + 1)}
    return numbers | {"_intro": 3}


def _padded(pages: int, duplex: bool) -> int:
    return pages + (pages % 2 if duplex else 0)


def _numbers(front_pages: int, intro: int, parts: Sequence[Part], job: Job) -> tuple[dict[str, int], list[int]]:
    """The contents' page numbers, and the indexes of the pages that get a folio."""
    numbers = {"_intro": intro + 1} if intro >= 0 else {}
    folios: list[int] = []
    first = _padded(front_pages, job.duplex)
    number = 1
    for part in parts:
        for start in part.starts:
            numbers[f"a{number}-_article"] = first + start + 1
            number += 1
        folios.extend(first + page for page in range(part.pages) if page not in part.blanks)
        first += _padded(part.pages, job.duplex)
    return numbers, folios


def _folios(info: DocumentInfo, page: PageSetup) -> join.Folios:
    """The type any folio is set in: a page laid out with every digit as its folio."""
    folio = element(None, "div", class_="folio", data_folio=join.DIGITS)
    html = document_html(info, [folio], classes=("folios",))
    laid = lay_out(html, page, tagged=False)
    assert laid is not None
    return join.folios(laid.built.data)


def _estimated_pages(packet: Packet) -> int:
    """About how many pages the packet will take, for the width of the
    placeholder page numbers."""
    words = sum(len(article.body.split()) for article in packet.articles)
    # A page holds about 480 words; each article adds its masthead, notes
    # and a part-filled last page, about one page more.
    return words // 480 + len(packet.articles) + 2


def build(packet: Packet, job: Job, progress: Progress) -> Built:
    """The packet's PDF, laid out in parts (``job`` holds the settings, no articles)."""
    jobs = [
        dataclasses.replace(job, articles=packet.articles[start:stop], first=start + 1)
        for start, stop in cut(packet.articles)
    ]
    folios: list[join.Folios] = []
    layouts: dict[int, Part] = {}
    fronts: list[Started[Laid]] = []

    def meanwhile() -> None:
        folios.append(_folios(job.info, job.page))

    def told(index: int, layout: Part) -> None:
        layouts[index] = layout
        if len(layouts) == len(jobs):
            # Every part is laid out, though the last are still being
            # written: the contents' numbers are known, and the front matter
            # is laid out with them in a process of its own.
            placeholder = first.result()
            assert placeholder.built.pages is not None
            laid_out = [layouts[i] for i in range(len(jobs))]
            numbers, _ = _numbers(placeholder.built.pages, placeholder.starts[0], laid_out, job)
            fronts.append(processes.start(_front_with_numbers, (packet, job, numbers), isolated=True))

    # The front matter laid out with placeholder numbers, for its length,
    # beside the first parts rather than in the way of the last.
    first = processes.start(_placeholder_front, (packet, job), isolated=True)
    try:
        parts = run_parts(jobs, progress, meanwhile, told=told)
        front = first.result()
        # Joined here while the front matter is laid out: not as each part
        # comes, since a process forked from this one counts what this one
        # holds as its own.
        pdf = join.join([part.data for part in parts], job.duplex)
        laid = fronts[0].result()
    finally:
        first.stop()
        for started in fronts:
            started.stop()
    for attempt in range(FRONT_ATTEMPTS):
        assert front.built.pages is not None
        numbers, stamped = _numbers(front.built.pages, front.starts[0], parts, job)
        if attempt:  # the front matter's length changed with its numbers: again
            laid = _front(packet, job, numbers)
        settled = (laid.built.pages, laid.starts) == (front.built.pages, front.starts)
        front = laid
        if settled:
            break
    else:
        raise ExporterError(None, "the contents' page numbers did not settle")
    join.prepend(pdf, front.built.data, job.duplex)
    join.stamp_folios(pdf, folios[0], stamped)
    subsets.one_subset_per_face(pdf)
    if job.page.crop_marks:
        marks.draw(pdf)
    return Built(join.save(pdf), pages=len(pdf.pages))


def _placeholder_front(work: tuple[Packet, Job]) -> Laid:
    packet, job = work
    return _front(packet, job, _placeholders(packet), write=False)


def _front_with_numbers(work: tuple[Packet, Job, dict[str, int]]) -> Laid:
    packet, job, numbers = work
    return _front(packet, job, numbers)
