"""Writing outputs so that a failed build never leaves a partial file."""

from __future__ import annotations

import os
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


def write_atomic(output: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``output``, then rename it over."""
    folder = output.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(output, f"cannot write here ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, output)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(output, f"cannot write ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
