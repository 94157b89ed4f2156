"""Reading packets (issue 5), as a user makes them: through the command line.

The manifest is the issue's own, over three articles: the raw seed (cleaned
on the way in), a canonical fixture, and the canonical Ross article again
under a shorter title from the manifest. Each book and PDF is built once per
module through ``CliRunner`` and read back: EPUBCheck and the nav for the
EPUB, pdftotext and pypdf for the PDF. Nothing here mocks a backend.
"""

from __future__ import annotations

import io
import os
import re
import select
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from exporter.backends.pdf import marks, parts
from exporter.cli import main
from tests.epub_util import NS, Epub, epub_types, epubcheck, text
from tests.pdf_util import (
    MM,
    boxes,
    grown,
    ink_around,
    layout_texts,
    page_texts,
    pages,
    text_between,
    weasyprint_records,
)

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "washington-institute-trump-putin-leverage.txt"
CANONICAL = REPO / "tests" / "fixtures" / "canonical"
X = f"{{{NS['x']}}}"

MANIFEST = """\
title: Pressure, Ports and Paper      # required
subtitle: A reading packet            # optional
editor: Sam Lee                       # optional; credited as editor
date: 2025-05-01                      # optional
lang: en                              # optional
intro: |                              # optional: Markdown text, or a path to a Markdown file
  Three short readings for the seminar. Start with the [first](https://example.org/first).
articles:                             # required, in order; raw scraped or canonical files
  - seeds/ross.txt
  - groundwater.md
  - path: other.md
    title: A shorter title            # optional per-article overrides of front matter
"""

TITLES = [
    "It\u2019s Time for Trump to Get Tough With Putin",
    "Groundwater Is the Missing Piece of Western Water Policy",
    "A shorter title",
]
AUTHORS = ["Dennis Ross", "Tom\u00e1s Lindqvist", "Dennis Ross"]
TOP_MARGIN = 24 * MM
"""print.css's top page margin: the running heads live above it."""


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def run(*args: str | Path) -> Run:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return Run(result.exit_code, result.stdout, result.stderr)


def make_packet_folder(folder: Path) -> Path:
    """The issue's manifest and its three articles, laid out as a user would."""
    (folder / "seeds").mkdir(parents=True)
    shutil.copy(SEED, folder / "seeds" / "ross.txt")
    shutil.copy(CANONICAL / "pdf-groundwater.md", folder / "groundwater.md")
    shutil.copy(CANONICAL / "ross.md", folder / "other.md")
    manifest = folder / "packet.yaml"
    manifest.write_text(MANIFEST, encoding="utf-8")
    return manifest


@pytest.fixture(scope="module")
def packet_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_packet_folder(tmp_path_factory.mktemp("packet")).parent


@pytest.fixture(scope="module")
def epub_run(packet_dir: Path) -> tuple[Run, Path]:
    out = packet_dir / "built" / "packet.epub"
    return run("epub", packet_dir / "packet.yaml", "-o", out), out


@pytest.fixture(scope="module")
def book(epub_run: tuple[Run, Path]) -> Epub:
    result, out = epub_run
    assert result.code == 0, result.stderr
    return Epub(out.read_bytes())


@dataclass(frozen=True)
class BuiltPdf:
    data: bytes
    run: Run
    logged: list[str]
    layout: str

    @property
    def reader(self) -> pypdf.PdfReader:
        return pypdf.PdfReader(io.BytesIO(self.data))

    @property
    def pages(self) -> list[str]:
        return page_texts(self.data)

    @property
    def contents(self) -> dict[str, int]:
        return contents_entries(layout_texts(self.data))


LAYOUTS = {"one document": 10**9, "in parts": 0}
"""A packet this short is laid out as one document; in parts from this many
words on (``parts.PARALLEL_WORDS``): every PDF test runs on both."""


def build_pdf(packet_dir: Path, name: str, *options: str, layout: str = "one document") -> BuiltPdf:
    out = packet_dir / "built" / layout / name
    with weasyprint_records() as records, pytest.MonkeyPatch.context() as patch:
        patch.setattr(parts, "PARALLEL_WORDS", LAYOUTS[layout])
        result = run("pdf", packet_dir / "packet.yaml", "-o", out, *options)
    assert result.code == 0, result.stderr
    return BuiltPdf(out.read_bytes(), result, [r.getMessage() for r in records], layout)


