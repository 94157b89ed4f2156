"""Option groups the commands share, as decorators, and the parameter types they use.

==================  ==========================================================
``input_options``   the inputs (files, ``-`` for standard input, web
                    addresses) and how they are read and cleaned:
                    ``--base-url``, ``--max-size``, ``--report``,
                    ``--disable``, ``--images``, ``--no-images``,
                    ``--allow-private-network``, ``--timeout``, ``--quiet``,
                    ``--verbose``
``metadata_options`` front matter from the command line, over what the
                    cleaner found: ``--author``, ``--date``, ``--lang``,
                    ``--subtitle``, ``--publisher``, ``-M KEY=VALUE``,
                    ``--metadata-file``
``book_options``    what every writer takes: ``--title``, ``--links``,
                    ``--css``, ``--no-toc``, ``--cover``, ``--no-cover``
==================  ==========================================================
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import click

from ..canonical import load_yaml
from ..errors import ExporterError
from ..read import DEFAULT_MAX_BYTES
from ..web.options import DEFAULT_TIMEOUT, WebOptions, is_url
from .context import Context, F


@dataclass(frozen=True, slots=True)
class Cleaning:
    """How every command reads and cleans each input (the ``input_options``)."""

    base_url: str | None
    max_size: int
    report: bool
    disabled: tuple[str, ...]
    web: WebOptions = WebOptions()
    """Images, and the network, for web pages and addresses."""


@dataclass(frozen=True, slots=True)
class Book:
    """What every writer takes (the ``book_options``)."""

    title: str | None = None
    links: str = "notes"
    css: tuple[Path, ...] = ()
    toc: bool = True
    cover: Path | bool = True
    """The user's image, True to draw one, False for none."""
    given: frozenset[str] = field(default_factory=frozenset)
    """The options the command line gave, for warnings about those that do not apply."""


class InputSource(click.ParamType):
    """An input: a file or ``-`` (a :class:`~pathlib.Path`), or an http(s) address (kept as a string)."""

    name = "file|url"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path | str:
        if isinstance(value, Path):
            return value
        if is_url(str(value)):
            return str(value)
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", str(value)):
            self.fail(f"{value}: only http and https addresses are fetched (give a file by its path)", param, ctx)
        return Path(value)


