"""Build the real-page corpus into ``.corpus/`` from the fetched evaluation sets.

Usage::

    .venv/bin/python bench/corpus/build.py            # build, or bring up to date
    .venv/bin/python bench/corpus/build.py --jobs 1   # on one core
    .venv/bin/python bench/corpus/build.py --check    # rebuild into a scratch folder and compare bytes

Pages and gold are read from the sets' repositories in ``/work/.mirror``
(``CORPUS_MIRRORS`` to move it); every page goes through every scraper of
``scrapers.py``; outputs already in ``.corpus/out`` for the same page bytes
and scraper versions are kept, so a rebuild redoes only what changed. The
same mirrors give the same bytes.

Which pages: every page of trafilatura's evaluation with snippets (German
ones sampled, the set is two-thirds German), Readability's real test pages,
the hand-extracted htmltotext pages, one page per site of the DAnIEL news
corpus (at most ``DANIEL_PER_LANG`` per language), and htmldate's world news
pages (dates only). Samples are taken in the order of a hash of the page's
name, so they never depend on the machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from multiprocessing import util as mp_util
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.corpus import meta, reach, scrapers, sources
from bench.corpus.store import (
    CORPUS,
    SPLIT_FILE,
    Entry,
    Gold,
    Reach,
    entry_to_json,
    read_split,
    write_json,
    write_text,
)

TRAFILATURA_GERMAN = 250
"""German pages kept from trafilatura's set (of about 640)."""
DANIEL_PER_LANG = 60
"""DAnIEL pages kept per language, one per site."""
TEST_SHARE = 4
"""One site in this many is in the test split."""


@dataclass(frozen=True, slots=True)
class Chosen:
    """A page picked for the corpus, with its gold complete."""

    id: str
    set: str
    url: str
    site: str
    html: str
    title_tab: str
    published_time: str
    gold: Gold


