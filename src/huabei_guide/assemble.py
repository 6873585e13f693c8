"""Render every body, then assemble the Site: sections, tags, neighbours, related articles."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from huabei_guide.content import Source, Sources
from huabei_guide.markdown_html import MarkdownRenderer, Rendered
from huabei_guide.model import (
    Article,
    Config,
    Entry,
    Home,
    Notice,
    Section,
    Site,
    SourceRef,
    Tag,
)
from huabei_guide.routes import Routes
from huabei_guide.slugs import slugify

RELATED_COUNT = 3
PARALLEL_MINIMUM = 400  # below this many bodies, starting worker processes costs more than it saves


def _render_chunk(urls: Mapping[str, str], sources: Sequence[Source]) -> dict[str, Rendered]:
    renderer = MarkdownRenderer(urls)
    return {s.path: renderer.render(s.body, s.path, s.body_line) for s in sources}


def render_bodies(sources: Sources, routes: Routes, *, jobs: int = 1) -> dict[str, Rendered]:
    """Convert every source body to HTML, keyed by source path, in ``jobs`` processes."""
    every = [*([sources.home] if sources.home else []), *sources.sections, *sources.articles]
    every += sources.notices
    if jobs <= 1 or len(every) < PARALLEL_MINIMUM:
        return _render_chunk(routes.urls, every)
    chunks = [every[index::jobs] for index in range(jobs)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        parts = list(pool.map(_render_chunk, [routes.urls] * jobs, chunks))
    return {path: part[path] for part in parts for path in part}


def make_article(source: Source, url: str, rendered: Rendered) -> Article:
    """Build the typed article of one source from its checked front matter."""
    v: Mapping[str, Any] = source.values
    return Article(
        path=source.path,
        section=url.strip("/").split("/")[0],
        slug=url.strip("/").split("/")[-1],
        url=url,
        title=v["title"],
        summary=v["summary"],
        date=v["date"],
        reviewed=v["reviewed"],
        updated=v.get("updated"),
        order=v.get("order"),
        tags=tuple(dict.fromkeys(v.get("tags", ()))),
        aliases=tuple(v.get("aliases", ())),
        sources=tuple(SourceRef(t, u) for t, u in v.get("sources", ())),
        draft=v.get("draft", False),
        html=rendered.html,
        toc=rendered.toc,
        text=rendered.text,
    )


def _article_key(article: Article) -> tuple[bool, int, str, str]:
    return (article.order is None, article.order or 0, article.date.isoformat(), article.slug)


def _make_section(source: Source, url: str, rendered: Rendered, articles: list[Article]) -> Section:
    mine = sorted((a for a in articles if a.section == url.strip("/")), key=_article_key)
    return Section(
        slug=url.strip("/"),
        url=url,
        path=source.path,
        title=source.values["title"],
        summary=source.values["summary"],
        order=source.values.get("order", 0),
        intro_html=rendered.html,
        notices=tuple(source.values.get("notices", ())),
        articles=tuple(mine),
    )


def _make_home(source: Source | None, rendered: Mapping[str, Rendered], routes: Routes) -> Home:
    if source is None:
        return Home("首页", "", "")
    entries = tuple(
        Entry(title, text, routes.urls.get(f"content/{link}", "/"))
        for title, text, link in source.values.get("entries", ())
    )
    return Home(
        title=source.values["title"],
        summary=source.values["summary"],
        intro_html=rendered[source.path].html,
        entries=entries,
        notices=tuple(source.values.get("notices", ())),
    )


def collect_tags(articles: tuple[Article, ...]) -> tuple[Tag, ...]:
    """Group articles by tag; tags whose names share a slug are listed under the first name."""
    by_slug: dict[str, list[Article]] = {}
    names: dict[str, str] = {}
    for article in articles:
        for name in article.tags:
            slug = slugify(name)
            names.setdefault(slug, name)
            by_slug.setdefault(slug, []).append(article)
    return tuple(
        Tag(names[s], s, f"/tags/{s}/", tuple(by_slug[s]))
        for s in sorted(by_slug, key=lambda s: (-len(by_slug[s]), s))
    )


def index_by_tag(articles: tuple[Article, ...]) -> dict[str, tuple[Article, ...]]:
    """Map each tag name to the articles that carry it."""
    found: dict[str, list[Article]] = {}
    for article in articles:
        for name in article.tags:
            found.setdefault(name, []).append(article)
    return {name: tuple(items) for name, items in found.items()}


def index_by_tag_pair(articles: tuple[Article, ...]) -> dict[tuple[str, str], list[Article]]:
    """Map each pair of tags to the articles that carry both."""
    found: dict[tuple[str, str], list[Article]] = {}
    for article in articles:
        for pair in itertools.combinations(sorted(set(article.tags)), 2):
            found.setdefault(pair, []).append(article)
    return found


def _rank(article: Article, others: dict[str, Article]) -> tuple[Article, ...]:
    mine = set(article.tags)

    def key(url: str) -> tuple[int, bool, str]:
        other = others[url]
        return (-len(mine & set(other.tags)), other.section != article.section, url)

    return tuple(others[url] for url in sorted(others, key=key)[:RELATED_COUNT])


def find_related(
    article: Article,
    by_tag: Mapping[str, tuple[Article, ...]],
    by_pair: Mapping[tuple[str, str], list[Article]],
) -> tuple[Article, ...]:
    """Return the articles sharing most tags with ``article`` (same section, then URL, on ties)."""
    # Enough candidates sharing two or more tags outrank every one-tag match, so the (large)
    # one-tag lists are walked only when there are too few of them.
    pairs = itertools.combinations(sorted(set(article.tags)), 2)
    close = {o.url: o for p in pairs for o in by_pair.get(p, ()) if o.url != article.url}
    if len(close) >= RELATED_COUNT:
        return _rank(article, close)
    every = {o.url: o for t in article.tags for o in by_tag.get(t, ()) if o.url != article.url}
    return _rank(article, every)


def find_neighbours(
    sections: tuple[Section, ...],
) -> dict[str, tuple[Article | None, Article | None]]:
    """Map each article URL to its previous and next article within its section."""
    result: dict[str, tuple[Article | None, Article | None]] = {}
    for section in sections:
        items = section.articles
        for index, article in enumerate(items):
            before = items[index - 1] if index > 0 else None
            after = items[index + 1] if index + 1 < len(items) else None
            result[article.url] = (before, after)
    return result


def assemble_site(
    config: Config, sources: Sources, routes: Routes, rendered: Mapping[str, Rendered]
) -> Site:
    """Put the rendered pieces together into one Site, computing cross-page facts once."""
    articles = [make_article(s, routes.urls[s.path], rendered[s.path]) for s in sources.articles]
    sections = tuple(
        sorted(
            (
                _make_section(s, routes.urls[s.path], rendered[s.path], articles)
                for s in sources.sections
            ),
            key=lambda s: (s.order, s.slug),
        )
    )
    ordered = tuple(a for s in sections for a in s.articles)
    by_tag = index_by_tag(ordered)
    by_pair = index_by_tag_pair(ordered)
    notices = {
        s.stem: Notice(s.stem, s.values["title"], rendered[s.path].html) for s in sources.notices
    }
    return Site(
        config=config,
        home=_make_home(sources.home, rendered, routes),
        sections=sections,
        tags=collect_tags(ordered),
        notices=notices,
        redirects=routes.redirects,
        neighbours=find_neighbours(sections),
        related={a.url: find_related(a, by_tag, by_pair) for a in ordered},
        tag_urls={name: f"/tags/{slugify(name)}/" for name in by_tag},
    )
