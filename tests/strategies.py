"""Hypothesis strategies for scraped pages: random Markdown, artifacts, bytes.

Shared by tests/test_fuzz.py (a bounded run in CI) and bench/fuzz.py (a long
run started by hand).
"""

from __future__ import annotations

from hypothesis import strategies as st

URLS = st.sampled_from(
    [
        "https://example.org/a",
        "https://example.org/a(b)c",
        "https://example.org/x?utm_source=t&id=2#:~:text=Hi%20there",
        "http://example.com/",
        "mailto:jo@example.org",
        "/relative/path",
        "#",
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "file:///etc/passwd",
    ]
)
WORDS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30
)
PROSE = st.lists(
    st.sampled_from(
        "the council voted on Monday to approve a plan that residents say could change "
        "how they travel café naïve Straße überall año être città ❖ ◆ 😍 — “quoted” ‘single’".split()
    ),
    min_size=3,
    max_size=60,
).map(" ".join)


@st.composite
def artifact(draw: st.DrawFn) -> str:
    """One block as a scraper might leave it."""
    words, url = draw(PROSE), draw(URLS)
    kind = draw(st.integers(0, 19))
    return [
        lambda: f"{words} **[{words[:12]}]({url})** (<{url}>) {words}",
        lambda: f'"**[{words[:10]}]({url})**" (<{url}>)',
        lambda: f"{words} **{words[:15]}** (<{url}>).",
        lambda: f"by [{words[:12]} \\(/people/x\\)](#)",
        lambda: f"{words} ❖",
        lambda: draw(st.sampled_from(["❖", "◆ ◆ ◆", "* * *", "---", "\uf0da", "•"])),
        lambda: draw(st.sampled_from(["Share", "RECOMMENDED", "TOPICS", "Related articles", "Mehr zum Thema", "Artículos relacionados", "Advertisement", "Subscribe to our newsletter in your inbox"])),
        lambda: draw(st.sampled_from(["By Jane Doe and John Roe", "Von Anna Schmidt", "Apr 1, 2025", "3 de marzo de 2024", "03.03.2024, 14:27 Uhr", "Published 2 April 2024 | 12 min read"])),
        lambda: "\n".join(words[i : i + 30] for i in range(0, len(words), 30)),
        lambda: f"# {words[:40]}",
        lambda: f"{words[:20]}\n{'=' * 10}",
        lambda: f"- {words}\n- {words[:10]}\n  {words[:5]}",
        lambda: f"1) {words}\n2) {words}",
        lambda: f"> {words}\n> {words}",
        lambda: f"<script>alert('{words[:5]}')</script><b onclick='x()'>{words[:10]}</b>",
        lambda: f"<img src='{url}'><iframe src='{url}'></iframe>",
        lambda: f"`code [0]` \\$5 &amp; &nbsp; {words} [sic] [[",
        lambda: f"```\n{words}\n```",
        lambda: f"[{words[:10]}][1]\n\n[1]: {url}",
        lambda: draw(WORDS),
    ][kind]()


PAGES = st.lists(artifact(), min_size=0, max_size=25).map("\n\n".join)
"""A whole scraped page: artifacts separated by blank lines."""

RANDOM_BYTES = st.binary(max_size=4000)
