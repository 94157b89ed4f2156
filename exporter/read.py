"""Stage 1, read: bytes on disk to one Unicode string, or a clear error.

Scraped files come in whatever encoding the scraper wrote. We accept UTF-8
(with or without a BOM), UTF-16 with a BOM, and fall back to cp1252 for
legacy single-byte files, saying so through ``warnings``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import InputError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
"""Inputs larger than this are refused unless the caller raises the limit."""

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
"""C0 controls other than tab, line feed, form feed and carriage return."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class Source:
    """A read input: where it came from, its text, and what reading noticed."""

    path: Path
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode(data: bytes, path: Path) -> Source:
    """Decode ``data``; raise :class:`InputError` for binary files."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Source(path, data.decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise InputError(path, f"not valid {encoding} text ({exc.reason})") from None
    head = data[:8192]
    if head.count(0) > len(head) // 4:
        # Text in UTF-16 without a BOM has a NUL in every other byte.
        for encoding, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
            if zeros.count(0) > len(zeros) * 0.9:
                try:
                    return Source(path, data.decode(encoding), encoding, (f"no BOM; read as {encoding}",))
                except UnicodeDecodeError:
                    break
        raise InputError(path, "looks like a binary file, not text")
    try:
        warnings: tuple[str, ...] = ()
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("cp1252", errors="replace"), "cp1252"
        warnings = ("not UTF-8; read as cp1252",)
    # A stray NUL or control character is damage the cleaner repairs; many of
    # them mean the file is not text at all.
    controls = len(_CONTROLS.findall(text, 0, 8192))
    if controls > max(8, len(text[:8192]) // 10):
        raise InputError(path, "looks like a binary file, not text")
    return Source(path, text, encoding, warnings)


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """An input file's bytes, or a clear error (missing, a folder, too large, unreadable)."""
    try:
        if path.is_dir():
            raise InputError(path, "is a directory, not a file")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                path, f"is {size:,} bytes, over the {max_bytes:,}-byte limit (see --max-size)"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or "cannot be read") from None


def decode_text(data: bytes, path: Path) -> Source:
    """Decode ``data`` as a text input; :class:`InputError` if it is binary or empty."""
    source = decode(data, path)
    if not source.text.strip():
        raise InputError(path, "is empty")
    return source


STDIN = Path("<stdin>")
"""How standard input is named in messages."""


def read_stream_bytes(stream: BinaryIO, max_bytes: int = DEFAULT_MAX_BYTES, name: Path = STDIN) -> bytes:
    """All of ``stream`` (standard input), or a clear error (unreadable, too large)."""
    try:
        data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(name, exc.strerror or "cannot be read") from None
    if len(data) > max_bytes:
        raise InputError(name, f"is over the {max_bytes:,}-byte limit (see --max-size)")
    return data
