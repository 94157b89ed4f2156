"""What the commands do: read and clean every input, build, then write (in that order)."""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import click

from ..backends import backend
from ..backends.result import Progress
from ..canonical import dump_article
from ..errors import ExporterError, OutputError
from ..files import check_output_path, write_output
from ..load import load
from ..model import Article, Packet
from ..packet import (
    Manifest,
    is_manifest,
    packet_from_articles,
    packet_from_manifest,
    read_manifest,
)
from ..render import slugify
from .context import Context
from .options import Cleaning
from .progress import progress_bar, summary

DEFAULT_OUT = Path("out")


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH``, the reproducible-builds convention, if set and valid."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


Input = Path | str
"""A file, or a web address (``exporter.load`` tells them apart)."""


def _load(ctx: Context, path: Input, cleaning: Cleaning, canonical_as_is: bool = False) -> Article:
    """``path`` loaded (``exporter.load``), its warnings and ``--report`` printed."""
    loaded = load(
        path,
        max_size=cleaning.max_size,
        base_url=cleaning.base_url,
        disabled=cleaning.disabled,
        as_is=canonical_as_is,
        web=cleaning.web,
    )
    if not ctx.quiet:
        for warning in loaded.warnings:
            click.echo(f"exporter: {path}: warning: {warning}", err=True)
    if cleaning.report:
        for line in loaded.report:
            click.echo(f"{path}: {line}", err=True)
    return loaded.article


STDOUT = "-"
"""``-o -``: the output goes to standard output."""


@dataclass(frozen=True, slots=True)
class Output:
    """One file a run writes, decided before anything is written."""

    path: Path | None
    """Where it goes; None for standard output."""
    data: bytes
    source: str
    """The input it is made from, for messages."""
    named: bool = False
    """Named by us (after the title), so a clash is settled with a number."""
    pages: int | None = None
    warnings: tuple[str, ...] = ()
    """What is wrong with it, one line each (``Built.warnings``)."""


def _named(folder: Path, title: str, suffix: str) -> Path:
    return folder / f"{slugify(title, 'article')}{suffix}"


def _distinct(outputs: list[Output]) -> list[Output]:
    """No two outputs of one run at one path: a name we chose that is taken
    (by the path ``-o`` names, or by an earlier output) gets a number, ``-2``,
    ``-3``… Links are followed: two names of one file are one path."""
    taken = {output.path.resolve() for output in outputs if output.path is not None and not output.named}
    settled = []
    for output in outputs:
        if output.path is not None and output.named:
            path, number = output.path, 2
            while path.resolve() in taken:
                path, number = output.path.with_stem(f"{output.path.stem}-{number}"), number + 1
            taken.add(path.resolve())
            output = dataclasses.replace(output, path=path)
        settled.append(output)
    return settled


def _write(outputs: list[Output], sources: tuple[Input, ...], binary: bool = False) -> list[Output]:
    """Every output written, or none if any path is wrong. ``binary``
    outputs (EPUB, PDF) go to standard output only if it is no terminal."""
    outputs = _distinct(outputs)
    files = [source for source in sources if isinstance(source, Path)]
    for output in outputs:
        if output.path is not None:
            check_output_path(output.path, files)
    stdout: BinaryIO = sys.stdout.buffer
    if binary and any(output.path is None for output in outputs) and stdout.isatty():
        raise OutputError(STDOUT, "is a terminal; redirect standard output, or give -o FILE")
    for output in outputs:
        if output.path is None:
            stdout.write(output.data)
            stdout.flush()
        else:
            write_output(output.path, output.data)
    return outputs


def _warn(ctx: Context, outputs: list[Output], strict: bool) -> None:
    """Each output's warnings on stderr, under the input it is made from; with
    ``strict``, the first one is an error instead, before anything is written."""
    for output in outputs:
        for warning in output.warnings:
            if strict:
                raise ExporterError(output.source, f"{warning}; nothing written (--strict)")
            if not ctx.quiet:
                click.echo(f"exporter: {output.source}: warning: {warning}", err=True)


def clean(ctx: Context, inputs: tuple[Input, ...], output: Path | None, cleaning: Cleaning) -> None:
    """Write each input's canonical Markdown: to ``-o``, a folder, ``out/``, or stdout (``-o -``);
    its pictures as files in a folder beside it named as it is (``out/<slug>/img-01.jpg``).

    Every input is cleaned before anything is written."""
    to_stdout = output is not None and str(output) == STDOUT
    folder = output if output is not None and (len(inputs) > 1 or output.is_dir()) else None
    outputs = []
    articles = []
    for path in inputs:
        article = _load(ctx, path, cleaning)
        if to_stdout and article.images:
            if not ctx.quiet:
                click.echo(f"exporter: {path}: warning: pictures are not written to standard output; give -o FILE", err=True)
            from ..web.pictures import without_pictures

            article = without_pictures(article)
        articles.append(article)
        if to_stdout:
            outputs.append(Output(None, b"", str(path)))
        elif output is None or folder is not None:
            outputs.append(Output(_named(folder or DEFAULT_OUT, article.meta.title, ".md"), b"", str(path), True))
        else:
            outputs.append(Output(output, b"", str(path)))
    files: list[Output] = []
    pictures: dict[Path, int] = {}
    """Each Markdown file written with pictures, and how many."""
    # Named first, so that the pictures' folder is named as its file is.
    settled_outputs = _distinct(outputs)
    for settled, article in zip(settled_outputs, articles):
        shown: list[Output] = []
        if settled.path is not None and article.images:
            from ..web.pictures import relocate

            article = relocate(article, settled.path.stem)
            shown = [Output(settled.path.parent / p.src, p.data, settled.source) for p in article.images]
            pictures[settled.path] = len(shown)
        # The pictures first: the file that shows them is written once they are there.
        files += [*shown, dataclasses.replace(settled, data=dump_article(article).encode("utf-8"))]
    markdown = {output.path for output in settled_outputs}
    for written in _write(files, inputs):
        if written.path is None or ctx.quiet or (written.path not in markdown and written.path not in pictures):
            continue
        count = pictures.get(written.path, 0)
        folder = written.path.parent / written.path.stem
        click.echo(f"wrote {written.path}" + (f" and {count} pictures in {folder}/" if count else ""), err=True)


