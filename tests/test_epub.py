"""The EPUB backend (issue 3): real books, unzipped, parsed and put through EPUBCheck."""

from __future__ import annotations

import dataclasses
import io
import subprocess
import sys
import textwrap
import time
import uuid
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from exporter.backends import backend
from exporter.backends.cover import MARGIN, SIZE, CoverText, draw_cover
from exporter.backends.epub import SUFFIX, Options, export
from exporter.canonical import parse_front_matter, split_front_matter
from exporter.errors import InputError
from exporter.model import Article, Author, Metadata, Packet
from tests.epub_util import NS, XML_LANG, Epub, body_links, epub_types, epubcheck, text

REPO = Path(__file__).resolve().parents[1]
ROSS_MD = REPO / "tests" / "fixtures" / "canonical" / "ross.md"
X = f"{{{NS['x']}}}"


def load_canonical(path: Path) -> Article:
    yaml_text, body = split_front_matter(path.read_text(encoding="utf-8"))
    assert yaml_text is not None
    return Article(parse_front_matter(yaml_text, str(path)), body.strip("\n"))


ROSS = load_canonical(ROSS_MD)

# A second article written to reach what the seed does not: another language,
# two authors (one bio with a link), nested headings, lists, quotes, a table,
# no publisher or source, markup that must come out as text or not at all,
# and headings whose slugs ("title", "titlepage") look like the book's own ids.
FEATURES = Article(
    Metadata(
        title='AT&T <b>mis</b> en "examen" -- 1. Première',
        subtitle="Un chapeau d'une phrase...",
        authors=(
            Author("Marie Curie", "Marie Curie enseigne à la [Sorbonne](https://www.sorbonne.fr/)."),
            Author("Jean-Luc O'Neil Jr.", "Jean-Luc O'Neil est journaliste."),
        ),
        date="2024-02-29",
        lang="fr",
        subjects=("Énergie",),
    ),
    textwrap.dedent(
        """\
        Une introduction avec un [lien](https://example.org/a?x=1&y=2) et des « guillemets ».

        ## Première partie

        Du texte avec *emphase* et **gras**, et un [second lien](https://example.org/b).

        ### Un détail

        - un élément avec un [lien](https://example.org/c)
        - un autre élément

        > Une citation avec une [adresse](mailto:redaction@example.org).

        | Année | Source |
        |---|---|
        | 2024 | [rapport](https://example.org/d) |

        <script>alert(1)</script> <img src="x" onerror="alert(1)"> [piège](javascript:alert(1))

        ## Deuxième partie

        Un dernier paragraphe.

        ### Titlepage

        ## Title

        Deux titres dont les ancres ressemblent aux identifiants du livre lui-même."""
    ),
)

PNG_USER = io.BytesIO()
Image.new("RGB", (600, 900), (200, 30, 30)).save(PNG_USER, "PNG")
JPEG_USER = io.BytesIO()
Image.new("RGB", (600, 900), (30, 30, 200)).save(JPEG_USER, "JPEG")
WEBP_USER = io.BytesIO()
Image.new("RGB", (600, 900), (30, 200, 30)).save(WEBP_USER, "WEBP")


@pytest.fixture(scope="module")
def cover_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("covers")
    files = {"jpg": JPEG_USER, "webp": WEBP_USER, "png": PNG_USER}
    paths = {}
    for ext, buffer in files.items():
        paths[ext] = folder / f"user.{ext}"
        paths[ext].write_bytes(buffer.getvalue())
    return paths


def build(article: Article, options: Options) -> bytes:
    return export(article, options).data


# Every book the tests look into; each goes through EPUBCheck too.
CASES = {
    "ross": lambda covers: build(ROSS, Options()),
    "ross-inline": lambda covers: build(ROSS, Options(links="inline")),
    "ross-both-jpeg": lambda covers: build(ROSS, Options(links="both", cover=covers["jpg"])),
    "features-webp": lambda covers: build(
        FEATURES, Options(cover=covers["webp"], source_date_epoch=1_700_000_000)
    ),
    "packet": lambda covers: export(Packet("A Reading Packet", (ROSS, FEATURES), lang="en"), Options()).data,
}