@pytest.fixture(scope="module", params=list(LAYOUTS))
def pdf(packet_dir: Path, request: pytest.FixtureRequest) -> BuiltPdf:
    return build_pdf(packet_dir, "packet.pdf", layout=request.param)


def test_both_layouts_give_the_same_pages(packet_dir: Path) -> None:
    """Laid out in parts, the packet reads as laid out in one pass, page for page."""
    one, split = (build_pdf(packet_dir, "packet.pdf", layout=layout) for layout in LAYOUTS)
    assert one.pages == split.pages


# EPUB -------------------------------------------------------------------------


def test_epub_passes_epubcheck(book: Epub, tmp_path: Path) -> None:
    path = tmp_path / "packet.epub"
    path.write_bytes(book.data)
    result = epubcheck([path])[path]
    assert result.clean, result.messages


def test_epub_nav_lists_the_three_articles_in_order(book: Epub) -> None:
    toc = [(words, target.rsplit("/", 1)[-1]) for words, target, _ in book.nav_list("toc")]
    articles = [(w, t) for w, t in toc if re.fullmatch(r"a\d+-article\.xhtml", t)]
    assert articles == [(title, f"a{n}-article.xhtml") for n, title in enumerate(TITLES, 1)]
    assert [w for w, _ in toc[:3]] == ["Title Page", "Contents", "Introduction"]


def test_epub_nav_nests_by_article(book: Epub) -> None:
    nav_toc = next(n for n in book.nav.iter(f"{X}nav") if "toc" in epub_types(n))
    top = nav_toc.find("x:ol", NS)
    assert top is not None
    entries = {text(li.find("x:a", NS)): li for li in top.findall("x:li", NS)}  # type: ignore[arg-type]
    groundwater = entries[TITLES[1]]
    children = [text(a) for a in groundwater.iterfind("x:ol/x:li/x:a", NS)]
    assert children == ["A legal blind spot", "What better policy would look like", "About the Author"]
    notes = [text(a) for a in entries["Notes"].iterfind("x:ol/x:li/x:a", NS)]
    assert notes == TITLES


def test_epub_spine_and_landmarks(book: Epub) -> None:
    assert book.spine_names == [
        "cover.xhtml", "titlepage.xhtml", "contents.xhtml", "introduction.xhtml",
        "a1-article.xhtml", "a1-bio.xhtml", "a2-article.xhtml", "a2-bio.xhtml",
        "a3-article.xhtml", "a3-bio.xhtml", "endnotes.xhtml",
    ]  # fmt: skip
    landmarks = [types[0] for _, _, types in book.nav_list("landmarks")]
    assert landmarks == ["cover", "titlepage", "toc", "introduction", "bodymatter", "endnotes"]


def test_epub_title_page_contents_and_intro(book: Epub) -> None:
    title_page = [text(p) for p in book.document_named("titlepage.xhtml").iter() if p.tag in {f"{X}h1", f"{X}p"}]
    assert title_page == ["Pressure, Ports and Paper", "A reading packet", "Edited by Sam Lee", "May 1, 2025"]
    contents = book.document_named("contents.xhtml")
    lines = [text(li) for li in contents.iter(f"{X}li")]
    assert lines == ["Introduction", *(f"{t}, {a}" for t, a in zip(TITLES, AUTHORS, strict=True))]
    intro = book.document_named("introduction.xhtml")
    assert "Three short readings for the seminar." in text(intro)
    link = next(a for a in intro.iter(f"{X}a"))
    assert link.get("href") == "https://example.org/first"
    assert book.meta("title") == ["Pressure, Ports and Paper"]
    assert book.meta("creator") == ["Sam Lee"]
    assert book.meta("contributor") == ["Dennis Ross", "Tom\u00e1s Lindqvist"]


def test_epub_each_article_keeps_its_masthead_and_bio(book: Epub) -> None:
    for number, (title, author) in enumerate(zip(TITLES, AUTHORS, strict=True), 1):
        article = book.document_named(f"a{number}-article.xhtml")
        masthead = article.find(".//x:header", NS)
        assert masthead is not None
        assert text(masthead.find("x:h1", NS)) == title  # type: ignore[arg-type]
        assert f"by {author}" in text(masthead)
        bio = book.document_named(f"a{number}-bio.xhtml")
        assert author.split()[-1] in text(bio)


