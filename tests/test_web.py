"""Web input, part by part: addresses, fetching, charsets, figures, credits, images, files.

Decisions about addresses are tested on the addresses alone, never by
connecting; every request goes to a server on 127.0.0.1 the test starts.
"""

from __future__ import annotations

import base64
import io
import ipaddress
import socket
import time
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from exporter.web.credits import (
    credit_after_label,
    credit_agency_tail,
    credit_alone,
    credit_by_line,
    credit_in_brackets,
    credit_words,
    split_credit,
)
from exporter.web.extract import extract, srcset_best
from exporter.web.figures import Figure, parse_block
from exporter.web.images import ImageRefused, reencode
from exporter.web.net import USER_AGENT, FetchError, Limits, Network, fetch, is_public, refusal
from exporter.web.page import decode_page, is_page, looks_like_html
from exporter.web.place import lift, put_back
from exporter.web.sources import Origin, Refused, image_bytes, local_file
from tests.web_util import SVG_WITH_SCRIPT, Site, body, endless, image, png_claiming, redirect, serve, trickle

# --------------------------------------------------------------------------
# Which addresses may be reached (decided on the address; nothing connects)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1",
        "0.0.0.0", "224.0.0.1", "255.255.255.255", "192.0.2.10", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1",
        "::ffff:10.0.0.1", "::ffff:127.0.0.1", "2002:a00:1::", "ff02::1",
    ],
)
def test_private_local_and_special_addresses_are_not_public(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))
    assert "private or local" in refusal([address], allow_private=False)
    assert refusal([address], allow_private=True) == ""


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "::ffff:1.1.1.1"])
def test_public_addresses_are_public(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))
    assert refusal([address], allow_private=False) == ""


def test_a_name_with_one_private_address_among_public_ones_is_refused() -> None:
    assert refusal(["1.1.1.1", "10.0.0.7"], allow_private=False) != ""
    assert refusal([], allow_private=True) == "resolves to no address"


def test_an_image_on_a_local_address_is_refused_before_any_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """The name resolves to a local address (loopback: private and link-local ones are
    decided the same way, above, without being reached for): the fetch stops there,
    with no socket opened."""
    looked_up: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        looked_up.append(host)
        return ["127.0.0.1"]

    opened: list[object] = []

    def never(*args: object, **kwargs: object) -> socket.socket:
        opened.append(args)
        raise AssertionError("connected")

    monkeypatch.setattr(socket, "create_connection", never)
    with pytest.raises(FetchError, match="private or local"):
        fetch("http://images.internal.invalid/a.png", network=Network(resolve=resolve))
    assert looked_up == ["images.internal.invalid"] and opened == []


def test_only_http_and_https() -> None:
    for url in ("ftp://127.0.0.1/x", "file:///etc/passwd", "gopher://127.0.0.1/", "javascript:alert(1)"):
        with pytest.raises(FetchError, match="only http and https"):
            fetch(url)


# --------------------------------------------------------------------------
# Fetching from a local site


@pytest.fixture(scope="module")
def site() -> Site:
    with serve(Site()) as running:
        yield running


def test_fetch_names_itself_and_follows_a_redirect(site: Site) -> None:
    site.routes["/moved"] = redirect("/here")
    site.routes["/here"] = body(b"<html><body>hi</body></html>", "text/html; charset=ISO-8859-1")
    fetched = fetch(site.url("/moved"), network=Network(allow_private=True))
    assert fetched.url == site.url("/here") and fetched.data.startswith(b"<html>")
    assert fetched.content_type == "text/html" and fetched.charset == "iso-8859-1"
    headers = dict(site.requests)["/here"]
    assert headers["user-agent"] == USER_AGENT and USER_AGENT.startswith("exporter/")


def test_a_redirect_loop_ends_after_five(site: Site) -> None:
    site.routes["/loop-a"] = redirect("/loop-b")
    site.routes["/loop-b"] = redirect("/loop-a")
    before = len(site.requests)
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(site.url("/loop-a"), network=Network(allow_private=True))
    assert len(site.requests) - before == 6


