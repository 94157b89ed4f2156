"""The command line people expect: standard input, metadata, look, warnings, and the Python API."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

import exporter
from exporter.cli import main
from tests.epub_util import NS, Epub, epubcheck, text
from tests.pdf_util import pdftotext
from tests.test_hostile import listener as listener  # the fixture, used by name

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "washington-institute-trump-putin-leverage.txt"
CANONICAL = REPO / "tests" / "fixtures" / "canonical"
TITLE = "It's Time for Trump to Get Tough With Putin"
MM = 72 / 25.4


def run(*args: str, stdin: bytes | None = None) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout_bytes, result.stderr


# Inputs and outputs ----------------------------------------------------------------


@pytest.mark.parametrize(("command", "magic"), [("clean", b"---\ntitle:"), ("epub", b"PK"), ("pdf", b"%PDF"), ("html", b"<!DOCTYPE html>")])
def test_dash_reads_standard_input(command: str, magic: bytes) -> None:
    code, out, err = run(command, "-", "-o", "-", stdin=SEED.read_bytes())
    assert code == 0, err
    assert out.startswith(magic)


def test_no_input_on_a_pipe_reads_standard_input(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "exporter", "clean", "-o", "-"],
        input=SEED.read_bytes(),
        capture_output=True,
        timeout=120,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().startswith(f"---\ntitle: {TITLE}")


@pytest.mark.parametrize(("command", "wrong"), [("epub", "x.pdf"), ("pdf", "x.epub"), ("html", "x.md"), ("clean", "x.pdf")])
def test_an_output_of_another_format_is_a_usage_error(tmp_path: Path, command: str, wrong: str) -> None:
    code, _, err = run(command, str(SEED), "-o", str(tmp_path / wrong))
    assert code == 2
    assert f"-o {tmp_path / wrong}" in err and Path(wrong).suffix in err
    assert not list(tmp_path.iterdir())


def test_an_output_without_extension_is_the_commands_format(tmp_path: Path) -> None:
    code, _, err = run("epub", str(SEED), "-o", str(tmp_path / "book"))
    assert code == 0, err
    assert zipfile.is_zipfile(tmp_path / "book")


# Metadata from the command line ----------------------------------------------------


def test_metadata_options_override_what_the_cleaner_found(tmp_path: Path) -> None:
    extra = tmp_path / "meta.yaml"
    extra.write_text("section: Essays\nsubject: [Diplomacy]\npublisher: From the file\n", "utf-8")
    code, out, err = run(
        "clean", str(SEED), "-o", "-",
        "--author", "Ann Lee", "--author", "Bo Ray", "--date", "2025-06-01", "--lang", "en-GB",
        "--subtitle", "A new dek.", "--publisher", "The Press", "-M", "source=https://example.org/a",
        "--metadata-file", str(extra),
    )  # fmt: skip
    assert code == 0, err
    head = out.decode().split("\n---\n", 1)[0]
    assert "author:\n- Ann Lee\n- Bo Ray\n" in head
    assert "date: 2025-06-01\n" in head and "lang: en-GB\n" in head
    assert "subtitle: A new dek.\n" in head and "publisher: The Press\n" in head
    assert "source: https://example.org/a\n" in head and "section: Essays" in head
    assert "- Diplomacy\n" in head


def test_bad_metadata_is_refused_with_its_reason() -> None:
    code, _, err = run("clean", str(SEED), "-o", "-", "-M", "nonsense")
    assert code == 2 and "KEY=VALUE" in err
    code, _, err = run("clean", str(SEED), "-o", "-", "-M", "date=next Tuesday")
    assert code == 2 and "date" in err


def test_title_retitles_one_article_and_names_a_packet(tmp_path: Path) -> None:
    code, _, err = run("epub", str(SEED), "--title", "A Better Title", "-o", str(tmp_path / "one.epub"))
    assert code == 0, err
    one = Epub((tmp_path / "one.epub").read_bytes())
    assert "contents.xhtml" not in one.spine_names
    assert text(one.document_named("titlepage.xhtml").find(".//x:h1", NS)) == "A Better Title"
    fixture = sorted(CANONICAL.glob("*.md"))[0]
    code, _, err = run("epub", str(SEED), str(fixture), "--title", "Week 3", "--author", "Sam Lee", "-o", f"{tmp_path}/")
    assert code == 0, err
    packet = Epub((tmp_path / "week-3.epub").read_bytes())
    assert "contents.xhtml" in packet.spine_names
    title_page = text(packet.document_named("titlepage.xhtml"))
    assert "Week 3" in title_page and "Edited by Sam Lee" in title_page


# Look ----------------------------------------------------------------------------


def _page_size(data: bytes) -> tuple[float, float]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        box = [float(v) for v in pdf.pages[0].mediabox]
    return round((box[2] - box[0]) / MM), round((box[3] - box[1]) / MM)


@pytest.mark.parametrize(
    ("paper", "size"), [("a5", (148, 210)), ("legal", (216, 356)), ("letter", (216, 279)), ("6inx9in", (152, 229))]
)
def test_paper_sizes(paper: str, size: tuple[int, int]) -> None:
    code, out, err = run("pdf", str(SEED), "--paper", paper, "-o", "-")
    assert code == 0, err
    assert _page_size(out) == size


@pytest.mark.parametrize("paper", ["a3x", "10x10", "6in x 9in; color: red", "0.1inx9in"])
def test_a_bad_paper_is_a_usage_error(paper: str) -> None:
    code, _, err = run("pdf", str(SEED), "--paper", paper, "-o", "-")
    assert code == 2 and "--paper" in err


def test_user_css_comes_after_ours_in_every_writer(tmp_path: Path) -> None:
    css = tmp_path / "mine.css"
    css.write_text(".dek { display: none }\n", "utf-8")
    code, out, err = run("pdf", str(SEED), "--css", str(css), "-o", "-")
    assert code == 0, err
    assert "push to end the Ukraine war" not in pdftotext(out)
    code, out, err = run("html", str(SEED), "--css", str(css), "-o", "-")
    assert code == 0, err
    page = out.decode()
    assert page.index("html.css") < page.index(".dek { display: none }")
    book_path = tmp_path / "b.epub"
    code, _, err = run("epub", str(SEED), "--css", str(css), "-o", str(book_path))
    assert code == 0, err
    book = Epub(book_path.read_bytes())
    assert book.zip.read("EPUB/css/user-1.css") == css.read_bytes()
    links = re.findall(r'href="(css/[^"]+)"', book.zip.read("EPUB/article.xhtml").decode())
    assert links == ["css/epub.css", "css/user-1.css"]
    assert epubcheck([book_path])[book_path].clean


def test_user_css_may_not_reach_the_network(tmp_path: Path, listener: tuple[str, list[str]]) -> None:
    """A url() in the user's sheet to anywhere but beside it is refused, not fetched."""
    url, hits = listener
    css = tmp_path / "mine.css"
    css.write_text(f"@import url({url}/y.css);\nbody {{ background: url({url}/x.png) }}\n", "utf-8")
    code, _, err = run("pdf", str(SEED), "--css", str(css), "-o", str(tmp_path / "x.pdf"))
    assert code == 0, err
    assert hits == []


