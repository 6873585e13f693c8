"""The typed values the pipeline passes along and the templates receive."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Config:
    """Site settings from ``site.yaml``, checked at the door."""

    root: Path
    title: str
    description: str
    base_url: str
    language: str = "zh-CN"
    review_max_age_days: int = 120
    footer_notices: tuple[str, ...] = ()

    @property
    def content_dir(self) -> Path:
        """Return the folder of Markdown sources."""
        return self.root / "content"

    @property
    def template_dir(self) -> Path:
        """Return the folder of Jinja2 templates."""
        return self.root / "templates"

    @property
    def static_dir(self) -> Path:
        """Return the folder copied to the output."""
        return self.root / "static"

    @property
    def public_dir(self) -> Path:
        """Return the default output folder."""
        return self.root / "public"

    @property
    def lock_path(self) -> Path:
        """Return the path of the published-URL lock file."""
        return self.root / "urls.lock"

    def absolute(self, url: str) -> str:
        """Return ``url`` (a site path such as ``/a/b/``) as an absolute URL."""
        return self.base_url.rstrip("/") + url


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A reference shown under 参考来源."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of an article body, for the table of contents."""

    level: int
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Entry:
    """A triage entry point on the home page."""

    title: str
    text: str
    url: str


@dataclass(frozen=True, slots=True)
class Notice:
    """A reusable box of text (``content/_notices/NAME.md``)."""

    name: str
    title: str
    html: str


@dataclass(frozen=True, slots=True)
class Article:
    """One rendered article page."""

    path: str  # source file relative to the project root, e.g. content/a/b.md
    section: str  # section slug
    slug: str
    url: str  # site path, e.g. /a/b/
    title: str
    summary: str
    date: dt.date
    reviewed: dt.date
    updated: dt.date | None = None
    order: int | None = None
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    draft: bool = False
    html: str = ""
    toc: tuple[Heading, ...] = ()
    text: str = ""  # plain text of the body, for search and excerpts

    @property
    def modified(self) -> dt.date:
        """Return the date of the last change or check, whichever is latest."""
        return max(d for d in (self.date, self.updated, self.reviewed) if d is not None)


@dataclass(frozen=True, slots=True)
class Section:
    """A top-level folder of content with its articles in order."""

    slug: str
    url: str
    path: str
    title: str
    summary: str
    order: int
    intro_html: str
    notices: tuple[str, ...] = ()
    articles: tuple[Article, ...] = ()


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag and the articles that carry it."""

    name: str
    slug: str
    url: str
    articles: tuple[Article, ...] = ()


@dataclass(frozen=True, slots=True)
class Home:
    """The home page: intro text and triage entries."""

    title: str
    summary: str
    intro_html: str
    entries: tuple[Entry, ...] = ()
    notices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Redirect:
    """An old URL (an alias) that points at a page."""

    source: str
    target: str


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the pages are rendered from, with cross-page facts computed once."""

    config: Config
    home: Home
    sections: tuple[Section, ...]
    tags: tuple[Tag, ...]
    notices: dict[str, Notice] = field(default_factory=dict)
    redirects: tuple[Redirect, ...] = ()
    neighbours: dict[str, tuple[Article | None, Article | None]] = field(default_factory=dict)
    related: dict[str, tuple[Article, ...]] = field(default_factory=dict)
    tag_urls: dict[str, str] = field(default_factory=dict)  # every written tag name → its page

    @property
    def articles(self) -> tuple[Article, ...]:
        """Return every article, section by section, in order."""
        return tuple(a for s in self.sections for a in s.articles)

    def section_of(self, article: Article) -> Section:
        """Return the section that holds ``article``."""
        return next(s for s in self.sections if s.slug == article.section)

    def previous_of(self, article: Article) -> Article | None:
        """Return the article before ``article`` in its section."""
        return self.neighbours.get(article.url, (None, None))[0]

    def next_of(self, article: Article) -> Article | None:
        """Return the article after ``article`` in its section."""
        return self.neighbours.get(article.url, (None, None))[1]

    def related_to(self, article: Article) -> tuple[Article, ...]:
        """Return the articles that share the most tags with ``article``."""
        return self.related.get(article.url, ())

    def tag_url(self, name: str) -> str:
        """Return the URL of the tag page for tag ``name`` (as written in any article)."""
        return self.tag_urls[name]

    def notices_named(self, names: tuple[str, ...]) -> tuple[Notice, ...]:
        """Return the notices with the given names, in that order."""
        return tuple(self.notices[n] for n in names if n in self.notices)


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the built site: a path under the output folder and its bytes."""

    path: str  # relative, forward slashes, e.g. a/b/index.html
    content: bytes