@pytest.fixture(scope="module")
def books(cover_files: dict[str, Path]) -> dict[str, Epub]:
    return {name: Epub(make(cover_files)) for name, make in CASES.items()}


@pytest.fixture(scope="module")
def ross(books: dict[str, Epub]) -> Epub:
    return books["ross"]


# EPUBCheck ------------------------------------------------------------------


def test_epubcheck_reports_nothing_on_any_book(books: dict[str, Epub], tmp_path: Path) -> None:
    paths = {}
    for name, book in books.items():
        paths[name] = tmp_path / f"{name}.epub"
        paths[name].write_bytes(book.data)
    results = epubcheck(paths.values())
    problems = {name: results[path] for name, path in paths.items() if not results[path].clean}
    assert not problems, "\n".join(f"{n}: {m}" for n, r in problems.items() for m in r.messages)


def test_epubcheck_helper_sees_a_broken_book(ross: Epub, tmp_path: Path) -> None:
    """The check above can fail: an endnote pointing nowhere is an error."""
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(io.BytesIO(ross.data)) as source, zipfile.ZipFile(broken, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename.endswith("article.xhtml"):
                data = data.replace(b"#note-1", b"#note-99")
            target.writestr(entry, data)
    result = epubcheck([broken])[broken]
    assert result.errors >= 1, result


# The container --------------------------------------------------------------


def test_public_api() -> None:
    assert SUFFIX == ".epub"
    assert backend("epub").export is export
    options = Options()
    assert (options.links, options.cover, options.toc, options.source_date_epoch) == ("notes", True, True, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.links = "inline"  # type: ignore[misc]


def test_mimetype_comes_first_and_uncompressed(ross: Epub) -> None:
    first = ross.zip.infolist()[0]
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED
    assert ross.zip.read("mimetype") == b"application/epub+zip"
    assert ross.opf_path.endswith(".opf")


def test_building_twice_gives_identical_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    first = build(ROSS, Options())
    # A different clock, and a different "random" uuid, for the second build.
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 86_400 * 400)
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=7))
    assert build(ROSS, Options()) == first


def test_zip_entries_carry_the_article_date(ross: Epub) -> None:
    assert {e.date_time for e in ross.zip.infolist()} == {(2025, 4, 1, 0, 0, 0)}


# Notes -------------------------------------------------------------------------


def test_one_note_per_body_link(ross: Epub) -> None:
    links = body_links(ROSS.body)
    assert len(links) == 14
    article = ross.document_named("article.xhtml")
    refs = [a for a in article.iter(f"{X}a") if "noteref" in epub_types(a)]
    assert [text(a) for a in refs] == [str(n) for n in range(1, 15)]
    notes = [li for li in ross.document_named("endnotes.xhtml").iter(f"{X}li") if "endnote" in epub_types(li)]
    assert len(notes) == len(links)
    for (words, url), note in zip(links, notes, strict=True):
        url_link = note.find(".//x:a[@class='url']", NS)
        assert url_link is not None and url_link.get("href") == url
        assert text(note).startswith(f"{words}: {url}")
    # In "notes" mode the text keeps the words and loses the live link.
    assert not [a for a in article.iter(f"{X}a") if a.get("href", "").startswith("http")]


def test_every_noteref_resolves_and_every_backlink_returns(books: dict[str, Epub]) -> None:
    for name, book in books.items():
        refs, backs = 0, 0
        for path, a, target in book.links():
            assert target in book.ids or target in book.xhtml_paths, f"{name}: {path} links to missing {target}"
            if "noteref" in epub_types(a):
                refs += 1
                note = book.ids[target]
                assert "endnote" in epub_types(note), f"{name}: {target} is not an endnote"
                back = note.find(".//x:a[@class='backlink']", NS)
                assert back is not None and "backlink" in epub_types(back)
                assert book.target(back.get("href", ""), target.split("#")[0]) == f"{path}#{a.get('id')}"
                assert back.get("role") == "doc-backlink" and text(back) == "\u21a9"
            if "backlink" in epub_types(a):
                backs += 1
        assert refs == backs, name
        assert refs > 0 or name == "ross-inline"