def _check_rules(_ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """A misspelt rule name would switch nothing off, silently: refuse it."""
    if not value:
        return value  # and the cleaner need not be imported to check nothing
    from ..cleaner import rule_names

    unknown = sorted(set(value) - set(rule_names()))
    if unknown:
        raise click.BadParameter(f"no cleaning rule named {', '.join(unknown)}")
    return value


def _set_quiet(click_ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        click_ctx.ensure_object(Context).quiet = True


def _set_verbose(click_ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        click_ctx.ensure_object(Context).verbose = True


def _decorate(command: F, decorators: list[Callable[[F], F]]) -> F:
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def input_options(func: F) -> F:
    """Options every command takes for reading and cleaning its inputs.

    The command gets the ``inputs`` (``-`` for standard input; none on a
    pipe means standard input; an http(s) address as a string) and one
    ``cleaning`` (a :class:`Cleaning`).
    """

    @functools.wraps(func)
    def with_cleaning(
        *args: Any,
        base_url: str | None,
        max_size: int,
        report: bool,
        disabled: tuple[str, ...],
        images: bool | None,
        allow_private_network: bool,
        timeout: float,
        **kwargs: Any,
    ) -> Any:
        web = WebOptions(images=images, allow_private_network=allow_private_network, timeout=timeout)
        return func(*args, cleaning=Cleaning(base_url, max_size, report, disabled, web), **kwargs)

    return _decorate(
        cast(F, with_cleaning),
        [
            click.argument("inputs", nargs=-1, type=InputSource()),
            click.option("--base-url", metavar="URL", help="The site's address, to turn its relative links into real ones."),
            click.option(
                "--max-size",
                type=click.IntRange(min=1),
                default=DEFAULT_MAX_BYTES,
                show_default=True,
                help="Largest input (a file, standard input, a fetched page) accepted, in bytes.",
            ),
            click.option(
                "--images/--no-images",
                default=None,
                help="Pictures: a web page's are kept unless --no-images; --images also fetches "
                "those a scraped Markdown file links to.",
            ),
            click.option(
                "--allow-private-network",
                is_flag=True,
                help="Let requests made on a page's behalf (its images) reach loopback and private addresses.",
            ),
            click.option(
                "--timeout",
                type=click.FloatRange(min=0.1, max=600),
                default=DEFAULT_TIMEOUT,
                show_default=True,
                metavar="SECONDS",
                help="Longest a page or an image may take to fetch.",
            ),
            click.option("--report", is_flag=True, help="List every block removed and link rewritten on stderr."),
            click.option(
                "--disable",
                "disabled",
                multiple=True,
                metavar="RULE",
                callback=_check_rules,
                help="Switch off a cleaning rule by name (repeatable; see --report for names).",
            ),
            click.option(
                "--quiet",
                "-q",
                is_flag=True,
                expose_value=False,
                callback=_set_quiet,
                help="Print nothing but errors: no progress bar, no summary.",
            ),
            click.option(
                "--verbose",
                "-v",
                is_flag=True,
                expose_value=False,
                callback=_set_verbose,
                help="Say more on stderr: each input as read, each phase and its time.",
            ),
        ],
    )


def _key_value(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        key, equals, text = value.partition("=")
        if not equals or not key.strip():
            raise click.BadParameter(f"{value!r} is not KEY=VALUE")
        pairs[key.strip()] = text
    return pairs


def _metadata_file(path: Path) -> Mapping[str, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ExporterError(path, f"cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    data = load_yaml(text, str(path))
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ExporterError(path, "line 1: metadata must be a mapping of keys to values")
    return data


def metadata_options(func: F) -> F:
    """Front-matter values from the command line, over what the cleaner found.

    The command gets one ``metadata`` mapping of front-matter keys: the
    ``--metadata-file``'s, then each ``-M``, then the named options, later
    ones winning (as pandoc orders them).
    """

    @functools.wraps(func)
    def with_metadata(
        *args: Any,
        author: tuple[str, ...],
        date: str | None,
        lang: str | None,
        subtitle: str | None,
        publisher: str | None,
        meta: dict[str, str],
        metadata_file: Path | None,
        **kwargs: Any,
    ) -> Any:
        values: dict[str, Any] = dict(_metadata_file(metadata_file)) if metadata_file is not None else {}
        values.update(meta)
        named = {"date": date, "lang": lang, "subtitle": subtitle, "publisher": publisher}
        values.update({key: value for key, value in named.items() if value is not None})
        if author:
            values["author"] = list(author)
        return func(*args, metadata=values, **kwargs)

    return _decorate(
        cast(F, with_metadata),
        [
            click.option("--author", multiple=True, metavar="NAME", help="An author (repeatable), in byline order."),
            click.option("--date", metavar="YYYY-MM-DD", help="The publication date."),
            click.option("--lang", metavar="TAG", help="The language of the text (BCP 47: en, de, pt-BR…)."),
            click.option("--subtitle", metavar="TEXT", help="The dek or subtitle."),
            click.option("--publisher", metavar="TEXT", help="The site or publication."),
            click.option(
                "-M",
                "--metadata",
                "meta",
                multiple=True,
                metavar="KEY=VALUE",
                callback=_key_value,
                help="Any front-matter key (repeatable): -M source=https://… -M section=Analysis.",
            ),
            click.option(
                "--metadata-file",
                type=click.Path(exists=True, dir_okay=False, path_type=Path),
                help="A YAML file of front-matter keys.",
            ),
        ],
    )


def book_options(func: F) -> F:
    """What every writer takes; the command gets one ``book`` (a :class:`Book`)."""

    @functools.wraps(func)
    def with_book(
        *args: Any,
        title: str | None,
        links: str,
        css: tuple[Path, ...],
        no_toc: bool,
        cover: Path | None,
        no_cover: bool,
        **kwargs: Any,
    ) -> Any:
        if cover is not None and no_cover:
            raise click.UsageError("--cover and --no-cover: give one")
        source = click.get_current_context().get_parameter_source
        given = frozenset(
            name
            for name in ("title", "links", "css", "no_toc", "cover", "no_cover")
            if source(name) is click.core.ParameterSource.COMMANDLINE
        )
        book = Book(title, links, css, not no_toc, cover if cover is not None else not no_cover, given)
        return func(*args, book=book, **kwargs)

    return _decorate(
        cast(F, with_book),
        [
            click.option(
                "--title",
                metavar="TEXT",
                help="The title: of the one article, or of the packet several inputs make.",
            ),
            click.option(
                "--links",
                type=click.Choice(["notes", "inline", "both"]),
                default="notes",
                show_default=True,
                help="Links as numbered notes, as live links, or both.",
            ),
            click.option(
                "--css",
                multiple=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path),
                help="A style sheet of yours, after ours (repeatable); it may use files beside it.",
            ),
            click.option("--no-toc", is_flag=True, help="Packets: no contents page."),
            click.option(
                "--cover",
                type=click.Path(exists=True, dir_okay=False, path_type=Path),
                help="E-books: this image as the cover instead of a drawn one.",
            ),
            click.option("--no-cover", is_flag=True, help="E-books: no cover."),
        ],
    )


def output_option(suffix: str) -> Callable[[F], F]:
    return click.option(
        "-o",
        "--output",
        type=click.Path(allow_dash=True),
        help=f"Output file, a folder to put it in, or - for standard output. [default: out/<slug of the title>{suffix}]",
    )


class BleedLength(click.ParamType):
    """``--bleed``: a plain CSS length, checked by the PDF backend's own rule."""

    name = "length"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from ..backends.pdf import check_bleed  # WeasyPrint, only when a bleed is asked for

        try:
            return str(check_bleed(str(value)))
        except ExporterError as error:
            self.fail(error.problem, param, ctx)


class PaperSize(click.ParamType):
    """``--paper``: a name (a4, a5, letter, legal) or ``WIDTHxHEIGHT``."""

    name = "paper"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from ..backends.pdf import paper_size

        try:
            paper_size(str(value))
        except ExporterError as error:
            self.fail(error.problem, param, ctx)
        return str(value).strip().lower()
