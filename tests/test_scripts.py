"""Every script readable in the PDF (issue 17): the font stack, no empty boxes, and the warning.

Short articles in Japanese, Chinese, Korean, Arabic, Hebrew, Hindi and Thai
(``fixtures/scripts/``) are built into handouts and into one packet, and the
PDFs are read back: which fonts are embedded (the files' own names), every
glyph the pages draw (none may be ``.notdef``), and the text.

The CJK fonts come from Debian's ``fonts-noto-cjk``, which ``.ci/run``
installs. Without it, the tests that need it are skipped, unless
``EXPORTER_REQUIRE_FONTS`` is set (``.ci/run`` sets it): then they run, and fail.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from pathlib import Path

import pytest
from weasyprint import CSS, HTML
from weasyprint.text.ffi import ffi, fontconfig
from weasyprint.text.fonts import FontConfiguration

from exporter.backends import pdf
from exporter.backends.fetch import StylesOnlyFetcher
from exporter.backends.pdf.engine import PRINT_CSS
from exporter.backends.pdf.fonts import PACKAGES, DocumentFonts
from exporter.backends.pdf.glyphs import describe, missing_glyphs, to_unicode
from exporter.backends.result import Built
from exporter.cli import main
from exporter.model import Article, Metadata, Packet
from tests.pdf_util import (
    MM,
    Word,
    drawn_glyphs,
    embedded,
    glyphs_by_page,
    load_canonical,
    messages,
    pages,
    pdftotext,
    weasyprint_records,
)

SCRIPTS = Path(__file__).parent / "fixtures" / "scripts"

FAMILIES = {
    "ja": "Noto Serif CJK JP",
    "zh": "Noto Serif CJK JP",
    "zh-hant": "Noto Serif CJK JP",
    "ko": "Noto Serif CJK JP",
    "ar": "Noto Naskh Arabic",
    "he": "Noto Serif Hebrew",
    "hi": "Noto Serif Devanagari",
    "th": "Noto Serif Thai",
}
"""Each fixture and the family its script is set in. One collection holds the
CJK faces; the JP face is the one embedded, and the article's lang picks the
regional glyph forms through OpenType ``locl``."""

CJK = {"ja", "zh", "zh-hant", "ko"}
CJK_INSTALLED = all(package.installed() for package in PACKAGES)
REQUIRED = bool(os.environ.get("EXPORTER_REQUIRE_FONTS"))


def needs(name: str) -> list[pytest.MarkDecorator]:
    if name in CJK and not CJK_INSTALLED and not REQUIRED:
        return [pytest.mark.skip(reason="fonts-noto-cjk is not installed (.ci/run installs it)")]
    return []


CASES = [pytest.param(name, marks=needs(name), id=name) for name in FAMILIES]
ALL_FONTS = [] if CJK_INSTALLED or REQUIRED else [pytest.mark.skip(reason="fonts-noto-cjk is not installed")]


def article(name: str) -> Article:
    return load_canonical(SCRIPTS / f"{name}.md")


def export(work: Article | Packet, options: pdf.Options | None = None) -> tuple[Built, list[str]]:
    with weasyprint_records() as records:
        built = pdf.export(work, options or pdf.Options())
    return built, messages(records)


def _words(markdown: str) -> str:
    """The article's text without Markdown: what the PDF must show."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"^#+ |[*]", "", text, flags=re.MULTILINE)


