"""The command line: ``exporter clean``, ``exporter epub``, ``exporter pdf``.

The only module that talks to the terminal. Library errors become one line
on stderr (``exporter: FILE: problem``) and the exit status their class names
(see ``errors.ExitStatus``); anything unexpected becomes exit 4, with the
traceback only under ``--debug``.

``epub`` and ``pdf`` make one file from their inputs: one input is an
article's own e-book or handout; several inputs, or a packet manifest
(``packet.yaml``), make one reading packet. Every input is read and cleaned
before anything is built, and everything is built before anything is
written, so a bad input or a failed build leaves no file behind. While that
happens a progress bar runs on stderr (only on a terminal, never with
``--quiet``); one summary line follows.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from .. import __version__
from ..backends import backend
from ..backends.result import Progress
from ..canonical import dump_article
from ..clean import Cleaned, clean_source
from ..errors import ExitStatus, ExporterError
from ..files import check_output_path, write_atomic
from ..model import Article, Packet
from ..packet import Manifest, is_manifest, packet_from_articles, packet_from_manifest, read_manifest
from ..read import DEFAULT_MAX_BYTES, read_source
from ..render import slugify

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_OUT = Path("out")


class Context:
    """Per-run settings shared by every command (no module globals)."""

    def __init__(self, debug: bool = False, quiet: bool = False) -> None:
        self.debug = debug
        self.quiet = quiet

    @property
    def shows_progress(self) -> bool:
        """A progress bar only for a person watching a terminal."""
        return not self.quiet and sys.stderr.isatty()


def _fail(ctx: Context, error: BaseException) -> None:
    if ctx.debug:
        raise error
    if isinstance(error, ExporterError):
        click.echo(f"exporter: {error}", err=True)
        sys.exit(error.status)
    click.echo(
        f"exporter: internal error: {type(error).__name__}: {error} (run with --debug for details)",
        err=True,
    )
    sys.exit(ExitStatus.INTERNAL)


def reports_errors(func: F) -> F:
    """Turn library errors into one-line messages and exit statuses."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context().find_object(Context) or Context(False, False)
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            raise
        except Exception as error:  # noqa: BLE001 - the CLI boundary
            _fail(ctx, error)

    return wrapper  # type: ignore[return-value]