def test_epub_notes_grouped_by_article_and_numbered_afresh(book: Epub) -> None:
    notes = book.document_named("endnotes.xhtml")
    assert [text(h) for h in notes.iter(f"{X}h3")] == TITLES
    for number, group in enumerate(notes.iter(f"{X}ol"), 1):
        ids = [li.get("id") for li in group]
        assert ids == [f"a{number}-note-{n}" for n in range(1, len(ids) + 1)]


def test_epub_ids_unique_and_links_resolve(book: Epub) -> None:
    for path in book.xhtml_paths:
        ids = [e.get("id") for e in book.document(path).iter() if e.get("id") is not None]
        assert len(ids) == len(set(ids)), path
    bare = {key.split("#", 1)[1] for key in book.ids}
    assert len(bare) == len(book.ids), "an id is repeated across documents"
    for path, _, target in book.links():
        assert target in book.ids or target in book.xhtml_paths, (path, target)


def test_epub_is_byte_identical_when_built_again(packet_dir: Path, book: Epub) -> None:
    again = packet_dir / "built" / "again.epub"
    assert run("epub", packet_dir / "packet.yaml", "-o", again).code == 0
    assert again.read_bytes() == book.data


# PDF --------------------------------------------------------------------------

_CONTENTS_LINE = re.compile(r"^(?P<entry>.+?)\s*\.{3,}\s*(?P<page>\d+)$")


def contents_entries(pages: list[str]) -> dict[str, int]:
    """``entry text → page number`` from the contents page (the one headed "contents"),
    read from ``layout_texts``."""
    page = next(p for p in pages if p.lstrip().lower().startswith("contents"))
    entries = {}
    for line in page.splitlines():
        match = _CONTENTS_LINE.match(line.strip())
        if match:
            entries[match["entry"]] = int(match["page"])
    return entries


def test_pdf_builds_without_warnings(pdf: BuiltPdf) -> None:
    assert pdf.logged == []


def test_pdf_contents_list_the_articles_with_their_first_pages(pdf: BuiltPdf) -> None:
    pages = pdf.pages
    entries = pdf.contents
    expected = [f"{t}, {a}" for t, a in zip(TITLES, AUTHORS, strict=True)]
    assert list(entries) == ["Introduction", *expected]
    starts = [entries[e] for e in expected]
    assert starts == sorted(starts) and len(set(starts)) == 3
    for title, start in zip(TITLES, starts, strict=True):
        # The masthead opens its page: the title is the page's first text
        # after the section label, and it is on no earlier page.
        assert title in " ".join(pages[start - 1].split()[:20]), (title, start)
        assert all(title not in p for p in pages[: start - 1] if "contents" not in p[:20].lower())
    # The page before each article ends its predecessor (or the introduction).
    assert "Three short readings" in pages[starts[0] - 2]


def test_pdf_contents_links_go_to_those_pages(pdf: BuiltPdf) -> None:
    reader = pdf.reader
    contents_index = next(i for i, p in enumerate(pdf.pages) if p.lstrip().lower().startswith("contents"))
    targets = []
    for annot in reader.pages[contents_index].get("/Annots", []):
        dest = annot.get_object().get("/Dest")
        if dest is not None:
            targets.append(reader.get_destination_page_number(reader.named_destinations[str(dest)]) + 1)
    starts = list(pdf.contents.values())
    assert sorted(set(targets)) == starts


def test_pdf_page_numbers_run_through_the_packet(pdf: BuiltPdf) -> None:
    pages = pdf.pages
    first_article = pdf.contents["Introduction"]
    for number, page in enumerate(pages, 1):
        if number < first_article:
            continue  # title page and contents carry no number
        assert page.rstrip().splitlines()[-1].strip() == str(number), number


def test_pdf_running_heads_name_the_current_article(pdf: BuiltPdf) -> None:
    heads = [text_between(page, 0, TOP_MARGIN) for page in pages(pdf.data)]
    starts = [pdf.contents[f"{t}, {a}"] for t, a in zip(TITLES, AUTHORS, strict=True)]
    bounds = [*starts, len(heads) + 1]
    for title, author, start, end in zip(TITLES, AUTHORS, bounds, bounds[1:], strict=False):
        assert heads[start - 1] == "", "no running head on an article's first page"
        assert end - start >= 2
        for head in heads[start : end - 1]:
            assert head == f"{title} {author}", head
    assert heads[: starts[0] - 1] == [""] * (starts[0] - 1), "none on the title page, contents, intro"


