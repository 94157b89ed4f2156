"""Cover images: one drawn with Pillow from the metadata, or the user's own.

The drawn cover is a duotone in the house style of ``print.css``: Charis SIL
in near-black ink on the warm paper tint of the PDF's bio box, the publisher
in spaced capitals over a heavy rule, the title large in the regular weight
as on the PDF masthead, the author under a hairline, the date at the foot. It is drawn
in grey levels and saved as a palette PNG whose 256 entries run from ink to
paper: antialiased text, one byte a pixel, quick to compress, and the same
bytes every time for the same text (Pillow writes no timestamp into a PNG).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from ..errors import InputError
from . import STYLES

FONTS = STYLES / "fonts"
"""Charis SIL, shipped with the repository beside the stylesheets."""

SIZE = (1600, 2400)
"""Width and height in pixels: 2:3, large enough for any e-reader's cover view."""
MARGIN = 150
INK = (17, 17, 17)
PAPER = (243, 241, 236)

TITLE_TOP = 520
"""Where the title block starts: below the publisher and its rule."""
TITLE_BOTTOM = 1850
"""The title, rule and author block must end above this line."""
TITLE_SIZES = (150, 136, 124, 112, 100, 90, 80, 72, 64, 56)
"""Title font sizes tried in turn until the title fits its block."""

PNG_COMPRESSION = 3
"""zlib level: the flat palette image compresses well even at a low level, and fast."""

CORE_FORMATS = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png"), "GIF": ("image/gif", ".gif")}
"""Pillow format → (media type, extension) for images EPUB readers must display."""


@dataclass(frozen=True, slots=True)
class CoverImage:
    """An encoded cover image, ready to go into the book."""

    data: bytes
    media_type: str
    extension: str
    """File name extension with its dot (``.png``)."""


@dataclass(frozen=True, slots=True)
class CoverText:
    """What the drawn cover says; empty fields are left off."""

    title: str
    authors: str = ""
    """The byline, names already joined ("Jane Doe and Sam Lee")."""
    publisher: str = ""
    date: str = ""
    """The date as printed ("April 1, 2025")."""


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / f"CharisSIL-{name}.ttf"), size)


def _wrap(
    text: str, font: ImageFont.FreeTypeFont, width: int, break_words: bool = False
) -> list[str] | None:
    """Greedy word wrap; a word wider than ``width`` gives None, or is cut if ``break_words``."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while font.getlength(word) > width:
            if not break_words:
                return None
            cut = len(word) - 1
            while cut > 1 and font.getlength(word[:cut]) > width:
                cut -= 1
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{line} {word}" if line else word
        if line and font.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def _fit(
    text: str, name: str, sizes: tuple[int, ...], width: int, height: int, leading: float
) -> tuple[ImageFont.FreeTypeFont, list[str], int]:
    """The largest of ``sizes`` at which ``text`` wraps into ``width`` × ``height``."""
    for size in sizes:
        font = _font(name, size)
        lines = _wrap(text, font, width)
        step = round(size * leading)
        if lines is not None and len(lines) * step <= height:
            return font, lines, step
    # Still too long at the smallest size: cut words and lines rather than overflow.
    font = _font(name, sizes[-1])
    step = round(sizes[-1] * leading)
    lines = _wrap(text, font, width, break_words=True) or [""]
    keep = max(1, height // step)
    if len(lines) > keep:
        lines = lines[:keep]
        lines[-1] = _ellipsize(lines[-1], font, width)
    return font, lines, step


def _ellipsize(line: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    while line and font.getlength(line + "\u2026") > width:
        line = line[:-1].rstrip()
    return line + "\u2026"


def _palette() -> list[int]:
    """256 steps from ink (index 0) to paper (index 255)."""
    values: list[int] = []
    for level in range(256):
        values.extend(round(i + (p - i) * level / 255) for i, p in zip(INK, PAPER, strict=True))
    return values


def draw_cover(text: CoverText) -> CoverImage:
    """Draw the cover for ``text`` as PNG bytes."""
    width, height = SIZE
    column = width - 2 * MARGIN
    # Grey levels: 0 is ink, 255 is paper; the palette colours them at the end.
    image = Image.new("L", SIZE, 255)
    draw = ImageDraw.Draw(image)

    if text.publisher:
        font, lines, step = _fit(text.publisher.upper(), "Bold", (56, 48, 40, 34), column, 140, 1.2)
        y = 380 - len(lines) * step
        for line in lines:
            draw.text((MARGIN, y), line, font=font, fill=0)
            y += step
    draw.rectangle((MARGIN, 400, width - MARGIN, 414), fill=0)

    author_lines: list[str] = []
    author_height = 0
    if text.authors:
        author_font, author_lines, author_step = _fit(
            text.authors, "Italic", (80, 68, 56), column, 3 * 100, 1.25
        )
        author_height = 154 + len(author_lines) * author_step

    font, lines, step = _fit(
        text.title, "Regular", TITLE_SIZES, column, TITLE_BOTTOM - TITLE_TOP - author_height, 1.15
    )
    y = TITLE_TOP
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=0)
        y += step

    if author_lines:
        y += 90  # clear of the title's descenders
        draw.rectangle((MARGIN, y, MARGIN + 360, y + 4), fill=0)
        y += 64
        for line in author_lines:
            draw.text((MARGIN, y), line, font=author_font, fill=0)
            y += author_step

    if text.date:
        date_font = _font("Regular", 60)
        # Anchored at the descender line, so nothing of it dips into the margin.
        draw.text((MARGIN, height - MARGIN), text.date, font=date_font, fill=0, anchor="ld")

    # A palette image over the same bytes: one byte a pixel, coloured ink → paper.
    cover = Image.frombytes("P", SIZE, image.tobytes())
    cover.putpalette(_palette())
    out = io.BytesIO()
    cover.save(out, "PNG", compress_level=PNG_COMPRESSION)
    return CoverImage(out.getvalue(), "image/png", ".png")


def read_cover(path: Path) -> CoverImage:
    """The user's cover image: JPEG, PNG and GIF as they are, anything else as PNG."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the cover image ({exc.strerror or exc})") from None
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            fmt = image.format or ""
        if fmt in CORE_FORMATS:
            media_type, extension = CORE_FORMATS[fmt]
            return CoverImage(data, media_type, extension)
        # Not a type every reader displays (WebP, TIFF, BMP…): re-encode it.
        with Image.open(io.BytesIO(data)) as image:
            converted = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        out = io.BytesIO()
        converted.save(out, "PNG")
        return CoverImage(out.getvalue(), "image/png", ".png")
    except Image.DecompressionBombError:
        raise InputError(path, "the cover image is too large to open safely") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        # Pillow reports broken image data as any of these.
        raise InputError(path, "is not an image the cover can use (JPEG, PNG or GIF)") from None
