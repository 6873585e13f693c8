"""The machine-read files: sitemap, Atom feed, robots.txt, redirects and headers."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape, quoteattr

from huabei_guide.assets import Assets
from huabei_guide.model import Article, Output, Site

FEED_SIZE = 30


def render_sitemap(site: Site) -> str:
    """Return sitemap.xml with lastmod from front matter, never from the clock."""
    rows = [(site.config.absolute("/"), _latest(site.articles))]
    rows += [(site.config.absolute(s.url), _latest(s.articles)) for s in site.sections]
    rows += [(site.config.absolute(a.url), a.modified) for a in site.articles]
    rows += [(site.config.absolute(t.url), _latest(t.articles)) for t in site.tags]
    body = "".join(
        f"<url><loc>{escape(url)}</loc>"
        + (f"<lastmod>{date.isoformat()}</lastmod>" if date else "")
        + "</url>\n"
        for url, date in rows
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{body}</urlset>\n"
    )


def _latest(articles: tuple[Article, ...]) -> dt.date | None:
    return max((a.modified for a in articles), default=None)


def _stamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00+08:00"


def render_atom(site: Site) -> str:
    """Return an Atom feed of the newest articles, dated by their front matter."""
    newest = sorted(site.articles, key=lambda a: (a.modified, a.url), reverse=True)[:FEED_SIZE]
    config = site.config
    updated = _latest(site.articles) or dt.date(2000, 1, 1)
    entries = "".join(_atom_entry(site, a) for a in newest)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.language)}>\n'
        f"<title>{escape(config.title)}</title>\n"
        f"<subtitle>{escape(config.description)}</subtitle>\n"
        f'<link href={quoteattr(config.absolute("/atom.xml"))} rel="self"/>\n'
        f"<link href={quoteattr(config.absolute('/'))}/>\n"
        f"<id>{escape(config.absolute('/'))}</id>\n"
        f"<updated>{_stamp(updated)}</updated>\n"
        f"<author><name>{escape(config.title)}</name></author>\n"
        f"{entries}</feed>\n"
    )


def _atom_entry(site: Site, article: Article) -> str:
    url = site.config.absolute(article.url)
    return (
        "<entry>"
        f"<title>{escape(article.title)}</title>"
        f"<link href={quoteattr(url)}/>"
        f"<id>{escape(url)}</id>"
        f"<published>{_stamp(article.date)}</published>"
        f"<updated>{_stamp(article.modified)}</updated>"
        f"<summary>{escape(article.summary)}</summary>"
        "</entry>\n"
    )


def render_robots(site: Site) -> str:
    """Return robots.txt pointing at the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.config.absolute('/sitemap.xml')}\n"


def render_redirects(site: Site) -> str:
    """Return ``_redirects`` (Netlify / Cloudflare Pages) with a 301 for every alias."""
    return "".join(f"{r.source} {r.target} 301\n" for r in site.redirects)


def render_headers(assets: Assets) -> str:
    """Return ``_headers`` with the CSP and other security headers for every path."""
    lines = [
        "/*",
        f"  Content-Security-Policy: {assets.csp()}",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
        "  X-Frame-Options: DENY",
        "  Permissions-Policy: camera=(), microphone=(), geolocation=(), interest-cohort=()",
        "/static/*",
        "  Cache-Control: public, max-age=31536000, immutable",
    ]
    return "\n".join(lines) + "\n"


def render_feeds(site: Site, assets: Assets) -> tuple[Output, ...]:
    """Return every machine-read file of the site."""
    files = {
        "sitemap.xml": render_sitemap(site),
        "atom.xml": render_atom(site),
        "robots.txt": render_robots(site),
        "_redirects": render_redirects(site),
        "_headers": render_headers(assets),
    }
    return tuple(Output(name, text.encode("utf-8")) for name, text in files.items())