def _order(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def split_of(site: str) -> str:
    """The hash rule the frozen split was drawn with."""
    return "test" if hashlib.sha256(site.encode("utf-8")).digest()[0] % TEST_SHARE == 0 else "train"


def _page_id(raw: sources.Raw) -> str:
    key = re.sub(r"[^A-Za-z0-9._-]+", "-", raw.key).strip("-.")[:80]
    return f"{raw.set}-{key}"


def _person(name: str) -> str:
    """A name as a byline prints it: no address or handle in brackets after it."""
    name = re.sub(r"\s*[(<\[][^)>\]]*[)>\]]", "", name)
    name = re.sub(r"\s*(?:https?://|www\.)\S+", "", name)
    return " ".join(name.split()).strip(" ,;|")


_ORGANISATION_WORDS = frozenset(
    ["news", "nachrichten", "noticias", "nouvelles", "notizie", "wiadomości", "новости", "ειδήσεις", "redakcja", "redaktion", "redacción", "rédaction", "redazione", "redactie", "редакция", "σύνταξη", "editor", "editors", "editorial", "staff", "team", "online", "admin", "administrator", "agency", "agentur", "press", "presse", "prensa", "media", "medien", "tv", "radio", "portal", "magazine", "magazin", "zeitung", "newsroom", "desk", "service", "services", "wire", "correspondent", "reporters"]
)


def _meta_authors(names: tuple[str, ...], site: str, site_name: str) -> tuple[str, ...]:
    """People named by a page's own author tags: a tag often names the site,
    the publisher or a desk, and a person's role after a comma."""
    label = site.split(".")[0].casefold()
    publisher = reach.flat(site_name)
    people = []
    for value in names:
        for part in re.split(r"\s*(?:;|&|\||\band\b|\bund\b|\bet\b|\bi\b|\bи\b)\s*", value):
            name = _person(part.split(",")[0])
            folded = reach.flat(name)
            words = folded.split()
            if not name or any(ch.isdigit() for ch in name) or len(name) > 40:
                continue
            unspaced = meta.dominant_script(name) in ("CJK", "HANGUL")
            if (
                (not unspaced and len(words) < 2)
                or (unspaced and len(name) > 4)
                or (publisher and (folded in publisher or publisher in folded))
                or (len(label) > 2 and label in folded.replace(" ", ""))
                or any(w.strip(".") in _ORGANISATION_WORDS for w in words)
                or "." in name.replace(". ", "")
            ):
                continue
            people.append(name)
    return tuple(dict.fromkeys(people))


def _gold(raw: sources.Raw, html: str, found: meta.PageMeta, site: str) -> Gold:
    """The set's gold, each missing field from the page's own tags."""
    sources_: dict[str, str] = {}

    def pick(name: str, given: Any, fallback: meta.Found | None, given_source: str = "set") -> Any:
        if given:
            sources_[name] = given_source
            return given
        if fallback is not None and fallback.value:
            sources_[name] = fallback.source
            return fallback.value
        sources_[name] = "none"
        return type(given)()

    title = pick("title", raw.title, found.title)
    authors = tuple(n for n in (_person(a) for a in pick("authors", raw.authors, found.authors)) if n)
    if sources_["authors"] != "set":
        authors = _meta_authors(authors, site, found.site_name)
        if not authors:
            sources_["authors"] = "none"
    date_source = raw.extra.get("date_source", "set")
    date = pick("date", raw.date, found.date, date_source)
    lang = pick("lang", raw.lang, found.lang)
    if sources_["lang"] != "set" and lang:
        text = " ".join(raw.body or raw.with_)
        text = text if len(text) > 200 else meta.visible_text(html)
        if not (meta.lang_fits_script(lang, text) and meta.lang_fits_text(lang, text)):
            lang, sources_["lang"] = "", "none"  # a template's lang attribute, not the page's language
    if raw.body is not None:
        sources_["body"] = "set-full"
    elif raw.with_:
        sources_["body"] = "set-snippets"
    else:
        sources_["body"] = "none"
    return Gold(
        title=title,
        authors=authors,
        date=date,
        lang=lang,
        body=raw.body,
        with_=raw.with_,
        without=raw.without,
        sources=sources_,
    )


def choose_pages() -> list[Chosen]:
    """Read every set and pick the corpus's pages, with their gold."""
    by_digest: dict[str, sources.Raw] = {}
    trafilatura = list(sources.trafilatura_pages())
    for raw in trafilatura:
        by_digest.setdefault(raw.digest, raw)
    # htmldate's dates complete trafilatura's where both hold the same page.
    world_news = []
    for raw in sources.htmldate_pages():
        twin = by_digest.get(raw.digest)
        if twin is not None:
            if not twin.date and raw.date:
                by_digest[raw.digest] = replace(twin, date=raw.date, extra={"date_source": "set-htmldate"})
        elif raw.key.isdigit():  # the world news pages (tests/test_set); the rest are BBAW's, German, dates only
            world_news.append(raw)
    candidates: list[sources.Raw] = [by_digest[r.digest] for r in trafilatura if by_digest.get(r.digest) is not None]
    candidates = list({r.digest: r for r in candidates}.values())
    seen = set(by_digest)
    for raw in [*sources.readability_pages(), *sources.htmltotext_pages(), *world_news, *sources.daniel_pages()]:
        if raw.digest not in seen:
            seen.add(raw.digest)
            candidates.append(raw)

    chosen: list[Chosen] = []
    ids: set[str] = set()
    for raw in candidates:
        html = meta.decode_html(raw.data)
        found = meta.page_meta(html)
        # Some of trafilatura's pages are keyed by a name, not an address.
        url = raw.url if raw.url.startswith(("http://", "https://")) else ""
        url = url or (str(found.url.value) if found.url else "")
        site = meta.site_of(url) if url else ""
        if raw.set == sources.DANIEL.name:
            url = ""  # DAnIEL names only the host; the page's own address is not known
        if not site:
            # A test page with no address: its name stands for its site.
            stem = re.sub(r"-\d+$", "", raw.key)
            site = f"{stem}.{raw.set}.invalid"
        page_id = _page_id(raw)
        if page_id in ids:
            page_id = f"{page_id}-{raw.digest[:8]}"
        ids.add(page_id)
        chosen.append(
            Chosen(
                id=page_id,
                set=raw.set,
                url=url,
                site=site,
                html=html,
                title_tab=meta.page_title(html),
                published_time=found.published_time,
                gold=_gold(raw, html, found, site),
            )
        )
    return _sample(chosen)


def _sample(pages: list[Chosen]) -> list[Chosen]:
    kept: list[Chosen] = []
    german = sorted((p for p in pages if p.set == sources.TRAFILATURA.name and p.gold.lang == "de"), key=lambda p: _order(p.id))
    keep_german = {p.id for p in german[:TRAFILATURA_GERMAN]}
    daniel_sites: set[str] = set()
    daniel_langs: Counter[str] = Counter()
    for page in sorted(pages, key=lambda p: (p.set, _order(p.id))):
        if page.set == sources.TRAFILATURA.name and page.gold.lang == "de" and page.id not in keep_german:
            continue
        if page.set == sources.DANIEL.name:
            if page.site in daniel_sites or daniel_langs[page.gold.lang] >= DANIEL_PER_LANG:
                continue
            daniel_sites.add(page.site)
            daniel_langs[page.gold.lang] += 1
        kept.append(page)
    return sorted(kept, key=lambda p: p.id)


# --------------------------------------------------------------------------
# Running the scrapers, two processes at a time


_WORKER: dict[str, scrapers.Tools] = {}


def _start_worker() -> None:
    tools = scrapers.Tools()
    _WORKER["tools"] = tools
    # Pool workers that exit normally run this: the browser goes with them.
    mp_util.Finalize(tools, tools.close, exitpriority=10)


def _scrape(job: tuple[str, str, str, str, str, tuple[str, ...], bool]) -> tuple[str, dict[str, tuple[str, str]], Any]:
    page_id, html_path, url, title, published, names, want_anchor = job
    tools = _WORKER.setdefault("tools", scrapers.Tools())
    html = Path(html_path).read_text(encoding="utf-8")
    page = scrapers.Page(html=html, url=url, title=title, published_time=published)
    results: dict[str, tuple[str, str]] = {}
    for name in names:
        for attempt in (1, 2):
            try:
                results[name] = (scrapers.SCRAPERS[name](page, tools), "")
                break
            except Exception as error:  # noqa: BLE001 - recorded; the page keeps an empty output
                message = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"[:200]
                results[name] = ("", message)
                if name != "chromium_pdf":
                    break
    anchor = _anchor(page) if want_anchor else None
    return page_id, results, anchor


def _anchor(page: scrapers.Page) -> dict[str, Any]:
    """trafilatura on the HTML itself: its body text and metadata."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            page.html,
            url=page.url or None,
            with_metadata=True,
            include_comments=False,
            date_extraction_params=scrapers.DATE_PARAMS,
        )
    except Exception as error:  # noqa: BLE001 - an anchor that fails scores as empty
        return {"text": "", "title": "", "authors": [], "date": "", "lang": "", "error": type(error).__name__}
    if document is None or isinstance(document, dict):
        return {"text": "", "title": "", "authors": [], "date": "", "lang": ""}
    return {
        "text": document.text or "",
        "title": document.title or "",
        "authors": [a.strip() for a in (document.author or "").split(";") if a.strip()],
        "date": document.date or "",
        "lang": document.language or "",
    }


def _cache_key(html: str, url: str, versions: dict[str, str], scraper: str = "") -> str:
    """What an output depends on: the page, every converter's version, the
    page's address if the scraper reads it, and the scraper's own revision."""
    key = _order(html + json.dumps(versions, sort_keys=True))
    if scraper in scrapers.READ_ADDRESS:
        key = _order(key + url)
    revision = scrapers.REVISIONS.get(scraper)
    return _order(key + revision) if revision else key


def run_scrapers(pages: list[Chosen], folder: Path, jobs: int, versions: dict[str, str]) -> dict[str, dict[str, str]]:
    """Fill ``out/`` and ``anchor/``; returns each page's scraper errors."""
    keys_path = folder / "out" / "keys.json"
    old_keys: dict[str, dict[str, str]] = json.loads(keys_path.read_text()) if keys_path.exists() else {}
    old_errors_path = folder / "out" / "errors.json"
    old_errors: dict[str, dict[str, str]] = json.loads(old_errors_path.read_text()) if old_errors_path.exists() else {}
    new_keys: dict[str, dict[str, str]] = {}
    errors: dict[str, dict[str, str]] = {}
    work = []
    keys: dict[str, dict[str, str]] = {}
    for page in pages:
        key = keys[page.id] = {n: _cache_key(page.html, page.url, versions, n) for n in (*scrapers.SCRAPERS, "anchor")}
        have = old_keys.get(page.id, {})
        names = tuple(
            n for n in scrapers.SCRAPERS
            if have.get(n) != key[n] or not (folder / "out" / n / f"{page.id}.md").exists()
        )
        anchor_ok = have.get("anchor") == key["anchor"] and (folder / "anchor" / f"{page.id}.json").exists()
        errors[page.id] = {n: e for n, e in old_errors.get(page.id, {}).items() if n not in names}
        if not names and anchor_ok:
            new_keys[page.id] = key
        else:
            html_path = folder / "pages" / f"{page.id}.html"
            work.append((page.id, str(html_path), page.url, page.title_tab, page.published_time, names, not anchor_ok))
    if work:
        print(f"scraping {len(work)} pages ({sum(len(w[5]) for w in work)} outputs) on {jobs} processes", flush=True)
        started = time.monotonic()
        done = 0
        results: Iterable[Any]
        if jobs > 1:
            pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_start_worker)
            results = pool.imap_unordered(_scrape, work, chunksize=2)
        else:
            pool = None
            _start_worker()
            results = map(_scrape, work)
        try:
            for page_id, outputs, anchor in results:
                for name, (text, error) in outputs.items():
                    write_text(folder / "out" / name / f"{page_id}.md", text)
                    if error:
                        errors[page_id][name] = error
                    else:
                        errors[page_id].pop(name, None)
                if anchor is not None:
                    write_json(folder / "anchor" / f"{page_id}.json", anchor)
                new_keys[page_id] = keys[page_id]
                done += 1
                if done % 25 == 0:  # an interrupted build keeps what it did
                    write_json(keys_path, new_keys)
                    write_json(old_errors_path, {k: v for k, v in errors.items() if v})
                if done % 50 == 0 or done == len(work):
                    rate = (time.monotonic() - started) / done
                    print(f"  {done}/{len(work)} pages, {rate:.2f} s/page, {rate * (len(work) - done) / 60:.1f} min left", flush=True)
        finally:
            if pool is not None:
                pool.close()
                pool.join()
            else:
                _WORKER.pop("tools").close()
    write_json(keys_path, dict(sorted(new_keys.items())))
    write_json(old_errors_path, {k: v for k, v in errors.items() if v})
    return errors


