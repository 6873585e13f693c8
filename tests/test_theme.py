"""The theme on the real site: byte budgets, one origin, and mobile layout in Chromium."""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import re
from pathlib import Path
from typing import Any

import pytest

ARTICLE_BUDGET = 14 * 1024  # one TCP initial congestion window, gzip -9
PAGE_BUDGET = 30 * 1024  # HTML + CSS + JS of one page, gzip -9
VIEWPORT = {"width": 360, "height": 740}
# Elements the theme promises a tap height of at least 44 CSS pixels.
TAP_TARGETS = (
    ".top a, .crumbs a, .cards a, .list a, .tags a, .pager a, .toc summary, .sources a,"
    " .search input, .search button, .btn, .sec a, .skip"
)
SUBRESOURCE = re.compile(r"<(?:link|script|img)\b[^>]*>", re.IGNORECASE)
URL_ATTR = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(https?:)?//""", re.IGNORECASE)
ARTICLE_PAGE = re.compile(r"^[a-z0-9-]+/[a-z0-9-]+/index\.html$")


@pytest.fixture(scope="session")
def site(real_site: Path) -> Path:
    """The repository's own site, built once for the session."""
    return real_site


def html_pages(site: Path) -> list[Path]:
    """Return every built HTML page except the alias redirects."""
    return [p for p in sorted(site.rglob("*.html")) if 'http-equiv="refresh"' not in p.read_text()]


def article_pages(site: Path) -> list[Path]:
    """Return the built article pages (``section/slug/index.html``) outside tags/."""
    return [
        p
        for p in html_pages(site)
        if ARTICLE_PAGE.match(p.relative_to(site).as_posix()) and p.parts[-3] != "tags"
    ]


def gz(data: bytes) -> int:
    """Return the size of ``data`` after gzip -9."""
    return len(gzip.compress(data, 9))


def linked_files(site: Path, text: str) -> list[Path]:
    """Return the local stylesheet and script files a page loads."""
    refs = re.findall(r'<link rel="stylesheet" href="(/[^"]+)"', text)
    refs += re.findall(r'<script[^>]*\bsrc="(/[^"]+)"', text)
    return [site / ref.lstrip("/") for ref in refs]


def test_article_pages_fit_the_first_round_trip(site: Path) -> None:
    articles = article_pages(site)
    assert len(articles) >= 3
    too_big = {p.relative_to(site).as_posix(): gz(p.read_bytes()) for p in articles}
    assert {k: v for k, v in too_big.items() if v > ARTICLE_BUDGET} == {}


def test_html_css_js_of_every_page_fit_the_budget(site: Path) -> None:
    over = {}
    for page in html_pages(site):
        text = page.read_text("utf-8")
        total = gz(page.read_bytes()) + sum(gz(f.read_bytes()) for f in linked_files(site, text))
        if total > PAGE_BUDGET:
            over[page.relative_to(site).as_posix()] = total
    assert over == {}


def test_no_subresource_comes_from_another_origin(site: Path) -> None:
    offenders = []
    for page in sorted(site.rglob("*.html")):
        for tag in SUBRESOURCE.findall(page.read_text("utf-8")):
            if 'rel="canonical"' in tag:
                continue  # a canonical link names the page's own address; nothing is fetched
            if URL_ATTR.search(tag):
                offenders.append(f"{page.relative_to(site)}: {tag}")
    assert offenders == []


def test_inline_css_is_allowed_by_the_page_csp(site: Path) -> None:
    for page in html_pages(site):
        text = page.read_text("utf-8")
        styles = re.findall(r"<style>(.*?)</style>", text, re.DOTALL)
        csp = html.unescape(
            re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)[1]
        )
        assert len(styles) == 1, page
        digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp, page
        assert " style=" not in text, page


