"""What the commands do: read and clean every input, build, then write (in that order)."""

from __future__ import annotations

import dataclasses
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ..backends import backend
from ..backends.result import Progress
from ..canonical import as_written, dump_article
from ..files import check_output_path, write_atomic
from ..model import Article, Packet
from ..packet import Manifest, is_manifest, packet_from_articles, packet_from_manifest, read_manifest
from ..read import read_source
from ..render import slugify
from .context import Context
from .options import Cleaning
from .progress import progress_bar, summary

DEFAULT_OUT = Path("out")


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH``, the reproducible-builds convention, if set and valid."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def _load(ctx: Context, path: Path, cleaning: Cleaning, canonical_as_is: bool = False) -> Article:
    """``path`` read and cleaned; with ``canonical_as_is``, a file exactly as
    ``exporter clean`` writes one is taken as it stands."""
    source = read_source(path, cleaning.max_size)
    if not ctx.quiet:
        for warning in source.warnings:
            click.echo(f"exporter: {path}: warning: {warning}", err=True)
    article = as_written(source.text, str(path)) if canonical_as_is else None
    if article is not None:
        # `exporter clean`'s output, perhaps corrected by hand since: cleaning
        # it again would change nothing of ours and could undo the corrections.
        return article
    # Imported when first needed: a packet of canonical files needs no cleaner.
    from ..clean import clean_source

    cleaned = clean_source(source, base_url=cleaning.base_url, disabled=cleaning.disabled)
    if cleaning.report:
        for line in cleaned.report:
            click.echo(f"{path}: {line}", err=True)
    return cleaned.article


def _clean_output(output: Path | None, title: str, suffix: str, count: int) -> Path:
    if output is None:
        return DEFAULT_OUT / f"{slugify(title, 'article')}{suffix}"
    if count > 1 or output.is_dir():
        return output / f"{slugify(title, 'article')}{suffix}"
    return output


def clean(ctx: Context, inputs: tuple[Path, ...], output: Path | None, cleaning: Cleaning) -> None:
    """Write each input's canonical Markdown: to ``-o``, a folder, ``out/``, or stdout (``-o -``)."""
    to_stdout = output is not None and str(output) == "-"
    for path in inputs:
        article = _load(ctx, path, cleaning)
        text = dump_article(article)
        if to_stdout:
            click.echo(text, nl=False)
            continue
        target = _clean_output(output, article.meta.title, ".md", len(inputs))
        check_output_path(target, inputs)
        write_atomic(target, text.encode("utf-8"))
        if not ctx.quiet:
            click.echo(f"wrote {target}", err=True)


def _export_output(output: str | None, title: str, suffix: str) -> Path:
    """The one file ``epub`` or ``pdf`` writes: ``-o`` as given, or named for the title
    in ``out/``, or in the folder ``-o`` names (one that exists, or ``-o new/``)."""
    name = f"{slugify(title, 'article')}{suffix}"
    if output is None:
        return DEFAULT_OUT / name
    if output.endswith(("/", os.sep)) or Path(output).is_dir():
        return Path(output) / name
    return Path(output)


@dataclass(frozen=True, slots=True)
class Work:
    """What one ``epub`` or ``pdf`` run makes, decided before anything is built."""

    item: Article | Packet
    """One article (its own e-book or handout) or a reading packet."""
    title: str
    """Names the output file."""
    sources: tuple[Path, ...]
    """Every file read, which no output may overwrite."""


def _manifest(inputs: tuple[Path, ...]) -> Manifest | None:
    """The packet manifest among ``inputs``, if any; it must come alone."""
    manifests = [path for path in inputs if is_manifest(path)]
    if not manifests:
        return None
    if len(inputs) > 1:
        raise click.UsageError(f"{manifests[0]} is a packet manifest: give it alone, with no other input")
    return read_manifest(manifests[0])


def _gather(
    ctx: Context,
    inputs: tuple[Path, ...],
    manifest: Manifest | None,
    title: str | None,
    cleaning: Cleaning,
    bar: Progress,
) -> Work:
    """Read and clean every input: one article, several (a packet), or a manifest's."""

    def load(path: Path) -> Article:
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
    inputs: tuple[Path, ...],
    output: str | None,
    title: str | None,
    cleaning: Cleaning,
    options: Any,
    split: bool = False,
) -> None:
    """Read and clean every input, build the one output (and ``--split`` handouts), then write."""
    started = time.perf_counter()
    module = backend(fmt)
    manifest = _manifest(inputs)
    count = len(manifest.entries) if manifest is not None else len(inputs)
    phases = [("cleaning", count), ("rendering", count), ("building", 1)]
    with progress_bar(ctx, phases + ([("handouts", count)] if split else [])) as bar:
        work = _gather(ctx, inputs, manifest, title, cleaning, bar.step)
        target = _export_output(output, work.title, module.SUFFIX)
        outputs = [(target, module.export(work.item, options, bar.step))]
        bar.step()
        if split and isinstance(work.item, Packet):
            folder = target.with_suffix("")
            for number, article in enumerate(work.item.articles, 1):
                name = f"{number:02d}-{slugify(article.meta.title, 'article')}{module.SUFFIX}"
                outputs.append((folder / name, module.export(article, options, bar.step)))
    for path, _ in outputs:
        check_output_path(path, work.sources)
    for path, built in outputs:
        write_atomic(path, built.data)
    if not ctx.quiet:
        click.echo(f"exporter: {summary(outputs, time.perf_counter() - started)}", err=True)
