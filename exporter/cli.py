"""The command line: ``exporter clean``, ``exporter epub``, ``exporter pdf``.

The only module that talks to the terminal. Library errors become one line
on stderr (``exporter: FILE: problem``) and the exit status their class names
(see ``errors.ExitStatus``); anything unexpected becomes exit 4, with the
traceback only under ``--debug``.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .backends import backend
from .canonical import dump_article
from .clean import Cleaned, clean_source
from .errors import ExitStatus, ExporterError
from .files import check_output_path, write_atomic
from .read import DEFAULT_MAX_BYTES, read_source
from .render import slugify

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_OUT = Path("out")


class Context:
    """Per-run settings shared by every command (no module globals)."""

    def __init__(self, debug: bool, quiet: bool) -> None:
        self.debug = debug
        self.quiet = quiet


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
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def _load(
    ctx: Context,
    path: Path,
    base_url: str | None,
    max_size: int,
    report: bool,
    disabled: Sequence[str],
) -> Cleaned:
    source = read_source(path, max_size)
    cleaned = clean_source(source, base_url=base_url, disabled=tuple(disabled))
    if not ctx.quiet:
        for warning in source.warnings:
            click.echo(f"exporter: {path}: warning: {warning}", err=True)
    if report:
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="exporter")
@click.option("--debug", is_flag=True, help="Show a traceback on unexpected errors.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.pass_context
def main(click_ctx: click.Context, debug: bool, quiet: bool) -> None:
    """Turn scraped web articles into canonical Markdown, EPUB 3 and PDF."""
    click_ctx.obj = Context(debug=debug, quiet=quiet)


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
        cleaned = _load(ctx, path, base_url, max_size, report, disabled)
        text = dump_article(cleaned.article)
        if to_stdout:
            click.echo(text, nl=False)
            continue
        target = _output_for(output, cleaned.article.meta.title, ".md", len(inputs))
        check_output_path(target, inputs)
        write_atomic(target, text.encode("utf-8"))
        if not ctx.quiet:
            click.echo(f"wrote {target}", err=True)


def _export(
    ctx: Context,
    fmt: str,
    inputs: tuple[Path, ...],
    output: Path | None,
    load_args: tuple[str | None, int, bool, tuple[str, ...]],
    options: Any,
) -> None:
    module = backend(fmt)
    # Read and clean everything first: a bad input fails before anything is written.
    articles = [_load(ctx, path, *load_args).article for path in inputs]
    for article in articles:
        target = _output_for(output, article.meta.title, module.SUFFIX, len(articles))
        check_output_path(target, inputs)
        data = module.build(article, options)
        write_atomic(target, data)
        if not ctx.quiet:
            click.echo(f"wrote {target} ({len(data):,} bytes)", err=True)


def output_option(suffix: str) -> Callable[[F], F]:
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path),
        help=f"Output file, or a folder for several inputs. [default: out/<slug>{suffix}]",
    )


@main.command("epub")
@input_options
@output_option(".epub")
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
    output: Path | None,
    base_url: str | None,
    max_size: int,
    report: bool,
    disabled: tuple[str, ...],
    links: str,
    cover: Path | None,
) -> None:
    """Export articles as EPUB 3 e-books with endnotes, bio and cover."""
    module = backend("epub")
    options = module.Options(links=links, cover=cover, source_date_epoch=_source_date_epoch())
    _export(ctx, "epub", inputs, output, (base_url, max_size, report, disabled), options)


@main.command("pdf")
@input_options
@output_option(".pdf")
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
    help="Link notes at the end of the article or at the foot of each page.",
)
@click.option("--crop-marks", is_flag=True, help="Add crop marks for a print shop.")
@click.option("--bleed", metavar="LENGTH", help="Bleed around the page box, e.g. 3mm.")
@click.pass_obj
@reports_errors
def pdf_command(
    ctx: Context,
    inputs: tuple[Path, ...],
    output: Path | None,
    base_url: str | None,
    max_size: int,
    report: bool,
    disabled: tuple[str, ...],
    paper: str,
    notes: str,
    crop_marks: bool,
    bleed: str | None,
) -> None:
    """Export articles as print-ready PDF handouts with notes and bio."""
    module = backend("pdf")
    options = module.Options(paper=paper, notes=notes, crop_marks=crop_marks, bleed=bleed)
    _export(ctx, "pdf", inputs, output, (base_url, max_size, report, disabled), options)
