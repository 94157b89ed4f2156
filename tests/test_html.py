"""The HTML writer, and what every writer shares: one composed document, written by each."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from exporter.backends import BACKENDS, backend
from exporter.cli import main
from exporter.compose import compose
from exporter.model import Article, Author, Metadata, Packet

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "washington-institute-trump-putin-leverage.txt"

ARTICLE = Article(
    Metadata(
        title='A "quoted" title -- with a dash',
        subtitle="The dek.",
        authors=(Author("Jo Doe", "Jo writes about [water](https://example.org/jo)."),),
        date="2025-03-05",
        publisher="The Site",
        source="https://example.org/a",
    ),
    "First paragraph with a [link](https://example.org/1).\n\n## A heading\n\nAnd [another](https://example.org/2).",
)


class Page(HTMLParser):
    """Every element of the page, with its attributes, and its text."""

    def __init__(self, data: bytes) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(data.decode("utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        if self.lasttag != "style":
            self.text.append(data)

    def all(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def build(work: Article | Packet, **options: str) -> bytes:
    module = backend("html")
    return module.export(work, module.Options(**options)).data


def test_the_page_has_masthead_notes_and_bio() -> None:
    page = Page(build(ARTICLE))
    words = page.words
    assert "A \u201cquoted\u201d title \u2013 with a dash" in words
    assert "by Jo Doe" in words and "March 5, 2025" in words and "The Site" in words
    assert "About the Author Jo writes about water ." in words
    refs = page.all("a", **{"class": "noteref"})
    assert [r["href"] for r in refs] == ["#note-1", "#note-2"]
    ids = {a.get("id") for _, a in page.elements}
    assert {"note-1", "note-2", "noteref-1", "noteref-2", "_title", "_notes", "_bio"} <= ids
    backlinks = page.all("a", **{"class": "backlink"})
    assert [b["href"] for b in backlinks] == ["#noteref-1", "#noteref-2"]
    assert not any("epub:type" in attrs for _, attrs in page.elements)


def test_the_page_is_self_contained_and_inert() -> None:
    hostile = Article(
        Metadata(title="</title><script>alert(1)</script>", lang='en"><style>x</style>'),
        'Text <script>alert(2)</script> <img src="https://evil.example/p.gif"> <link rel="stylesheet" href="x.css">',
    )
    data = build(hostile)
    page = Page(data)
    assert not page.all("script") and not page.all("img") and not page.all("link") and not page.all("iframe")
    assert len(page.all("style")) == 1
    policy = page.all("meta", **{"http-equiv": "Content-Security-Policy"})
    assert policy and "default-src 'none'" in policy[0]["content"]
    assert page.all("html")[0]["lang"] == "und"
    assert "</title><script>" in page.words  # the title, as text


def test_links_inline_keep_live_links_and_no_notes() -> None:
    page = Page(build(ARTICLE, links="inline"))
    assert not page.all("a", **{"class": "noteref"})
    assert [a["href"] for a in page.all("a") if a["href"].startswith("https://example.org/") and a["href"][-1].isdigit()] == [
        "https://example.org/1",
        "https://example.org/2",
    ]


def test_a_packet_page_has_its_title_page_and_contents() -> None:
    other = Article(Metadata(title="Zweiter Artikel", lang="de"), "Text mit einem [Link](https://example.org/de).")
    page = Page(build(Packet("The Week", (ARTICLE, other), editor="Sam Lee", intro="Read these.")))
    words = page.words
    assert words.index("The Week") < words.index("Edited by Sam Lee") < words.index("Contents") < words.index("Read these.")
    targets = [a["href"] for a in page.all("a") if a["href"].startswith("#a") and "note" not in a["href"]]
    assert targets == ["#a1-_article", "#a2-_article"]
    ids = {a.get("id") for _, a in page.elements}
    assert {"a1-_article", "a2-_article", "a1-note-1", "a2-note-1", "_intro"} <= ids
    german = page.all("article", id="a2-_article")
    assert german and german[0]["lang"] == "de"


def test_the_command_writes_the_same_page_twice(tmp_path: Path) -> None:
    out = tmp_path / "seed.html"
    for _ in range(2):
        result = CliRunner().invoke(main, ["html", str(SEED), "-o", str(out)])
        assert result.exit_code == 0, result.stderr
        data = out.read_bytes()
    assert data == build_from_cli(tmp_path)
    assert re.search(rb"<h1 class=\"title\" id=\"_title\">It\xe2\x80\x99s Time for Trump", data)


def build_from_cli(tmp_path: Path) -> bytes:
    out = tmp_path / "again.html"
    assert CliRunner().invoke(main, ["html", str(SEED), "-o", str(out)]).exit_code == 0
    return out.read_bytes()


@pytest.mark.parametrize("name", sorted(BACKENDS))
def test_every_backend_writes_a_composed_document(name: str) -> None:
    """The protocol: ``export`` is ``write`` of the document ``compose`` makes."""
    module = backend(name)
    options = module.Options()
    assert module.SUFFIX == f".{name}"
    document = compose(ARTICLE, options.compose)
    assert module.write(document, options).data == module.export(ARTICLE, options).data
