"""Where an article's images may come from, and getting them by those rules.

An image's address is one of:

=====================  =======================================================
``data:image/…``       decoded from the address itself (nothing is fetched)
``http(s)://…``        fetched by ``net.py``'s rules, on the page's behalf:
                       public addresses only, unless the private network is
                       allowed; at most :data:`~.images.MAX_IMAGE_BYTES`
a relative path        a file under the input's own folder (:attr:`Origin.folder`):
                       a saved page's ``<name>_files`` folder, or the folder
                       of a Markdown file. No ``..``, no absolute path, no
                       file reached through a link that leads out of it.
anything else          refused (``file:``, ``ftp:``, ``javascript:``…)
=====================  =======================================================

Whatever comes back is decoded and encoded again (``images.py``) before it
is kept. Images are fetched a few at a time; the results keep the body's
order, whichever comes back first.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from ..errors import ExporterError
from .images import MAX_IMAGE_BYTES, Decoration, Encoded, ImageRefused, reencode
from .net import Limits, Network, fetch

WORKERS = 4
"""Images fetched at once."""
_ACCEPT = "image/jpeg,image/png,image/gif,image/webp;q=0.9,*/*;q=0.1"


@dataclass(frozen=True, slots=True)
class Origin:
    """Where one input's images may come from."""

    folder: Path | None = None
    """Relative addresses are files under this folder (and only there); None: none are read."""
    base: Path | None = None
    """The folder relative addresses are written from (the page's or file's
    own); ``folder`` is it or a folder inside it."""
    remote: bool = False
    """Whether ``http(s)`` images may be fetched."""
    base_url: str = ""
    """The address of a fetched input: its relative addresses are joined to it (and fetched)."""
    network: Network = Network()
    timeout: float = 30.0


class Refused(Exception):
    """An image that cannot be had; the message says why, in a few words."""


def _data_uri(src: str) -> bytes:
    head, _, payload = src.partition(",")
    if len(payload) > MAX_IMAGE_BYTES * 4 // 3 + 4:
        raise Refused(f"over the {MAX_IMAGE_BYTES // (1024 * 1024)} MB limit for an image")
    if not head.lower().startswith("data:image/"):
        raise Refused("a data address that is not an image")
    try:
        return base64.b64decode(payload, validate=False) if head.lower().endswith(";base64") else unquote(payload).encode("latin-1")
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise Refused("a data address that cannot be decoded") from None


def local_file(src: str, origin: Origin) -> Path:
    """The file a relative address names under ``origin.folder``; :class:`Refused` otherwise."""
    if origin.folder is None or origin.base is None:
        raise Refused("a relative address, and no folder to read it from")
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        raise Refused("not an http(s) address or a file beside the input")
    path_text = unquote(parts.path)
    relative = PurePosixPath(path_text)
    if not path_text or relative.is_absolute() or path_text.startswith("\\"):
        raise Refused("an absolute path: only files beside the input are read")
    if ".." in relative.parts:
        raise Refused("a path that climbs out of its folder ('..')")
    folder = origin.folder.resolve()
    if origin.folder.is_symlink() or not folder.is_relative_to(origin.base.resolve()):
        raise Refused(f"{origin.folder.name} leads out of the input's folder")
    path = (origin.base / Path(*relative.parts)).resolve()
    if not path.is_relative_to(folder):
        raise Refused(f"not a file in {origin.folder.name}/")
    if not path.is_file():
        raise Refused("not a file" if path.exists() else "no such file")
    return path


def _read_local(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            raise Refused(f"over the {MAX_IMAGE_BYTES // (1024 * 1024)} MB limit for an image")
        with open(path, "rb") as handle:
            data = handle.read(MAX_IMAGE_BYTES + 1)
    except OSError as exc:
        raise Refused(exc.strerror or "cannot be read") from None
    if len(data) > MAX_IMAGE_BYTES:
        raise Refused(f"over the {MAX_IMAGE_BYTES // (1024 * 1024)} MB limit for an image")
    return data


def image_bytes(src: str, origin: Origin) -> bytes:
    """The bytes ``src`` names, got by the module's rules; :class:`Refused` with the reason."""
    scheme = urlsplit(src).scheme.lower()
    if not scheme and origin.base_url:
        src, scheme = urljoin(origin.base_url, src), urlsplit(origin.base_url).scheme.lower()
    if scheme == "data":
        return _data_uri(src)
    if scheme in ("http", "https"):
        if not origin.remote:
            raise Refused("remote images are not fetched for this input (see --images)")
        limits = Limits(timeout=origin.timeout, max_bytes=MAX_IMAGE_BYTES)
        try:
            return fetch(src, limits=limits, network=origin.network, accept=_ACCEPT).data
        except ExporterError as error:
            raise Refused(error.problem) from None
    if len(scheme) == 1:  # "C:/…", a Windows drive
        raise Refused("an absolute path: only files beside the input are read")
    if scheme:
        raise Refused(f"a {scheme}: address; only http(s) and files beside the input are read")
    return _read_local(local_file(src, origin))


@dataclass(frozen=True, slots=True)
class Got:
    """What became of one image: encoded, or why not."""

    src: str
    encoded: Encoded | None = None
    problem: str = ""
    """Why it is left out; empty with ``encoded`` or for a decoration."""


def get_image(src: str, origin: Origin) -> Got:
    try:
        return Got(src, encoded=reencode(image_bytes(src, origin)))
    except Decoration:
        return Got(src)
    except (Refused, ImageRefused) as exc:
        return Got(src, problem=str(exc))


def get_images(sources: Sequence[str], origin: Origin) -> list[Got]:
    """Each of ``sources`` got (each distinct one once), in their order."""
    distinct = list(dict.fromkeys(sources))
    if len(distinct) <= 1:
        got = {src: get_image(src, origin) for src in distinct}
    else:
        with ThreadPoolExecutor(max_workers=min(WORKERS, len(distinct))) as pool:
            got = dict(zip(distinct, pool.map(lambda src: get_image(src, origin), distinct)))
    return [got[src] for src in sources]


def short(src: str, limit: int = 80) -> str:
    """An address short enough for a one-line warning."""
    if src.startswith("data:"):
        return src[: src.find(",")] + ",…" if "," in src else "data:…"
    return src if len(src) <= limit else src[: limit - 1] + "…"

