"""Web pages in, pictures kept: the commands as a user runs them, on a saved page,
an address served by a local site, a scraped Markdown file, and hostile pages.

Every request goes to the site the test starts on 127.0.0.1; the site
records them all, so a test shows what was never asked for. A secret file
waits beside the inputs: no output may hold it.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.epub_util import NS, Epub, epubcheck, text
from tests.pdf_util import MM, page_texts, pdftotext
from tests.web_util import (
    SVG_WITH_SCRIPT,
    Site,
    article_page,
    drawn_images,
    endless,
    figure,
    image,
    paragraphs,
    png_claiming,
    redirect,
    saved_page,
    serve,
    trickle,
)

X = f"{{{NS['x']}}}"
SECRET = "SECRET-web-4b1e-do-not-leak"
TIMEOUT = 60
"""Seconds any one command may take (each takes a few)."""


@dataclass
class World:
    root: Path
    site: Site
    saved: Path
    notes: Path
    evil_saved: Path

    def run(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "exporter", *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            cwd=self.root,
            input=stdin,
            stdin=subprocess.DEVNULL if stdin is None else None,
        )


def _warnings(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in done.stderr.splitlines() if ": warning: " in line]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("web")
    (root / "secret.png").write_bytes(image("PNG", (120, 90), (250, 0, 0)))
    (root / "secret.txt").write_text(SECRET)
    saved = saved_page(
        root / "saved",
        "Harbour",
        "Cranes over the harbour",
        {"crane.jpg": image("JPEG", (2400, 1600)), "arrivals.png": image("PNG", (640, 400), (240, 240, 240))},
        [
            figure("Harbour_files/crane.jpg", "A yellow crane over the quay", "The new crane on Monday.", "Photo: Jan Kowalski"),
            figure("./Harbour_files/arrivals.png", "Bar chart of ship arrivals by year", "Arrivals, 2015 to 2024."),
        ],
    )
    evil_files = {"ok.png": image("PNG", (300, 200))}
    evil_saved = saved_page(
        root / "evil",
        "Evil",
        "A page that reaches out",
        evil_files,
        [
            figure("../secret.png", "Escape by dots"),
            figure(str(root / "secret.png"), "Escape by an absolute path"),
            figure((root / "secret.png").as_uri(), "Escape by a file address"),
            figure("Evil_files/link.png", "Escape by a link"),
            figure("Evil_files/ok.png", "The one good picture", "Kept."),
        ],
    )
    (root / "evil" / "Evil_files" / "link.png").symlink_to(root / "secret.png")
    site = Site()
    with serve(site):
        url = site.url
        site.page(
            "/story.html",
            article_page(
                "Ships at night",
                [
                    figure("/img/boat.jpg", "A boat under floodlights", "Night shift at berth 4.", "© Harbour News"),
                    figure("img/map.webp", "Map of the berths", "The berths, north to south."),
                ],
                tag="Story. ",
            ),
        )
        site.file("/img/boat.jpg", image("JPEG", (1200, 2400), (20, 30, 60)), "image/jpeg")
        site.file("/img/map.webp", image("WEBP", (1000, 700), (200, 220, 200)), "image/webp")
        site.file("/img/crane.png", image("PNG", (500, 500), (230, 200, 20)), "image/png")
        site.file("/img/evil.svg", SVG_WITH_SCRIPT, "image/svg+xml")
        site.file("/img/svg-as-png.png", SVG_WITH_SCRIPT, "image/png")
        site.file("/img/bomb.png", png_claiming(50_000, 50_000), "image/png")
        site.routes["/img/huge.jpg"] = endless("image/jpeg")
        site.routes["/img/loop.jpg"] = redirect("/img/loop.jpg")
        site.file("/img/good.png", image("PNG", (400, 300), (10, 160, 90)), "image/png")
        site.page(
            "/hostile.html",
            article_page(
                "Pictures that bite",
                [
                    figure("/img/evil.svg", "An SVG with a script"),
                    figure("/img/svg-as-png.png", "An SVG that says it is a PNG"),
                    figure("/img/bomb.png", "A decompression bomb"),
                    figure("/img/huge.jpg", "An image that never ends"),
                    figure("/img/loop.jpg", "An image that redirects to itself"),
                    figure("/img/good.png", "The one good picture", "Kept."),
                ],
                tag="Hostile. ",
            ),
        )
        site.routes["/loop-a"] = redirect("/loop-b")
        site.routes["/loop-b"] = redirect("/loop-a")
        site.routes["/never-ends.html"] = trickle("text/html", pause=0.05)
        site.routes["/huge.html"] = endless("text/html", b"<p>" + b"word " * 10_000 + b"</p>\n")
        site.file("/plain.txt", b"# Not a page\n\nA text served as text is read as a scraped text.\n", "text/plain")
        notes = root / "notes.md"
        notes.write_text(
            "# Notes from the quay\n\n"
            + "\n\n".join(paragraphs(2, "Notes. "))
            + f"\n\n![A crane, seen from the water]({url('/img/crane.png')})\n\n"
            + "\n\n".join(paragraphs(2, "More notes. "))
            + "\n",
            encoding="utf-8",
        )
        yield World(root, site, saved, notes, evil_saved)


def _article(book: Epub, name: str = "article.xhtml") -> ET.Element:
    return book.document_named(name)


EPUBS: list[Path] = []


def test_epub_from_a_saved_page(world: World) -> None:
    out = world.root / "out" / "saved.epub"
    done = world.run("epub", str(world.saved), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert _warnings(done) == []
    book = Epub(out.read_bytes())
    pictures = {i.href: i.media_type for i in book.manifest.values() if i.href.startswith("EPUB/images/img-")}
    assert pictures == {"EPUB/images/img-01.jpg": "image/jpeg", "EPUB/images/img-02.png": "image/png"}
    article = _article(book)
    figures = list(article.iter(f"{X}figure"))
    assert len(figures) == 2
    first, second = figures
    img = first.find(f"{X}img")
    assert img is not None and img.get("alt") == "A yellow crane over the quay" and img.get("src") == "images/img-01.jpg"
    caption = first.find(f"{X}figcaption")
    assert caption is not None and text(caption) == "The new crane on Monday. Photo: Jan Kowalski"
    credit = caption.find(f"{X}small")
    assert credit is not None and text(credit) == "Photo: Jan Kowalski"
    assert second.find(f"{X}img") is not None and second.find(f"{X}img").get("alt", "").startswith("Bar chart")  # type: ignore[union-attr]
    # Every image has alt text, and the package says the book has pictures.
    assert all(i.get("alt") for i in article.iter(f"{X}img"))
    assert sorted(book.meta("schema:accessMode")) == ["textual", "visual"]
    assert "textual" in book.meta("schema:accessModeSufficient")
    assert "2 pictures, each with alternative text or a caption" in book.meta("schema:accessibilitySummary")[0]
    # The pictures are ours, not the page's files.
    with zipfile.ZipFile(out) as archive:
        assert archive.read("EPUB/images/img-01.jpg") != (world.saved.parent / "Harbour_files" / "crane.jpg").read_bytes()
    EPUBS.append(out)


def test_pdf_from_an_address(world: World) -> None:
    out = world.root / "out" / "story.pdf"
    before = len(world.site.requests)
    done = world.run("pdf", world.site.url("/story.html"), "-o", str(out), "--allow-private-network")
    assert done.returncode == 0, done.stderr
    assert _warnings(done) == []
    asked = [path for path, _ in world.site.requests[before:]]
    assert sorted(asked) == ["/img/boat.jpg", "/img/map.webp", "/story.html"]
    data = out.read_bytes()
    drawn = drawn_images(data)
    assert len(drawn) == 2
    # A4 with 32 mm margins each side, 24 mm top, 28 mm bottom: the text block.
    left, right, bottom, top = 32 * MM, (210 - 32) * MM, 28 * MM, (297 - 24) * MM
    for box in drawn:
        assert left - 0.5 <= box.left and box.right <= right + 0.5, box
        assert bottom - 0.5 <= box.bottom and box.top <= top + 0.5, box
    tall = next(box for box in drawn if box.pixels[1] > box.pixels[0])
    assert tall.pixels == (800, 1600) and tall.height <= 150 * MM + 0.5  # scaled to fit a page with its caption
    words = " ".join(pdftotext(data).split())
    assert "Night shift at berth 4. © Harbour News" in words and "The berths, north to south." in words
    # Each caption is on the page its picture is on.
    texts = [" ".join(page.split()) for page in page_texts(data)]
    for box, caption in zip(sorted(drawn, key=lambda b: b.pixels), ("Night shift at berth 4.", "The berths, north to south.")):
        assert caption in texts[box.page], (caption, box.page)
    headers = dict(world.site.requests[before:])
    assert headers["/img/boat.jpg"]["user-agent"].startswith("exporter/")


def test_a_packet_of_an_address_a_saved_page_and_a_scraped_file(world: World) -> None:
    out = world.root / "out" / "packet.epub"
    done = world.run(
        "epub", world.site.url("/story.html"), str(world.saved), str(world.notes),
        "--images", "--allow-private-network", "--title", "Week 5", "-o", str(out),
    )
    assert done.returncode == 0, done.stderr
    book = Epub(out.read_bytes())
    pictures = sorted(i.href for i in book.manifest.values() if "img-" in i.href)
    assert pictures == [
        "EPUB/images/a1-img-01.jpg", "EPUB/images/a1-img-02.jpg",
        "EPUB/images/a2-img-01.jpg", "EPUB/images/a2-img-02.png",
        "EPUB/images/a3-img-01.png",
    ]
    for name, alts in (
        ("a1-article.xhtml", ["A boat under floodlights", "Map of the berths"]),
        ("a2-article.xhtml", ["A yellow crane over the quay", "Bar chart of ship arrivals by year"]),
        ("a3-article.xhtml", ["A crane, seen from the water"]),
    ):
        images = list(_article(book, name).iter(f"{X}img"))
        assert [i.get("alt") for i in images] == alts
        assert all(book.resolve(i.get("src", ""), book.path_of(name)) in pictures for i in images)
    EPUBS.append(out)


def test_a_manifest_may_name_addresses(world: World) -> None:
    manifest = world.root / "week.yaml"
    manifest.write_text(
        f"title: Week 6\narticles:\n  - {world.site.url('/story.html')}\n  - saved/Harbour.html\n", encoding="utf-8"
    )
    out = world.root / "out" / "week.epub"
    done = world.run("epub", str(manifest), "--allow-private-network", "-o", str(out))
    assert done.returncode == 0, done.stderr
    book = Epub(out.read_bytes())
    assert [text(_article(book, f"a{n}-article.xhtml").find(f".//{X}h1")) for n in (1, 2)] == [  # type: ignore[arg-type]
        "Ships at night",
        "Cranes over the harbour",
    ]
    assert len([i for i in book.manifest.values() if "img-" in i.href]) == 4


def test_pictures_in_a_packet_laid_out_in_parts(world: World) -> None:
    """A long packet's PDF is laid out by processes of their own: each gets its articles' pictures."""
    from exporter.backends import pdf
    from exporter.load import load
    from exporter.model import Packet
    from exporter.web.options import WebOptions

    articles = tuple(load(path, web=WebOptions()).article for path in (world.saved, world.evil_saved))
    assert [len(a.images) for a in articles] == [2, 1]
    built = pdf.export(Packet("Parts", articles), pdf.Options(parallel=True))
    assert sorted(box.pixels for box in drawn_images(built.data)) == [(300, 200), (640, 400), (1600, 1067)]


def test_same_input_same_bytes(world: World) -> None:
    for fmt in ("epub", "pdf"):
        made = []
        for n in (1, 2):
            out = world.root / "out" / f"twice-{n}.{fmt}"
            done = world.run(fmt, str(world.saved), "-o", str(out))
            assert done.returncode == 0, done.stderr
            made.append(out.read_bytes())
        assert made[0] == made[1], fmt


def test_clean_writes_the_pictures_beside_the_markdown(world: World) -> None:
    out = world.root / "md" / "harbour.md"
    done = world.run("clean", str(world.saved), "-o", str(out))
    assert done.returncode == 0, done.stderr
    text_ = out.read_text("utf-8")
    assert "<figure><img src=\"harbour/img-01.jpg\" alt=\"A yellow crane over the quay\" /><figcaption>" in text_
    assert "<small>Photo: Jan Kowalski</small>" in text_
    assert sorted(p.name for p in (out.parent / "harbour").iterdir()) == ["img-01.jpg", "img-02.png"]
    assert "The new crane on Monday." not in text_.replace("<figcaption>The new crane on Monday.", "")
    # Cleaning it again changes nothing; a book from it uses its files, and only those.
    again = world.root / "md2" / "harbour.md"
    done = world.run("clean", str(out), "-o", str(again))
    assert done.returncode == 0, done.stderr
    assert again.read_text("utf-8") == text_
    (out.parent / "harbour" / "img-02.png").unlink()
    book_path = world.root / "md" / "harbour.epub"
    done = world.run("epub", str(out), "-o", str(book_path))
    assert done.returncode == 0, done.stderr
    assert len(_warnings(done)) == 1 and "img-02.png left out: no such file" in done.stderr
    book = Epub(book_path.read_bytes())
    assert [i.href for i in book.manifest.values() if "img-" in i.href] == ["EPUB/images/img-01.jpg"]
    assert "Bar chart of ship arrivals by year" in text(_article(book))
    EPUBS.append(book_path)


def test_no_images(world: World) -> None:
    out = world.root / "out" / "no-images.epub"
    before = len(world.site.requests)
    done = world.run("epub", world.site.url("/story.html"), "--no-images", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert [path for path, _ in world.site.requests[before:]] == ["/story.html"]
    book = Epub(out.read_bytes())
    assert not [i for i in book.manifest.values() if "img-" in i.href]
    assert book.meta("schema:accessMode") == ["textual"]
    assert "Night shift at berth 4." not in text(_article(book))  # a caption goes with its picture


def test_a_pages_images_on_the_private_network_are_not_fetched(world: World) -> None:
    """The page the user named may be on loopback; its images, asked for on its behalf, may not."""
    out = world.root / "out" / "private.epub"
    before = len(world.site.requests)
    done = world.run("epub", world.site.url("/story.html"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert [path for path, _ in world.site.requests[before:]] == ["/story.html"]
    warnings = _warnings(done)
    assert len(warnings) == 2 and all("private or local address" in w and "its alt text is kept" in w for w in warnings)
    body = text(_article(Epub(out.read_bytes())))
    assert "A boat under floodlights" in body and "Map of the berths" in body


def test_hostile_images_leave_their_alt_text_and_one_warning_each(world: World) -> None:
    out = world.root / "out" / "hostile.epub"
    done = world.run("epub", world.site.url("/hostile.html"), "-o", str(out), "--allow-private-network", "--timeout", "3")
    assert done.returncode == 0, done.stderr
    warnings = _warnings(done)
    expected = {
        "/img/evil.svg": "an SVG image",
        "/img/svg-as-png.png": "an SVG image",
        "/img/bomb.png": "megapixel",
        "/img/huge.jpg": "larger than the 10,485,760-byte limit",
        "/img/loop.jpg": "more than 5 redirects",
    }
    assert len(warnings) == len(expected), warnings
    for path, why in expected.items():
        assert any(path in w and why in w for w in warnings), (path, warnings)
    book = Epub(out.read_bytes())
    assert [i.href for i in book.manifest.values() if "img-" in i.href] == ["EPUB/images/img-01.png"]
    body = text(_article(book))
    for alt in ("An SVG with a script", "A decompression bomb", "An image that never ends"):
        assert alt in body
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            assert b"<script" not in archive.read(name) and b"<svg" not in archive.read(name), name
    EPUBS.append(out)


def test_a_saved_page_reads_nothing_outside_its_files_folder(world: World) -> None:
    for fmt in ("epub", "pdf"):
        out = world.root / "out" / f"evil.{fmt}"
        done = world.run(fmt, str(world.evil_saved), "-o", str(out))
        assert done.returncode == 0, done.stderr
        warnings = _warnings(done)
        assert len(warnings) == 4, warnings
        for why in ("('..')", "an absolute path", "a file: address", "not a file in Evil_files/"):
            assert any(why in w for w in warnings), (why, warnings)
        data = out.read_bytes()
        secret = (world.root / "secret.png").read_bytes()
        if fmt == "epub":
            book = Epub(data)
            assert [i.href for i in book.manifest.values() if "img-" in i.href] == ["EPUB/images/img-01.png"]
            assert "Escape by a link" in text(_article(book))
            with zipfile.ZipFile(out) as archive:
                assert all(archive.read(name) != secret for name in archive.namelist())
        else:
            assert len(drawn_images(data)) == 1 and secret not in data
            assert "Escape by dots" in " ".join(pdftotext(data).split())


@pytest.mark.parametrize(
    ("path", "why", "options"),
    [
        ("/loop-a", "more than 5 redirects", ()),
        ("/never-ends.html", "no complete answer within 1 s", ("--timeout", "1")),
        ("/huge.html", "larger than the 2,000,000-byte limit", ("--max-size", "2000000")),
        ("/nothing-here", "the server answered 404", ()),
    ],
    ids=["redirect-loop", "never-ends", "too-large", "missing"],
)
def test_a_page_that_cannot_be_fetched_is_one_line_and_nothing_written(
    world: World, path: str, why: str, options: tuple[str, ...]
) -> None:
    out = world.root / "out" / "failed.epub"
    done = world.run("epub", world.site.url(path), *options, "-o", str(out))
    assert done.returncode == 1, done.stderr
    errors = done.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith(f"exporter: {world.site.url(path)}: ") and why in errors[0], errors
    assert not out.exists() and not list(out.parent.glob(".failed.epub.*"))


def test_a_page_on_standard_input(world: World) -> None:
    """Told by its first bytes; with no folder, its pictures come from the web alone."""
    page = article_page(
        "From a pipe",
        [figure(world.site.url("/img/good.png"), "A good picture"), figure("Harbour_files/crane.jpg", "A file beside it")],
    )
    out = world.root / "out" / "piped.epub"
    done = world.run("epub", "-", "-o", str(out), "--allow-private-network", stdin=page)
    assert done.returncode == 0, done.stderr
    warnings = _warnings(done)
    assert len(warnings) == 1 and "Harbour_files/crane.jpg left out: a relative address, and no folder" in warnings[0]
    book = Epub(out.read_bytes())
    assert [i.href for i in book.manifest.values() if "img-" in i.href] == ["EPUB/images/img-01.png"]
    EPUBS.append(out)


def test_an_address_that_serves_text_is_read_as_a_scraped_text(world: World) -> None:
    done = world.run("clean", world.site.url("/plain.txt"), "-o", "-")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("---\ntitle: Not a page\n") and "source: " not in done.stdout.split("---")[1]


def test_only_http_and_https_addresses(world: World) -> None:
    done = world.run("epub", "ftp://127.0.0.1/x.html")
    assert done.returncode == 2 and "only http and https addresses are fetched" in done.stderr


def test_html_page_embeds_pictures(world: World) -> None:
    out = world.root / "out" / "saved.html"
    done = world.run("html", str(world.saved), "-o", str(out))
    assert done.returncode == 0, done.stderr
    page = out.read_text("utf-8")
    assert page.count('src="data:image/jpeg;base64,') == 1 and page.count('src="data:image/png;base64,') == 1
    assert "Harbour_files" not in page


def test_the_books_pass_epubcheck(world: World) -> None:
    """EPUBCheck over the books made above (run after them)."""
    assert len(EPUBS) >= 4
    results = epubcheck(EPUBS)
    bad = {book.name: result.messages[:3] for book, result in results.items() if not result.clean}
    assert not bad, bad


def test_no_secret_in_any_output(world: World) -> None:
    for path in (world.root / "out").rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
