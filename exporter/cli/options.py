"""Option groups the commands share, as decorators, and the parameter types they use."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import click

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


class InputSource(click.ParamType):  # type: ignore[type-arg]
    """An input: a file (a :class:`~pathlib.Path`), or an http(s) address (kept as a string)."""

    name = "file|url"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path | str:
        if isinstance(value, (Path, str)) and is_url(str(value)):
            return str(value)
        if isinstance(value, str) and re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", value):
            self.fail(f"{value}: only http and https addresses are fetched (give a file by its path)", param, ctx)
        return Path(value)

def _check_rules(
    _ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    """A misspelt rule name would switch nothing off, silently: refuse it."""
    if not value:
        return value  # and the cleaner need not be imported to check nothing
    from ..clean import rule_names

    unknown = sorted(set(value) - set(rule_names()))
    if unknown:
        raise click.BadParameter(f"no cleaning rule named {', '.join(unknown)}")
    return value


def _set_quiet(click_ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        click_ctx.ensure_object(Context).quiet = True


def input_options(func: F) -> F:
    """Options every command takes for reading and cleaning its inputs.

    The command gets the ``inputs`` and one ``cleaning`` (a :class:`Cleaning`)
    made of the other options.
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

    command = cast(F, with_cleaning)
    decorators = [
        click.argument(
            "inputs",
            nargs=-1,
            required=True,
            type=InputSource(),
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
            help="Largest input file (or fetched page) accepted, in bytes.",
        ),
        click.option(
            "--images/--no-images",
            default=None,
            help="Keep pictures: a web page's are kept unless --no-images; --images also "
            "fetches those a scraped Markdown file links to.",
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
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def output_option(suffix: str) -> Callable[[F], F]:
    return click.option(
        "-o",
        "--output",
        type=click.Path(),
        help=f"Output file, or a folder to put it in. [default: out/<slug of the title>{suffix}]",
    )


links_option = click.option(
    "--links",
    type=click.Choice(["notes", "inline", "both"]),
    default="notes",
    show_default=True,
    help="Links as numbered notes, as live links, or both.",
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
        from ..backends.pdf import (
            check_bleed,  # WeasyPrint, only when a bleed is asked for
        )

        try:
            return str(check_bleed(str(value)))
        except ExporterError as error:
            self.fail(error.problem, param, ctx)