def test_a_redirect_to_another_host_on_a_private_address_is_refused(site: Site) -> None:
    """The host the user named may be local; a redirect elsewhere is on the page's behalf."""
    site.routes["/elsewhere"] = redirect(f"http://localhost:{site.port}/here")
    with pytest.raises(FetchError, match="redirected to .*private or local"):
        fetch(site.url("/elsewhere"), trusted_host="127.0.0.1")


def test_an_endless_body_is_cut_at_the_cap(site: Site) -> None:
    site.routes["/endless"] = endless("image/png")
    started = time.monotonic()
    with pytest.raises(FetchError, match="larger than the 1,048,576-byte limit"):
        fetch(site.url("/endless"), limits=Limits(max_bytes=1024 * 1024), network=Network(allow_private=True))
    assert time.monotonic() - started < 5


def test_a_declared_length_over_the_cap_is_refused_unread(site: Site) -> None:
    site.routes["/big"] = body(b"x" * 5000, "text/html")
    with pytest.raises(FetchError, match="larger than"):
        fetch(site.url("/big"), limits=Limits(max_bytes=4000), network=Network(allow_private=True))


def test_a_page_that_never_ends_times_out(site: Site) -> None:
    site.routes["/slow"] = trickle("text/html", pause=0.05)
    started = time.monotonic()
    with pytest.raises(FetchError, match="no complete answer within 1 s"):
        fetch(site.url("/slow"), limits=Limits(timeout=1), network=Network(allow_private=True))
    assert time.monotonic() - started < 3


def test_an_error_status_is_named(site: Site) -> None:
    with pytest.raises(FetchError, match="answered 404"):
        fetch(site.url("/nothing-here"), network=Network(allow_private=True))


def test_nothing_listening_is_a_one_line_error() -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    with pytest.raises(FetchError, match="cannot be fetched") as caught:
        fetch(f"http://127.0.0.1:{port}/", network=Network(allow_private=True), limits=Limits(timeout=2))
    assert "\n" not in str(caught.value) and str(caught.value).startswith(f"http://127.0.0.1:{port}/: ")


# --------------------------------------------------------------------------
# Pages: charset, and telling a page from a text


def test_charset_from_header_then_meta_then_utf8_then_cp1252() -> None:
    text = "Café – ½"
    assert decode_page(text.encode("cp1252"), "windows-1252").text == text
    latin = f'<meta charset="iso-8859-1"><p>{text}'.encode("cp1252")
    assert text in decode_page(latin).text  # iso-8859-1 read as windows-1252, as browsers do
    assert decode_page(f"<p>{text}".encode()).text.endswith(text)
    guessed = decode_page(f"<p>{text}".encode("cp1252"))
    assert guessed.text.endswith(text) and guessed.warnings
    assert decode_page(b"\xef\xbb\xbf<p>ok", "iso-8859-5").text == "<p>ok"  # a BOM wins over the header
    koi8 = '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>Привет'.encode("koi8-r")
    assert decode_page(koi8).text.endswith("Привет")
    # A page converted to UTF-8 that kept its old declaration is read as UTF-8.
    converted = '<meta charset="euc-kr"><p>코로나19 극복 성금'.encode()
    assert decode_page(converted).text.endswith("코로나19 극복 성금")