def test_noteref_and_endnotes_markup(ross: Epub) -> None:
    ref = next(a for a in ross.document_named("article.xhtml").iter(f"{X}a") if "noteref" in epub_types(a))
    assert ref.get("role") == "doc-noteref" and ref.get("id") == "noteref-1"
    assert ref.get("href") == "endnotes.xhtml#note-1"
    section = ross.document_named("endnotes.xhtml").find(".//x:section", NS)
    assert section is not None
    assert epub_types(section) == ["endnotes"] and section.get("role") == "doc-endnotes"


def test_ids_are_unique_and_have_no_colons(books: dict[str, Epub]) -> None:
    for name, book in books.items():
        for path in book.xhtml_paths:
            ids = [e.get("id", "") for e in book.document(path).iter() if e.get("id") is not None]
            assert len(ids) == len(set(ids)), f"{name}: duplicate ids in {path}"
            assert not [i for i in ids if ":" in i], f"{name}: colon in an id in {path}"


def test_links_inline_keeps_links_and_makes_no_notes(books: dict[str, Epub]) -> None:
    book = books["ross-inline"]
    article = book.document_named("article.xhtml")
    live = [a.get("href") for a in article.iter(f"{X}a")]
    assert live == [url for _, url in body_links(ROSS.body)]
    assert "endnotes.xhtml" not in book.spine_names
    assert not [i for i in book.manifest.values() if i.href.endswith("endnotes.xhtml")]
    assert "endnotes" not in [t for _, _, types in book.nav_list("landmarks") for t in types]


def test_links_both_keeps_links_and_adds_notes(books: dict[str, Epub]) -> None:
    article = books["ross-both-jpeg"].document_named("article.xhtml")
    live = [a for a in article.iter(f"{X}a") if a.get("href", "").startswith("http")]
    refs = [a for a in article.iter(f"{X}a") if "noteref" in epub_types(a)]
    assert len(live) == len(refs) == 14


# Title page, article, bio --------------------------------------------------------


def test_title_page(ross: Epub) -> None:
    page = ross.document_named("titlepage.xhtml")
    section = page.find(".//x:section", NS)
    assert section is not None and "titlepage" in epub_types(section)
    lines = [text(p) for p in section]
    assert lines == [
        "It\u2019s Time for Trump to Get Tough With Putin",
        "The administration\u2019s push to end the Ukraine war could bear fruit, "
        "but only if pressure is applied to both sides.",
        "by Dennis Ross",
        "The Washington Institute \u00b7 April 1, 2025",
        "Also published in Foreign Policy",
        "Originally published at " + ROSS.meta.source,
    ]
    source = section.find(".//x:a", NS)
    assert source is not None and source.get("href") == ROSS.meta.source


def test_article_has_masthead_and_whole_body(ross: Epub) -> None:
    article = ross.document_named("article.xhtml")
    section = article.find(".//x:section", NS)
    assert section is not None and "chapter" in epub_types(section)
    h1 = section.find(".//x:h1", NS)
    assert h1 is not None and text(h1) == "It\u2019s Time for Trump to Get Tough With Putin"
    paragraphs = section.findall("x:p", NS)
    assert len(paragraphs) == 11
    assert text(paragraphs[0]).startswith("Practitioners of American statecraft")
    assert text(paragraphs[-1]).endswith("but the stronger one as well.")
    # Smart typography came through the renderer.
    assert "\u201cnoteworthy" in text(section) and "He\u2019s done so" in text(section)


def test_bio_follows_the_article(ross: Epub) -> None:
    bio = ross.document_named("bio.xhtml")
    heading = bio.find(".//x:h2", NS)
    assert heading is not None and text(heading) == "About the Author"
    assert "counselor and William Davidson Distinguished Fellow" in text(bio)
    assert ross.spine_names.index("bio.xhtml") == ross.spine_names.index("article.xhtml") + 1


def test_two_authors_in_french(books: dict[str, Epub]) -> None:
    book = books["features-webp"]
    page = book.document_named("titlepage.xhtml")
    assert "par Marie Curie et Jean-Luc O\u2019Neil Jr." in text(page)
    assert "29 février 2024" in text(page)
    bio = book.document_named("bio.xhtml")
    assert text(bio).startswith("À propos des auteurs")
    sorbonne = bio.find(".//x:a", NS)
    assert sorbonne is not None and sorbonne.get("href") == "https://www.sorbonne.fr/"
    assert text(book.document_named("endnotes.xhtml")).startswith("Notes")
    assert book.nav_list("toc")[0][0] == "Page de titre"