def _set_quiet(click_ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        click_ctx.ensure_object(Context).quiet = True


def input_options(func: F) -> F:
    """Options every command takes for reading and cleaning its inputs."""
    decorators = [
        click.argument(
            "inputs",
            nargs=-1,
            required=True,
            type=click.Path(path_type=Path, dir_okay=True),
        ),
        click.option(
            "--base-url",
            metavar="URL",
            help="The site's address, to turn its relative links into real ones.",
        ),
        click.option(
            "--max-size",
            type=click.IntRange(min=1),
            default=DEFAULT_MAX_BYTES,
            show_default=True,
            help="Largest input file accepted, in bytes.",
        ),
        click.option(
            "--report",
            "-v",
            is_flag=True,
            help="List every block removed and link rewritten on stderr.",
        ),
        click.option(
            "--disable",
            "disabled",
            multiple=True,
            metavar="RULE",
            help="Switch off a cleaning rule by name (repeatable).",
        ),
        click.option(
            "--quiet",
            "-q",
            is_flag=True,
            expose_value=False,
            callback=_set_quiet,
            help="Print nothing but errors: no progress bar, no summary.",
        ),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


@dataclass(frozen=True, slots=True)
class Cleaning:
    """How every command reads and cleans each input (the ``input_options``)."""

    base_url: str | None
    max_size: int
    report: bool
    disabled: tuple[str, ...]


def _load(ctx: Context, path: Path, cleaning: Cleaning) -> Cleaned:
    source = read_source(path, cleaning.max_size)
    cleaned = clean_source(source, base_url=cleaning.base_url, disabled=cleaning.disabled)
    if not ctx.quiet:
        for warning in source.warnings:
            click.echo(f"exporter: {path}: warning: {warning}", err=True)
    if cleaning.report:
        for line in cleaned.report:
            click.echo(f"{path}: {line}", err=True)
    return cleaned


def _source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH``, the reproducible-builds convention, if set and valid."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def _output_for(output: Path | None, title: str, suffix: str, count: int) -> Path:
    if output is None:
        return DEFAULT_OUT / f"{slugify(title, 'article')}{suffix}"
    if count > 1 or output.is_dir():
        return output / f"{slugify(title, 'article')}{suffix}"
    return output


def _export_output(output: str | None, title: str, suffix: str) -> Path:
    """The one file ``epub`` or ``pdf`` writes: ``-o`` as given, or named for the title
    in ``out/``, or in the folder ``-o`` names (one that exists, or ``-o new/``)."""
    name = f"{slugify(title, 'article')}{suffix}"
    if output is None:
        return DEFAULT_OUT / name
    if output.endswith(("/", os.sep)) or Path(output).is_dir():
        return Path(output) / name
    return Path(output)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="exporter")
@click.option("--debug", is_flag=True, help="Show a traceback on unexpected errors.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.pass_context
def main(click_ctx: click.Context, debug: bool, quiet: bool) -> None:
    """Turn scraped web articles into canonical Markdown, EPUB 3 and PDF."""
    ctx = click_ctx.ensure_object(Context)
    ctx.debug, ctx.quiet = debug, quiet or ctx.quiet


@main.command("clean")
@input_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Output file, a folder for several inputs, or - for stdout. [default: out/<slug>.md]",
)
@click.pass_obj
@reports_errors
def clean_command(
    ctx: Context,
    inputs: tuple[Path, ...],
    output: Path | None,
    base_url: str | None,
    max_size: int,
    report: bool,
    disabled: tuple[str, ...],
) -> None:
    """Clean scraped articles into canonical Markdown with YAML front matter."""
    to_stdout = output is not None and str(output) == "-"
    for path in inputs:
        cleaned = _load(ctx, path, Cleaning(base_url, max_size, report, disabled))
        text = dump_article(cleaned.article)
        if to_stdout:
            click.echo(text, nl=False)
            continue
        target = _output_for(output, cleaned.article.meta.title, ".md", len(inputs))
        check_output_path(target, inputs)
        write_atomic(target, text.encode("utf-8"))
        if not ctx.quiet:
            click.echo(f"wrote {target}", err=True)


@dataclass(frozen=True, slots=True)
class Work:
    """What one ``epub`` or ``pdf`` run makes, decided before anything is built."""

    item: Article | Packet
    """One article (its own e-book or handout) or a reading packet."""
    title: str
    """Names the output file."""
    sources: tuple[Path, ...]
    """Every file read, which no output may overwrite."""


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
        article = _load(ctx, path, cleaning).article
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


def _size(count: int) -> str:
    for unit, scale in (("MB", 1_000_000), ("KB", 1_000)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} bytes"


def _summary(written: list[tuple[Path, Any]], seconds: float) -> str:
    """``wrote out/p.pdf (37 pages, 1.2 MB) in 8.3 s``, or a count for several files."""
    size = _size(sum(len(built.data) for _, built in written))
    pages = [built.pages for _, built in written if built.pages is not None]
    facts = ([f"{sum(pages)} pages"] if pages else []) + [size]
    first = written[0][0]
    if len(written) == 1:
        return f"wrote {first} ({', '.join(facts)}) in {seconds:.1f} s"
    others = f"{len(written) - 1} handouts in {written[1][0].parent}{os.sep}"
    return f"wrote {len(written)} files, {first} and {others} ({', '.join(facts)}) in {seconds:.1f} s"


def _export(
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
        click.echo(f"exporter: {_summary(outputs, time.perf_counter() - started)}", err=True)


def output_option(suffix: str) -> Callable[[F], F]:
    return click.option(
        "-o",
        "--output",
        type=click.Path(),
        help=f"Output file, or a folder to put it in. [default: out/<slug of the title>{suffix}]",
    )


title_option = click.option(
    "--title",
    metavar="TEXT",
    help="Title of the reading packet the inputs make (also with one input, or to retitle a manifest's).",
)


class BleedLength(click.ParamType):  # type: ignore[type-arg]
    """``--bleed``: a plain CSS length, checked by the PDF backend's own rule."""

    name = "length"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return str(backend("pdf").check_bleed(str(value)))
        except ExporterError as error:
            self.fail(error.problem, param, ctx)


@main.command("epub")
@input_options
@output_option(".epub")
@title_option
@click.option(
    "--links",
    type=click.Choice(["notes", "inline", "both"]),
    default="notes",
    show_default=True,
    help="Links as numbered endnotes, as live links, or both.",
)
@click.option(
    "--cover",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Use this image as the cover instead of a generated one.",
)
@click.pass_obj
@reports_errors
def epub_command(
    ctx: Context,
    inputs: tuple[Path, ...],
    output: str | None,
    title: str | None,
    base_url: str | None,
    max_size: int,
    report: bool,
    disabled: tuple[str, ...],
    links: str,
    cover: Path | None,
) -> None:
    """Export an article as an EPUB 3 e-book with endnotes, bio and cover;
    several articles, or a packet manifest (.yaml), as one reading packet."""
    module = backend("epub")
    options = module.Options(links=links, cover=cover, source_date_epoch=_source_date_epoch())
    cleaning = Cleaning(base_url, max_size, report, disabled)
    _export(ctx, "epub", inputs, output, title, cleaning, options)


@main.command("pdf")
@input_options
@output_option(".pdf")
@title_option
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    default="a4",
    show_default=True,
    help="Paper size.",
)
@click.option(
    "--notes",
    type=click.Choice(["end", "foot"]),
    default="end",
    show_default=True,
    help="Link notes at the end of each article or at the foot of each page.",
)
@click.option("--crop-marks", is_flag=True, help="Add crop marks for a print shop.")
@click.option("--bleed", type=BleedLength(), metavar="LENGTH", help="Bleed around the page box, e.g. 3mm.")
@click.option("--duplex", is_flag=True, help="Packets: start each article on a right-hand page.")
@click.option("--split", is_flag=True, help="Packets: also write each article's handout to out/<packet>/.")
@click.pass_obj
@reports_errors
def pdf_command(
    ctx: Context,
    inputs: tuple[Path, ...],
    output: str | None,
    title: str | None,
    base_url: str | None,
    max_size: int,
    report: bool,
    disabled: tuple[str, ...],
    paper: str,
    notes: str,
    crop_marks: bool,
    bleed: str | None,
    duplex: bool,
    split: bool,
) -> None:
    """Export an article as a print-ready PDF handout with notes and bio;
    several articles, or a packet manifest (.yaml), as one reading packet."""
    module = backend("pdf")
    options = module.Options(
        paper=paper,
        notes=notes,
        crop_marks=crop_marks,
        bleed=bleed,
        duplex=duplex,
        source_date_epoch=_source_date_epoch(),
    )
    cleaning = Cleaning(base_url, max_size, report, disabled)
    _export(ctx, "pdf", inputs, output, title, cleaning, options, split=split)
