"""Render every page of a Site through the Jinja2 templates, in memory."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from huabei_guide.assets import Assets
from huabei_guide.errors import GuideError, Problem
from huabei_guide.model import Article, Output, Section, Site, Tag


@dataclass(frozen=True, slots=True)
class Crumb:
    """One step of a breadcrumb trail."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What every template knows about the page it renders."""

    kind: str
    url: str
    title: str
    description: str
    canonical: str
    breadcrumbs: tuple[Crumb, ...] = ()
    noindex: bool = False


def json_ld(value: Any) -> Markup:
    """Return JSON that is safe inside a ``<script>`` element (no ``</script>`` break-out)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(raw, escaped)
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def cn_date(value: dt.date) -> str:
    """Format a date the Chinese way: 2026年11月28日."""
    return f"{value.year}年{value.month}月{value.day}日"


def make_environment(template_dir: Path, site: Site, assets: Assets) -> jinja2.Environment:
    """Return a strict, autoescaping Jinja2 environment with the site's globals."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cn_date"] = cn_date
    env.filters["iso_date"] = lambda d: d.isoformat()
    env.globals.update(
        site=site,
        asset=assets.url,
        inline_css=lambda name: Markup(assets.text(name)),
        csp_meta=assets.csp(for_meta=True),
        json_ld=json_ld,
        absolute=site.config.absolute,
    )
    return env


def _info(site: Site, kind: str, url: str, title: str, **extra: Any) -> PageInfo:
    description = extra.pop("description", "") or site.config.description
    return PageInfo(kind, url, title, description, site.config.absolute(url), **extra)


def _home_crumb(site: Site) -> Crumb:
    return Crumb(site.home.title or site.config.title, "/")


def _article_page(site: Site, article: Article) -> tuple[str, PageInfo, dict[str, Any]]:
    section = site.section_of(article)
    crumbs = (_home_crumb(site), Crumb(section.title, section.url))
    info = _info(
        site, "article", article.url, article.title, description=article.summary, breadcrumbs=crumbs
    )
    context = {
        "article": article,
        "section": section,
        "previous": site.previous_of(article),
        "next": site.next_of(article),
        "related": site.related_to(article),
        "notices": site.notices_named(section.notices),
    }
    return "article.html", info, context


def _section_page(site: Site, section: Section) -> tuple[str, PageInfo, dict[str, Any]]:
    info = _info(
        site,
        "section",
        section.url,
        section.title,
        description=section.summary,
        breadcrumbs=(_home_crumb(site),),
    )
    return "section.html", info, {"section": section}


def _tag_page(site: Site, tag: Tag) -> tuple[str, PageInfo, dict[str, Any]]:
    crumbs = (_home_crumb(site), Crumb("标签", "/tags/"))
    description = f"标签“{tag.name}”下的 {len(tag.articles)} 篇文章"
    info = _info(
        site, "tag", tag.url, f"标签：{tag.name}", description=description, breadcrumbs=crumbs
    )
    return "tag.html", info, {"tag": tag}


def _fixed_pages(site: Site) -> list[tuple[str, PageInfo, dict[str, Any]]]:
    home = _home_crumb(site)
    return [
        (
            "home.html",
            _info(
                site,
                "home",
                "/",
                site.home.title or site.config.title,
                description=site.home.summary,
            ),
            {"home": site.home},
        ),
        (
            "tags.html",
            _info(site, "tags", "/tags/", "全部标签", breadcrumbs=(home,)),
            {"tags": site.tags},
        ),
        ("search.html", _info(site, "search", "/search/", "搜索", breadcrumbs=(home,)), {}),
        ("404.html", _info(site, "404", "/404.html", "页面不存在", noindex=True), {}),
    ]


def _redirect_pages(site: Site) -> list[tuple[str, PageInfo, dict[str, Any]]]:
    return [
        (
            "redirect.html",
            _info(site, "redirect", r.source, "页面已移动", noindex=True),
            {"target": site.config.absolute(r.target)},
        )
        for r in site.redirects
    ]


def plan_pages(site: Site) -> list[tuple[str, PageInfo, dict[str, Any]]]:
    """List every HTML page as (template, page info, extra context)."""
    pages = _fixed_pages(site)
    pages += [_section_page(site, s) for s in site.sections]
    pages += [_article_page(site, a) for a in site.articles]
    pages += [_tag_page(site, t) for t in site.tags]
    return pages + _redirect_pages(site)


def output_path_of(url: str) -> str:
    """Return the file that serves a site path: ``/a/b/`` → ``a/b/index.html``."""
    path = url.lstrip("/")
    return path if path.endswith(".html") else path + "index.html"


def render_pages(env: jinja2.Environment, site: Site) -> tuple[Output, ...]:
    """Render every planned page; template errors name the template and line."""
    render: Callable[[str, PageInfo, dict[str, Any]], str] = _renderer(env)
    return tuple(
        Output(output_path_of(info.url), render(name, info, extra).encode("utf-8"))
        for name, info, extra in plan_pages(site)
    )


def _renderer(env: jinja2.Environment) -> Callable[[str, PageInfo, dict[str, Any]], str]:
    def render(name: str, info: PageInfo, extra: dict[str, Any]) -> str:
        try:
            return env.get_template(name).render(page=info, **extra)
        except jinja2.TemplateSyntaxError as exc:
            problem = _template_problem(exc.filename or name, exc.lineno, exc.message)
            raise GuideError((problem,)) from exc
        except jinja2.TemplateNotFound as exc:
            raise GuideError((_template_problem(name, 0, f"找不到模板 {exc.name}"),)) from exc
        except (jinja2.UndefinedError, TypeError, AttributeError) as exc:
            line = _template_line(exc)
            raise GuideError((_template_problem(name, line, str(exc)),)) from exc

    return render


def _template_line(exc: BaseException) -> int:
    frame = exc.__traceback__
    line = 0
    while frame is not None:
        if frame.tb_frame.f_code.co_filename.endswith(".html"):
            line = frame.tb_lineno
        frame = frame.tb_next
    return line


def _template_problem(name: str, line: int, message: str | None) -> Problem:
    path = name if name.startswith("templates/") or "/" in name else f"templates/{name}"
    if "/templates/" in path:
        path = "templates/" + path.split("/templates/", 1)[1]
    return Problem("template", f"模板出错：{message}", path, line, 1 if line else 0)