def test_pages_are_told_by_name_or_first_bytes() -> None:
    assert looks_like_html(b"\xef\xbb\xbf  <!DOCTYPE html><html>")
    assert looks_like_html(b"<!-- saved from url=(0022)https://a.invalid/ -->\n<html lang=en>")
    assert looks_like_html(b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">')
    assert not looks_like_html(b"# A title\n\n<p>raw html in markdown</p>")
    assert is_page(Path("a.HTM"), b"anything") and not is_page(Path("a.md"), b"# <html>")


# --------------------------------------------------------------------------
# Figures, captions, credits


def test_srcset_takes_the_smallest_wide_enough() -> None:
    assert srcset_best("a.jpg 480w, b.jpg 1600w, c.jpg 3200w") == "b.jpg"
    assert srcset_best("a.jpg 480w, b.jpg 800w") == "b.jpg"
    assert srcset_best("a.jpg, b.jpg 2x") == "b.jpg"
    assert srcset_best("https://x.invalid/i.jpg?w=1,2 1000w") == "https://x.invalid/i.jpg?w=1,2"
    assert srcset_best("") == ""


@pytest.mark.parametrize(
    ("rule", "caption", "expected"),
    [
        (credit_in_brackets, "Fuel prices rise. (Foto Prensa Libre: E. García)", ("Fuel prices rise.", "Foto Prensa Libre: E. García")),
        (credit_after_label, "Dr Fauci spoke online. Source: University of Melbourne", ("Dr Fauci spoke online.", "Source: University of Melbourne")),
        (credit_after_label, "Die Hafenkante am Morgen | Foto: Jan Kowalski", ("Die Hafenkante am Morgen", "Foto: Jan Kowalski")),
        (credit_by_line, "The harbour at dawn. Photo by Jan Kowalski", ("The harbour at dawn.", "Photo by Jan Kowalski")),
        (credit_agency_tail, "A rally on Thursday. Anthony Wallace / AFP - Getty Images", ("A rally on Thursday.", "Anthony Wallace / AFP - Getty Images")),
        (credit_alone, "© Wiebke Jann", ("", "© Wiebke Jann")),
        (credit_alone, "Getty Images", ("", "Getty Images")),
    ],
)
def test_credit_rules(rule: object, caption: str, expected: tuple[str, str]) -> None:
    assert rule(caption, credit_words()) == expected  # type: ignore[operator]


@pytest.mark.parametrize(
    "caption",
    ["The source: a leak from the ministry", "Plain words about a map of the region.", "Photos of the day, in order"],
)
def test_captions_without_a_credit_stay_whole(caption: str) -> None:
    assert split_credit(caption) == (caption, "")


def test_figure_blocks_round_trip() -> None:
    plain = Figure("s/img-01.jpg", "A [bracketed] *alt*")
    assert plain.block() == r"![A \[bracketed\] \*alt\*](s/img-01.jpg)"
    assert parse_block(plain.block()) == plain
    full = Figure("s/img-02.png", 'Say "hi" & <go>', "A caption & more", "Photo: Jo")
    assert full.block().startswith('<figure><img src="s/img-02.png" alt="Say &quot;hi&quot; &amp; &lt;go&gt;" />')
    assert parse_block(full.block()) == full
    assert parse_block("Words around ![x](y.jpg) an image") is None
    assert full.words() == "Say \"hi\" & \\<go\\>\n\nA caption & more"


def test_figures_go_back_beside_the_words_they_stood_by() -> None:
    text = "# Headline\n\n![hero](h.jpg)\n\nBy Jane Doe\n\nFirst paragraph of the article, long enough to find.\n\n" \
        "![one](1.jpg)\n\nSecond paragraph, also long enough to be found again.\n\nShare this\n\n![two](2.jpg)\n\n" \
        "Third and last paragraph of it.\n\n![three](3.jpg)"
    rest, lifted = lift(text, lambda number, figure: figure)
    assert "![" not in rest and [item.figure.src for item in lifted] == ["h.jpg", "1.jpg", "2.jpg", "3.jpg"]
    cleaned = "First paragraph of the article, long enough to find.\n\nSecond paragraph, also long enough " \
        "to be found again.\n\nThird and last paragraph of it."
    assert put_back(cleaned, lifted, Figure.block).split("\n\n") == [
        "![hero](h.jpg)",
        "First paragraph of the article, long enough to find.",
        "![one](1.jpg)",
        "Second paragraph, also long enough to be found again.",
        "![two](2.jpg)",
        "Third and last paragraph of it.",
        "![three](3.jpg)",
    ]
    assert put_back(cleaned, [], Figure.block) == cleaned


def test_extract_marks_figures_and_keeps_captions_and_credits_aside() -> None:
    paragraph = "A long paragraph of the article that trafilatura keeps as body text, with enough words in it. " * 3
    html = (
        "<!DOCTYPE html><html><head><title>Lazy pictures</title></head><body><article><h1>Lazy pictures</h1>"
        f"<p>{paragraph}</p>"
        '<figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/real/one.jpg" alt="One">'
        '<figcaption>The first picture. <span class="credit">Photo: Ann Lee</span></figcaption></figure>'
        f"<p>{paragraph}</p>"
        '<figure><picture><source type="image/avif" srcset="/two.avif 1600w"><source type="image/webp" '
        'srcset="/two-800.webp 800w, /two-1600.webp 1600w"><img src="/two-small.jpg" alt="Two"></picture>'
        "<figcaption>Second, with its credit inside. (Photo: Bo Li)</figcaption></figure>"
        f"<p>{paragraph}</p></article></body></html>"
    )
    extracted = extract(html, url="https://site.invalid/a/b.html")
    assert extracted is not None
    assert extracted.figures == (
        Figure("https://site.invalid/real/one.jpg", "One", "The first picture.", "Photo: Ann Lee"),
        Figure("https://site.invalid/two-1600.webp", "Two", "Second, with its credit inside.", "Photo: Bo Li"),
    )
    assert "The first picture" not in extracted.markdown.replace(extracted.figures[0].block(), "")
    assert "exporter.invalid" not in extracted.markdown
    plain = extract(html, images=False)
    assert plain is not None and not plain.figures and "![" not in plain.markdown


# --------------------------------------------------------------------------
# Images


def test_images_are_encoded_again_the_same_way_every_time() -> None:
    for kind, size, expected in (("JPEG", (3000, 2000), "image/jpeg"), ("PNG", (500, 400), "image/png"),
                                 ("GIF", (300, 200), "image/png"), ("WEBP", (2400, 1200), "image/jpeg")):
        data = image(kind, size)
        first, second = reencode(data), reencode(data)
        assert first == second and first.media_type == expected
        assert max(first.width, first.height) == min(1600, max(size))
        assert kind == "PNG" or first.data != data  # Pillow's own PNG of a Pillow PNG is the same
    transparent = reencode(image("PNG", (400, 300), (10, 20, 30, 100)))
    assert transparent.media_type == "image/png" and Image.open(io.BytesIO(transparent.data)).mode == "RGBA"


def test_metadata_is_stripped_and_orientation_applied() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to view
    exif[0x010F] = "SecretCam"
    data = image("JPEG", (400, 200), exif=exif.tobytes(), comment=b"hidden note", icc_profile=b"\0" * 200)
    encoded = reencode(data)
    assert (encoded.width, encoded.height) == (200, 400)
    opened = Image.open(io.BytesIO(encoded.data))
    assert not opened.getexif() and "icc_profile" not in opened.info and "comment" not in opened.info
    assert b"SecretCam" not in encoded.data and b"hidden note" not in encoded.data
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "hidden author")
    png = reencode(image("PNG", (300, 200), pnginfo=info) + b"trailing payload")
    assert b"hidden author" not in png.data and b"trailing payload" not in png.data


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (SVG_WITH_SCRIPT, "SVG"),
        (png_claiming(100_000, 100_000), "megapixel"),
        (png_claiming(8000, 6000), "8000×6000 pixels, over the 40-megapixel limit"),
        (b"GIF89a" + b"\0" * 40, "cannot be decoded|not a JPEG"),
        (b"\0" * (10 * 1024 * 1024 + 1), "10 MB"),
        (b"<html><body>not an image</body></html>", "not a JPEG"),
    ],
    ids=["svg", "bomb", "over-40-megapixels", "truncated", "over-10-mb", "html"],
)
def test_images_refused(data: bytes, why: str) -> None:
    with pytest.raises(ImageRefused, match=why):
        reencode(data)


