"""The real-page corpus's scoring functions (``bench/corpus``), on made-up
cases: no corpus needed. The corpus itself is scored in ``bench/``, not here."""

from __future__ import annotations

from bench.corpus import reach, residue
from bench.corpus.score import Found, aggregate, identity, score_case
from bench.corpus.store import Entry, Gold, Reach

ARTICLE = (
    "The council voted on Tuesday to close the old bridge to cars.",
    "Cyclists and walkers will keep using it while repairs go on.",
)


def _entry(body: tuple[str, ...] | None = ARTICLE, with_: tuple[str, ...] = (), without: tuple[str, ...] = ()) -> Entry:
    gold = Gold(
        title="Bridge closes to cars",
        authors=("Ann Lee",),
        date="2024-03-05",
        lang="en",
        body=body,
        with_=with_,
        without=without,
        sources={},
    )
    return Entry(
        id="p1",
        set="test",
        url="",
        site="example.org",
        split="train",
        gold=gold,
        reach={"s": Reach(title=True, authors=False, date=True)},
        errors={},
    )


SCRAPED = "# Bridge closes to cars\n\nShare on Facebook | Twitter\n\n" + "\n\n".join(ARTICLE) + "\n\nRead more\n"


def test_residue_counts_each_family() -> None:
    body = (
        "Text **[a](https://a.example/x)** (<https://a.example/x>) and [Name \\(/people/n\\)](#).\n\n"
        "\ue800\n\n<div class=\"x\">kept tag</div>\n\n<!-- image -->\n\n![chart](c.png)\n\n"
        "Share: Facebook Twitter\n\n```\n<b>code is not residue</b> https://in.code\n```\n"
    )
    assert residue.count(body) == (1, 1, 1, 2, 2, 1)


def test_residue_leaves_clean_prose_alone() -> None:
    assert residue.count("A [link](https://ok.example) in a sentence about sharing ideas.\n") == (0, 0, 0, 0, 0, 0)


def test_flat_matching_ignores_markup_and_wrapping() -> None:
    text = reach.flat("The **council** voted on\nTuesday to [close](https://x.example) the old\\-bridge")
    assert reach.contains(text, "council voted on Tuesday to close the old-bridge")
    assert not reach.contains(text, "council voted on Monday")


def test_identity_reads_only_obvious_headers() -> None:
    found = identity("Title: A Headline\n\nURL Source: https://x.example\n\nPublished Time: 2024-03-05T10:00:00Z\n\nBy Ann Lee\n")
    assert (found.title, found.date, found.authors, found.lang) == ("A Headline", "2024-03-05", (), "")


def test_score_case_body_and_metadata() -> None:
    entry = _entry()
    cleaned = Found(title="Bridge closes to cars", authors=("Ann Lee",), date="", lang="en", body=ARTICLE[0])
    case = score_case(entry, "s", "cleaner", SCRAPED, cleaned)
    words_first = len(ARTICLE[0].rstrip(".").split())
    assert case.matched == words_first and case.precision == 1.0
    assert 0.4 < case.recall < 0.6
    assert case.title is True
    assert case.authors is None and case.authors_left_empty is False  # guessed a name the input does not show
    assert case.date is False  # visible, but left empty
    assert case.lang is True
    assert not case.lost_half  # kept just over half of the words


def test_harm_counts_against_the_identity() -> None:
    entry = _entry()
    floor = score_case(entry, "s", "identity", SCRAPED, identity(SCRAPED))
    lost = score_case(entry, "s", "cleaner", SCRAPED, Found("", (), "", "", "Read more"))
    good = score_case(entry, "s", "cleaner", SCRAPED, Found("", (), "", "", "\n\n".join(ARTICLE)))
    assert lost.lost_half and not good.lost_half
    assert aggregate([lost], [floor]).worse == 1
    assert aggregate([good], [floor]).worse == 0
    assert aggregate([good], [floor]).f1 == 1.0


def test_snippets_count_only_what_the_input_holds() -> None:
    entry = _entry(body=None, with_=("close the old bridge", "not in the input"), without=("Read more",))
    kept_all = score_case(entry, "s", "cleaner", SCRAPED, Found("", (), "", "", SCRAPED))
    cleaned = score_case(entry, "s", "cleaner", SCRAPED, Found("", (), "", "", "\n\n".join(ARTICLE)))
    assert (kept_all.with_n, kept_all.with_kept, kept_all.without_n, kept_all.without_removed) == (1, 1, 1, 0)
    assert (cleaned.with_kept, cleaned.without_removed) == (1, 1)
    row = aggregate([cleaned])
    assert (row.with_kept, row.without_removed, row.precision) == (1.0, 1.0, None)
