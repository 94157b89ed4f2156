"""Fetching a page or an image over HTTP(S), by our rules and nothing else.

Every request goes through :func:`fetch`:

- ``http`` and ``https`` only; no proxy, no cookies, no authentication;
- the host is resolved first, and **every** address it resolves to is
  checked (:func:`refusal`) before one of them is connected to; the
  connection goes to that checked address (the name is not looked up a
  second time, so it cannot answer differently in between), with TLS
  verified against the name;
- at most :attr:`Limits.max_redirects` redirects, each one checked again
  as a new request;
- one deadline for the whole fetch (look-up, connection, headers and body):
  a watchdog closes the socket when it passes, so neither a server that
  never answers nor one that trickles bytes for ever can hold us;
- a size cap: a ``Content-Length`` over it is refused before the body is
  read, and a body that grows past it is cut off and refused;
- a plain ``User-Agent`` naming the tool and its version, and
  ``Accept-Encoding: identity`` (a compressed body is still accepted, and
  inflated under the same cap).

Which addresses may be reached is decided on the address alone, with
:mod:`ipaddress`: a request made on a page's behalf (its images, or a
redirect to another host) goes only to public addresses, never to loopback,
link-local, private, shared, reserved or multicast ones, unless the caller
allows the private network. The page the user names is theirs to choose:
its own host may be any address.

Failures raise :class:`FetchError` naming the URL and the cause in one line.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..errors import InputError
from ..read import DEFAULT_MAX_BYTES
from .options import DEFAULT_TIMEOUT

USER_AGENT = f"exporter/{__version__}"
"""What every request says it is: the tool and its version, nothing else."""

MAX_REDIRECTS = 5

_CHUNK = 64 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(InputError):
    """A page or image could not be fetched: the URL and the cause, in one line."""


@dataclass(frozen=True, slots=True)
class Limits:
    """How long and how much one fetch may take."""

    timeout: float = DEFAULT_TIMEOUT
    """Seconds for the whole fetch: look-up, connection, redirects, body."""
    max_bytes: int = DEFAULT_MAX_BYTES
    """The largest body accepted (after inflating a compressed one)."""
    max_redirects: int = MAX_REDIRECTS


@dataclass(frozen=True, slots=True)
class Fetched:
    """A body fetched whole."""

    url: str
    """The address it came from, after redirects."""
    data: bytes
    content_type: str
    """The media type, lower case, without parameters (``text/html``); may be empty."""
    charset: str = ""
    """The ``charset`` parameter of ``Content-Type``, if the server gave one."""


def embedded_address(address: Address) -> Address | None:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, Teredo), if any."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address.teredo is not None:
            return address.teredo[1]
    return None


def is_public(address: Address) -> bool:
    """Whether ``address`` is on the public internet.

    ``is_global`` leaves out loopback, private (RFC 1918, unique local),
    link-local, shared (100.64/10), reserved, documentation and unspecified
    addresses; multicast is left out here. An IPv6 address that carries an
    IPv4 one (``::ffff:10.0.0.1``, 6to4, Teredo) is judged by that too.
    """
    if not address.is_global or address.is_multicast:
        return False
    inner = embedded_address(address)
    return inner is None or is_public(inner)


def refusal(addresses: Sequence[str], allow_private: bool) -> str:
    """Why a host that resolves to ``addresses`` may not be reached ('' if it may).

    Every address must pass: a name that resolves to a public and a private
    address is refused, since the connection could go to either.
    """
    if not addresses:
        return "resolves to no address"
    for text in addresses:
        try:
            address = ipaddress.ip_address(text.split("%", 1)[0])  # drop an IPv6 zone
        except ValueError:
            return f"resolves to {text!r}, not an address"
        if not allow_private and not is_public(address):
            return f"resolves to {address}, a private or local address (see --allow-private-network)"
    return ""


Resolver = Callable[[str, int], list[str]]
"""``(host, port)`` → the addresses to connect to, in order."""


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the system resolves ``host`` to, each once, in its order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True, slots=True)
class Network:
    """Who may be reached, and how names are looked up."""

    allow_private: bool = False
    """Let requests made on a page's behalf reach loopback and private addresses."""
    resolve: Resolver = field(default=system_resolver, compare=False)