def test_a_bomb_is_refused_before_it_is_decoded() -> None:
    started = time.monotonic()
    with pytest.raises(ImageRefused):
        reencode(png_claiming(20_000, 20_000))
    assert time.monotonic() - started < 1


# --------------------------------------------------------------------------
# Files beside the input


@pytest.fixture
def saved(tmp_path: Path) -> tuple[Origin, Path]:
    folder = tmp_path / "pages"
    own = folder / "Page_files"
    own.mkdir(parents=True)
    (own / "ok.png").write_bytes(image("PNG", (100, 100)))
    (tmp_path / "secret.png").write_bytes(image("PNG", (100, 100)))
    (own / "link-out.png").symlink_to(tmp_path / "secret.png")
    (own / "link-in.png").symlink_to(own / "ok.png")
    (folder / "Other_files").mkdir()
    (folder / "Other_files" / "x.png").write_bytes(image("PNG", (100, 100)))
    return Origin(folder=own, base=folder), tmp_path


def test_files_inside_the_pages_own_folder_only(saved: tuple[Origin, Path]) -> None:
    origin, root = saved
    assert local_file("Page_files/ok.png", origin).name == "ok.png"
    assert local_file("./Page_files/link-in.png", origin).name == "ok.png"
    assert local_file("Page_files/o%6B.png", origin).name == "ok.png"
    for src, why in (
        ("../secret.png", r"\.\."),
        ("Page_files/../../secret.png", r"\.\."),
        (str(root / "secret.png"), "absolute"),
        ("Page_files/link-out.png", "not a file in Page_files"),
        ("Other_files/x.png", "not a file in Page_files"),
        ("Page_files/missing.png", "no such file"),
        ("Page_files", "not a file"),
    ):
        with pytest.raises(Refused, match=why):
            local_file(src, origin)
    for src, why in (("file:///etc/passwd", "a file: address"), ("C:/Windows/x.png", "absolute"), ("javascript:x", "javascript")):
        with pytest.raises(Refused, match=why):
            image_bytes(src, origin)


