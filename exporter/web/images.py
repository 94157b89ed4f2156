"""Images, decoded and encoded again: the only way a picture reaches an output.

An image from a page is untrusted bytes. Pillow decodes it only as JPEG,
PNG, GIF or WebP (``formats=`` at open, so no other decoder is ever tried);
SVG is refused (it is a document, which can carry scripts and load other
files). Before anything is decoded, the header's dimensions are checked:
a small file that declares a huge canvas (a decompression bomb) is refused
on its word, before a byte of pixels is made. Pillow's own guard,
``Image.MAX_IMAGE_PIXELS``, is a process-wide setting that we leave alone;
the limit here is lower than its own.

What is decoded is encoded again, so that no byte of the source (its
metadata, colour profile, comments or anything hidden after the image)
reaches an output: the first frame, turned upright by its EXIF orientation,
its longest side at most :data:`MAX_SIDE` pixels, as a JPEG (photographs:
JPEG and opaque WebP sources) or a PNG (everything else, and anything with
transparency), with fixed settings, so that the same image gives the same
bytes.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 10 * 1024 * 1024
"""The largest image file accepted."""
MAX_PIXELS = 40_000_000
"""The largest canvas accepted, in pixels (40 megapixels)."""
MAX_SIDE = 1600
"""Longest side of the encoded image, in pixels."""
MIN_SIDE = 16
"""An image narrower or lower than this is a spacer or a tracking pixel, not a picture."""
MAX_IMAGES = 100
"""Pictures kept per article; the rest are left out with one warning."""

FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
"""The decoders Pillow may use, and no other."""
JPEG_QUALITY = 85


class ImageRefused(ValueError):
    """The bytes are not an image we take; the message says why, briefly."""


class Decoration(ImageRefused):
    """A spacer or a tracking pixel: left out without a word."""


@dataclass(frozen=True, slots=True)
class Encoded:
    """An image as we encoded it."""

    data: bytes
    media_type: str
    extension: str
    """``.jpg`` or ``.png``."""
    width: int
    height: int


def _looks_like_svg(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith(b"<") and b"<svg" in head


def _opaque_mode(image: Image.Image) -> bool:
    """Whether the image has no transparency to keep."""
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        return False
    return "transparency" not in image.info


def reencode(data: bytes) -> Encoded:
    """``data`` decoded and encoded again by this module's rules; :class:`ImageRefused` if not."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageRefused(f"over the {MAX_IMAGE_BYTES // (1024 * 1024)} MB limit for an image")
    if _looks_like_svg(data):
        raise ImageRefused("an SVG image, refused (it can carry scripts and load other files)")
    try:
        with warnings.catch_warnings():
            # Pillow's bomb warning is a warning; ours is the check below, made first.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as opened:
                source_format = opened.format or ""
                width, height = opened.size
                if width * height > MAX_PIXELS:
                    raise ImageRefused(f"{width}×{height} pixels, over the {MAX_PIXELS // 1_000_000}-megapixel limit")
                if min(width, height) < MIN_SIDE:
                    raise Decoration(f"{width}×{height} pixels: a spacer, not a picture")
                if source_format == "JPEG":
                    # Let the JPEG decoder scale down by a power of two as it reads:
                    # less memory and time, the same pixels every time.
                    opened.draft("RGB", (MAX_SIDE, MAX_SIDE))
                opened.seek(0)  # the first frame of an animation
                opened.load()
                image = ImageOps.exif_transpose(opened) or opened
                return _encode(image, source_format)
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused(f"over the {MAX_PIXELS // 1_000_000}-megapixel limit") from None
    except UnidentifiedImageError:
        raise ImageRefused("not a JPEG, PNG, GIF or WebP image") from None
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as exc:
        raise ImageRefused(f"cannot be decoded ({str(exc)[:80] or type(exc).__name__})") from None


def _encode(image: Image.Image, source_format: str) -> Encoded:
    opaque = _opaque_mode(image)
    grey = image.mode in ("1", "L", "LA", "La", "I", "I;16", "F")
    photo = opaque and source_format in ("JPEG", "WEBP")
    if photo:
        mode = "L" if grey else "RGB"
    else:
        mode = ("L" if grey else "RGB") if opaque else ("LA" if grey else "RGBA")
    converted = image.convert(mode) if image.mode != mode else image.copy()
    if max(converted.size) > MAX_SIDE:
        converted.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # Nothing of the source's metadata is passed on: no EXIF, ICC, text or comments.
    converted.info = {}
    out = io.BytesIO()
    if photo:
        converted.save(out, "JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False)
        media_type, extension = "image/jpeg", ".jpg"
    else:
        converted.save(out, "PNG", optimize=False, compress_level=6)
        media_type, extension = "image/png", ".png"
    width, height = converted.size
    return Encoded(out.getvalue(), media_type, extension, width, height)
