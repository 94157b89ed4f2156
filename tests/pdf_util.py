"""Reading produced PDFs in tests: text, word boxes, fonts, logs, and fixtures.

poppler's command-line tools (pdftotext, pdffonts) read the PDF the way a
viewer does; pypdf reads its objects (metadata, outline, structure tree).
"""

from __future__ import annotations

import logging
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from exporter.canonical import parse_front_matter, split_front_matter
from exporter.model import Article

FIXTURES = Path(__file__).parent / "fixtures" / "canonical"
MM = 72 / 25.4
"""PDF points per millimetre."""

# WeasyPrint's hyphenation character; pdftotext leaves it before the line break.
_HYPHEN_BREAK = re.compile("\u2010\\s*")
_SPACE = re.compile(r"\s+")


def load_canonical(path: Path) -> Article:
    """A canonical Markdown fixture as an :class:`Article` (no cleaning involved)."""
    yaml_text, body = split_front_matter(path.read_text(encoding="utf-8"))
    assert yaml_text is not None, f"{path} has no front matter"
    return Article(parse_front_matter(yaml_text, str(path)), body.strip("\n"))


def squash(text: str) -> str:
    """Text with line-end hyphens and all white space removed, for comparing
    what was set with what was meant regardless of where lines broke."""
    return _SPACE.sub("", _HYPHEN_BREAK.sub("", text))


