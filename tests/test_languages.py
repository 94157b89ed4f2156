"""An article in its own language: the words and dates the book and the PDF add,
right to left where the language is, in every writer."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest

from exporter.backends import epub, html, pdf
from exporter.compose.labels import date_in_words, labels_for
from exporter.model import Article, Author, Metadata
from tests.epub_util import NS, Epub, epubcheck, text
from tests.pdf_util import load_canonical, pdftotext

SCRIPTS = Path(__file__).parent / "fixtures" / "scripts"


def _article(lang: str, title: str, name: str, bio: str, body: str) -> Article:
    meta = Metadata(title=title, authors=(Author(name, bio),), date="2025-03-05", lang=lang, publisher="Revue")
    return Article(meta, body)


ARTICLES = {
    "de": _article(
        "de",
        "Grundwasser ist das fehlende Stück",
        "Lena Vogt",
        "Lena Vogt schreibt über Wasser.",
        "Die Brunnen fallen trocken, [sagt das Amt](https://example.org/de/amt).\n\n## Was fehlt\n\nEin Plan.",
    ),
    "cs": _article(
        "cs",
        "Podzemní voda je chybějící dílek",
        "Jan Novák",
        "Jan Novák píše o vodě.",
        "Studny vysychají, [říká úřad](https://example.org/cs/urad).\n\n## Co chybí\n\nPlán.",
    ),
    "ar": load_canonical(SCRIPTS / "ar.md"),
    "ja": load_canonical(SCRIPTS / "ja.md"),
}


@pytest.fixture(scope="module")
def books() -> dict[str, Epub]:
    return {lang: Epub(epub.export(article, epub.Options()).data) for lang, article in ARTICLES.items()}


@pytest.mark.parametrize("lang", sorted(ARTICLES))
def test_the_ebook_speaks_the_articles_language(books: dict[str, Epub], lang: str) -> None:
    book, article = books[lang], ARTICLES[lang]
    labels = labels_for(lang)
    assert not labels.is_fallback
    title_page = book.document_named("titlepage.xhtml")
    time = title_page.find(".//x:time", NS)
    assert time is not None and text(time) == date_in_words(article.meta.date, labels)
    assert text(book.document_named("endnotes.xhtml").find(".//x:h2", NS)).strip() == labels.notes
    assert text(book.document_named("bio.xhtml").find(".//x:h2", NS)).strip() == labels.about_author
    roots = [book.document_named(name) for name in ("titlepage.xhtml", "article.xhtml", "endnotes.xhtml")]
    assert {root.get("dir") for root in roots} == ({"rtl"} if lang == "ar" else {None})
    assert {root.get("lang") for root in roots} == {lang}


def test_every_ebook_passes_epubcheck(books: dict[str, Epub], tmp_path: Path) -> None:
    paths = []
    for lang, book in books.items():
        paths.append(tmp_path / f"{lang}.epub")
        paths[-1].write_bytes(book.data)
    for path, result in epubcheck(paths).items():
        assert result.clean, (path.name, result.messages)


def test_dates_are_each_languages_own() -> None:
    assert date_in_words("2025-03-05", labels_for("de")) == "5. März 2025"
    assert date_in_words("2025-03-05", labels_for("cs")) == "5. března 2025"
    assert date_in_words("2025-03-05", labels_for("ja")) == "2025年3月5日"


@pytest.mark.parametrize("lang", sorted(ARTICLES))
def test_the_pdf_speaks_the_articles_language(lang: str) -> None:
    article = ARTICLES[lang]
    labels = labels_for(lang)
    data = pdf.export(article, pdf.Options()).data
    assert pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == lang
    words = " ".join(pdftotext(data).split())
    if lang == "ar":
        # pdftotext gives right-to-left runs in visual order, bidi marks
        # around each: every word of the date is there.
        found = set(re.sub("[\u202a-\u202e]", " ", words).split())
        assert set(date_in_words(article.meta.date, labels).split()) <= found
        return
    assert date_in_words(article.meta.date, labels) in words
    # The small headings are set in small capitals from lower case.
    assert labels.notes.lower() in words and labels.about_author.lower() in words


@pytest.mark.parametrize("lang", sorted(ARTICLES))
def test_the_page_speaks_the_articles_language(lang: str) -> None:
    page = html.export(ARTICLES[lang], html.Options()).data.decode("utf-8")
    labels = labels_for(lang)
    root = re.search(r"<html[^>]*>", page)
    assert root is not None and f'lang="{lang}"' in root.group(0)
    assert ('dir="rtl"' in root.group(0)) == (lang == "ar")
    assert f">{labels.notes}</h2>" in page and f">{labels.about_author}</h2>" in page


HOSTILE_LANG = 'en"><style>body{display:none}</style><script>alert(1)</script>'


@pytest.mark.parametrize("writer", ["epub", "pdf", "html"])
def test_a_hostile_language_value_stays_a_value(writer: str) -> None:
    """Front matter is input: whatever its ``lang`` holds reaches no markup."""
    article = Article(Metadata(title="T", lang=HOSTILE_LANG, authors=(Author("A", "Bio."),)), "Text [x](https://e.org).")
    if writer == "epub":
        book = Epub(epub.export(article, epub.Options()).data)
        for name in book.xhtml_paths:
            document = book.document_named(name.rsplit("/", 1)[-1])
            assert not list(document.iter(f"{{{NS['x']}}}style")) and not list(document.iter(f"{{{NS['x']}}}script"))
            assert document.get("lang") == "und"
        assert "<dc:language>und</dc:language>" in book.zip.read(book.opf_path).decode("utf-8")
    elif writer == "pdf":
        words = pdftotext(pdf.export(article, pdf.Options()).data)
        assert "Text" in words and "alert" not in words and "display" not in words
    else:
        page = html.export(article, html.Options()).data.decode("utf-8")
        assert "<script" not in page and "display:none" not in page
        assert '<html lang="und">' in page and page.count("<style") == 1


def test_a_handouts_page_numbers_are_in_its_language() -> None:
    long = Article(
        Metadata(title="Ein langer Text", lang="de"),
        "\n\n".join(["Die Brunnen fallen trocken, und das Amt weiß es seit Jahren. " * 12] * 12),
    )
    pages = pdftotext(pdf.export(long, pdf.Options()).data).split("\f")
    assert len(pages) >= 3
    assert [line for line in pages[1].splitlines() if line.strip()][-1].strip() == f"Seite 2 von {len(pages) - 1}"
