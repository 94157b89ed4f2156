"""What the commands do: read and clean every input, build, then write (in that order).

Every step goes through the library's API (``exporter.api``): ``load`` reads
and cleans, ``with_metadata`` applies the command line's front matter,
``export`` builds; this module decides names, warns, and writes.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import click

from .. import api
from ..backends import BACKENDS, backend
from ..backends.result import Progress
from ..canonical import dump_article
from ..errors import ExporterError, OutputError
from ..files import check_output_path, write_output
from ..model import Article, Packet
from ..packet import Manifest, is_manifest, packet_from_articles, packet_from_manifest, read_manifest
from ..read import STDIN
from ..render import slugify
from .context import Context
from .options import Book, Cleaning
from .progress import progress_bar, summary

DEFAULT_OUT = Path("out")

STDOUT = "-"
"""``-o -``: the output goes to standard output; ``-`` as an input, standard input."""

SUFFIXES = {"clean": (".md", ".markdown", ".txt"), "epub": (".epub",), "pdf": (".pdf",), "html": (".html", ".htm")}
"""The extensions each command's output may have (or none)."""

NOT_FOR = {
    "cover": ("pdf", "html"),
    "no_cover": ("pdf", "html"),
}
"""Options a command takes but whose format has no use for them: a warning."""

FORMAT_NAMES = {"clean": "Markdown", "epub": "an EPUB", "pdf": "a PDF", "html": "an HTML page"}


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH``, the reproducible-builds convention, if set and valid."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


Input = Path | str
"""A file (``-`` for standard input), or a web address (``exporter.load`` tells them apart)."""


def _inputs(inputs: tuple[Input, ...]) -> tuple[Input, ...]:
    """The inputs as given; none at all reads standard input when it is no terminal."""
    if inputs:
        if sum(str(path) == STDOUT for path in inputs) > 1:
            raise click.UsageError("standard input (-) can be read once")
        return inputs
    if sys.stdin.isatty():
        raise click.UsageError("no input: name a file, or - (or pipe text in) for standard input")
    return (Path(STDOUT),)


def _shown(path: Input) -> Input:
    return STDIN if str(path) == STDOUT else path


def _load(ctx: Context, path: Input, cleaning: Cleaning, canonical_as_is: bool = False) -> Article:
    """``path`` loaded (``exporter.load``), its warnings and ``--report`` printed."""
    began = time.perf_counter()
    loaded = api.load(
        path,
        max_size=cleaning.max_size,
        base_url=cleaning.base_url,
        disabled=cleaning.disabled,
        as_is=canonical_as_is,
        web=cleaning.web,
    )
    for warning in loaded.warnings:
        ctx.warn(warning, _shown(path))
    if cleaning.report:
        for line in loaded.report:
            click.echo(f"{_shown(path)}: {line}", err=True)
    how = "cleaned" if loaded.cleaned else "taken as written (canonical)"
    ctx.say(f"{_shown(path)}: {how}, {len(loaded.article.body.split()):,} words, {time.perf_counter() - began:.2f} s")
    return loaded.article


def _check_suffix(command: str, output: str | Path | None) -> None:
    """``-o`` names a file of the command's format, or one without an extension."""
    if output is None or str(output) == STDOUT or str(output).endswith(("/", os.sep)) or Path(output).is_dir():
        return
    suffix = Path(output).suffix.lower()
    if suffix and suffix not in SUFFIXES[command]:
        raise click.UsageError(
            f"-o {output}: `exporter {command}` writes {FORMAT_NAMES[command]} ({', '.join(SUFFIXES[command])}), not {suffix}"
        )


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
    files = tuple(source for source in sources if isinstance(source, Path) and str(source) != STDOUT)
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
            ctx.warn(warning, output.source)


def clean(
    ctx: Context, inputs: tuple[Input, ...], output: Path | None, cleaning: Cleaning, metadata: Mapping[str, Any]
) -> None:
    """Write each input's canonical Markdown: to ``-o``, a folder, ``out/``, or stdout (``-o -``);
    its pictures as files in a folder beside it named as it is (``out/<slug>/img-01.jpg``).

    Every input is cleaned before anything is written."""
    inputs = _inputs(inputs)
    _check_suffix("clean", output)
    to_stdout = output is not None and str(output) == STDOUT
    folder = output if output is not None and (len(inputs) > 1 or output.is_dir()) else None
    outputs = []
    articles = []
    for path in inputs:
        article = api.with_metadata(_load(ctx, path, cleaning), metadata)
        assert isinstance(article, Article)
        source = str(_shown(path))
        if to_stdout and article.images:
            from ..web.pictures import without_pictures

            ctx.warn("pictures are not written to standard output; give -o FILE", source)
            article = without_pictures(article)
        articles.append(article)
        if to_stdout:
            outputs.append(Output(None, b"", source))
        elif output is None or folder is not None:
            outputs.append(Output(_named(folder or DEFAULT_OUT, article.meta.title, ".md"), b"", source, True))
        else:
            outputs.append(Output(output, b"", source))
    files: list[Output] = []
    pictures: dict[Path, int] = {}
    """Each Markdown file written with pictures, and how many."""
    settled = _distinct(outputs)
    # Named first, so that the pictures' folder is named as its file is.
    for named, article in zip(settled, articles):
        shown: list[Output] = []
        if named.path is not None and article.images:
            from ..web.pictures import relocate

            article = relocate(article, named.path.stem)
            shown = [Output(named.path.parent / p.src, p.data, named.source) for p in article.images]
            pictures[named.path] = len(shown)
        # The pictures first: the file that shows them is written once they are there.
        files += [*shown, dataclasses.replace(named, data=dump_article(article).encode("utf-8"))]
    markdown = {output.path for output in settled}
    for written in _write(files, inputs):
        if written.path is None or ctx.quiet or written.path not in markdown:
            continue
        count = pictures.get(written.path, 0)
        folder_name = written.path.parent / written.path.stem
        click.echo(f"wrote {written.path}" + (f" and {count} picture{'s' if count > 1 else ''} in {folder_name}/" if count else ""), err=True)