def _run(tool: list[str], pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        result = subprocess.run(
            [*tool, handle.name, *(["-"] if tool[0] == "pdftotext" else [])],
            check=True,
            capture_output=True,
            text=True,
        )
    return result.stdout


def pdftotext(pdf: bytes, *args: str) -> str:
    """The text in drawing order (``-raw``): the default mode would join a URL
    broken after one of its own hyphens and drop that hyphen."""
    mode = [] if "-bbox" in args or "-layout" in args else ["-raw"]
    return _run(["pdftotext", "-enc", "UTF-8", *mode, *args], pdf)


def page_texts(pdf: bytes, *args: str) -> list[str]:
    """The text of each page, in order (pdftotext separates pages by form feeds)."""
    return pdftotext(pdf, *args).split("\f")[:-1]


def layout_texts(pdf: bytes) -> list[str]:
    """Each page's text as laid out (``-layout``): a dotted leader stays on its
    line, where ``-raw`` would give every dot a line of its own."""
    return page_texts(pdf, "-layout")


@dataclass(frozen=True, slots=True)
class Word:
    page: int
    """1-based."""
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass(frozen=True, slots=True)
class Page:
    number: int
    width: float
    height: float
    words: tuple[Word, ...]


def pages(pdf: bytes) -> list[Page]:
    """Every page with its size and its words' boxes (points, origin top left)."""
    xhtml = pdftotext(pdf, "-bbox")
    root = ET.fromstring(xhtml)
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    result = []
    for number, page in enumerate(root.iterfind(".//h:page", ns), start=1):
        words = tuple(
            Word(
                number,
                float(w.get("xMin", 0)),
                float(w.get("yMin", 0)),
                float(w.get("xMax", 0)),
                float(w.get("yMax", 0)),
                w.text or "",
            )
            for w in page.iterfind("h:word", ns)
        )
        width, height = float(page.get("width", 0)), float(page.get("height", 0))
        result.append(Page(number, width, height, words))
    return result


def text_between(page: Page, top: float, bottom: float) -> str:
    """The words of ``page`` whose middles lie between ``top`` and ``bottom``.

    Middles, not boxes: pdftotext's boxes span the font's full ascent and
    descent, which overhang a line box set tighter than that.
    """
    return " ".join(w.text for w in page.words if top <= (w.y0 + w.y1) / 2 <= bottom)


@dataclass(frozen=True, slots=True)
class FontRow:
    name: str
    type: str
    embedded: bool
    subset: bool


def pdffonts(pdf: bytes) -> list[FontRow]:
    lines = _run(["pdffonts"], pdf).splitlines()[2:]
    rows = []
    for line in lines:
        # name type... encoding emb sub uni id gen: the flags sit at fixed
        # positions from the right, names and types may contain spaces.
        parts = line.split()
        emb, sub = parts[-5], parts[-4]
        rows.append(FontRow(parts[0], " ".join(parts[1:-6]), emb == "yes", sub == "yes"))
    return rows


@contextmanager
def weasyprint_records() -> Iterator[list[logging.LogRecord]]:
    """Collect everything the ``weasyprint`` logger says at WARNING or above.

    WeasyPrint reports unsupported CSS, failed fetches and missing fonts only
    through this logger, so a silent build is one that logged nothing.
    """
    records: list[logging.LogRecord] = []

    class _Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("weasyprint")
    handler = _Keep(level=logging.WARNING)
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def messages(records: list[logging.LogRecord]) -> list[str]:
    return [f"{r.levelname}: {r.getMessage()}" for r in records]


@dataclass(frozen=True, slots=True)
class Line:
    page: int
    x0: float
    x1: float
    height: float
    text: str


def blocks(pdf: bytes) -> list[list[Line]]:
    """pdftotext's blocks of lines (``-bbox-layout``): runs of lines set alike."""
    root = ET.fromstring(_run(["pdftotext", "-enc", "UTF-8", "-bbox-layout"], pdf))
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    result = []
    for number, page in enumerate(root.iterfind(".//h:page", ns), start=1):
        for block in page.iterfind(".//h:block", ns):
            result.append(
                [
                    Line(
                        number,
                        float(line.get("xMin", 0)),
                        float(line.get("xMax", 0)),
                        round(float(line.get("yMax", 0)) - float(line.get("yMin", 0)), 1),
                        " ".join(w.text or "" for w in line.iterfind("h:word", ns)),
                    )
                    for line in block.iterfind("h:line", ns)
                ]
            )
    return result


@dataclass(frozen=True, slots=True)
class Glyph:
    """One glyph a page draws."""

    page: int
    """1-based."""
    font: str
    """The font's ``/BaseFont`` without its subset tag: ``Exporter-CJK-Bold``."""
    family: str
    """The family the embedded font program names itself (``name`` table, id 1)."""
    gid: int
    count: int
    """Glyphs in the embedded font program: a ``gid`` at or past it is none of them."""

    @property
    def notdef(self) -> bool:
        """Drawn as ``.notdef``: glyph 0, or a glyph the font does not have."""
        return self.gid == 0 or self.gid >= self.count


def drawn_glyphs(pdf: bytes) -> list[Glyph]:
    """Every glyph the pages' content streams show, read operator by operator.

    Fonts are the CID fonts WeasyPrint writes: two-byte codes, which are glyph
    ids (``/CIDToGIDMap /Identity``, checked here).
    """
    import io

    import pikepdf
    from fontTools.ttLib import TTFont

    glyphs: list[Glyph] = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        programs: dict[tuple[int, int], tuple[str, int]] = {}
        for number, page in enumerate(document.pages, start=1):
            fonts = page.obj.Resources.get("/Font", pikepdf.Dictionary())
            current: tuple[str, str, int] | None = None
            for operands, operator in pikepdf.parse_content_stream(page):
                if operator == pikepdf.Operator("Tf"):
                    font = fonts[operands[0]]
                    assert font.Subtype == pikepdf.Name.Type0, font.BaseFont
                    descendant = font.DescendantFonts[0]
                    assert descendant.get("/CIDToGIDMap", pikepdf.Name.Identity) == pikepdf.Name.Identity
                    if font.objgen not in programs:
                        descriptor = descendant.FontDescriptor
                        program = descriptor.get("/FontFile2") or descriptor.FontFile3
                        ttfont = TTFont(io.BytesIO(program.read_bytes()), lazy=True)
                        programs[font.objgen] = (ttfont["name"].getDebugName(1), ttfont["maxp"].numGlyphs)
                    family, count = programs[font.objgen]
                    current = (str(font.BaseFont).split("+", 1)[-1], family, count)
                elif operator in (pikepdf.Operator("Tj"), pikepdf.Operator("TJ")):
                    assert current is not None
                    shown = operands[0]
                    strings = [shown] if isinstance(shown, pikepdf.String) else [
                        item for item in shown if isinstance(item, pikepdf.String)
                    ]
                    for string in strings:
                        data = bytes(string)
                        for index in range(0, len(data) - 1, 2):
                            gid = int.from_bytes(data[index : index + 2], "big")
                            glyphs.append(Glyph(number, current[0], current[1], gid, current[2]))
    return glyphs


def glyphs_by_page(pdf: bytes) -> list[list[tuple[str, int]]]:
    """The glyphs each page draws, as (font without its tag, glyph id), sorted."""
    glyphs = drawn_glyphs(pdf)
    pages = max((glyph.page for glyph in glyphs), default=0)
    return [sorted((g.font, g.gid) for g in glyphs if g.page == page) for page in range(1, pages + 1)]


@dataclass(frozen=True, slots=True)
class Embedded:
    """A font program a PDF embeds, as its font descriptor names it."""

    tag: str
    face: str
    """``/FontName`` without its subset tag: ``Exporter-Text-Italic``."""
    program: bytes


def embedded(data: bytes) -> list[Embedded]:
    """Every font program in the PDF, with the tag and name it is embedded under."""
    import io

    import pikepdf

    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                tag, face = str(obj.FontName)[1:].split("+", 1)
                program = obj.get("/FontFile2") or obj.FontFile3
                found.append(Embedded(tag, face, program.read_bytes()))
    return found


Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Sheet:
    """A page as a viewer shows it (its whole MediaBox), rendered by poppler, to
    see where ink falls."""

    image: Image.Image
    media: Box
    scale: float
    """Pixels per point."""

    def ink(self, box: Box) -> int:
        """How many pixels inside ``box`` (in PDF points) are darker than light grey."""
        x0, y0, x1, y1 = box
        left, right = round((x0 - self.media[0]) * self.scale), round((x1 - self.media[0]) * self.scale)
        top, bottom = round((self.media[3] - y1) * self.scale), round((self.media[3] - y0) * self.scale)
        region = self.image.crop((left, top, right, bottom)).convert("L")
        return sum(count for value, count in enumerate(region.histogram()) if value < 200)


def grown(box: Box, by: float) -> Box:
    """``box`` grown by ``by`` on every side."""
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def boxes(pdf: bytes, number: int) -> dict[str, Box]:
    """The MediaBox, BleedBox and TrimBox of page ``number`` (1-based), rounded to 0.01 pt."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        page = document.pages[number - 1].obj
        return {
            name: tuple(round(float(v), 2) for v in page.get(name, page.MediaBox))  # type: ignore[misc]
            for name in ("/MediaBox", "/BleedBox", "/TrimBox")
        }


def sheet(pdf: bytes, number: int, dpi: int = 144) -> Sheet:
    """Page ``number`` (1-based) rendered at ``dpi``."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        prefix = Path(folder) / "page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), "-f", str(number), "-l", str(number), "-singlefile", source, prefix],
            check=True,
        )
        image = Image.open(prefix.with_suffix(".png"))
        image.load()
    return Sheet(image, boxes(pdf, number)["/MediaBox"], dpi / 72)