_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _letters(text: str) -> str:
    """The letters of ``text``, in order, for comparing what was set with what was meant.

    Left out: white space and punctuation (pdftotext places neutral
    characters between right-to-left and left-to-right runs as it sees
    fit), ASCII digits (note calls add them), and marks after compatibility
    decomposition: a PDF maps each glyph to one text, so a vowel sign drawn
    before its consonant (Devanagari, Thai) is not read back in its place.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if unicodedata.category(c)[0] in "LN" and not "0" <= c <= "9")


def _reading_text(data: bytes) -> str:
    """pdftotext in reading order (its default mode), which puts right-to-left
    lines back in logical order, without the bidi controls it adds."""
    return _BIDI_CONTROLS.sub("", pdftotext(data, "-layout").replace("\f", ""))


@pytest.fixture(scope="module", params=CASES)
def handout(request: pytest.FixtureRequest) -> tuple[str, Built, list[str]]:
    name = request.param
    built, logged = export(article(name))
    return name, built, logged


def test_every_character_has_a_glyph(handout: tuple[str, Built, list[str]]) -> None:
    _, built, logged = handout
    assert logged == []
    assert built.warnings == ()
    glyphs = drawn_glyphs(built.data)
    assert glyphs
    assert [glyph for glyph in glyphs if glyph.notdef] == []


def test_set_in_the_scripts_font_and_ours_only(handout: tuple[str, Built, list[str]]) -> None:
    name, built, _ = handout
    glyphs = drawn_glyphs(built.data)
    assert {glyph.family for glyph in glyphs} == {"Charis SIL", FAMILIES[name]}
    assert all(glyph.font.startswith("Exporter-") for glyph in glyphs)
    # Headings and the bold words are set in the script's bold face.
    assert any(glyph.font.endswith("-Bold") and glyph.family == FAMILIES[name] for glyph in glyphs)


def test_all_the_text_is_there(handout: tuple[str, Built, list[str]]) -> None:
    name, built, _ = handout
    source = article(name)
    shown = _letters(_reading_text(built.data))
    for line in _words(source.body).splitlines():
        if line.strip():
            assert _letters(line) in shown, line
    assert _letters(source.meta.title) in shown


def test_inside_the_text_column(handout: tuple[str, Built, list[str]]) -> None:
    """No line runs past print.css's 32 mm side margins (WeasyPrint justifies
    right-to-left lines past the right one: they are set ragged)."""
    _, built, _ = handout
    for page in pages(built.data):
        for word in page.words:
            assert word.x0 >= 32 * MM - 0.5 and word.x1 <= page.width - 32 * MM + 0.5, word


@pytest.mark.parametrize("name", ["ar", "he"])
def test_right_to_left(name: str) -> None:
    """The title's first word is set to the right of its last, and the text
    reads back in its own order."""
    built, _ = export(article(name))
    title = article(name).meta.title.split()
    # pdftotext -bbox gives each word as drawn, left to right: its letters reversed.
    words: dict[str, Word] = {}
    for word in pages(built.data)[0].words:
        words.setdefault(word.text[::-1], word)
    first, last = words[title[0]], words[title[-1]]
    assert first.x0 > last.x1
    assert abs(first.y0 - last.y0) < 1
    assert " ".join(title) in _reading_text(built.data)


@pytest.mark.parametrize("name", [pytest.param(name, marks=needs(name)) for name in ("ja", "zh")])
def test_lang_picks_the_regional_forms(name: str) -> None:
    """直 is drawn with the Japanese form in Japanese and another in Chinese."""
    ids = {}
    for lang in ("ja", "zh-Hans"):
        meta = Metadata(title="Forms", lang=lang)
        built, _ = export(Article(meta, "直"))
        ids[lang] = {glyph.gid for glyph in drawn_glyphs(built.data) if glyph.family.startswith("Noto Serif CJK")}
    assert len(ids["ja"]) == len(ids["zh-Hans"]) == 1
    assert ids["ja"] != ids["zh-Hans"]


@pytest.fixture(scope="module")
def packet() -> tuple[Packet, Built, list[str]]:
    work = Packet(title="Readings in many scripts", articles=tuple(article(name) for name in FAMILIES))
    built, logged = export(work)
    return work, built, logged


@pytest.mark.parametrize("_", [pytest.param(None, marks=ALL_FONTS)])
def test_mixed_packet(packet: tuple[Packet, Built, list[str]], _: None) -> None:
    work, built, logged = packet
    assert logged == []
    assert built.warnings == ()
    glyphs = drawn_glyphs(built.data)
    assert [glyph for glyph in glyphs if glyph.notdef] == []
    assert {glyph.family for glyph in glyphs} == {"Charis SIL", *FAMILIES.values()}
    shown = _letters(_reading_text(built.data))
    for item in work.articles:
        assert _letters(item.meta.title) in shown


@pytest.mark.parametrize("_", [pytest.param(None, marks=ALL_FONTS)])
def test_byte_identical(packet: tuple[Packet, Built, list[str]], _: None) -> None:
    work, built, _logged = packet
    assert export(work)[0].data == built.data
    assert export(article("ar"))[0].data == export(article("ar"))[0].data


@pytest.mark.parametrize("_", [pytest.param(None, marks=ALL_FONTS)])
def test_mixed_packet_in_parts(packet: tuple[Packet, Built, list[str]], _: None) -> None:
    """Laid out in parts, an article each, every face is embedded once (the
    CJK collection's, an OpenType face, too), as the one document embeds it."""
    work, one, _logged = packet
    built, logged = export(work, pdf.Options(parallel=True))
    assert logged == []
    assert built.warnings == ()
    assert [glyph for glyph in drawn_glyphs(built.data) if glyph.notdef] == []
    fonts = embedded(built.data)
    assert len({font.face for font in fonts}) == len({font.tag for font in fonts}) == len(fonts)
    assert {font.face: font.program for font in fonts} == {font.face: font.program for font in embedded(one.data)}
    # The same glyphs on every page (codes are glyph ids, kept through the merge).
    assert glyphs_by_page(built.data) == glyphs_by_page(one.data)
    shown = _letters(_reading_text(built.data))
    for item in work.articles:
        assert _letters(item.meta.title) in shown


# Characters no font has ------------------------------------------------------------

RUNIC = Article(Metadata(title="Runes", lang="en"), "The word ᚠᚢᚦ is Runic; ⠁⠃ is Braille, 😀 an emoji, ∮ an integral.")


def test_missing_glyphs_are_found_and_named() -> None:
    built, logged = export(RUNIC)
    # WeasyPrint says so too, to a logger nobody reads.
    assert len(logged) == 3 and all(".notdef" in message for message in logged)
    # The independent reading of the content streams sees the same three boxes.
    assert len([glyph for glyph in drawn_glyphs(built.data) if glyph.notdef]) == 3
    assert missing_glyphs(built.data) == "ᚠᚢᚦ"
    (warning,) = built.warnings
    assert warning.startswith("3 characters have no glyph in the PDF's fonts and print as empty boxes (Runic 3: ᚠᚢᚦ)")
    # The symbols and the emoji have fonts of their own.
    families = {glyph.family for glyph in drawn_glyphs(built.data)}
    assert {"Noto Emoji", "Noto Sans Symbols2", "Noto Sans Math"} <= families


def test_emoji_and_symbols_are_drawn() -> None:
    """Sequences (a ZWJ sequence, a skin tone, a flag, a keycap, VS16) and
    common symbols: monochrome, and none of them an empty box."""
    text = "👩‍💻 👍🏽 🇫🇷 ❤️ ☕ ✅ 🫠 1️⃣ 🏳️‍🌈 ★ ☐ ☑ ⚠ ➜ ▶ ● ■ ◆ ① ⇒ ≠ ∞ √ ♪ ✈ ☎ ⌘ ⏳"
    built, logged = export(Article(Metadata(title="Emoji", lang="en"), text))
    assert logged == []
    assert built.warnings == ()
    glyphs = drawn_glyphs(built.data)
    assert [glyph for glyph in glyphs if glyph.notdef] == []
    assert "Noto Emoji" in {glyph.family for glyph in glyphs}


def test_missing_glyphs_in_a_packet() -> None:
    work = Packet(title="Two", articles=(RUNIC, Article(Metadata(title="Plain", lang="en"), "Nothing odd.")))
    built, _ = export(work)
    assert missing_glyphs(built.data) == "ᚠᚢᚦ"
    assert len(built.warnings) == 1


def test_describe_names_scripts_and_the_package() -> None:
    line = describe("日本語ᚠ", installed=lambda package: False)
    assert line.startswith("4 characters have no glyph in the PDF's fonts and print as empty boxes (Han 3, Runic 1: 日本語ᚠ)")
    assert line.endswith("; install fonts-noto-cjk for them")
    assert "install" not in describe("ᚠ", installed=lambda package: False)
    assert describe("ᚠ").startswith("1 character has no glyph in the PDF's fonts and prints as an empty box")


def test_to_unicode_reads_chars_and_ranges() -> None:
    cmap = b"""2 beginbfchar
<0003> <0020>
<0e1e> <d83dde00>
endbfchar
1 beginbfrange
<0010> <0012> <0041>
endbfrange
1 beginbfrange
<0020> <0021> [<0061> <0062>]
endbfrange"""
    assert to_unicode(cmap) == {3: " ", 0xE1E: "😀", 0x10: "A", 0x11: "B", 0x12: "C", 0x20: "a", 0x21: "b"}


def _run(*args: str) -> tuple[int, str]:
    from click.testing import CliRunner

    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr


def test_cli_warns_and_writes(tmp_path: Path) -> None:
    source = tmp_path / "runes.md"
    source.write_text("---\ntitle: Runes\nlang: en\n---\n\nThe word ᚠᚢᚦ is Runic.\n", encoding="utf-8")
    out = tmp_path / "runes.pdf"
    code, err = _run("pdf", str(source), "-o", str(out))
    assert code == 0, err
    assert out.is_file()
    warnings = [line for line in err.splitlines() if "warning" in line]
    assert warnings == [
        f"exporter: {source}: warning: 3 characters have no glyph in the PDF's fonts and print as empty boxes (Runic 3: ᚠᚢᚦ)"
    ]
    code, err = _run("pdf", str(source), "-o", str(tmp_path / "quiet.pdf"), "-q")
    assert code == 0 and err == ""


def test_cli_strict_refuses_and_keeps_the_old_file(tmp_path: Path) -> None:
    source = tmp_path / "runes.md"
    source.write_text("---\ntitle: Runes\nlang: en\n---\n\nThe word ᚠᚢᚦ is Runic.\n", encoding="utf-8")
    out = tmp_path / "runes.pdf"
    out.write_bytes(b"old")
    code, err = _run("pdf", str(source), "-o", str(out), "--strict")
    assert code == 1
    assert err.strip().splitlines() == [
        (
            f"exporter: {source}: 3 characters have no glyph in the PDF's fonts and print as empty boxes "
            "(Runic 3: ᚠᚢᚦ); nothing written (--strict)"
        )
    ]
    assert out.read_bytes() == b"old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["runes.md", "runes.pdf"]
    # A clean document passes --strict.
    source.write_text("---\ntitle: Runes\nlang: en\n---\n\nNo runes here.\n", encoding="utf-8")
    code, err = _run("pdf", str(source), "-o", str(out), "--strict")
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")


# Our fonts only, and only those needed ----------------------------------------------


def _face_count(fonts: FontConfiguration, which: int) -> int:
    # WeasyPrint's configuration, private, is what Pango chooses fonts from.
    found = fontconfig.FcConfigGetFonts(fonts._config, which)
    return 0 if found == ffi.NULL else int(found.nfont)


def _loaded(text: str, fetcher: StylesOnlyFetcher | None = None) -> tuple[DocumentFonts, list[str]]:
    fonts = DocumentFonts(text, fetcher or StylesOnlyFetcher())
    with weasyprint_records() as records:
        CSS(filename=PRINT_CSS, url_fetcher=fonts.fetcher, font_config=fonts)
    return fonts, messages(records)


def test_no_system_font_is_seen() -> None:
    fonts, _ = _loaded("plain text")
    assert _face_count(fonts, fontconfig.FcSetSystem) == 0
    # WeasyPrint's own configuration sees the machine's fonts: the check above can fail.
    assert _face_count(FontConfiguration(), fontconfig.FcSetSystem) > 0


def test_a_face_is_loaded_only_for_its_characters() -> None:
    english, logged = _loaded("Plain English, with “quotes” — and dashes.")
    assert logged == []
    assert _face_count(english, fontconfig.FcSetApplication) == 4  # Charis: regular, italic, bold, bold italic
    arabic, _ = _loaded("Plain English and العربية")
    assert _face_count(arabic, fontconfig.FcSetApplication) == 6  # and Naskh, regular and bold


def test_a_character_a_system_font_has_is_still_missing() -> None:
    """Whatever the machine has installed, a character outside our stack is an
    empty box, reported, and no system font is embedded."""
    html = '<html lang="en"><body><p>Ogham ᚁᚂ, Tifinagh ⴰⴱ, N\'Ko ߊߋ.</p></body></html>'
    fonts = DocumentFonts(html, StylesOnlyFetcher())
    document = HTML(string=html).render(
        stylesheets=[CSS(filename=PRINT_CSS, url_fetcher=fonts.fetcher, font_config=fonts)], font_config=fonts
    )
    data = document.write_pdf()
    assert {glyph.family for glyph in drawn_glyphs(data)} == {"Charis SIL"}
    assert missing_glyphs(data) == "ߊߋᚁᚂⴰⴱ"
    # WeasyPrint's own configuration draws them from the machine's fonts
    # (DejaVu, which fontconfig's Debian package depends on): the check can fail.
    plain = FontConfiguration()
    with weasyprint_records():
        leaked = HTML(string=html).write_pdf(
            stylesheets=[CSS(filename=PRINT_CSS, url_fetcher=fonts.fetcher, font_config=plain)], font_config=plain
        )
    assert {glyph.family for glyph in drawn_glyphs(leaked)} - {"Charis SIL"}


def test_without_the_cjk_package(tmp_path: Path) -> None:
    """A machine without fonts-noto-cjk: the face is skipped without a word
    from WeasyPrint, and its characters are reported."""
    fetcher = StylesOnlyFetcher(system_fonts=tmp_path)
    fonts, logged = _loaded("日本語", fetcher)
    assert logged == []
    assert _face_count(fonts, fontconfig.FcSetApplication) == 4
    html = '<html lang="ja"><body><p>日本語</p></body></html>'
    document = HTML(string=html).render(
        stylesheets=[CSS(filename=PRINT_CSS, url_fetcher=fetcher, font_config=fonts)], font_config=fonts
    )
    assert missing_glyphs(document.write_pdf()) == "日本語"


def test_packages_match_print_css() -> None:
    css = PRINT_CSS.read_text(encoding="utf-8")
    for package in PACKAGES:
        assert f'url("{(StylesOnlyFetcher().system_fonts / package.font).as_uri()}")' in css


# The e-book -------------------------------------------------------------------------


def _own_family(path: Path) -> str:
    from fontTools.ttLib import TTCollection, TTFont

    if path.suffix == ".ttc":
        return str(TTCollection(str(path), lazy=True).fonts[0]["name"].getDebugName(1))
    return str(TTFont(str(path), lazy=True)["name"].getDebugName(1))


def test_epub_names_the_same_fonts_and_embeds_none(tmp_path: Path) -> None:
    import zipfile

    from exporter.backends import epub

    data = epub.export(article("ja"), epub.Options()).data
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        names = book.namelist()
        (css_name,) = [name for name in names if name.endswith(".css")]
        css = book.read(css_name).decode("utf-8")
    assert not [name for name in names if name.lower().endswith((".ttf", ".otf", ".ttc", ".woff", ".woff2"))]
    # Every font print.css loads, by the name its file gives itself.
    fetcher = StylesOnlyFetcher()
    urls = re.findall(r'src: url\("([^"]+)"\)', PRINT_CSS.read_text(encoding="utf-8"))
    assert len(urls) > 30
    for url in urls:
        path = Path(url[len("file://"):]) if url.startswith("file://") else PRINT_CSS.parent / url
        if path.is_file() and fetcher.serves(path.resolve().as_uri()):
            assert f'"{_own_family(path)}"' in css, path
    for region in ("JP", "SC", "TC", "KR"):
        assert f'"Noto Serif CJK {region}"' in css


def test_contents_entries_carry_their_language() -> None:
    """A title in the packet's contents keeps its language (its glyph forms),
    and the line the contents' direction."""
    from exporter.compose import packet_front

    work = Packet(title="Two", articles=(article("zh-hant"), article("ar")))
    front = packet_front(work)
    elements = [front.title_page, front.contents]
    spans = [span for root in elements for span in root.iter("span") if span.get("class") == "entry-title"]
    assert [(span.text, span.get("lang")) for span in spans] == [
        ("老書店的最後一個冬天", "zh-Hant"),
        ("المكتبات العامة تفتح أبوابها للقراء الجدد", "ar"),
    ]
    links = [link for root in elements for link in root.iter("a")]
    assert all(link.get("lang") is None for link in links)
