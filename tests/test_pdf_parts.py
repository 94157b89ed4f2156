"""A packet laid out in parts: how articles are cut, the layout processes, the join.

The packet PDF as a user gets it is tested in ``test_packet.py`` (contents,
links, folios, running heads, outline, duplex); here, the machinery under it.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from exporter.backends.pdf import Options, export, subsetter
from exporter.backends.pdf.engine import PageSetup, lay_out
from exporter.backends.pdf.glyphs import missing_glyphs
from exporter.backends.pdf.html import DocumentInfo
from exporter.backends.pdf.parallel import join, parts, subsets
from exporter.compose import packet_meta
from exporter.model import Article, Metadata, Packet
from exporter.processes import cores
from tests.pdf_util import (
    drawn_glyphs,
    embedded,
    glyphs_by_page,
    load_canonical,
    page_texts,
    pages,
    weasyprint_records,
)


def article(title: str, words: int) -> Article:
    sentence = "The committee met again on Tuesday to weigh the new proposal in full. "
    paragraphs = [sentence * 8] * max(1, words // 100)
    return Article(Metadata(title=title, authors=()), "\n\n".join(p.strip() for p in paragraphs))


def _info(packet: Packet) -> DocumentInfo:
    return DocumentInfo.of(packet_meta(packet), "en")


def jobs_for(articles: tuple[Article, ...], **changes: object) -> list[parts.Job]:
    packet = Packet("A packet", articles)
    options = Options()
    base = parts.Job((), 1, _info(packet), options.page, True, False, False)
    base = dataclasses.replace(base, **changes)  # type: ignore[arg-type]
    return [
        dataclasses.replace(base, articles=articles[start:stop], first=start + 1)
        for start, stop in parts.cut(articles)
    ]


@pytest.mark.parametrize(
    "sizes",
    [[300], [300, 300], [300, 300, 300], [5000, 5000, 5000], [900] * 50, [100, 20000, 100], [1] * 7],
)
def test_cut_keeps_every_article_in_order(sizes: list[int]) -> None:
    articles = [article(str(n), words) for n, words in enumerate(sizes)]
    bounds = parts.cut(articles)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(sizes)
    assert all(stop == start for (_, stop), (start, _) in zip(bounds, bounds[1:], strict=False))
    assert all(start < stop for start, stop in bounds)
    # Two cores share even a short packet.
    assert len(bounds) == (1 if len(sizes) == 1 else max(2, len(bounds)))


def test_cut_balances_words_and_bounds_a_part() -> None:
    articles = [article(str(n), 900) for n in range(200)]
    bounds = parts.cut(articles, words=6000)
    sizes = [stop - start for start, stop in bounds]
    assert max(sizes) - min(sizes) <= 1
    assert max(sizes) * 900 <= 6000 * 1.2
    # Three long articles: the middle cut goes where the words halve.
    assert parts.cut([article("a", 5000), article("b", 5000), article("c", 5000)], words=10_000) == [(0, 1), (1, 3)]
    assert parts.cut([article("a", 200), article("b", 200), article("c", 5000)], words=10_000) == [(0, 2), (2, 3)]


def test_cut_depends_on_the_articles_alone() -> None:
    articles = [article(str(n), 300 + 40 * n) for n in range(30)]
    assert parts.cut(articles) == parts.cut(list(articles))
    assert parts.cut(articles, words=3000) != parts.cut(articles, words=30_000)


def test_processes_give_the_bytes_one_process_gives() -> None:
    jobs = jobs_for((article("One", 600), article("Two", 300), article("Three", 400)))
    alone = parts.run_parts(jobs, lambda: None, lambda: None, workers=1)
    shared = parts.run_parts(jobs, lambda: None, lambda: None, workers=2)
    assert [p.data for p in alone] == [p.data for p in shared]
    assert [p.starts for p in alone] == [p.starts for p in shared]
    assert alone[0].starts == (0,) and alone[1].starts[0] == 0 and alone[1].starts[1] >= 1
    assert all(p.pages >= 1 for p in alone)


def test_progress_ticks_once_per_article_and_meanwhile_runs_once() -> None:
    jobs = jobs_for(tuple(article(str(n), 200) for n in range(5)))
    ticks: list[int] = []
    calls: list[int] = []
    parts.run_parts(jobs, lambda: ticks.append(1), lambda: calls.append(1))
    assert len(ticks) == 5 and calls == [1]


def test_an_error_in_a_layout_process_reaches_the_caller() -> None:
    jobs = jobs_for((article("One", 200), article("Two", 200)))
    broken = [dataclasses.replace(job, articles=("not an article",)) for job in jobs]  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        parts.run_parts(broken, lambda: None, lambda: None, workers=2)


@pytest.mark.skipif(cores() < 2, reason="layout processes run only with two cores or more")
def test_what_weasyprint_says_in_a_layout_process_is_logged_here() -> None:
    jobs = jobs_for((article("One", 200), article("Two", 200)), page=PageSetup(size="nonsense"))
    with weasyprint_records() as records:
        parts.run_parts(jobs, lambda: None, lambda: None, workers=2)
    assert sum("nonsense" in r.getMessage() for r in records) == 2


def test_the_joined_pdf_is_one_tagged_document() -> None:
    articles = tuple(article(f"Article {n}", 300 + 150 * n) for n in range(1, 6))
    data = export(Packet("Tagged", articles), Options(parallel=True)).data
    pdf = pikepdf.open(io.BytesIO(data))
    tree = pdf.Root.StructTreeRoot
    nums = tree.ParentTree.Nums
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    assert len(keys) == len(set(keys)) and int(tree.ParentTreeNextKey) == max(keys) + 1
    # Every page's and every link's key is in the tree, and its elements are on that page.
    pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
    used = []
    for number, page in enumerate(pdf.pages):
        if "/StructParents" in page.obj:
            key = int(page.obj.StructParents)
            used.append(key)
            elements = nums[keys.index(key) * 2 + 1]
            assert all(pages[e.Pg.objgen] == number for e in elements if "/Pg" in e)
        for annot in page.obj.get("/Annots", []):
            used.append(int(annot.StructParent))
    assert len(used) == len(set(used)) and set(used) <= set(keys)
    # One Document element, holding every part's elements, each pointing back at it.
    (document,) = tree.K
    assert document.S == "/Document"
    assert all(kid.P.objgen == document.objgen for kid in document.K)
    # The running heads' elements name the Document as their parent without
    # being its kids (WeasyPrint's way): theirs too is the packet's, so no
    # part's own tree, nor its parent tree, is left in the file.
    documents = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Document"]
    assert [o.objgen for o in documents] == [document.objgen]
    assert sum(isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructTreeRoot" for o in pdf.objects) == 1
    headings = [kid for kid in _walk(document) if kid.get("/S") == "/H1"]
    assert len(headings) == 1 + len(articles)  # the title page's, then each masthead's
    # Named destinations: a sorted name tree, every article reachable.
    names = [str(n) for n in pdf.Root.Names.Dests.Names[::2]]
    assert names == sorted(names)
    assert {f"a{n}-_article" for n in range(1, 6)} <= set(names)


def _walk(element: pikepdf.Object) -> list[pikepdf.Object]:
    found = []
    for kid in element.get("/K", []):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
            found.append(kid)
            found.extend(_walk(kid))
    return found


@pytest.mark.parametrize("size", ["A4", "letter"])
def test_folios_are_set_as_weasyprint_sets_them(size: str) -> None:
    """Each composed folio shows its number where, and as wide as, WeasyPrint
    puts it when it lays the number out as a folio itself."""
    numbers = [1, 7, 10, 42, 108, 1234]
    page = PageSetup(size=size)
    info = _info(Packet("Folios", ()))
    divs = "".join(f'<div class="folio" data-folio="{n}"></div>' for n in numbers)
    laid = lay_out(f'<!DOCTYPE html><html class="folios" lang="en"><body>{divs}</body></html>', page, tagged=False)
    assert laid is not None
    expected = [page.words for page in pages(laid.built.data)]

    blank = lay_out('<!DOCTYPE html><html lang="en"><body></body></html>', page, tagged=False)
    assert blank is not None
    pdf = join.open_pdf(blank.built.data)
    while len(pdf.pages) < max(numbers):
        pdf.pages.append(pdf.pages[0])
    join.stamp_folios(pdf, parts._folios(info, page), [n - 1 for n in numbers])
    stamped = pages(join.save(pdf))
    for number, words in zip(numbers, expected, strict=True):
        (word,) = stamped[number - 1].words
        (want,) = words
        assert word.text == want.text == str(number)
        assert abs(word.x0 - want.x0) < 0.01 and abs(word.x1 - want.x1) < 0.01 and abs(word.y0 - want.y0) < 0.01


def test_a_reference_folio_that_is_not_every_digit_is_refused() -> None:
    html = '<!DOCTYPE html><html class="folios" lang="en"><body><div class="folio" data-folio="0123"></div></body></html>'
    laid = lay_out(html, PageSetup(), tagged=False)
    assert laid is not None
    with pytest.raises(ValueError, match="each digit once"):
        join.folios(laid.built.data)


def test_a_front_matter_whose_length_changes_with_its_numbers_is_laid_out_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Should the first layout of the front matter (with placeholder numbers)
    come out a page longer than the real one, every number is one too high;
    the front matter is then laid out again with the numbers moved, and the
    packet comes out as if the first layout had been right."""
    packet = Packet("Five", tuple(article(f"Article {n}", 300) for n in range(1, 6)))
    right = export(packet, Options(parallel=True)).data
    front = parts._front

    def placeholder_a_page_longer(packet: Any, job: Any, pages: dict[str, int], write: bool = True) -> Any:
        laid = front(packet, job, pages, write)
        return laid if write else dataclasses.replace(laid, built=dataclasses.replace(laid.built, pages=laid.built.pages + 1))

    monkeypatch.setattr(parts, "_front", placeholder_a_page_longer)
    assert export(packet, Options(parallel=True)).data == right