def test_pdf_outline_has_an_entry_per_article(pdf: BuiltPdf) -> None:
    reader = pdf.reader
    top = [item for item in reader.outline if not isinstance(item, list)]
    titles = [item.title for item in top]
    assert titles[:3] == ["Pressure, Ports and Paper", "Contents", "Introduction"]
    assert titles[3:] == TITLES
    starts = [pdf.contents[f"{t}, {a}"] for t, a in zip(TITLES, AUTHORS, strict=True)]
    assert [reader.get_destination_page_number(item) + 1 for item in top[3:]] == starts


def test_pdf_is_tagged_with_packet_metadata(pdf: BuiltPdf) -> None:
    reader = pdf.reader
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    info = reader.metadata
    assert info is not None
    assert info["/Title"] == "Pressure, Ports and Paper" and info["/Author"] == "Sam Lee"
    assert info["/CreationDate"].startswith("D:20250501")


def test_pdf_notes_and_bios_per_article(pdf: BuiltPdf) -> None:
    text_all = "\n".join(pdf.pages)
    assert text_all.lower().count("about the author") == 3
    assert len(re.findall(r"^notes$", text_all, re.M | re.I)) == 3
    # Numbering restarts: three note lists, each starting at 1.
    assert len(re.findall(r"^1\. ", text_all, re.M)) == 3


def test_pdf_footnotes_restart_per_article(packet_dir: Path, pdf: BuiltPdf) -> None:
    foot = build_pdf(packet_dir, "foot.pdf", "--notes", "foot", layout=pdf.layout)
    assert foot.logged == []
    text_all = "\n".join(foot.pages)
    assert len(re.findall(r"^1\. ", text_all, re.M)) == 3
    assert not re.search(r"^notes$", text_all, re.M | re.I)


def test_pdf_is_byte_identical_when_built_again(packet_dir: Path, pdf: BuiltPdf) -> None:
    assert build_pdf(packet_dir, "again.pdf", layout=pdf.layout).data == pdf.data