def test_pages_carry_the_seo_basics(site: Path) -> None:
    titles: dict[str, str] = {}
    for page in html_pages(site):
        text = page.read_text("utf-8")
        name = page.relative_to(site).as_posix()
        assert text.startswith('<!doctype html>\n<html lang="zh-CN">'), name
        assert re.search(r'<meta name="description" content="[^"]+">', text), name
        assert '<meta name="applicable-device" content="pc,mobile">' in text, name
        assert re.search(r'<link rel="canonical" href="https://[^"]+">', text), name
        assert '<meta property="og:title"' in text, name
        title = re.search(r"<title>(.+?)</title>", text)[1]
        assert title not in titles, f"{name} repeats the title of {titles.get(title)}"
        titles[title] = name
    for page in article_pages(site):
        text = page.read_text("utf-8")
        assert '"@type":"Article"' in text and '"dateModified":"' in text, page
        assert '"@type":"BreadcrumbList"' in text, page
        assert "本页最近审核日期：" in text, page


# --- In Chromium --------------------------------------------------------------------------


def site_urls(site: Path) -> list[str]:
    """Return the URL of home, every section and article, the tag index, search and 404."""
    urls = ["/", "/tags/", "/search/", "/search/?q=协商", "/404.html"]
    for page in html_pages(site):
        rel = page.relative_to(site).as_posix()
        if rel.endswith("/index.html") and not rel.startswith(("tags/", "search/")):
            urls.append("/" + rel.removesuffix("index.html"))
    return urls


def open_page(chromium: Any, site_url: str, **options: Any) -> tuple[Any, Any, list[str]]:
    """Open a 360-wide page that records console errors and requests to other origins."""
    context = chromium.new_context(viewport=VIEWPORT, **options)
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on(
        "request",
        lambda r: None if r.url.startswith((site_url, "data:")) else problems.append(r.url),
    )
    return context, page, problems


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_fits_a_small_phone(
    chromium: Any, site_url: str, site: Path, scheme: str
) -> None:
    context, page, problems = open_page(chromium, site_url, color_scheme=scheme)
    failures = []
    for url in site_urls(site):
        page.goto(site_url + url, wait_until="networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        font = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        if width > VIEWPORT["width"]:
            failures.append(f"{url}: scrolls sideways ({width}px)")
        if font < 16:
            failures.append(f"{url}: body text {font}px")
        failures += [f"{url}: {p}" for p in problems]
        problems.clear()
    context.close()
    assert failures == []


@pytest.mark.browser
def test_tap_targets_are_at_least_44px_high(chromium: Any, site_url: str, site: Path) -> None:
    context, page, _ = open_page(chromium, site_url)
    small = []
    for url in site_urls(site):
        page.goto(site_url + url)
        heights = page.eval_on_selector_all(
            TAP_TARGETS,
            "els => els.filter(e => e.getClientRects().length)"
            ".map(e => [e.textContent.trim().slice(0, 20), e.getBoundingClientRect().height])",
        )
        small += [f"{url}: {text!r} {h:.1f}px" for text, h in heights if h < 44]
    context.close()
    assert small == []


@pytest.mark.browser
def test_an_article_reads_without_javascript(chromium: Any, site_url: str, site: Path) -> None:
    article = article_pages(site)[0]
    url = "/" + article.relative_to(site).as_posix().removesuffix("index.html")
    context, page, problems = open_page(chromium, site_url, java_script_enabled=False)
    page.goto(site_url + url)
    assert page.locator("main h1").inner_text().strip()
    assert len(page.locator("main .prose").inner_text().strip()) > 100
    assert page.locator("footer").get_by_text("本页最近审核日期").is_visible()
    context.close()
    assert problems == []


@pytest.mark.browser
def test_dark_mode_and_visible_focus(chromium: Any, site_url: str) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        context, page, _ = open_page(chromium, site_url, color_scheme=scheme)
        page.goto(site_url + "/")
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(() => { const e = document.activeElement, s = getComputedStyle(e);"
            " return [e.className, s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
        )
        assert focused[0] == "skip" and focused[1] != "none" and focused[2] >= 2, focused
        assert page.locator(".skip").bounding_box()["x"] >= 0
        context.close()
    assert colours["light"] != colours["dark"]
