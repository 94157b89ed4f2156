"""A handout whose long notes list is laid out in pieces (``pdf/parallel/handout.py``).

The pieces' sizes are made small here (``NOTES_APART``, ``NOTES_PER_PIECE``)
so that a handout of a few dozen notes takes the path that thousands take.
"""

from __future__ import annotations

import io
import re

import pikepdf
import pytest

from exporter.backends.pdf import Options, export
from exporter.backends.pdf.parallel import handout, join
from exporter.compose import Document, compose
from exporter.model import Article, Author, Metadata
from tests.pdf_util import page_texts, pdffonts, squash

NOTES = 200


def _article(notes: int = NOTES) -> Article:
    sentences = [
        f"Finding {n} of the survey is reported in [the source numbered {n}](https://example.org/reports/{n}.html)."
        for n in range(1, notes + 1)
    ]
    paragraphs = [" ".join(sentences[i : i + 7]) for i in range(0, notes, 7)]
    meta = Metadata(title="A Handout of Many Sources", authors=(Author("Sam Lee"),), date="2025-05-01", lang="en")
    return Article(meta, "\n\n".join(paragraphs))


@pytest.fixture(scope="module")
def built() -> dict[str, bytes]:
    """The handout laid out in pieces, twice, and as one document."""
    article = _article()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(handout, "NOTES_APART", 100)
        patch.setattr(handout, "NOTES_PER_PIECE", 50)
        apart = export(article, Options()).data
        again = export(article, Options()).data
    return {"apart": apart, "again": again, "one": export(article, Options()).data}


def _destinations(pdf: pikepdf.Pdf) -> dict[str, int]:
    pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
    flat = pdf.Root.Names.Dests.Names
    return {str(flat[i]): pages[flat[i + 1][0].objgen] for i in range(0, len(flat), 2)}


def _links(pdf: pikepdf.Pdf) -> list[tuple[int, pikepdf.Dictionary]]:
    return [(number, annot) for number, page in enumerate(pdf.pages) for annot in page.obj.get("/Annots", [])]


def test_the_pieces_hold_the_text_and_every_note_in_order(built: dict[str, bytes]) -> None:
    for data in (built["apart"], built["one"]):
        text = squash(" ".join(page_texts(data)))
        assert [int(n) for n in re.findall(r"Finding(\d+)ofthesurvey", text)] == list(range(1, NOTES + 1))
        assert [int(n) for n in re.findall(r"(\d+)\.thesourcenumbered\1:", text)] == list(range(1, NOTES + 1))


def test_every_page_of_notes_but_the_last_is_full(built: dict[str, bytes]) -> None:
    """A piece keeps only the pages its notes fill: the notes take as many pages as
    in one document, and one more at most, since here they start a page of their own."""

    assert _pages_of_notes(built["apart"]) <= _pages_of_notes(built["one"]) + 1


def _pages_of_notes(data: bytes) -> int:
    return sum(bool(re.search(r"thesourcenumbered\d+:", squash(text))) for text in page_texts(data))


def test_calls_and_notes_link_to_each_other_across_pieces(built: dict[str, bytes]) -> None:
    """Each call's link goes to the page of its note, and the note's number back to
    the page of the call; none is left an address."""
    pdf = pikepdf.open(io.BytesIO(built["apart"]))
    where = _destinations(pdf)
    texts = [squash(text) for text in page_texts(built["apart"])]
    links: dict[str, int] = {}
    for number, annot in _links(pdf):
        action = annot.get("/A")
        assert action is None or not str(action.get("/URI", "")).startswith(join.ACROSS)
        if "/Dest" in annot:
            links[str(annot.Dest)] = number
    assert len(links) == 2 * NOTES
    for note in range(1, NOTES + 1):
        call, listed = f"noteref-{note}", f"note-{note}"
        assert f"{note}.thesourcenumbered{note}:" in texts[where[listed]]
        assert where[listed] == links[call]  # the note's backlink sits on the note's page
        assert where[call] == links[listed]  # and the call's link on the call's page


def test_the_folios_count_every_page(built: dict[str, bytes]) -> None:
    texts = page_texts(built["apart"])
    total = len(texts)
    assert not re.search(rf"\b1 of {total}\b", texts[0])  # the masthead's page has none
    for number, text in enumerate(texts[1:], 2):
        assert f"{number} of {total}" in text, number
    pdf = pikepdf.open(io.BytesIO(built["apart"]))
    # Drawn as pagination artifacts, outside the tags.
    assert all(b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC" in page.obj.Contents[-1].read_bytes() for page in pdf.pages)


def test_the_pieces_make_one_tagged_document_the_same_every_time(built: dict[str, bytes]) -> None:
    assert built["apart"] == built["again"]
    pdf = pikepdf.open(io.BytesIO(built["apart"]))
    (document,) = pdf.Root.StructTreeRoot.K
    assert document.S == "/Document"
    assert sum(isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructTreeRoot" for o in pdf.objects) == 1
    # The bookmarks of one document: the notes' under the article's.
    outlines = []
    for data in (built["apart"], built["one"]):
        with pikepdf.open(io.BytesIO(data)).open_outline() as outline:
            outlines.append([(item.title, [child.title for child in item.children]) for item in outline.root])
    assert outlines[0] == outlines[1] == [("A Handout of Many Sources", ["Notes"])]
    # One subset a face, as in one document.
    fonts = [row.name.split("+", 1)[-1] for row in pdffonts(built["apart"])]
    assert len(fonts) == len(set(fonts))


def test_a_short_notes_list_stays_in_one_document() -> None:
    assert not handout.apart(_compose(_article(20)))
    assert handout.apart(_compose(_article(handout.NOTES_APART)))


def test_pieces_too_short_to_fill_a_page_are_made_larger(monkeypatch: pytest.MonkeyPatch) -> None:
    one = export(_article(120), Options()).data
    monkeypatch.setattr(handout, "NOTES_APART", 30)
    monkeypatch.setattr(handout, "NOTES_PER_PIECE", 5)
    apart = export(_article(120), Options()).data
    assert _pages_of_notes(apart) <= _pages_of_notes(one) + 1


def _compose(article: Article) -> Document:
    return compose(article, Options().compose)


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        # notes 0-2 on page 0, 3-5 on page 1, 6-7 on page 2 (the last): keep two pages and six notes
        ([{"n0", "n1", "n2"}, {"n3", "n4", "n5"}, {"n6", "n7"}], (2, 6)),
        # note 5 runs from page 1 onto page 2: page 1 goes too
        ([{"n0", "n1", "n2"}, {"n3", "n4", "n5"}, {"n5", "n6", "n7"}], (1, 3)),
        # nothing known on the last page: the notes of the page before may run onto it, and go too
        ([{"n0", "n1", "n2", "n3"}, {"n4", "n5", "n6", "n7"}, set()], (1, 4)),
        # one page: kept, whatever it holds
        ([{"n0", "n1"}], (1, 8)),
        # a note over every page: nothing could be cut, all is kept
        ([{"n0"}, {"n0"}, {"n0"}], (3, 8)),
        # the first note only on the last page: a cut would keep the heading alone
        ([set(), {"n0", "n1"}], (2, 8)),
    ],
)
def test_whole_pages_cut_before_the_last_page_and_any_note_that_reaches_it(
    pages: list[set[str]], expected: tuple[int, int]
) -> None:
    notes = [f"n{n}" for n in range(8)]
    assert handout.whole_pages(notes, [frozenset(p) for p in pages]) == expected
