"""Writing outputs so that a failed build never leaves a partial file, and
nothing but the output is replaced.

What is at the output path decides how it is written:

==================  ========================================================
nothing, a file     a temporary file beside it, renamed over it once whole
a symbolic link     followed: its target is written as above, the link kept
a FIFO, a device    opened and written in place (``/dev/null``, a pipe);
                    renaming over them would replace them with a file
anything else       refused (a folder, a socket, a block device)
==================  ========================================================
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError


def check_output_path(output: Path, inputs: Iterable[Path]) -> None:
    """Refuse an output that would overwrite one of the inputs."""
    target = output.resolve()
    for path in inputs:
        if path.resolve() == target:
            raise OutputError(output, "is also an input; refusing to overwrite it")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def write_output(output: Path, data: bytes) -> None:
    """Write ``data`` at ``output`` as what is there asks (see the module's table)."""
    try:
        target = output.resolve() if output.is_symlink() else output
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of links
        raise OutputError(output, f"cannot write here ({getattr(exc, 'strerror', None) or exc})") from None
    if mode is None or stat.S_ISREG(mode):
        _replace(output, target, data, stat.S_IMODE(mode) if mode is not None else 0o644)
    elif stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        _stream(output, target, data)
    else:
        raise OutputError(output, f"is {_kind(mode)}; refusing to write over it")


def _stream(output: Path, target: Path, data: bytes) -> None:
    """Write into a device or FIFO as it stands (a FIFO waits for its reader)."""
    try:
        with open(target, "wb", buffering=0) as handle:
            view = memoryview(data)
            while view:
                view = view[handle.write(view) or 0 :]
    except OSError as exc:
        raise OutputError(output, f"cannot write ({exc.strerror or exc})") from None


def _replace(output: Path, target: Path, data: bytes, mode: int) -> None:
    """Write ``data`` to a temporary file beside ``target``, then rename it over."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(output, f"cannot write here ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(output, f"cannot write ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