def test_markup_in_metadata_and_body_comes_out_as_text(books: dict[str, Epub]) -> None:
    book = books["features-webp"]
    title = "AT&T <b>mis</b> en \u201cexamen\u201d \u2013 1. Première"
    assert book.meta("title") == [title]
    h1 = book.document_named("titlepage.xhtml").find(".//x:h1", NS)
    assert h1 is not None and text(h1) == title and len(h1) == 0
    for path in book.xhtml_paths:
        for element in book.document(path).iter():
            assert element.tag not in {f"{X}script", f"{X}img"} or path.endswith("cover.xhtml")
            assert not [k for k in element.attrib if k.startswith("on")]
            assert not element.get("href", "").startswith("javascript")


# Navigation and spine ---------------------------------------------------------------


def test_spine_order(ross: Epub) -> None:
    assert ross.spine_names == ["cover.xhtml", "titlepage.xhtml", "article.xhtml", "bio.xhtml", "endnotes.xhtml"]
    assert all(i.get("linear") != "no" for i in ross.opf.findall("opf:spine/opf:itemref", NS))


def test_nav_table_of_contents(ross: Epub) -> None:
    toc = [(words, target.rsplit("/", 1)[-1]) for words, target, _ in ross.nav_list("toc")]
    assert toc == [
        ("Title Page", "titlepage.xhtml"),
        ("It\u2019s Time for Trump to Get Tough With Putin", "article.xhtml"),
        ("About the Author", "bio.xhtml"),
        ("Notes", "endnotes.xhtml"),
    ]


def test_nav_landmarks(ross: Epub) -> None:
    landmarks = [(types, target.rsplit("/", 1)[-1]) for _, target, types in ross.nav_list("landmarks")]
    assert landmarks == [
        (["cover"], "cover.xhtml"),
        (["titlepage"], "titlepage.xhtml"),
        (["bodymatter"], "article.xhtml"),
        (["endnotes"], "endnotes.xhtml"),
    ]
    # ebooklib's page-list, built from every epub:type with an id, is off.
    assert not [n for n in ross.nav.iter(f"{X}nav") if "page-list" in epub_types(n)]


def test_nav_nests_headings(books: dict[str, Epub]) -> None:
    book = books["features-webp"]
    toc = book.nav_list("toc")
    words = [w for w, _, _ in toc]
    assert words[2:5] == ["Première partie", "Un détail", "Deuxième partie"]
    for _, target, _ in toc:
        assert target in book.ids or target in book.xhtml_paths
    nav_toc = next(n for n in book.nav.iter(f"{X}nav") if "toc" in epub_types(n))
    parents = {child: parent for parent in nav_toc.iter() for child in parent}
    detail = next(li for li in nav_toc.iter(f"{X}li") if text(li).startswith("Un détail"))
    first_part = parents[parents[detail]]
    assert text(first_part).startswith("Première partie")
    assert text(parents[parents[first_part]]).startswith("AT&T")


# Cover ------------------------------------------------------------------------------


def test_generated_cover_in_manifest_and_spine(ross: Epub) -> None:
    image = ross.item_with("cover-image")
    assert image.media_type == "image/png"
    assert any(m.get("name") == "cover" and m.get("content") == image.id for m in ross.metas())
    assert ross.spine_names[0] == "cover.xhtml"
    page = ross.document(ross.spine[0])
    img = page.find(".//x:img", NS)
    assert img is not None and ross.resolve(img.get("src", ""), ross.spine[0]) == image.href
    assert img.get("alt", "").startswith("Cover: It\u2019s Time")
    with Image.open(io.BytesIO(ross.zip.read(image.href))) as picture:
        assert picture.size == SIZE


def test_user_cover_is_used_as_it_is(books: dict[str, Epub]) -> None:
    book = books["ross-both-jpeg"]
    image = book.item_with("cover-image")
    assert image.media_type == "image/jpeg"
    assert book.zip.read(image.href) == JPEG_USER.getvalue()


