"""The tagged PDF as a screen reader meets it: language, heading order, links, alt text."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest

from exporter.backends import pdf
from exporter.model import Article, Metadata, Packet
from tests.pdf_util import load_canonical

REPO = Path(__file__).resolve().parents[1]
CANONICAL = sorted((REPO / "tests" / "fixtures" / "canonical").glob("*.md"))

SKIPPING = Article(
    Metadata(title="Headings written by hand", lang="de"),
    "Erster Absatz.\n\n#### Tief\n\nText [mit Link](https://example.org/a).\n\n# Oben\n\nMehr.",
)
"""A canonical body that skips levels and uses a level-one heading: set from H2, no skip."""


def _elements(node: object) -> Iterator[pikepdf.Dictionary]:
    if isinstance(node, pikepdf.Array):
        for item in node:
            yield from _elements(item)
    elif isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            yield node
        if "/K" in node:
            yield from _elements(node.K)


def _structure(data: bytes) -> tuple[pikepdf.Pdf, list[pikepdf.Dictionary]]:
    document = pikepdf.open(io.BytesIO(data))
    return document, list(_elements(document.Root.StructTreeRoot))


WORKS = {
    "seed handout": load_canonical(CANONICAL[0]),
    "hand-written headings": SKIPPING,
    "packet, one document": Packet("Two", (load_canonical(CANONICAL[0]), SKIPPING)),
    "packet, in parts": Packet("Two", (load_canonical(CANONICAL[0]), SKIPPING)),
}


@pytest.fixture(scope="module")
def built() -> dict[str, bytes]:
    return {
        name: pdf.export(work, pdf.Options(parallel=name.endswith("in parts") or None)).data
        for name, work in WORKS.items()
    }


@pytest.mark.parametrize("name", list(WORKS))
def test_the_language_is_the_documents(built: dict[str, bytes], name: str) -> None:
    document, _ = _structure(built[name])
    want = "de" if name == "hand-written headings" else "en"
    assert str(document.Root.Lang) == want


@pytest.mark.parametrize("name", list(WORKS))
def test_headings_never_skip_a_level(built: dict[str, bytes], name: str) -> None:
    _, elements = _structure(built[name])
    levels = [int(str(e.S)[2:]) for e in elements if str(e.S) in {f"/H{n}" for n in range(1, 7)}]
    assert levels and levels[0] == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels
    if name == "hand-written headings":
        assert levels == [1, 2, 2, 2]  # the title; Tief and Oben, both from H2; Notes


@pytest.mark.parametrize("name", list(WORKS))
def test_every_link_has_contents(built: dict[str, bytes], name: str) -> None:
    document, elements = _structure(built[name])
    links = [e for e in elements if str(e.S) == "/Link"]
    assert links
    for link in links:
        kids = list(link.K) if isinstance(link.K, pikepdf.Array) else [link.K]
        assert any(isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR" for kid in kids)
        assert _has_content(link), "a link with nothing to read"
    for page in document.pages:
        for annotation in page.get("/Annots", []):
            if annotation.Subtype == "/Link":
                assert str(annotation.get("/Contents", "")).strip()
                left, bottom, right, top = (float(v) for v in annotation.Rect)
                assert abs(top - bottom) > 2 and abs(right - left) > 2, "a link too small to click"


def _has_content(node: object) -> bool:
    """Marked content (an MCID) somewhere under a structure element."""
    if isinstance(node, int):
        return True
    if isinstance(node, pikepdf.Array):
        return any(_has_content(kid) for kid in node)
    if isinstance(node, pikepdf.Dictionary):
        return "/MCID" in node or ("/K" in node and node.get("/Type") != "/OBJR" and _has_content(node.K))
    return False


@pytest.mark.parametrize("name", list(WORKS))
def test_figures_have_alt_text(built: dict[str, bytes], name: str) -> None:
    _, elements = _structure(built[name])
    assert all(str(e.get("/Alt", "")).strip() for e in elements if str(e.S) == "/Figure")