# One subset per face --------------------------------------------------------------

CANONICAL = Path(__file__).parent / "fixtures" / "canonical"


@pytest.fixture(scope="module")
def layouts() -> dict[bool, bytes]:
    """Eight articles with italics, bold and notes, laid out in parts (True) and as one document."""
    sources = [load_canonical(CANONICAL / "ross.md"), load_canonical(CANONICAL / "pdf-groundwater.md")] * 4
    articles = tuple(
        dataclasses.replace(item, meta=dataclasses.replace(item.meta, title=f"{item.meta.title} ({n})"))
        for n, item in enumerate(sources, 1)
    )
    packet = Packet("Fonts", articles)
    assert len(parts.cut(articles)) >= 2
    return {parallel: export(packet, Options(parallel=parallel)).data for parallel in (True, False)}


def test_each_face_is_embedded_once(layouts: dict[bool, bytes]) -> None:
    fonts = embedded(layouts[True])
    faces = [font.face for font in fonts]
    assert len(faces) == len(set(faces)) == len(embedded(layouts[False]))
    assert {"Exporter-Text", "Exporter-Text-Italic", "Exporter-Text-Bold"} <= set(faces)
    # A tag names one subset, and no other.
    assert len({font.tag for font in fonts}) == len(fonts)
    # Every page names that one font dictionary for its face (the folios too).
    with pikepdf.open(io.BytesIO(layouts[True])) as pdf:
        used = {font.objgen for page in pdf.pages for font in page.Resources.Font.values()}
    assert len(used) == len(faces)