def test_user_cover_in_another_format_becomes_png(books: dict[str, Epub]) -> None:
    book = books["features-webp"]
    image = book.item_with("cover-image")
    assert image.media_type == "image/png"
    with Image.open(io.BytesIO(book.zip.read(image.href))) as picture:
        assert picture.format == "PNG" and picture.size == (600, 900)


def test_bad_cover_is_an_input_error(tmp_path: Path) -> None:
    not_image = tmp_path / "cover.png"
    not_image.write_text("not an image")
    with pytest.raises(InputError, match="cover.png"):
        build(ROSS, Options(cover=not_image))
    with pytest.raises(InputError, match="missing.jpg"):
        build(ROSS, Options(cover=tmp_path / "missing.jpg"))


def _ink_box(png: bytes) -> tuple[int, int, int, int] | None:
    with Image.open(io.BytesIO(png)) as picture:
        grey = picture.convert("L")
    return grey.point(lambda v: 255 if v < 128 else 0).getbbox()


def test_drawn_cover_is_deterministic_and_stays_in_its_margins() -> None:
    words = "Supercalifragilisticexpialidocious" * 3 + " long title words" * 30
    long = CoverText(title=words, authors="A Very Long Author Name " * 6, publisher="Publisher", date="May 1, 2025")
    first = draw_cover(long)
    assert draw_cover(long).data == first.data
    box = _ink_box(first.data)
    assert box is not None
    left, top, right, bottom = box
    # A few pixels of leeway for glyphs whose outline overshoots their origin.
    assert left >= MARGIN - 6 and right <= SIZE[0] - MARGIN + 6
    assert top >= MARGIN and bottom <= SIZE[1] - MARGIN + 20


def test_drawn_cover_changes_with_the_title() -> None:
    assert draw_cover(CoverText("One")).data != draw_cover(CoverText("Two")).data


# Metadata -----------------------------------------------------------------------------


def test_package_metadata(ross: Epub) -> None:
    assert ross.meta("title") == ["It\u2019s Time for Trump to Get Tough With Putin"]
    assert ross.meta("language") == ["en"]
    assert ross.meta("date") == ["2025-04-01"]
    assert ross.meta("publisher") == ["The Washington Institute"]
    assert ross.meta("source") == [ROSS.meta.source]
    assert ross.meta("subject") == ["Great Power Competition", "U.S. Policy"]
    assert ross.meta("description") == [
        "The administration\u2019s push to end the Ukraine war could bear fruit, "
        "but only if pressure is applied to both sides."
    ]
    assert ross.meta("dcterms:modified") == ["2025-04-01T00:00:00Z"]


def test_creator_has_role_and_file_as(ross: Epub) -> None:
    metadata = ross.opf.find("opf:metadata", NS)
    assert metadata is not None
    creators = metadata.findall("dc:creator", NS)
    assert [c.text for c in creators] == ["Dennis Ross"]
    ref = f"#{creators[0].get('id')}"
    refines = {m.get("property"): (m.text, m.get("scheme")) for m in ross.metas() if m.get("refines") == ref}
    assert refines == {"role": ("aut", "marc:relators"), "file-as": ("Ross, Dennis", None)}


def test_accessibility_metadata(ross: Epub) -> None:
    assert ross.meta("schema:accessMode") == ["textual"]
    assert ross.meta("schema:accessModeSufficient") == ["textual"]
    assert {"structuralNavigation", "tableOfContents", "readingOrder"} <= set(
        ross.meta("schema:accessibilityFeature")
    )
    assert ross.meta("schema:accessibilityHazard") == ["none"]
    [summary] = ross.meta("schema:accessibilitySummary")
    assert "endnotes" in summary


def test_identifier_is_derived_from_the_source_url(ross: Epub) -> None:
    unique = ross.opf.get("unique-identifier")
    metadata = ross.opf.find("opf:metadata", NS)
    assert metadata is not None
    [identifier] = [e.text for e in metadata.findall("dc:identifier", NS) if e.get("id") == unique]
    assert identifier == f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, ROSS.meta.source)}"
    other = dataclasses.replace(ROSS, meta=dataclasses.replace(ROSS.meta, source="https://example.org/x"))
    assert Epub(build(other, Options())).meta("identifier") != [identifier]