@dataclass(frozen=True, slots=True)
class Margins:
    """Where a page puts ink around its trim box: pixels counted by :meth:`Sheet.ink`."""

    bleed: int
    """In the band between the TrimBox and the BleedBox."""
    crops: tuple[int, ...]
    """In the band between the BleedBox and the MediaBox, along each of the
    eight ends of the trim lines, where crop marks go."""
    sides: tuple[int, ...]
    """In that band, at the middle of each side, where registration marks go."""


def ink_around(pdf: bytes, number: int) -> Margins:
    """The ink around page ``number``'s trim box (see :class:`Margins`)."""
    page = sheet(pdf, number)
    found = boxes(pdf, number)
    mx0, my0, mx1, my1 = found["/MediaBox"]
    bx0, by0, bx1, by1 = found["/BleedBox"]
    tx0, ty0, tx1, ty1 = found["/TrimBox"]
    # Half a point in from each edge, so that no pixel of a neighbouring band counts.
    e, w = 0.5, 1.0

    def ink(x0: float, y0: float, x1: float, y1: float) -> int:
        return page.ink((x0, y0, x1, y1)) if x0 < x1 and y0 < y1 else 0

    bleed = (
        ink(bx0 + e, by0 + e, tx0 - e, by1 - e) + ink(tx1 + e, by0 + e, bx1 - e, by1 - e)
        + ink(tx0, by0 + e, tx1, ty0 - e) + ink(tx0, ty1 + e, tx1, by1 - e)
    )  # fmt: skip
    crops = tuple(
        count
        for y in (ty0, ty1)
        for count in (ink(mx0, y - w, bx0 - e, y + w), ink(bx1 + e, y - w, mx1, y + w))
    ) + tuple(
        count
        for x in (tx0, tx1)
        for count in (ink(x - w, my0, x + w, by0 - e), ink(x - w, by1 + e, x + w, my1))
    )
    cx, cy, r = (tx0 + tx1) / 2, (ty0 + ty1) / 2, 10 * MM
    sides = (
        ink(mx0, cy - r, bx0 - e, cy + r), ink(cx - r, my0, cx + r, by0 - e),
        ink(bx1 + e, cy - r, mx1, cy + r), ink(cx - r, by1 + e, cx + r, my1),
    )  # fmt: skip
    return Margins(bleed, crops, sides)