def test_a_files_folder_that_is_a_link_out_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.png").write_bytes(image("PNG", (100, 100)))
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "Page_files").symlink_to(outside)
    with pytest.raises(Refused, match="leads out"):
        local_file("Page_files/x.png", Origin(folder=folder / "Page_files", base=folder))


def test_remote_images_only_when_allowed() -> None:
    with pytest.raises(Refused, match="not fetched for this input"):
        image_bytes("http://127.0.0.1:9/x.png", Origin(remote=False))
    assert image_bytes("data:image/png;base64," + base64.b64encode(b"abc").decode(), Origin()) == b"abc"
    with pytest.raises(Refused, match="not an image"):
        image_bytes("data:text/html,<script>", Origin())


def test_no_file_is_read_without_a_folder() -> None:
    with pytest.raises(Refused, match="no folder"):
        image_bytes("img.png", Origin())


# --------------------------------------------------------------------------
# The renderer: the article's own pictures, and no other image


def test_the_renderer_keeps_only_the_articles_own_pictures() -> None:
    from exporter.model import Article, Metadata, Picture
    from exporter.render import render_article

    picture = Picture("the-slug/img-01.jpg", "img-01.jpg", b"jpeg bytes", "image/jpeg", 800, 600)
    body = "\n\n".join(
        [
            "A paragraph.",
            "![A quay at dawn](the-slug/img-01.jpg)",
            '<figure><img src="the-slug/img-01.jpg" alt="Again" /><figcaption>Cap. <small>Photo: Jo</small></figcaption></figure>',
            '<figure><img src="https://elsewhere.invalid/x.png" alt="Remote" /><figcaption>Its caption stays.</figcaption></figure>',
            "![remote](https://elsewhere.invalid/y.png)",
            '<img src="file:///etc/passwd"> <img src="the-slug/../secret.png"> <img src="data:image/png;base64,AAAA">',
            "The end.",
        ]
    )
    rendered = render_article(Article(Metadata("T"), body, (picture,)))
    images = list(rendered.body.iter("img"))
    assert [(i.get("src"), i.get("alt"), i.get("width"), i.get("height")) for i in images] == [
        ("img-01.jpg", "A quay at dawn", "800", "600"),
        ("img-01.jpg", "Again", "800", "600"),
    ]
    figures = list(rendered.body.iter("figure"))
    assert len(figures) == 2 and all(f.get("class") == "picture" for f in figures)
    texts = ["".join(p.itertext()) for p in rendered.body.iter("p")]
    assert texts == ["A paragraph.", "Its caption stays.", "The end."]
    # Without pictures (a bio, an introduction, a text cleaned as before), no image at all.
    assert not list(render_article(Article(Metadata("T"), body)).body.iter("img"))
