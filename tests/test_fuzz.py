"""Fuzzing the cleaner, the renderer and the clean → EPUB path (bounded for CI).

bench/fuzz.py runs the same properties for much longer.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from exporter.backends import epub
from exporter.canonical import dump_article
from exporter.cleaner import clean_text
from exporter.compose.notes import notes_list
from exporter.errors import ExporterError
from exporter.read import decode
from exporter.render import render_article
from tests.strategies import PAGES, RANDOM_BYTES

CI = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


def check_clean_and_render(text: str) -> None:
    """No crash but our own errors; cleaning is a fixpoint; XHTML is well-formed and inert."""
    try:
        once = clean_text(text)
    except ExporterError:
        return
    canonical = dump_article(once.article)
    assert dump_article(clean_text(canonical).article) == canonical
    rendered = render_article(once.article)
    for tree in (rendered.body, rendered.bio, notes_list(rendered.notes, "", "after")):
        if tree is None:
            continue
        fragment = ET.tostring(tree, encoding="unicode")
        ET.fromstring(fragment.replace("epub:type", "data-epub-type"))
        lowered = fragment.lower()
        assert "<script" not in lowered and "javascript:" not in lowered and "onclick" not in lowered


def check_epub(text: str) -> bytes | None:
    try:
        article = clean_text(text).article
    except ExporterError:
        return None
    data = epub.export(article, epub.Options()).data
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        assert book.namelist()[0] == "mimetype"
        for name in book.namelist():
            if name.endswith((".xhtml", ".opf", ".ncx")):
                ET.fromstring(book.read(name))
    return data


@CI
@given(PAGES)
def test_artifact_pages(text: str) -> None:
    check_clean_and_render(text)


@CI
@given(RANDOM_BYTES)
def test_random_bytes(data: bytes) -> None:
    try:
        source = decode(data, Path("fuzz.bin"))
    except ExporterError:
        return
    check_clean_and_render(source.text)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(PAGES)
def test_clean_to_epub(text: str) -> None:
    check_epub(text)


def test_generated_epubs_pass_epubcheck(tmp_path: Path) -> None:
    """A few generated pages, made into books, checked by EPUBCheck itself."""
    from hypothesis import find

    from tests.epub_util import epubcheck

    books = []
    for index, size in enumerate((2, 4, 6, 8)):
        page = find(PAGES, lambda text, n=size: text.count("\n\n") >= n and "[" in text, settings=settings(database=None, derandomize=True))
        data = check_epub(page)
        if data is not None:
            path = tmp_path / f"fuzz-{index}.epub"
            path.write_bytes(data)
            books.append(path)
    assert books
    results = epubcheck(books)
    assert all(r.clean for r in results.values()), {p.name: r.messages[:3] for p, r in results.items()}
