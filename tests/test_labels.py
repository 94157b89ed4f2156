"""Labels and dates in the article's language: a file of words for every
language the cleaner can guess, dates and lists of names by Babel, English
as a stated fallback."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel import Locale
from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.compose.labels import (
    Labels,
    available,
    date_in_words,
    join_names,
    labels_for,
)

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "exporter" / "data"
SEED = REPO / "seeds" / "washington-institute-trump-putin-leverage.txt"


def _guessable() -> list[str]:
    """Every language the cleaner can guess, read from its own vocabulary:
    a language added there without labels fails the tests below."""
    vocab = yaml.safe_load((DATA / "vocab.yaml").read_text("utf-8"))
    return sorted({*vocab["stopwords"], *vocab["scripts"]})


GUESSABLE = _guessable()
META = {"lang", "locale", "fallback_from"}
WORDS = [f.name for f in dataclasses.fields(Labels) if f.name not in META | {"dir"}]
RTL = {"ar", "he", "fa", "ur"}


def _words(labels: Labels) -> dict[str, str]:
    return {key: getattr(labels, key) for key in WORDS}


def test_the_cleaner_guesses_about_forty_languages() -> None:
    # Guards the reading of vocab.yaml: an empty list would pass everything below.
    assert len(GUESSABLE) >= 40
    assert {"en", "de", "cs", "ar", "ja", "zh", "hy"} <= set(GUESSABLE)


@pytest.mark.parametrize("lang", GUESSABLE)
def test_every_guessable_language_has_a_file_with_every_word(lang: str) -> None:
    path = DATA / "labels" / f"{lang}.yaml"
    assert path.is_file(), f"no labels for {lang}: add {path.relative_to(REPO)}"
    data = yaml.safe_load(path.read_text("utf-8"))
    assert set(data) - {"dir"} == set(WORDS), lang
    for key in WORDS:
        assert isinstance(data[key], str) and data[key].strip(), f"{lang}: {key}"
    labels = labels_for(lang)
    assert (labels.lang, labels.fallback_from, labels.is_fallback) == (lang, "", False)
    assert _words(labels) == {key: data[key] for key in WORDS}


@pytest.mark.parametrize("lang", sorted(available()))
def test_patterns_take_their_fields_and_no_others(lang: str) -> None:
    labels = labels_for(lang)
    alt = labels.cover_alt.format(title="<T>", byline="<B>")
    assert "<T>" in alt and "<B>" in alt, lang
    folio = labels.page_of.format(n=7, total=12)
    assert "7" in folio and "12" in folio and folio.index("7") != folio.index("12"), lang
    # Only the two patterns have fields; a brace elsewhere is a typo.
    for key in set(WORDS) - {"cover_alt", "page_of"}:
        assert "{" not in getattr(labels, key), f"{lang}: {key}"


def test_every_file_is_a_language_the_cleaner_guesses_or_a_stated_extra() -> None:
    # Urdu, and the script variants of Chinese and Serbian, come from front matter.
    assert available() - set(GUESSABLE) == {"ur", "zh-Hant", "sr-Latn"}


@pytest.mark.parametrize("lang", GUESSABLE)
def test_babel_writes_a_date_in_every_guessable_language(lang: str) -> None:
    labels = labels_for(lang)
    assert labels.locale, f"Babel has no locale for {lang}"
    words = date_in_words("2025-03-05", labels)
    assert words != "2025-03-05" and "2025" in words, (lang, words)
    if lang != "en":
        assert "March" not in words, (lang, words)


@pytest.mark.parametrize(
    ("lang", "date", "notes", "about", "edited_by", "names"),
    [
        ("en", "March 5, 2025", "Notes", "About the Author", "Edited by", "Ann, Bo, and Cy"),
        ("de", "5. März 2025", "Anmerkungen", "Über den Autor", "Herausgegeben von", "Ann, Bo und Cy"),
        ("cs", "5. března 2025", "Poznámky", "O autorovi", "Editor:", "Ann, Bo a\u00a0Cy"),  # no lone "a" at a line end
        ("ar", "5 مارس 2025", "ملاحظات", "عن الكاتب", "تحرير", "Ann وBo وCy"),
        ("ja", "2025年3月5日", "注", "著者について", "編者", "Ann、Bo、Cy"),
    ],
)
def test_labels_and_dates_come_out_in_the_language(
    lang: str, date: str, notes: str, about: str, edited_by: str, names: str
) -> None:
    labels = labels_for(lang)
    assert date_in_words("2025-03-05", labels) == date
    assert (labels.notes, labels.about_author, labels.edited_by) == (notes, about, edited_by)
    assert join_names(("Ann", "Bo", "Cy"), labels) == names


def test_two_names_and_one() -> None:
    assert join_names(("Ann", "Bo"), labels_for("en")) == "Ann and Bo"
    assert join_names(("Ann", "Bo"), labels_for("de")) == "Ann und Bo"
    assert join_names(("Ann",), labels_for("de")) == "Ann"
    assert join_names((), labels_for("de")) == ""


def test_an_unparseable_date_comes_back_as_it_was() -> None:
    assert date_in_words("spring 2025", labels_for("de")) == "spring 2025"
    assert date_in_words("", labels_for("de")) == ""


@pytest.mark.parametrize("lang", sorted(available()))
def test_direction_is_right_to_left_for_arabic_hebrew_persian_urdu(lang: str) -> None:
    labels = labels_for(lang)
    assert labels.dir == ("rtl" if lang in RTL else "ltr"), lang
    # And CLDR agrees with the files.
    assert (Locale.parse(labels.locale).character_order == "right-to-left") == (labels.dir == "rtl"), lang


def test_a_language_without_labels_gets_english_and_says_so() -> None:
    english = labels_for("en")
    assert not english.is_fallback and english.fallback_from == ""
    unknown = labels_for("xx")
    assert _words(unknown) == _words(english)
    assert (unknown.fallback_from, unknown.is_fallback, unknown.lang) == ("xx", True, "en")
    # Babel knows no "xx": the date stays ISO rather than in an English order.
    assert unknown.locale == ""
    assert date_in_words("2025-03-05", unknown) == "2025-03-05"
    assert join_names(("Ann", "Bo"), unknown) == "Ann and Bo"


def test_a_fallback_language_babel_knows_keeps_its_dates_and_direction() -> None:
    pashto = labels_for("ps")
    assert pashto.notes == "Notes" and pashto.fallback_from == "ps"
    assert pashto.locale == "ps" and pashto.dir == "rtl"
    assert date_in_words("2025-03-05", pashto) == "5 مارچ 2025"


@pytest.mark.parametrize("lang", ["", "  ", "und", 'en"><style>x</style>', "-", "e", "1234"])
def test_no_language_or_a_malformed_tag_is_a_stated_fallback(lang: str) -> None:
    labels = labels_for(lang)
    assert labels.is_fallback and labels.fallback_from == (lang.strip() or "und")
    assert _words(labels) == _words(labels_for("en"))
    assert date_in_words("2025-03-05", labels) == "2025-03-05"


@pytest.mark.parametrize(
    ("tag", "file", "locale", "date"),
    [
        ("pt-BR", "pt", "pt_BR", "5 de março de 2025"),
        ("pt_BR", "pt", "pt_BR", "5 de março de 2025"),
        ("PT-br", "pt", "pt_BR", "5 de março de 2025"),
        ("en-GB", "en", "en_GB", "5 March 2025"),
        ("en-US", "en", "en_US", "March 5, 2025"),
        ("de-CH-1996", "de", "de_CH", "5. März 2025"),
        ("zh-Hant", "zh-Hant", "zh_Hant", "2025年3月5日"),
        ("zh-TW", "zh-Hant", "zh_Hant_TW", "2025年3月5日"),
        ("zh-Hans-CN", "zh", "zh_Hans_CN", "2025年3月5日"),
        ("sr-Latn", "sr-Latn", "sr_Latn", "5. mart 2025."),
        ("sr", "sr", "sr", "5. март 2025."),
        ("ar-EG", "ar", "ar_EG", "5 مارس 2025"),
        # Old and other codes for a language we have: Hebrew, Filipino, Norwegian.
        ("iw", "he", "he_IL", "5 במרץ 2025"),
        ("fil", "tl", "fil", "Marso 5, 2025"),
        ("no", "nb", "no", "5. mars 2025"),
    ],
)
def test_region_and_script_subtags_find_the_best_file_and_locale(tag: str, file: str, locale: str, date: str) -> None:
    labels = labels_for(tag)
    assert (labels.lang, labels.locale, labels.is_fallback) == (file, locale, False)
    assert date_in_words("2025-03-05", labels) == date


def test_traditional_chinese_has_its_own_words() -> None:
    assert labels_for("zh-TW").notes == "註釋" and labels_for("zh").notes == "注释"


def test_labels_are_loaded_once() -> None:
    assert labels_for("de") is labels_for("de")


def _modules_after(code: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_exporter_clean_never_imports_babel(tmp_path: Path) -> None:
    code = f"""
import sys
from exporter.cli import main
try:
    main(["--quiet", "clean", {str(SEED)!r}, "-o", {str(tmp_path / "out.md")!r}])
except SystemExit as exit:
    assert not exit.code, exit.code
import exporter.compose.labels
print(*sorted(m for m in sys.modules if m.split(".")[0] == "babel"))
"""
    assert _modules_after(code) == []
    assert (tmp_path / "out.md").read_text("utf-8").startswith("---\n")


def test_the_check_for_babel_can_fail() -> None:
    code = """
import sys
from exporter.compose.labels import date_in_words, labels_for
print(date_in_words("2025-03-05", labels_for("de")).split()[1])
print(*sorted(m for m in sys.modules if m in ("babel", "babel.dates")))
"""
    assert _modules_after(code) == ["März", "babel", "babel.dates"]


@given(st.from_regex(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,3}", fullmatch=True) | st.text(max_size=20))
@settings(max_examples=300, deadline=None)
def test_any_tag_gives_labels_and_a_date(tag: str) -> None:
    labels = labels_for(tag)
    assert labels.dir in {"ltr", "rtl"}
    assert labels.is_fallback or labels.lang in available()
    assert date_in_words("2025-03-05", labels)
    assert join_names(("Ann", "Bo"), labels)