# --------------------------------------------------------------------------


def reachability(page: Chosen, folder: Path) -> dict[str, Reach]:
    found = {}
    for name in scrapers.SCRAPERS:
        text = reach.flat((folder / "out" / name / f"{page.id}.md").read_text(encoding="utf-8"))
        found[name] = Reach(
            title=reach.title_visible(page.gold.title, text),
            authors=reach.authors_visible(page.gold.authors, text),
            date=bool(page.gold.date) and reach.date_visible(page.gold.date, text, page.gold.lang),
        )
    return found


def _prune(folder: Path, keep: set[str]) -> None:
    """Remove pages and outputs of pages no longer in the corpus."""
    for sub in ("pages", "anchor", *(f"out/{n}" for n in scrapers.SCRAPERS)):
        directory = folder / sub
        if directory.exists():
            for path in directory.iterdir():
                if path.stem not in keep:
                    path.unlink()


def summary(entries: list[Entry], versions: dict[str, str], commits: dict[str, str]) -> str:
    lines = []

    def counts(group: list[Entry]) -> str:
        langs = Counter(e.gold.lang for e in group if e.gold.lang)
        return f"{len(group)} pages, {len({e.site for e in group})} sites, {len(langs)} languages"

    body = [e for e in entries if e.gold.body is not None or e.gold.with_]
    lines.append(f"corpus: {counts(entries)}; with body gold: {counts(body)}")
    langs = Counter(e.gold.lang or "?" for e in entries)
    lines.append("languages: " + ", ".join(f"{lang} {n}" for lang, n in sorted(langs.items(), key=lambda x: (-x[1], x[0]))))
    lines.append("")
    lines.append(f"{'set':<12} {'commit':<12} {'pages':>5} {'sites':>5} {'langs':>5}  body gold")
    for name in sorted({e.set for e in entries}):
        group = [e for e in entries if e.set == name]
        kinds = Counter(e.gold.sources["body"] for e in group)
        lines.append(
            f"{name:<12} {commits.get(name, '')[:10]:<12} {len(group):>5} {len({e.site for e in group}):>5} "
            f"{len({e.gold.lang for e in group if e.gold.lang}):>5}  "
            + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
        )
    lines.append("")
    for which in ("train", "test"):
        group = [e for e in entries if e.split == which]
        lines.append(f"{which:<6} {counts(group)}")
    lines.append("")
    lines.append("gold sources:")
    for field in ("title", "authors", "date", "lang", "body"):
        found = Counter(e.gold.sources[field] for e in entries)
        lines.append(f"  {field:<8} " + ", ".join(f"{k} {n}" for k, n in sorted(found.items(), key=lambda x: (-x[1], x[0]))))
    lines.append("")
    lines.append("reachable in each scraper's output (share of pages whose gold has the field):")
    lines.append(f"  {'scraper':<17} {'title':>6} {'authors':>8} {'date':>6}  empty outputs")
    for name in scrapers.SCRAPERS:
        def share(field: str, name: str = name) -> str:
            having = [e for e in entries if getattr(e.gold, field)]
            hit = sum(getattr(e.reach[name], field) for e in having)
            return f"{hit / len(having):.2f}" if having else "-"

        failed = sum(1 for e in entries if name in e.errors)
        lines.append(f"  {name:<17} {share('title'):>6} {share('authors'):>8} {share('date'):>6}  {failed}")
    lines.append("")
    lines.append("versions: " + "; ".join(f"{k} {v}" for k, v in sorted(versions.items())))
    return "\n".join(lines) + "\n"