class _Deadline:
    """A watchdog that shuts a socket down once the fetch's time is up."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(max(seconds, 0.0), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def left(self) -> float:
        return self.end - time.monotonic()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def cancel(self) -> None:
        self._timer.cancel()


class _HTTP(http.client.HTTPConnection):
    """Connects to an address already checked, never looking the name up again."""

    def __init__(self, host: str, port: int, address: str, deadline: _Deadline) -> None:
        super().__init__(host, port, timeout=max(deadline.left(), 0.001))
        self.address = address
        self.deadline = deadline

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)
        self.deadline.watch(self.sock)


class _HTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, deadline: _Deadline) -> None:
        super().__init__(host, port, timeout=max(deadline.left(), 0.001), context=ssl.create_default_context())
        self.address = address
        self.deadline = deadline

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.deadline.watch(sock)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def _resolve(resolve: Resolver, host: str, port: int, deadline: _Deadline) -> list[str]:
    """``resolve(host, port)`` in a thread of its own, given up at the deadline
    (the system's look-up has no timeout of its own)."""
    found: list[list[str]] = []
    failed: list[BaseException] = []

    def look_up() -> None:
        try:
            found.append(resolve(host, port))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            failed.append(exc)

    worker = threading.Thread(target=look_up, daemon=True)
    worker.start()
    worker.join(max(deadline.left(), 0.0))
    if failed:
        raise failed[0]
    if not found:
        raise TimeoutError
    return found[0]


def _target(url: str) -> tuple[str, str, int, str]:
    """``(scheme, host, port, path)`` of an http(s) URL, or a ``ValueError`` saying why not."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError(f"{scheme or 'no'} scheme: only http and https are fetched")
    if parts.username is not None or parts.password is not None:
        raise ValueError("a user name or password in the address is not sent")
    host = parts.hostname
    if not host:
        raise ValueError("no host in the address")
    port = parts.port or (443 if scheme == "https" else 80)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return scheme, host, port, path


def _media_type(value: str) -> tuple[str, str]:
    """``text/html; charset=UTF-8`` → ``("text/html", "utf-8")``."""
    kind, _, rest = value.partition(";")
    charset = ""
    for param in rest.split(";"):
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset":
            charset = val.strip().strip("\"'").lower()
    return kind.strip().lower(), charset


def _read_body(response: http.client.HTTPResponse, limits: Limits, deadline: _Deadline) -> bytes:
    """The body, inflated if compressed, never past the cap or the deadline."""
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    inflate = None
    if encoding in ("gzip", "x-gzip"):
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        inflate = zlib.decompressobj()
    elif encoding != "identity":
        raise ValueError(f"unsupported content encoding {encoding!r}")
    parts: list[bytes] = []
    size = 0
    while True:
        if deadline.left() <= 0:
            raise TimeoutError
        chunk = response.read1(_CHUNK)
        if not chunk:
            if deadline.expired:
                raise TimeoutError  # the watchdog shut the socket: a cut body, not an end
            break
        if inflate is not None:
            # Inflated a bounded piece at a time: a small bomb cannot grow past the cap.
            chunk = inflate.decompress(chunk, limits.max_bytes + 1 - size)
            if inflate.unconsumed_tail:
                raise OverflowError
        size += len(chunk)
        if size > limits.max_bytes:
            raise OverflowError
        parts.append(chunk)
    return b"".join(parts)


def fetch(
    url: str,
    *,
    limits: Limits = Limits(),
    network: Network = Network(),
    trusted_host: str | None = None,
    accept: str = "*/*",
) -> Fetched:
    """GET ``url`` by this module's rules; :class:`FetchError` with the cause if it fails.

    ``trusted_host`` is the host the user named: it may be reached on any
    address. Every other host (a redirect elsewhere, or every host when it
    is None, as for images) only on public addresses, unless
    ``network.allow_private``.
    """
    deadline = _Deadline(limits.timeout)
    try:
        return _fetch(url, limits, network, trusted_host, accept, deadline)
    except FetchError:
        raise
    except (TimeoutError, socket.timeout):
        raise FetchError(url, f"no complete answer within {limits.timeout:g} s") from None
    except OverflowError:
        raise FetchError(url, f"larger than the {limits.max_bytes:,}-byte limit (see --max-size)") from None
    except ssl.SSLError as exc:
        raise FetchError(url, f"TLS failed ({exc.reason or exc})") from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if deadline.expired:
            raise FetchError(url, f"no complete answer within {limits.timeout:g} s") from None
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise FetchError(url, f"cannot be fetched ({reason})") from None
    finally:
        deadline.cancel()


def _fetch(
    url: str, limits: Limits, network: Network, trusted_host: str | None, accept: str, deadline: _Deadline
) -> Fetched:
    current = url
    for _hop in range(limits.max_redirects + 1):
        scheme, host, port, path = _target(current)
        addresses = _resolve(network.resolve, host, port, deadline)
        trusted = trusted_host is not None and host.lower() == trusted_host.lower()
        why = refusal(addresses, allow_private=network.allow_private or trusted)
        if why:
            raise FetchError(url if current == url else f"{url} (redirected to {current})", why)
        connection, response = _request(scheme, host, port, path, addresses, accept, deadline)
        try:
            location = response.getheader("Location")
            if response.status in _REDIRECTS and location:
                current = urljoin(current, location.strip())
                continue
            if response.status != 200:
                raise FetchError(url, f"the server answered {response.status} {response.reason}".strip())
            length = response.getheader("Content-Length")
            if length is not None and length.strip().isdigit() and int(length) > limits.max_bytes:
                raise OverflowError
            kind, charset = _media_type(response.getheader("Content-Type") or "")
            data = _read_body(response, limits, deadline)
            return Fetched(url=current, data=data, content_type=kind, charset=charset)
        finally:
            response.close()
            connection.close()
    raise FetchError(url, f"more than {limits.max_redirects} redirects")


def _request(
    scheme: str, host: str, port: int, path: str, addresses: list[str], accept: str, deadline: _Deadline
) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
    """The connection to the first checked address that answers, and its response."""
    kind = _HTTPS if scheme == "https" else _HTTP
    last: Exception | None = None
    for address in addresses:
        if deadline.left() <= 0:
            raise TimeoutError
        connection = kind(host, port, address, deadline)
        try:
            connection.request(
                "GET",
                path,
                headers={"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "identity"},
            )
            return connection, connection.getresponse()
        except ssl.SSLError:
            connection.close()
            raise
        except OSError as exc:
            connection.close()
            last = exc
    assert last is not None
    raise last
