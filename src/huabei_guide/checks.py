"""Rules run over a loaded project; each returns problems and changes nothing."""

from __future__ import annotations

import datetime as dt
import difflib
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from huabei_guide.content import Source, Sources
from huabei_guide.errors import Problem, Severity
from huabei_guide.markdown_html import Link, Rendered
from huabei_guide.model import Site
from huabei_guide.routes import Routes
from huabei_guide.slugs import slugify
from huabei_guide.typography import lint_fields, lint_text

NUMBER_CLAIM = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Project:
    """Everything loaded from a project, as the rules see it."""

    sources: Sources
    routes: Routes
    rendered: Mapping[str, Rendered]
    site: Site
    today: dt.date


Rule = Callable[[Project], list[Problem]]


def check_links(project: Project) -> list[Problem]:
    """Report .md links to missing files and #anchors to missing headings."""
    problems = []
    for path, rendered in sorted(project.rendered.items()):
        problems += [p for link in rendered.links if (p := _link_problem(project, path, link))]
    return problems


def _link_problem(project: Project, path: str, link: Link) -> Problem | None:
    target = link.target or path
    if target not in project.rendered:
        return _missing_target(project, path, link)
    if link.anchor and link.anchor not in project.rendered[target].ids:
        ids = sorted(project.rendered[target].ids)
        guess = difflib.get_close_matches(link.anchor, ids, n=1)
        listed = "目标页面的标题锚点：" + "、".join(ids[:8]) if ids else "目标页面没有小标题"
        hint = f"你是不是想写 #{guess[0]}？" if guess else listed
        message = f"链接 {link.href} 的锚点 #{link.anchor} 在目标页面中不存在"
        return Problem("broken-anchor", message, path, link.line, 1, hint=hint)
    return None


def _missing_target(project: Project, path: str, link: Link) -> Problem:
    withheld = {s.path for s in project.sources.withheld}
    if link.target in withheld:
        hint = "目标是草稿或未来日期的文章，本次构建不发布它"
    else:
        here = posixpath.dirname(path)
        relative = [posixpath.relpath(p, here) for p in sorted(project.rendered) if "/_" not in p]
        wanted = link.href.split("#")[0].removesuffix(".md")
        stems = {r.removesuffix(".md"): r for r in relative}
        guess = difflib.get_close_matches(wanted, list(stems), n=1, cutoff=0.6)
        hint = f"你是不是想链接 {stems[guess[0]]}？" if guess else ""
    message = f"链接目标 {link.href.split('#')[0]} 不存在"
    return Problem("broken-link", message, path, link.line, 1, hint=hint)


def check_entries(project: Project) -> list[Problem]:
    """Report home-page triage entries whose link is not an existing source."""
    home = project.sources.home
    if home is None:
        return []
    line = home.lines.get("entries", 1)
    return [
        Problem(
            "broken-link",
            f"首页入口 {title} 的 link {link} 不存在",
            home.path,
            line,
            1,
            hint="link 写成相对 content/ 的路径，如 xie-shang-bu-zhou/lian-xi-ke-fu.md",
        )
        for title, _, link in home.values.get("entries", ())
        if f"content/{link}" not in project.routes.urls
    ]


def check_notices(project: Project) -> list[Problem]:
    """Report notice names that have no ``content/_notices/NAME.md``."""
    known = set(project.site.notices)
    users: list[Source] = [*project.sources.sections]
    if project.sources.home is not None:
        users.append(project.sources.home)
    problems = [
        Problem(
            "notice",
            f"提示框 {name} 不存在",
            s.path,
            s.lines.get("notices", 1),
            1,
            hint=f"请新建 content/_notices/{name}.md",
        )
        for s in users
        for name in s.values.get("notices", ())
        if name not in known
    ]
    problems += [
        Problem(
            "notice",
            f"提示框 {name} 不存在",
            "site.yaml",
            1,
            1,
            hint=f"请新建 content/_notices/{name}.md",
        )
        for name in project.site.config.footer_notices
        if name not in known
    ]
    return problems


def check_review_dates(project: Project) -> list[Problem]:
    """Warn about articles whose last fact check is older than the site's limit."""
    limit = project.site.config.review_max_age_days
    problems = []
    for source in project.sources.articles:
        reviewed: dt.date = source.values["reviewed"]
        age = (project.today - reviewed).days
        if age > limit:
            message = f"最近审核日期 {reviewed} 已超过 {limit} 天（{age} 天）"
            problems.append(_warn("review", message, source, "reviewed", "核对事实后更新 reviewed"))
        elif reviewed < source.values["date"]:
            message = "reviewed（最近审核）早于 date（首次发布）"
            problems.append(_warn("review", message, source, "reviewed"))
    return problems


def check_sources_present(project: Project) -> list[Problem]:
    """Warn about articles that state numbers but name no source."""
    return [
        _warn(
            "sources",
            "正文含有数字（费率、电话、天数或期限），但没有 sources（参考来源）",
            s,
            "title",
            "在 front matter 中加入 sources: [{title: …, url: https://…}]",
        )
        for s in project.sources.articles
        if NUMBER_CLAIM.search(s.body) and not s.values.get("sources")
    ]


def check_headings(project: Project) -> list[Problem]:
    """Warn about headings repeated on one page; their ids get a number suffix."""
    return [
        Problem(
            "duplicate-heading",
            f"标题“{text}”在本页重复出现",
            path,
            severity=Severity.WARNING,
            hint="给其中一个标题加上唯一的锚点，如 ## 标题 {#wei-yi-mao-dian}",
        )
        for path, rendered in sorted(project.rendered.items())
        for text in rendered.duplicate_headings
    ]


def check_typography(project: Project) -> list[Problem]:
    """Warn where CJK typography (spacing, punctuation) differs from autocorrect's."""
    sources = [*project.sources.sections, *project.sources.articles, *project.sources.notices]
    if project.sources.home is not None:
        sources.append(project.sources.home)
    problems = []
    for source in sources:
        fields = [
            (source.values[key], source.lines[key])
            for key in ("title", "summary")
            if isinstance(source.values.get(key), str)
        ]
        problems += lint_fields(fields, source.path)
        problems += lint_text(source.body, source.path, source.body_line)
    return problems


def check_tag_names(project: Project) -> list[Problem]:
    """Warn when differently written tags share one URL and are listed under one name."""
    first: dict[str, str] = {}
    problems = []
    for source in project.sources.articles:
        for name in source.values.get("tags", ()):
            slug = slugify(name)
            shown = first.setdefault(slug, name)
            if shown != name:
                message = f"标签“{name}”与“{shown}”网址相同（/tags/{slug}/），将合并显示为“{shown}”"
                problems.append(_warn("tag", message, source, "tags", f"统一写成“{shown}”"))
    return problems


def _warn(code: str, message: str, source: Source, key: str, hint: str = "") -> Problem:
    line = source.lines.get(key, 1)
    return Problem(code, message, source.path, line, 1, hint=hint, severity=Severity.WARNING)


RULES: tuple[Rule, ...] = (
    check_links,
    check_entries,
    check_notices,
    check_review_dates,
    check_sources_present,
    check_headings,
    check_tag_names,
)
# Style lints cost time on every page and never change the output, so only `check` runs them.
CHECK_RULES: tuple[Rule, ...] = (*RULES, check_typography)


def run_checks(project: Project, rules: tuple[Rule, ...] = RULES) -> list[Problem]:
    """Run every rule and gather what they find."""
    return [problem for rule in rules for problem in rule(project)]