def _export_output(output: str | None, title: str, suffix: str) -> tuple[Path | None, bool]:
    """Where the one file ``epub``, ``pdf`` or ``html`` makes goes: ``-o`` as
    given, standard output for ``-o -``, or named for the title in ``out/``
    or in the folder ``-o`` names (one that exists, or ``-o new/``); and
    whether we named it."""
    if output is None:
        return _named(DEFAULT_OUT, title, suffix), True
    if output == STDOUT:
        return None, False
    if output.endswith(("/", os.sep)) or Path(output).is_dir():
        return _named(Path(output), title, suffix), True
    return Path(output), False


@dataclass(frozen=True, slots=True)
class Work:
    """What one ``epub``, ``pdf`` or ``html`` run makes, decided before anything is built."""

    item: Article | Packet
    """One article (its own e-book, handout or page) or a reading packet."""
    sources: tuple[Input, ...]
    """Every input read (no output may overwrite a file among them)."""

    @property
    def title(self) -> str:
        """Names the output file."""
        return self.item.title if isinstance(self.item, Packet) else self.item.meta.title


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
    book: Book,
    metadata: Mapping[str, Any],
    cleaning: Cleaning,
    bar: Progress,
) -> Work:
    """Read and clean every input: one article, several (a packet), or a manifest's;
    then the title and the command line's metadata over theirs."""

    def load(path: Input) -> Article:
        article = _load(ctx, path, cleaning, canonical_as_is=True)
        bar()
        return article

    values = {**({"title": book.title} if book.title else {}), **metadata}
    if manifest is not None:
        packet = packet_from_manifest(manifest, load)
        return Work(api.with_metadata(packet, values), (manifest.path, *(e.path for e in manifest.entries)))
    articles = tuple(load(path) for path in inputs)
    if len(articles) == 1:
        return Work(api.with_metadata(articles[0], values), inputs)
    return Work(api.with_metadata(packet_from_articles(articles, book.title), values), inputs)


def _not_applying(ctx: Context, fmt: str, book: Book, work: Work, split: bool, duplex: bool) -> None:
    """One warning line for each option given that has nothing to act on."""
    for name in sorted(book.given):
        if fmt in NOT_FOR.get(name, ()):
            ctx.warn(f"--{name.replace('_', '-')} applies to e-books; {FORMAT_NAMES[fmt]} has no cover")
    if isinstance(work.item, Article):
        for option, given in (("--split", split), ("--duplex", duplex), ("--no-toc", "no_toc" in book.given)):
            if given:
                ctx.warn(f"{option} applies to packets; one article has no {'contents' if option == '--no-toc' else 'packet pages'}")


def export(
    ctx: Context,
    fmt: str,
    inputs: tuple[Input, ...],
    output: str | None,
    cleaning: Cleaning,
    metadata: Mapping[str, Any],
    book: Book,
    settings: Mapping[str, Any],
    split: bool = False,
    strict: bool = False,
) -> None:
    """Read and clean every input, build the one output (and ``--split`` handouts), then write;
    with ``strict``, an output with a warning stops the run before anything is written."""
    assert fmt in BACKENDS
    started = time.perf_counter()
    inputs = _inputs(inputs)
    _check_suffix(fmt, output)
    suffix = backend(fmt).SUFFIX
    manifest = _manifest(inputs)
    count = len(manifest.entries) if manifest is not None else len(inputs)
    phases = [("cleaning", count), ("rendering", count), ("building", 1)]
    with progress_bar(ctx, phases + ([("handouts", count)] if split else [])) as bar:
        work = _gather(ctx, inputs, manifest, book, metadata, cleaning, bar.step)
        _not_applying(ctx, fmt, book, work, split, bool(settings.get("duplex")))
        read = time.perf_counter()
        target, named = _export_output(output, work.title, suffix)
        built = api.export(fmt, work.item, progress=bar.step, **settings)
        ctx.say(f"built {FORMAT_NAMES[fmt]} in {time.perf_counter() - read:.2f} s")
        outputs = [Output(target, built.data, _named_after(work), named, built.pages, built.warnings)]
        bar.step()
        if split and isinstance(work.item, Packet):
            folder = target.with_suffix("") if target is not None else _named(DEFAULT_OUT, work.title, "")
            for number, (article, source) in enumerate(zip(work.item.articles, work.sources[-count:]), 1):
                name = f"{number:02d}-{slugify(article.meta.title, 'article')}{suffix}"
                built = api.export(fmt, article, progress=bar.step, **settings)
                outputs.append(Output(folder / name, built.data, str(source), True, built.pages, built.warnings))
    _warn(ctx, outputs, strict)
    written = _write(outputs, work.sources, binary=True)
    if not ctx.quiet:
        click.echo(f"exporter: {summary(written, time.perf_counter() - started)}", err=True)


def _named_after(work: Work) -> str:
    return str(_shown(work.sources[0])) if len(work.sources) == 1 else f"the packet {work.title!r}"
