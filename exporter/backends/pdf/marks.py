"""Crop and registration marks, drawn outside the bleed.

WeasyPrint draws CSS ``marks`` inside the bleed area: its sheet (MediaBox) is
the page grown by the bleed, and the marks sit in that band, which the print
shop trims away with the bleed, marks and all. So WeasyPrint is asked for the
bleed alone, and the marks are added here to the finished PDF, in a band of
their own around the bleed:

=============  ================================================================
``TrimBox``    the page (as WeasyPrint sets it)
``BleedBox``   the page grown by the bleed
``MediaBox``   the bleed box grown by :data:`AREA` on every side, for the marks
=============  ================================================================

Crop marks continue the trim lines out from each corner, starting
:data:`OFFSET` beyond the bleed, so that none of them reaches into it;
registration targets sit in the middle of each side. They are drawn with
0.25 pt hairlines in the registration colour (the ``All`` separation, which
prints on every plate) and marked as page artifacts, outside the tags.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from .parallel.join import open_pdf, save

MM = 72 / 25.4
"""PDF points per millimetre."""

AREA = 10 * MM
"""How far the sheet reaches beyond the bleed box, for the marks."""
OFFSET = 2 * MM
"""The gap between the bleed box and the nearest end of a crop mark."""
LENGTH = 5 * MM
"""The length of a crop mark."""
RADIUS = 2 * MM
"""The radius of a registration target's circle; its cross reaches 1.5 times as far."""
LINE = 0.25
"""The marks' line width, in points."""

REGISTRATION = Name("/ExporterRegistration")
"""The name of the registration colour space in the pages' resources."""

Box = tuple[float, float, float, float]


def _box(page: pikepdf.Page, name: str) -> Box:
    box = page.obj.get(name) or page.mediabox
    x0, y0, x1, y1 = (float(value) for value in box)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _grown(box: Box, by: float) -> Box:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def _number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _line(x0: float, y0: float, x1: float, y1: float) -> str:
    return f"{_number(x0)} {_number(y0)} m {_number(x1)} {_number(y1)} l S"


def _target(x: float, y: float) -> list[str]:
    """A registration target: a circle (four Bézier quarters) and a cross."""
    k = 0.5523 * RADIUS  # the control distance that makes a quarter circle
    r, arm = RADIUS, 1.5 * RADIUS
    n = _number
    return [
        f"{n(x + r)} {n(y)} m",
        f"{n(x + r)} {n(y + k)} {n(x + k)} {n(y + r)} {n(x)} {n(y + r)} c",
        f"{n(x - k)} {n(y + r)} {n(x - r)} {n(y + k)} {n(x - r)} {n(y)} c",
        f"{n(x - r)} {n(y - k)} {n(x - k)} {n(y - r)} {n(x)} {n(y - r)} c",
        f"{n(x + k)} {n(y - r)} {n(x + r)} {n(y - k)} {n(x + r)} {n(y)} c S",
        _line(x - arm, y, x + arm, y),
        _line(x, y - arm, x, y + arm),
    ]


def marks(trim: Box, bleed: Box) -> bytes:
    """The content that draws the marks around a page of ``trim`` and ``bleed``
    boxes, in the page's default coordinates."""
    x0, y0, x1, y1 = trim
    bx0, by0, bx1, by1 = bleed
    near, far = OFFSET, OFFSET + LENGTH
    lines = [
        # Each corner: the horizontal trim line out to the side, the vertical
        # one out above or below, both starting past the bleed.
        _line(bx0 - near, y0, bx0 - far, y0), _line(x0, by0 - near, x0, by0 - far),
        _line(bx1 + near, y0, bx1 + far, y0), _line(x1, by0 - near, x1, by0 - far),
        _line(bx0 - near, y1, bx0 - far, y1), _line(x0, by1 + near, x0, by1 + far),
        _line(bx1 + near, y1, bx1 + far, y1), _line(x1, by1 + near, x1, by1 + far),
    ]  # fmt: skip
    middle = AREA / 2
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    for x, y in ((cx, by1 + middle), (cx, by0 - middle), (bx0 - middle, cy), (bx1 + middle, cy)):
        lines += _target(x, y)
    return "\n".join(
        [
            "Q",
            "/Artifact <</Type /Page>> BDC",
            "q",
            f"{REGISTRATION.unparse().decode()} CS 1 SC {_number(LINE)} w 0 J 0 j [] 0 d",
            *lines,
            "Q",
            "EMC",
            "",
        ]
    ).encode()


def _registration(pdf: Pdf) -> pikepdf.Object:
    """The registration colour: the ``All`` separation, black on screen."""
    tint = Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[0, 0, 0, 1], N=1)
    return pdf.make_indirect(Array([Name.Separation, Name("/All"), Name.DeviceCMYK, tint]))


def draw(pdf: Pdf) -> None:
    """Give every page of ``pdf`` room for marks outside its bleed, and draw them there."""
    colour = _registration(pdf)
    # The page's own content may leave its graphics state changed: it is
    # isolated first. One stream for every page, and one for every page size.
    isolated = pdf.make_stream(b"q\n")
    drawn: dict[tuple[Box, Box], pikepdf.Stream] = {}
    for page in pdf.pages:
        # WeasyPrint's sheet is the page grown by the bleed (its BleedBox
        # stops 10 pt short of a wider bleed).
        trim, bleed = _box(page, "/TrimBox"), _box(page, "/MediaBox")
        if (trim, bleed) not in drawn:
            drawn[trim, bleed] = pdf.make_stream(marks(trim, bleed))
        page.obj.TrimBox, page.obj.BleedBox, page.obj.MediaBox = Array(trim), Array(bleed), Array(_grown(bleed, AREA))
        if "/CropBox" in page.obj:
            del page.obj.CropBox
        if "/Resources" not in page.obj:
            page.obj.Resources = Dictionary()
        if "/ColorSpace" not in page.obj.Resources:
            page.obj.Resources.ColorSpace = Dictionary()
        page.obj.Resources.ColorSpace[REGISTRATION] = colour
        page.contents_add(isolated, prepend=True)
        page.contents_add(drawn[trim, bleed])


def marked(data: bytes) -> bytes:
    """``data``, a PDF, with marks drawn outside the bleed of every page."""
    pdf = open_pdf(data)
    draw(pdf)
    return save(pdf)