def test_source_date_epoch_dates_the_pdf(packet_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "dated.pdf"
    result = CliRunner(env={"SOURCE_DATE_EPOCH": "1700000000"}).invoke(
        main, ["pdf", str(packet_dir / "packet.yaml"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    info = pypdf.PdfReader(out).metadata
    assert info is not None and info["/CreationDate"].startswith("D:20231114221320")


def test_duplex_starts_every_article_on_a_right_hand_page(packet_dir: Path, pdf: BuiltPdf) -> None:
    duplex = build_pdf(packet_dir, "duplex.pdf", "--duplex", layout=pdf.layout)
    assert duplex.logged == []
    entries = duplex.contents
    assert all(page % 2 == 1 for page in entries.values()), entries
    # Simplex packs them tighter: the test could have failed.
    assert not all(page % 2 == 1 for page in pdf.contents.values())
    # The pages left empty for it are empty: no running head, no number alone.
    texts = [page.strip() for page in duplex.pages]
    assert "" in texts
    assert not [n for n, t in enumerate(texts, 1) if t.isdigit() or (t and len(t.split()) < 4)]


def test_crop_marks_outside_the_bleed_on_every_page(packet_dir: Path, pdf: BuiltPdf) -> None:
    """Every page, the blank ones --duplex leaves included, has room for the
    marks outside its bleed, and its marks there: in parts as in one document."""
    marked = build_pdf(packet_dir, "marked.pdf", "--duplex", "--crop-marks", "--bleed", "3mm", layout=pdf.layout)
    duplex = build_pdf(packet_dir, "duplex.pdf", "--duplex", layout=pdf.layout)
    assert marked.logged == []
    assert marked.pages == duplex.pages
    for number in range(1, len(marked.pages) + 1):
        paper = boxes(duplex.data, number)["/MediaBox"]
        found = boxes(marked.data, number)
        assert found["/TrimBox"] == paper
        assert found["/BleedBox"] == pytest.approx(grown(paper, 3 * MM), abs=0.02)
        assert found["/MediaBox"] == pytest.approx(grown(paper, 3 * MM + marks.AREA), abs=0.02)
        around = ink_around(marked.data, number)
        assert around.bleed == 0
        assert all(around.crops) and all(around.sides)


def test_split_writes_a_handout_per_article(packet_dir: Path) -> None:
    out = packet_dir / "split"
    result = run("pdf", packet_dir / "packet.yaml", "--split", "-o", f"{out}/")
    assert result.code == 0, result.stderr
    handouts = sorted((out / "pressure-ports-and-paper").iterdir())
    assert [p.name for p in handouts] == [
        "01-its-time-for-trump-to-get-tough-with-putin.pdf",
        "02-groundwater-is-the-missing-piece-of-western-water-policy.pdf",
        "03-a-shorter-title.pdf",
    ]
    for handout, title in zip(handouts, TITLES, strict=True):
        first = page_texts(handout.read_bytes())[0]
        assert title in " ".join(first.split()), handout
    assert (out / "pressure-ports-and-paper.pdf").is_file()
    assert "wrote 4 files" in result.stderr


# Command line -------------------------------------------------------------------


def test_several_files_on_the_command_line_make_one_packet(packet_dir: Path, tmp_path: Path) -> None:
    inputs = [packet_dir / "seeds" / "ross.txt", packet_dir / "groundwater.md"]
    result = run("epub", *inputs, "--title", "Two Readings", "-o", f"{tmp_path}/")
    assert result.code == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["two-readings.epub"]
    book = Epub((tmp_path / "two-readings.epub").read_bytes())
    assert book.meta("title") == ["Two Readings"]
    toc = [words for words, _, _ in book.nav_list("toc")]
    assert TITLES[0] in toc and TITLES[1] in toc
    result = run("pdf", *inputs, "--title", "Two Readings", "-o", f"{tmp_path}/")
    assert result.code == 0, result.stderr
    pdf = (tmp_path / "two-readings.pdf").read_bytes()
    assert list(contents_entries(layout_texts(pdf))) == [f"{t}, {a}" for t, a in zip(TITLES[:2], AUTHORS[:2])]


def test_one_file_still_makes_a_single_article(packet_dir: Path, tmp_path: Path) -> None:
    result = run("epub", packet_dir / "groundwater.md", "-o", f"{tmp_path}/")
    assert result.code == 0, result.stderr
    book = Epub((tmp_path / "groundwater-is-the-missing-piece-of-western-water-policy.epub").read_bytes())
    assert "contents.xhtml" not in book.spine_names and "article.xhtml" in book.spine_names


def test_default_output_is_named_for_the_packet(
    packet_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("epub", packet_dir / "packet.yaml")
    assert result.code == 0, result.stderr
    assert (tmp_path / "out" / "pressure-ports-and-paper.epub").is_file()


BROKEN_MANIFESTS = {
    "missing-article": (MANIFEST.replace("groundwater.md", "nowhere.md"), "line 10: article 'nowhere.md' not found"),
    "unknown-key": (MANIFEST.replace("editor:", "editr:"), "line 3: unknown key 'editr'"),
    "unknown-article-key": (MANIFEST.replace("    title: A shorter", "    colour: A shorter"), "unknown article key"),
    "malformed": (MANIFEST.replace("  - groundwater.md", "  - [groundwater.md"), "malformed YAML, line"),
    "no-title": ("articles:\n  - groundwater.md\n", "line 1: the manifest needs a title"),
}


@pytest.mark.parametrize("fmt", ["epub", "pdf"])
@pytest.mark.parametrize("case", list(BROKEN_MANIFESTS))
def test_a_broken_manifest_fails_cleanly_with_nothing_written(tmp_path: Path, case: str, fmt: str) -> None:
    manifest = make_packet_folder(tmp_path / "in")
    content, problem = BROKEN_MANIFESTS[case]
    manifest.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    result = run(fmt, manifest, "-o", f"{out}/", "--split" if fmt == "pdf" else "--links=notes")
    assert result.code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(manifest) in lines[0] and problem in lines[0], result.stderr
    assert not out.exists()


def test_an_article_that_cannot_be_read_fails_the_packet(tmp_path: Path) -> None:
    manifest = make_packet_folder(tmp_path / "in")
    (tmp_path / "in" / "groundwater.md").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    result = run("pdf", manifest, "-o", f"{out}/")
    assert result.code == 1 and "groundwater.md: is empty" in result.stderr, result.stderr
    assert not out.exists()


def test_a_manifest_comes_alone(packet_dir: Path, tmp_path: Path) -> None:
    result = run("epub", packet_dir / "packet.yaml", packet_dir / "groundwater.md", "-o", f"{tmp_path}/")
    assert result.code == 2 and "give it alone" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("bleed", ["3parsecs", "3mm; color: red", "-3mm"])
def test_a_bad_bleed_is_a_usage_error(packet_dir: Path, tmp_path: Path, bleed: str) -> None:
    result = run("pdf", packet_dir / "groundwater.md", "--bleed", bleed, "-o", f"{tmp_path}/")
    assert result.code == 2 and "--bleed" in result.stderr and "is not a length" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_progress_is_silent_off_a_terminal_and_the_summary_appears(epub_run: tuple[Run, Path]) -> None:
    result, out = epub_run
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert re.fullmatch(rf"exporter: wrote {re.escape(str(out))} \(\d+\.\d KB\) in \d+\.\d s", lines[0])
    assert result.stdout == ""


def test_summary_counts_pdf_pages(pdf: BuiltPdf) -> None:
    assert f"({len(pdf.pages)} pages, " in pdf.run.stderr


def test_quiet_prints_nothing(packet_dir: Path, tmp_path: Path) -> None:
    for args in (("--quiet", "epub", packet_dir / "packet.yaml"), ("epub", packet_dir / "packet.yaml", "-q")):
        result = run(*args, "-o", f"{tmp_path}/")
        assert result.code == 0 and result.stderr == "", result.stderr


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_progress_bar_shows_on_a_terminal(packet_dir: Path, tmp_path: Path) -> None:
    """On a terminal the bar runs through its phases; the test above could fail."""
    leader, follower = os.openpty()
    command = [sys.executable, "-m", "exporter", "epub", str(packet_dir / "packet.yaml"), "-o", f"{tmp_path}/"]
    process = subprocess.Popen(
        command, cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=follower
    )
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the process closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0, seen
    shown = seen.decode("utf-8", "replace")
    assert "cleaning" in shown and "rendering" in shown and "100%" in shown
    assert "exporter: wrote" in shown


# Speed: smarty's typography, made cheap (exporter/render/educate.py) ---------------


def _typography_corpus() -> list[str]:
    """Every Markdown and text fixture, plus quote soup around every construct."""
    fixtures = REPO / "tests" / "fixtures"
    texts = [p.read_text("utf-8", errors="replace") for p in sorted(fixtures.rglob("*.md"))]
    texts += [p.read_text("utf-8", errors="replace") for p in sorted(fixtures.rglob("*.txt"))]
    pieces = ['"', "'", "-", "--", "---", "...", ".", " ", "a", "1", "80s", "s", "\n", "*", "`x 'y'`",
              "(", ")", "[", "]", "&", "&amp;", '\\"', "\\'", "\u2014", "\u2013", "_", "<em>", "</em>",
              ":", ",", "!", "\t", "[l](https://a.example)", "**", "&nbsp;", "\n# ", "\n> ", "\n- "]  # fmt: skip
    state = 12345
    for _ in range(3000):
        words = []
        for _ in range(1 + state % 25):
            state = (state * 1103515245 + 12345) % 2**31
            words.append(pieces[state % len(pieces)])
        texts.append("".join(words))
    return texts


def test_educate_gives_smartys_output() -> None:
    """The renderer's typography pass sets exactly what Python-Markdown's smarty did."""
    import markdown

    from exporter.render import _sanitize
    from exporter.render.educate import Educate
    from exporter.render.tree import parse_fragment, serialize_children

    def rendered(extension: object, text: str) -> str:
        md = markdown.Markdown(extensions=["sane_lists", "tables", extension], output_format="xhtml")
        return serialize_children(parse_fragment(_sanitize(md.convert(text))))

    corpus = _typography_corpus()
    differ = [t for t in corpus if rendered("smarty", t) != rendered(Educate(), t)]
    assert not differ, differ[:3]
    assert any("\u201c" in rendered(Educate(), t) for t in corpus[:40]), "the corpus has quotes to educate"


def test_educate_is_linear_in_the_number_of_quotes() -> None:
    """smarty rebuilds the text after every match: quadratic on a page of quotes."""
    import time

    from exporter.render.educate import educate

    small, large = "\"a\" 'b' -- ... " * 2_000, "\"a\" 'b' -- ... " * 16_000
    start = time.perf_counter()
    educate(small)
    middle = time.perf_counter()
    result = educate(large)
    end = time.perf_counter()
    assert result.startswith("\u201ca\u201d \u2018b\u2019 \u2013 \u2026")
    assert (end - middle) < 20 * (middle - start) + 0.05  # 8x the text: linear gives ~8x, quadratic ~64x
