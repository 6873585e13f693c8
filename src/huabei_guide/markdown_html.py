"""Turn one Markdown body into safe HTML, with pinyin heading ids and resolved .md links."""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from huabei_guide.model import Heading
from huabei_guide.slugs import slugify

EXTENSIONS = ("tables", "fenced_code", "footnotes", "attr_list", "admonition", "sane_lists")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
STASHED = re.compile("\x02(\\d+)\x03")
RAW_HTML_MARK = re.compile("\x02wzxhzdk:\\d+\x03")
ALLOWED_TAGS = frozenset(
    (
        *("a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "mark", "ol", "p"),
        *("pre", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot"),
        *("th", "thead", "tr", "u", "ul"),
    )
)
ALLOWED_ATTRIBUTES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "*": frozenset({"id", "class", "title", "lang"}),
        "a": frozenset({"href"}),
        "img": frozenset({"src", "alt", "width", "height", "loading"}),
        "td": frozenset({"align", "colspan", "rowspan"}),
        "th": frozenset({"align", "colspan", "rowspan", "scope"}),
        "ol": frozenset({"start"}),
    }
)
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


@dataclass(frozen=True, slots=True)
class Link:
    """A link to another source file, as written, with where it resolves to."""

    href: str
    target: str  # source path relative to the project root ('' for this page)
    anchor: str
    line: int


@dataclass(frozen=True, slots=True)
class Rendered:
    """The HTML of one body with what later stages need to check and index it."""

    html: str
    toc: tuple[Heading, ...]
    text: str
    links: tuple[Link, ...]
    ids: frozenset[str]
    duplicate_headings: tuple[str, ...] = ()


@dataclass(slots=True)
class _Page:
    """What the tree processor learns about the page being converted."""

    path: str
    urls: Mapping[str, str]
    toc: list[Heading] = field(default_factory=list)
    links: list[tuple[str, str, str]] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    text: str = ""


class _PageProcessor(Treeprocessor):
    """Assign heading ids and rewrite .md links, reporting into the current page."""

    def __init__(self, md: markdown.Markdown, page: Callable[[], _Page]) -> None:
        super().__init__(md)
        self.page = page

    def run(self, root: ET.Element) -> None:
        page = self.page()
        seen: set[str] = set()
        parents: list[tuple[int, str]] = []
        for element in root.iter():
            if element.tag in HEADINGS:
                _name_heading(element, page, seen, parents)
            elif element.tag == "a" and element.get("href"):
                _rewrite_link(element, page)
        page.text = _readable("".join(_visible_text(root)))


BLOCKS = frozenset(
    ("p", "li", "td", "th", "dt", "dd", "pre", "blockquote", "div", "tr", "ul", "ol", *HEADINGS)
)


def _visible_text(element: ET.Element) -> list[str]:
    """Return text pieces in order, with a space around block elements only."""
    pieces = [element.text or ""]
    for child in element:
        spacer = " " if child.tag in BLOCKS else ""
        pieces += [spacer, *_visible_text(child), spacer, child.tail or ""]
    return pieces


def _readable(text: str) -> str:
    """Restore escaped characters, drop raw-HTML placeholders and collapse whitespace."""
    text = STASHED.sub(lambda m: chr(int(m.group(1))), RAW_HTML_MARK.sub(" ", text))
    return " ".join(text.split())


def _plain(element: ET.Element) -> str:
    return _readable("".join(element.itertext()))


def _name_heading(
    element: ET.Element, page: _Page, seen: set[str], parents: list[tuple[int, str]]
) -> None:
    level = int(element.tag[1])
    while parents and parents[-1][0] >= level:
        parents.pop()
    text = _plain(element)
    ident = element.get("id") or slugify(text)
    if ident in seen and not element.get("id") and parents:
        ident = f"{parents[-1][1]}--{ident}"
    if ident in seen:
        page.duplicates.append(text)
        ident = next(f"{ident}-{n}" for n in range(2, 10_000) if f"{ident}-{n}" not in seen)
    seen.add(ident)
    element.set("id", ident)
    parents.append((level, ident))
    page.toc.append(Heading(level, ident, text))


def _rewrite_link(element: ET.Element, page: _Page) -> None:
    href = element.get("href", "")
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("/"):
        return
    if not parts.path:
        page.links.append((href, "", unquote(parts.fragment)))
        return
    if not parts.path.endswith(".md"):
        return
    base = posixpath.dirname(page.path)
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    page.links.append((href, target, unquote(parts.fragment)))
    url = page.urls.get(target)
    if url is not None:
        element.set("href", url + (f"#{parts.fragment}" if parts.fragment else ""))


class MarkdownRenderer:
    """A reusable Markdown converter; each call to ``render`` handles one body."""

    def __init__(self, urls: Mapping[str, str]) -> None:
        self._urls = urls
        self._page = _Page("", urls)
        self._md = markdown.Markdown(
            extensions=list(EXTENSIONS),
            extension_configs={"footnotes": {"BACKLINK_TITLE": "返回正文第 %d 处"}},
            output_format="html",
        )
        self._md.treeprocessors.register(_PageProcessor(self._md, lambda: self._page), "page", 1)

    def render(self, body: str, path: str, body_line: int) -> Rendered:
        """Convert ``body`` (from source ``path``, starting at ``body_line``) to safe HTML."""
        self._page = _Page(path, self._urls)
        self._md.reset()
        html = sanitise(self._md.convert(body))
        page = self._page
        links = _with_lines(page.links, body, body_line)
        ids = frozenset(h.id for h in page.toc) | _footnote_ids(html)
        return Rendered(html, tuple(page.toc), page.text, links, ids, tuple(page.duplicates))


def _with_lines(links: list[tuple[str, str, str]], body: str, body_line: int) -> tuple[Link, ...]:
    lines = body.split("\n")
    found = []
    start = 0
    for href, target, anchor in links:
        number = next((i for i in range(start, len(lines)) if f"]({href}" in lines[i]), None)
        if number is None:
            number = next((i for i, text in enumerate(lines) if href in text), 0)
        else:
            start = number
        found.append(Link(href, target, anchor, body_line + number))
    return tuple(found)


def _footnote_ids(html: str) -> frozenset[str]:
    return frozenset(re.findall(r'\sid="(fn[^"]*)"', html))


def sanitise(html: str) -> str:
    """Remove scripts, event handlers and unsafe URLs from raw HTML in Markdown."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