def missing_mirrors_message(missing: list[sources.Set]) -> str:
    lines = ["bench/corpus/build.py: these evaluation sets have not been fetched:"]
    for s in missing:
        lines.append(f"  {s.repo:<32} expected at {s.git_dir}  ({s.what})")
    lines.append(
        "Fetch each as a git directory: git clone --bare https://github.com/<owner>/<name> "
        "/work/.mirror/<owner>+<name>/repo (CORPUS_MIRRORS moves /work/.mirror)."
    )
    return "\n".join(lines)


def build(folder: Path, jobs: int) -> list[Entry]:
    missing = sources.check_mirrors()
    if missing:
        print(missing_mirrors_message(missing), file=sys.stderr)
        raise SystemExit(2)
    for tool in ("pandoc", "chromium"):
        if shutil.which(tool) is None:
            print(f"bench/corpus/build.py: {tool} is not installed (apt-get install -y pandoc chromium)", file=sys.stderr)
            raise SystemExit(2)
    started = time.monotonic()
    pages = choose_pages()
    print(f"chose {len(pages)} pages in {time.monotonic() - started:.0f} s", flush=True)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".gitignore").write_text("*\n")
    for page in pages:
        write_text(folder / "pages" / f"{page.id}.html", page.html)
    _prune(folder, {p.id for p in pages})
    versions = scrapers.versions()
    errors = run_scrapers(pages, folder, jobs, versions)

    frozen = read_split()
    unfrozen = sorted({p.site for p in pages} - set(frozen))
    if unfrozen and frozen:
        print(f"{len(unfrozen)} sites are not in {SPLIT_FILE.name}; they are split by its hash rule", file=sys.stderr)
    entries = [
        Entry(
            id=p.id,
            set=p.set,
            url=p.url,
            site=p.site,
            split=frozen.get(p.site) or split_of(p.site),
            gold=p.gold,
            reach=reachability(p, folder),
            errors=errors.get(p.id, {}),
        )
        for p in pages
    ]
    if not frozen:
        write_split(entries)
    write_json(
        folder / "index.json",
        {"scrapers": list(scrapers.SCRAPERS), "versions": versions, "pages": [entry_to_json(e) for e in entries]},
    )
    text = summary(entries, versions, sources.commits())
    write_text(folder / "summary.txt", text)
    print(text, end="")
    print(f"built in {time.monotonic() - started:.0f} s")
    return entries


