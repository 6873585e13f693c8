"""Give every source its URL before anything is rendered, and guard published URLs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from huabei_guide.content import Source, Sources
from huabei_guide.errors import Problem, Severity
from huabei_guide.model import Redirect
from huabei_guide.slugs import is_valid_slug, slugify

RESERVED = frozenset(
    {
        "tags",
        "search",
        "static",
        "404.html",
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        "favicon.ico",
        "index.html",
        "_redirects",
        "_headers",
    }
)
FIXED_URLS = ("/", "/search/", "/tags/")


@dataclass(frozen=True, slots=True)
class Routes:
    """The URL of every source path, and the redirects its aliases ask for."""

    urls: Mapping[str, str]
    redirects: tuple[Redirect, ...]

    def published(self) -> frozenset[str]:
        """Return every URL this build serves: pages, fixed pages and aliases."""
        return frozenset((*self.urls.values(), *FIXED_URLS, *(r.source for r in self.redirects)))


def assign_urls(sources: Sources) -> tuple[Routes, list[Problem]]:
    """Assign a URL to every source; report bad slugs, reserved names and collisions."""
    problems: list[Problem] = []
    urls: dict[str, str] = {}
    if sources.home is not None:
        urls[sources.home.path] = "/"
    section_slugs: dict[str, str] = {}
    for section in sources.sections:
        slug = _slug_of(section, problems)
        if slug in RESERVED:
            problems.append(_reserved(section, slug))
        section_slugs[section.folder] = slug
        urls[section.path] = f"/{slug}/"
    for article in sources.articles:
        parent = section_slugs.get(article.folder, slugify(article.folder))
        urls[article.path] = f"/{parent}/{_slug_of(article, problems)}/"
    slug_lines = {s.path: s.lines.get("slug", 1) for s in (*sources.sections, *sources.articles)}
    problems += _collisions(urls, slug_lines)
    redirects, alias_problems = _aliases((*sources.sections, *sources.articles), urls)
    return Routes(urls, redirects), problems + alias_problems


def _slug_of(source: Source, problems: list[Problem]) -> str:
    explicit: str | None = source.values.get("slug")
    if explicit is None:
        return str(slugify(source.stem))
    if "/" in explicit or "\\" in explicit or ".." in explicit:
        message = f"slug {explicit} 含有 / 或 ..，会让页面写到输出文件夹之外"
        problems.append(_at(source, "slug", message, f"改成 {slugify(explicit)}"))
        return str(slugify(explicit))
    if not is_valid_slug(explicit):
        message = f"slug {explicit} 不是合法的网址片段（只能用小写字母、数字和单个连字符）"
        problems.append(_at(source, "slug", message, f"改成 {slugify(explicit)}"))
        return str(slugify(explicit))
    return explicit


def _at(source: Source, key: str, message: str, hint: str = "") -> Problem:
    return Problem("slug", message, source.path, source.lines.get(key, 1), 1, hint=hint)


def _reserved(section: Source, slug: str) -> Problem:
    message = f"栏目网址 /{slug}/ 是保留名称，会和站点自带页面冲突"
    return _at(section, "slug", message, "请给栏目文件夹换一个名字，或在 _index.md 里写 slug:")


def _collisions(urls: Mapping[str, str], lines: Mapping[str, int]) -> list[Problem]:
    owner: dict[str, str] = {}
    problems = []
    for path in sorted(urls):
        url = urls[path]
        if url in owner:
            message = f"网址 {url} 与 {owner[url]} 相同"
            hint = "请修改其中一个的文件名或 slug；旧网址可写进 aliases"
            line = lines.get(path, 1)
            problems.append(Problem("url-collision", message, path, line, 1, hint=hint))
        else:
            owner[url] = path
    return problems


def normalise_alias(alias: str) -> str | None:
    """Return an alias as a site path ending in / (or .html), or None if it is not one."""
    if not alias.startswith("/") or alias.startswith("//") or ".." in alias or "\\" in alias:
        return None
    if any(c.isspace() or c in "?#\"'<>" for c in alias):
        return None
    return alias if alias.endswith(("/", ".html")) else alias + "/"


def _aliases(
    sources: Iterable[Source], urls: Mapping[str, str]
) -> tuple[tuple[Redirect, ...], list[Problem]]:
    taken = {u: p for p, u in urls.items()}
    redirects: list[Redirect] = []
    problems: list[Problem] = []
    for source in sources:
        for alias in source.values.get("aliases", ()):
            problem = _alias_problem(source, alias, taken)
            if problem is not None:
                problems.append(problem)
                continue
            target = normalise_alias(alias) or alias
            taken[target] = source.path
            redirects.append(Redirect(target, urls[source.path]))
    return tuple(sorted(redirects, key=lambda r: r.source)), problems


def _alias_problem(source: Source, alias: str, taken: Mapping[str, str]) -> Problem | None:
    target = normalise_alias(alias)
    if target is None:
        return _at(source, "aliases", f"别名 {alias} 应是以 / 开头的站内路径，如 /old/path/")
    first = target.strip("/").split("/", 1)[0]
    if first in RESERVED or target in FIXED_URLS:
        return _at(source, "aliases", f"别名 {alias} 与站点自带页面冲突")
    if target in taken:
        return _at(source, "aliases", f"别名 {alias} 已被 {taken[target]} 使用")
    return None


def parse_lock(text: str) -> tuple[tuple[int, str], ...]:
    """Return the (line, URL) entries of ``urls.lock``, skipping blanks and # comments."""
    entries = []
    for number, line in enumerate(text.split("\n"), start=1):
        url = line.strip()
        if url and not url.startswith("#"):
            entries.append((number, url))
    return tuple(entries)


def render_lock(urls: Iterable[str]) -> str:
    """Return the text of ``urls.lock`` for the given URLs: sorted, one per line."""
    return "".join(f"{u}\n" for u in sorted(set(urls)))


def new_urls(locked: tuple[tuple[int, str], ...], routes: Routes) -> tuple[str, ...]:
    """Return the URLs this build serves that ``urls.lock`` does not list yet, sorted."""
    known = {url for _, url in locked}
    return tuple(sorted(routes.published() - known))


def check_lock(
    locked: tuple[tuple[int, str], ...], routes: Routes, *, unlisted: Severity | None
) -> list[Problem]:
    """Report locked URLs no longer served, and new unlisted ones at severity ``unlisted``."""
    served = routes.published()
    problems = [
        Problem(
            "url-lock",
            f"已发布的网址 {url} 不再有页面或别名",
            "urls.lock",
            line,
            1,
            hint="把它写进接替它的文章的 aliases；确实要删除时，从 urls.lock 中删去这一行",
        )
        for line, url in locked
        if url not in served
    ]
    if unlisted is None:
        return problems
    frozen = unlisted is Severity.ERROR  # build --locked: the lock must already be complete
    message = "不在 urls.lock 中（--locked）" if frozen else "尚未记录在 urls.lock 中"
    hint = "在本地运行 huabei-guide build 更新 urls.lock 并提交" if frozen else "运行 build 记录它"
    return problems + [
        Problem("url-lock", f"新网址 {url} {message}", "urls.lock", hint=hint, severity=unlisted)
        for url in new_urls(locked, routes)
    ]
