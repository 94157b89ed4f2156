"""What a person watching sees of ``epub`` and ``pdf``: the progress bar and the summary line."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import click

from .context import Context


class Written(Protocol):
    """An output as the summary tells it."""

    @property
    def path(self) -> Path | None: ...  # None: standard output
    @property
    def data(self) -> bytes: ...
    @property
    def pages(self) -> int | None: ...


class Bar:
    """The progress bar on stderr, one step per article and phase.

    The phases are named in the bar's label: cleaning each input, rendering
    each article, building the file (page layout or packaging: one step, since
    the backend cannot count it), and with ``--split`` each handout. A no-op
    unless a person is watching a terminal (see ``Context``).
    """

    def __init__(self, ctx: Context, phases: Sequence[tuple[str, int]]) -> None:
        self.phases = tuple(phases)
        self.done = 0
        self._bar: Any = None
        if ctx.shows_progress:
            self._bar = click.progressbar(
                length=sum(count for _, count in self.phases),
                label=self._label(),
                file=sys.stderr,
            )

    def _label(self) -> str:
        left = self.done
        for label, count in self.phases:
            if left < count:
                return label
            left -= count
        return "writing"

    def step(self) -> None:
        self.done += 1
        if self._bar is not None:
            self._bar.label = self._label()
            self._bar.update(1)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.render_finish()


@contextmanager
def progress_bar(ctx: Context, phases: Sequence[tuple[str, int]]) -> Iterator[Bar]:
    bar = Bar(ctx, phases)
    try:
        yield bar
    finally:
        bar.finish()


def _size(count: int) -> str:
    for unit, scale in (("MB", 1_000_000), ("KB", 1_000)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} bytes"


def summary(written: Sequence[Written], seconds: float) -> str:
    """``wrote out/p.pdf (37 pages, 1.2 MB) in 8.3 s``, or a count for several files."""
    size = _size(sum(len(output.data) for output in written))
    pages = [output.pages for output in written if output.pages is not None]
    facts = ([f"{sum(pages)} pages"] if pages else []) + [size]
    first = written[0].path or "standard output"
    if len(written) == 1:
        return f"wrote {first} ({', '.join(facts)}) in {seconds:.1f} s"
    folders = sorted({str(output.path.parent) for output in written[1:] if output.path is not None})
    others = f"{len(written) - 1} handouts in {', '.join(folder + os.sep for folder in folders)}"
    return f"wrote {len(written)} files, {first} and {others} ({', '.join(facts)}) in {seconds:.1f} s"