def test_no_toc_and_no_cover(tmp_path: Path) -> None:
    fixture = sorted(CANONICAL.glob("*.md"))[0]
    path = tmp_path / "p.epub"
    code, _, err = run("epub", str(SEED), str(fixture), "--no-toc", "--no-cover", "-o", str(path))
    assert code == 0, err
    book = Epub(path.read_bytes())
    assert "contents.xhtml" not in book.spine_names and "cover.xhtml" not in book.spine_names
    assert not [name for name in book.zip.namelist() if "/images/cover" in name]
    assert epubcheck([path])[path].clean
    code, out, err = run("pdf", str(SEED), str(fixture), "--no-toc", "-o", "-")
    assert code == 0, err
    assert "contents" not in pdftotext(out).lower()[:2000]


@pytest.mark.parametrize("links", ["notes", "inline", "both"])
def test_pdf_links(links: str) -> None:
    code, out, err = run("pdf", str(SEED), "--links", links, "-o", "-")
    assert code == 0, err
    with pikepdf.open(io.BytesIO(out)) as pdf:
        # The first page holds the text's first links, and no notes.
        first = [str(a.A.URI) for a in pdf.pages[0].get("/Annots", []) if "/A" in a and "/URI" in a.A]
    live = any("politico.eu" in uri for uri in first)
    notes = "politico.eu" in pdftotext(out)
    assert (live, notes) == {"notes": (False, True), "inline": (True, False), "both": (True, True)}[links]


# Warnings, not silence -----------------------------------------------------------


def test_options_that_do_not_apply_are_warned_of(tmp_path: Path) -> None:
    code, _, err = run("pdf", str(SEED), "--split", "--duplex", "-o", str(tmp_path / "x.pdf"))
    assert code == 0
    assert "warning: --split applies to packets" in err and "warning: --duplex applies to packets" in err
    cover = tmp_path / "c.png"
    cover.write_bytes(b"\x89PNG\r\n\x1a\n")
    code, _, err = run("pdf", str(SEED), "--cover", str(cover), "-o", str(tmp_path / "y.pdf"))
    assert code == 0 and "warning: --cover applies to e-books" in err


def test_v_is_verbose_and_report_keeps_its_name() -> None:
    code, _, err = run("clean", str(SEED), "-o", "-", "-v")
    assert code == 0 and "cleaned," in err and "removed" not in err
    code, _, err = run("clean", str(SEED), "-o", "-", "--report")
    assert code == 0 and "removed (after the article)" in err


def test_shell_completion_is_clicks() -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "exporter")],
        env={"_EXPORTER_COMPLETE": "bash_source", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert "_EXPORTER_COMPLETE=bash_complete" in done.stdout.decode()


# The Python API ---------------------------------------------------------------------


def test_the_python_api(tmp_path: Path) -> None:
    article = exporter.clean(SEED.read_text("utf-8"))
    assert article.meta.title == TITLE
    loaded = exporter.load(SEED)
    assert loaded.cleaned and loaded.article == article
    other = exporter.load(sorted(CANONICAL.glob("*.md"))[0]).article
    built = exporter.to_epub([article, other], tmp_path / "p.epub", title="Two", cover=False)
    assert (tmp_path / "p.epub").read_bytes() == built.data
    pdf = exporter.to_pdf(article, paper="letter", links="both")
    assert pdf.pages and pdf.data.startswith(b"%PDF")
    page = exporter.to_html(article, metadata={"title": "Retitled"})
    assert b"<title>Retitled</title>" in page.data
    with pytest.raises(exporter.InputError, match="no such file"):
        exporter.load(tmp_path / "missing.txt")
    with pytest.raises(exporter.ExporterError, match="paper"):
        exporter.to_pdf(article, paper="huge")