def write_split(entries: list[Entry]) -> None:
    """Freeze the split: every site and its side, by the hash rule."""
    sites = sorted({(e.site, e.split) for e in entries})
    lines = [
        "# The frozen split of the real-page corpus: one site a line, 'test' or 'train'.",
        f"# Drawn once by site (registered domain): test when the first byte of sha256(site) % {TEST_SHARE} == 0.",
        "# Nobody looks at test pages' outputs; scores on them are taken once before and once after tuning.",
    ]
    lines += [f"{split} {site}" for site, split in sites]
    SPLIT_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"froze the split: {SPLIT_FILE}")


def check(jobs: int) -> int:
    """Rebuild from scratch into a scratch folder and compare every byte."""
    with tempfile.TemporaryDirectory(prefix="corpus-check-") as scratch:
        build(Path(scratch), jobs)
        differ = []
        for path in sorted(Path(scratch).rglob("*")):
            if path.is_file():
                mine = CORPUS / path.relative_to(scratch)
                if not mine.exists() or mine.read_bytes() != path.read_bytes():
                    differ.append(str(path.relative_to(scratch)))
        print(f"{len(differ)} files differ from {CORPUS}" + (": " + ", ".join(differ[:20]) if differ else ""))
        return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=max(1, min(2, multiprocessing.cpu_count())))
    parser.add_argument("--check", action="store_true", help="rebuild from scratch elsewhere and compare bytes")
    args = parser.parse_args(argv)
    if args.check:
        return check(args.jobs)
    build(CORPUS, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