def _export_output(output: str | None, title: str, suffix: str) -> tuple[Path | None, bool]:
    """Where the one file ``epub`` or ``pdf`` makes goes: ``-o`` as given, standard
    output for ``-o -``, or named for the title in ``out/`` or in the folder
    ``-o`` names (one that exists, or ``-o new/``); and whether we named it."""
    if output is None:
        return _named(DEFAULT_OUT, title, suffix), True
    if output == STDOUT:
        return None, False
    if output.endswith(("/", os.sep)) or Path(output).is_dir():
        return _named(Path(output), title, suffix), True
    return Path(output), False


@dataclass(frozen=True, slots=True)
class Work:
    """What one ``epub`` or ``pdf`` run makes, decided before anything is built."""

    item: Article | Packet
    """One article (its own e-book or handout) or a reading packet."""
    title: str
    """Names the output file."""
    sources: tuple[Input, ...]
    """Every input read (no output may overwrite a file among them)."""


def _manifest(inputs: tuple[Input, ...]) -> Manifest | None:
    """The packet manifest among ``inputs``, if any; it must come alone."""
    manifests = [path for path in inputs if isinstance(path, Path) and is_manifest(path)]
    if not manifests:
        return None
    if len(inputs) > 1:
        raise click.UsageError(f"{manifests[0]} is a packet manifest: give it alone, with no other input")
    return read_manifest(manifests[0])


def _gather(
    ctx: Context,
    inputs: tuple[Input, ...],
    manifest: Manifest | None,
    title: str | None,
    cleaning: Cleaning,
    bar: Progress,
) -> Work:
    """Read and clean every input: one article, several (a packet), or a manifest's."""

    def load(path: Input) -> Article:
        article = _load(ctx, path, cleaning, canonical_as_is=True)
        bar()
        return article

    if manifest is not None:
        packet = packet_from_manifest(manifest, load)
        packet = dataclasses.replace(packet, title=title or packet.title)
        return Work(packet, packet.title, (manifest.path, *(e.path for e in manifest.entries)))
    articles = tuple(load(path) for path in inputs)
    if len(articles) == 1 and not title:
        return Work(articles[0], articles[0].meta.title, inputs)
    packet = packet_from_articles(articles, title)
    return Work(packet, packet.title, inputs)


def export(
    ctx: Context,
    fmt: str,
    inputs: tuple[Input, ...],
    output: str | None,
    title: str | None,
    cleaning: Cleaning,
    options: Any,
    split: bool = False,
    strict: bool = False,
) -> None:
    """Read and clean every input, build the one output (and ``--split`` handouts), then write;
    with ``strict``, an output with a warning stops the run before anything is written."""
    started = time.perf_counter()
    module = backend(fmt)
    manifest = _manifest(inputs)
    count = len(manifest.entries) if manifest is not None else len(inputs)
    phases = [("cleaning", count), ("rendering", count), ("building", 1)]
    with progress_bar(ctx, phases + ([("handouts", count)] if split else [])) as bar:
        work = _gather(ctx, inputs, manifest, title, cleaning, bar.step)
        target, named = _export_output(output, work.title, module.SUFFIX)
        built = module.export(work.item, options, bar.step)
        outputs = [Output(target, built.data, _named_after(work), named, built.pages, built.warnings)]
        bar.step()
        if split and isinstance(work.item, Packet):
            folder = target.with_suffix("") if target is not None else _named(DEFAULT_OUT, work.title, "")
            for number, (article, source) in enumerate(zip(work.item.articles, work.sources[-count:]), 1):
                name = f"{number:02d}-{slugify(article.meta.title, 'article')}{module.SUFFIX}"
                built = module.export(article, options, bar.step)
                outputs.append(Output(folder / name, built.data, str(source), True, built.pages, built.warnings))
    _warn(ctx, outputs, strict)
    written = _write(outputs, work.sources, binary=True)
    if not ctx.quiet:
        click.echo(f"exporter: {summary(written, time.perf_counter() - started)}", err=True)


def _named_after(work: Work) -> str:
    return str(work.sources[0]) if len(work.sources) == 1 else f"the packet {work.title!r}"
