"""An article's figures turned into pictures, or into their words.

The steps, for a page's Markdown or a Markdown file, before cleaning:

1. find the figure blocks (``figures.py``) that may be had from this input
   (``wanted``: a saved page's own files, the web, a Markdown file's folder);
2. get each image, a few at a time (``sources.py``), decode and encode it
   again (``images.py``); the first :data:`~.images.MAX_IMAGES` only;
3. name each picture ``img-01.jpg``, ``img-02.png``… in the body's order
   (the same image twice is one picture);
4. lift the figures that became pictures out of the text (``place.py``),
   their ``src`` now the picture's name; leave in place of each that did
   not its alt text and caption, with one warning line; drop spacers.

After cleaning, :func:`~.place.put_back` sets the lifted figures back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import Article, Picture
from .figures import Figure, parse_block
from .images import MAX_IMAGES
from .place import Lifted, block_spans, figure_blocks, lift, put_back
from .sources import Got, Origin, get_images, short


@dataclass(frozen=True, slots=True)
class Taken:
    """A text with its figures taken care of."""

    text: str
    """The text without the lifted figures, the words of those that failed in their place."""
    lifted: tuple[Lifted, ...]
    pictures: tuple[Picture, ...]
    warnings: tuple[str, ...]

    def put_back(self, cleaned: str) -> str:
        """``cleaned`` (this text, cleaned) with the figures back in place."""
        return put_back(cleaned, self.lifted, Figure.block)


def _pictures(got: Sequence[Got]) -> dict[str, Picture]:
    """One picture per distinct image that came through, named in order."""
    named: dict[str, Picture] = {}
    for item in got:
        if item.encoded is None or item.src in named:
            continue
        name = f"img-{len(named) + 1:02d}{item.encoded.extension}"
        encoded = item.encoded
        named[item.src] = Picture(
            src=name, name=name, data=encoded.data, media_type=encoded.media_type, width=encoded.width, height=encoded.height
        )
    return named


def take_pictures(text: str, origin: Origin, wanted: Callable[[Figure], bool] = lambda figure: True) -> Taken:
    """``text``'s wanted figures got, and lifted out or left as words (see the module)."""
    every = figure_blocks(text)
    numbers = [number for number, figure in enumerate(every) if wanted(figure)]
    if not numbers:
        return Taken(text, (), (), ())
    chosen = numbers[:MAX_IMAGES]
    got = dict(zip(chosen, get_images([every[number].src for number in chosen], origin)))
    pictures = _pictures(list(got.values()))
    warnings: list[str] = []
    if len(numbers) > len(chosen):
        over = len(numbers) - len(chosen)
        warnings.append(f"{over} more images left out: at most {MAX_IMAGES} are kept per article; their alt text is kept")
    wanted_numbers = set(numbers)

    def decide(number: int, figure: Figure) -> Figure | str | None:
        if number not in wanted_numbers:
            return None
        item = got.get(number)
        if item is None:  # over the limit
            return figure.words()
        if item.encoded is not None:
            return figure.moved(pictures[item.src].src)
        if item.problem:
            warnings.append(f"image {short(item.src)} left out: {item.problem}; its alt text is kept")
            return figure.words()
        return ""  # a spacer or a tracking pixel

    rest, lifted = lift(text, decide)
    return Taken(rest, tuple(lifted), tuple(pictures.values()), tuple(warnings))


def attach_pictures(article: Article, origin: Origin, wanted: Callable[[Figure], bool]) -> tuple[Article, tuple[str, ...]]:
    """A canonical article (taken as written) with the pictures its body shows;
    the words of each that cannot be had put in its place."""
    taken = take_pictures(article.body, origin, wanted)
    if not taken.lifted and taken.text == article.body:
        return article, taken.warnings
    return Article(article.meta, taken.put_back(taken.text), taken.pictures), taken.warnings


def relocate(article: Article, folder: str) -> Article:
    """The article with its pictures as files in ``folder`` beside it (``slug/img-01.jpg``):
    each picture's ``src``, and the body's figures, point there."""
    if not article.images:
        return article
    moved = {picture.src: f"{folder}/{picture.name}" for picture in article.images}
    body = article.body
    out: list[str] = []
    last = 0
    for start, end in block_spans(body):
        figure = parse_block(body[start:end])
        if figure is not None and figure.src in moved:
            out.append(body[last:start])
            out.append(figure.moved(moved[figure.src]).block())
            last = end
    out.append(body[last:])
    pictures = tuple(
        Picture(moved[p.src], p.name, p.data, p.media_type, p.width, p.height) for p in article.images
    )
    return Article(article.meta, "".join(out), pictures)


def without_pictures(article: Article) -> Article:
    """The article with each of its pictures' figures left as their words
    (where the pictures cannot be written, such as standard output)."""
    if not article.images:
        return article
    names = {picture.src for picture in article.images}
    rest, _lifted = lift(article.body, lambda _n, figure: figure.words() if figure.src in names else None)
    return Article(article.meta, rest)
