"""The command line: ``exporter clean``, ``exporter epub``, ``exporter pdf``, ``exporter html``.

The only package that talks to the terminal, over the library's own API
(``exporter.api``: ``load``, ``with_metadata``, ``export``). Library errors
become one line on stderr (``exporter: FILE: problem``) and the exit status
their class names (see ``errors.ExitStatus``); anything unexpected becomes
exit 4, with the traceback only under ``--debug``.

``epub``, ``pdf`` and ``html`` make one file from their inputs: one input is
an article's own e-book, handout or page; several inputs, or a packet
manifest (``packet.yaml``), make one reading packet. Every input is read and
cleaned before anything is built, and everything is built before anything is
written, so a bad input or a failed build leaves no file behind. While that
happens a progress bar runs on stderr (only on a terminal, never with
``--quiet``); one summary line follows.

This module holds the commands; ``context`` the per-run settings and the
error boundary, ``options`` the shared options, ``run`` what the commands do,
``progress`` the progress bar and summary line.

Shell completion is click's: ``eval "$(_EXPORTER_COMPLETE=bash_source exporter)"``
(``zsh_source``, ``fish_source`` for the other shells).
"""

from __future__ import annotations

import atexit
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from .. import __version__
from .context import Context, reports_errors
from .options import (
    BleedLength,
    Book,
    Cleaning,
    PaperSize,
    book_options,
    input_options,
    metadata_options,
    output_option,
)
from .run import clean, export, source_date_epoch

__all__ = ["main", "run"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="exporter")
@click.option("--debug", is_flag=True, help="Show a traceback on unexpected errors.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--verbose", "-v", is_flag=True, help="Say more on stderr.")
@click.pass_context
def main(click_ctx: click.Context, debug: bool, quiet: bool, verbose: bool) -> None:
    """Turn scraped web articles into canonical Markdown, EPUB 3, PDF and HTML."""
    ctx = click_ctx.ensure_object(Context)
    ctx.debug, ctx.quiet, ctx.verbose = debug, quiet or ctx.quiet, verbose or ctx.verbose


@main.command("clean")
@input_options
@metadata_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, allow_dash=True),
    help="Output file, a folder for several inputs, or - for stdout. [default: out/<slug>.md]",
)
@click.pass_obj
@reports_errors
def clean_command(
    ctx: Context,
    inputs: tuple[Path | str, ...],
    output: Path | None,
    cleaning: Cleaning,
    metadata: dict[str, Any],
) -> None:
    """Clean scraped articles into canonical Markdown with YAML front matter."""
    clean(ctx, inputs, output, cleaning, metadata)


def _settings(book: Book, **more: Any) -> dict[str, Any]:
    """The writer's options from the shared ones and the command's own."""
    return {"links": book.links, "css": book.css, "toc": book.toc, **more}


@main.command("epub")
@input_options
@metadata_options
@output_option(".epub")
@book_options
@click.pass_obj
@reports_errors
def epub_command(
    ctx: Context,
    inputs: tuple[Path | str, ...],
    output: str | None,
    cleaning: Cleaning,
    metadata: dict[str, Any],
    book: Book,
) -> None:
    """Export an article as an EPUB 3 e-book with endnotes, bio and cover;
    several articles, or a packet manifest (.yaml), as one reading packet."""
    settings = _settings(book, cover=book.cover, source_date_epoch=source_date_epoch())
    export(ctx, "epub", inputs, output, cleaning, metadata, book, settings)


@main.command("html")
@input_options
@metadata_options
@output_option(".html")
@book_options
@click.pass_obj
@reports_errors
def html_command(
    ctx: Context,
    inputs: tuple[Path | str, ...],
    output: str | None,
    cleaning: Cleaning,
    metadata: dict[str, Any],
    book: Book,
) -> None:
    """Export an article as one self-contained web page with notes and bio;
    several articles, or a packet manifest (.yaml), as one reading packet."""
    export(ctx, "html", inputs, output, cleaning, metadata, book, _settings(book))


@main.command("pdf")
@input_options
@metadata_options
@output_option(".pdf")
@book_options
@click.option(
    "--paper",
    type=PaperSize(),
    default="a4",
    show_default=True,
    help="Paper: a4, a5, letter, legal, or WIDTHxHEIGHT (6inx9in).",
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
@click.option("--strict", is_flag=True, help="Characters no font has are an error (nothing written), not a warning.")
@click.pass_obj
@reports_errors
def pdf_command(
    ctx: Context,
    inputs: tuple[Path | str, ...],
    output: str | None,
    cleaning: Cleaning,
    metadata: dict[str, Any],
    book: Book,
    paper: str,
    notes: str,
    crop_marks: bool,
    bleed: str | None,
    duplex: bool,
    split: bool,
    strict: bool,
) -> None:
    """Export an article as a print-ready PDF handout with notes and bio;
    several articles, or a packet manifest (.yaml), as one reading packet."""
    settings = _settings(
        book,
        paper=paper,
        notes=notes,
        crop_marks=crop_marks,
        bleed=bleed,
        duplex=duplex,
        source_date_epoch=source_date_epoch(),
    )
    export(ctx, "pdf", inputs, output, cleaning, metadata, book, settings, split=split, strict=strict)


def run() -> NoReturn:
    """``exporter`` as a process: :func:`main`, then an exit without teardown.

    A build leaves a large heap behind (the layout's boxes, fonts, the PDF),
    and freeing it object by object as the interpreter shuts down took a
    tenth of a second of every run. Once the command is done, the exit
    handlers have run and the output is flushed, the process ends at once,
    as mypy's does (``util.hard_exit``). Library callers keep their own process.
    """
    try:
        main()
        status: object = 0
    except SystemExit as done:
        status = done.code
    if isinstance(status, str):  # what sys.exit prints for a message
        print(status, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()  # logging's flush, multiprocessing's clean-up
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        status = status or 120  # as Python's own exit when it cannot flush
    os._exit(status if isinstance(status, int) else 0)
