"""What the command line sets for web pages and images, without importing what does the work."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .net import Network

DEFAULT_TIMEOUT = 30.0
"""Seconds one fetch may take, from look-up to the last byte."""

_URL = re.compile(r"(?i)https?://\S+\Z")


def is_url(text: str) -> bool:
    """Whether an input names a web address (http or https) rather than a file."""
    return bool(_URL.match(text))


@dataclass(frozen=True, slots=True)
class WebOptions:
    """How web pages and images are read: the command line's ``--images``,
    ``--no-images``, ``--allow-private-network`` and ``--timeout``."""

    images: bool | None = None
    """True: keep every input's images (a scraped Markdown file's too);
    False: none; None, the default: a page's, and a canonical file's own."""
    allow_private_network: bool = False
    """Let requests made on a page's behalf (images, redirects to another
    host) reach loopback and private addresses."""
    timeout: float = DEFAULT_TIMEOUT
    """Seconds one fetch (a page, an image) may take, whole."""

    @property
    def network(self) -> Network:
        from .net import Network

        return Network(allow_private=self.allow_private_network)