def test_identifier_without_source_comes_from_the_content() -> None:
    first = Epub(build(FEATURES, Options())).meta("identifier")
    assert first == Epub(build(FEATURES, Options())).meta("identifier")
    assert first[0].startswith("urn:uuid:")
    changed = dataclasses.replace(FEATURES, body=FEATURES.body + "\n\nOne more paragraph.")
    assert Epub(build(changed, Options())).meta("identifier") != first


def test_given_identifier_is_kept() -> None:
    given = dataclasses.replace(ROSS, meta=dataclasses.replace(ROSS.meta, identifier="urn:isbn:9780000000002"))
    assert Epub(build(given, Options())).meta("identifier") == ["urn:isbn:9780000000002"]


def test_source_date_epoch_sets_modified_and_zip_times(books: dict[str, Epub]) -> None:
    book = books["features-webp"]
    assert book.meta("dcterms:modified") == ["2023-11-14T22:13:20Z"]
    assert {e.date_time for e in book.zip.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_no_date_and_no_epoch_still_gives_a_fixed_modified() -> None:
    undated = dataclasses.replace(ROSS, meta=dataclasses.replace(ROSS.meta, date=""))
    book = Epub(build(undated, Options()))
    assert book.meta("dcterms:modified") == ["1980-01-01T00:00:00Z"]
    assert book.meta("date") == []


def test_lang_on_every_root(books: dict[str, Epub]) -> None:
    for name, expected in [("ross", "en"), ("features-webp", "fr")]:
        book = books[name]
        for path in book.xhtml_paths:
            root = book.document(path)
            assert root.get("lang") == root.get(XML_LANG) == expected, f"{name}: {path}"


# Packets: the extension point -------------------------------------------------------------


def test_packet_keeps_each_article_whole(books: dict[str, Epub]) -> None:
    book = books["packet"]
    assert book.spine_names == [
        "cover.xhtml", "titlepage.xhtml", "contents.xhtml", "a1-article.xhtml", "a1-bio.xhtml",
        "a2-article.xhtml", "a2-bio.xhtml", "endnotes.xhtml",
    ]  # fmt: skip
    notes = book.document_named("endnotes.xhtml")
    groups = [text(h) for h in notes.iter(f"{X}h3")]
    assert groups[0] == "It\u2019s Time for Trump to Get Tough With Putin"
    firsts = [li.get("id") for ol in notes.iter(f"{X}ol") for li in list(ol)[:1]]
    assert firsts == ["a1-note-1", "a2-note-1"]
    # Each article keeps its own language.
    assert book.document_named("a2-article.xhtml").get("lang") == "fr"


# WeasyPrint stays out --------------------------------------------------------------------


def _modules_after(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_building_an_epub_never_imports_weasyprint(tmp_path: Path) -> None:
    code = f"""
import sys
from pathlib import Path
from exporter.backends import backend
from exporter.canonical import parse_front_matter, split_front_matter
from exporter.model import Article
module = backend("epub")
head, body = split_front_matter(Path({str(ROSS_MD)!r}).read_text())
module.export(Article(parse_front_matter(head, "x"), body), module.Options())
print(sorted(m for m in sys.modules if m.split(".")[0] == "weasyprint"))
"""
    assert _modules_after(code).strip() == "[]"


def test_exporter_epub_command_never_imports_weasyprint(tmp_path: Path) -> None:
    out = tmp_path / "ross.epub"
    code = f"""
import sys
from exporter.cli import main
try:
    main(["--quiet", "epub", {str(ROSS_MD)!r}, "-o", {str(out)!r}])
except SystemExit as exit:
    assert not exit.code, exit.code
print(sorted(m for m in sys.modules if m.split(".")[0] == "weasyprint"))
"""
    assert _modules_after(code).strip() == "[]"
    assert Epub(out.read_bytes()).spine_names[0] == "cover.xhtml"


def test_the_check_for_weasyprint_can_fail() -> None:
    assert _modules_after("import weasyprint, sys; print('weasyprint' in sys.modules)").strip() == "True"