def test_a_merged_subset_is_the_one_a_single_document_embeds(layouts: dict[bool, bytes]) -> None:
    """WeasyPrint's subsets keep the font's glyph ids; made again from the font
    file with every glyph the parts drew, a face's subset is the very one
    WeasyPrint embeds when it lays the whole packet out at once."""
    one = {font.face: font.program for font in embedded(layouts[False])}
    assert {font.face: font.program for font in embedded(layouts[True])} == one


def test_text_and_glyphs_are_those_of_one_document(layouts: dict[bool, bytes]) -> None:
    assert page_texts(layouts[True]) == page_texts(layouts[False])
    assert [glyph for glyph in drawn_glyphs(layouts[True]) if glyph.notdef] == []
    assert glyphs_by_page(layouts[True]) == glyphs_by_page(layouts[False])


def test_the_packet_is_about_the_size_of_one_document(layouts: dict[bool, bytes]) -> None:
    assert len(layouts[True]) <= 1.1 * len(layouts[False])


def _runes(*words: str) -> Packet:
    """A packet in parts, an article each, with characters no font has."""
    return Packet("Runes", tuple(Article(Metadata(title=f"Runes {n}"), f"The word {word} is Runic.")
                                 for n, word in enumerate(words, 1)))


def test_parts_that_draw_the_same_missing_character_share_a_subset() -> None:
    built = export(_runes("ᚠ", "ᚠ"), Options(parallel=True))
    assert missing_glyphs(built.data) == "ᚠ"
    fonts = embedded(built.data)
    assert len({font.face for font in fonts}) == len(fonts)
    assert len([glyph for glyph in drawn_glyphs(built.data) if glyph.notdef]) == 2


def test_parts_that_draw_other_missing_characters_keep_their_subsets() -> None:
    """WeasyPrint numbers the characters it has no glyph for per document, so
    two parts may draw other characters under one code: those two subsets
    are not merged (each of the others joins one of them), each keeps a tag
    of its own, and both characters are reported."""
    built = export(_runes("ᚠ", "ᚢ"), Options(parallel=True))
    assert missing_glyphs(built.data) == "ᚠᚢ"
    fonts = embedded(built.data)
    assert [font.face for font in fonts].count("Exporter-Text") == 2
    assert len({font.tag for font in fonts}) == len({font.program for font in fonts}) == len(fonts)
    assert "Runic 2: ᚠᚢ" in built.warnings[0]


def test_a_face_is_merged_only_from_its_own_font_file() -> None:
    """The font file is known by its name and by its ``head`` table's revision
    and dates, which subsetting keeps: a file of the same name that is another
    font (a user's version of it, say) is not used, and the subsets stay apart."""
    jobs = jobs_for((article("One", 300), article("Two", 300)))
    joined = join.join([part.data for part in parts.run_parts(jobs, lambda: None, lambda: None)])
    separate = embedded(join.save(joined))
    assert [font.face for font in separate].count("Exporter-Text") == 2
    files = subsetter.font_files()
    (charis,) = files["CharisSIL"]
    other = dataclasses.replace(charis, stamp=(charis.stamp[0] + 1, *charis.stamp[1:]))
    subsets.one_subset_per_face(joined, files | {"CharisSIL": [other]})
    kept = embedded(join.save(joined))
    assert sorted(font.program for font in kept) == sorted(font.program for font in separate)
    assert len({font.tag for font in kept}) == len(kept)
    subsets.one_subset_per_face(joined, files)
    assert [font.face for font in embedded(join.save(joined))].count("Exporter-Text") == 1
