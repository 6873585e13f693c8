"""The one loading path shared by build, check and serve, and the build itself."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from huabei_guide.assemble import PARALLEL_MINIMUM, assemble_site, render_bodies
from huabei_guide.assets import read_assets
from huabei_guide.checks import CHECK_RULES, RULES, Project, Rule, run_checks
from huabei_guide.config import read_config
from huabei_guide.content import ReadOptions, decode_source, read_sources
from huabei_guide.errors import BuildFailed, GuideError, Problem, Severity
from huabei_guide.feeds import render_feeds
from huabei_guide.model import Output
from huabei_guide.output import write_site, write_text_atomic
from huabei_guide.pages import make_environment, render_pages
from huabei_guide.routes import assign_urls, check_lock, new_urls, parse_lock, render_lock
from huabei_guide.search_index import build_search_index


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """How to build: what to publish, where to write, and whether urls.lock may change."""

    today: dt.date
    out: Path | None = None
    drafts: bool = False
    future: bool = False
    locked: bool = False
    jobs: int = 1
    write_lock: bool = True  # False for check and serve: they never change urls.lock


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did, for the one summary line."""

    pages: int
    files: int
    warnings: tuple[Problem, ...]
    new_urls: tuple[str, ...]
    out_dir: Path


def read_url_lock(path: Path) -> tuple[tuple[int, str], ...]:
    """Read ``urls.lock``; a missing file is an empty lock."""
    if not path.is_file():
        return ()
    data = path.read_bytes()
    if not data.strip():
        return ()
    text = decode_source(data, path.name)
    if isinstance(text, Problem):
        raise GuideError((text,))
    return parse_lock(text)


def load_project(
    root: Path, options: BuildOptions, rules: tuple[Rule, ...] = RULES
) -> tuple[Project, list[Problem]]:
    """Read, route, render and check a project; return it with every problem found."""
    config = read_config(root)
    reading = ReadOptions(today=options.today, drafts=options.drafts, future=options.future)
    sources, problems = read_sources(config.root, reading)
    routes, route_problems = assign_urls(sources)
    locked = read_url_lock(config.lock_path)
    problems += route_problems + check_lock(locked, routes, unlisted=_unlisted_severity(options))
    rendered = render_bodies(sources, routes, jobs=options.jobs)
    site = assemble_site(config, sources, routes, rendered)
    project = Project(sources, routes, rendered, site, options.today)
    return project, problems + run_checks(project, rules)


def render_site(project: Project, jobs: int = 1) -> tuple[Output, ...]:
    """Render every output file of a checked project in memory."""
    site = project.site
    assets = read_assets(site.config.static_dir)
    env = make_environment(site.config.template_dir, site, assets)
    if jobs <= 1 or len(site.articles) < PARALLEL_MINIMUM:
        search = build_search_index(site)
        pages = render_pages(env, site)
    else:  # the search index and the pages need only the finished Site: build them side by side
        with ProcessPoolExecutor(max_workers=1) as pool:
            pending = pool.submit(build_search_index, site)
            pages = render_pages(env, site)
            search = pending.result()
    return (*pages, *render_feeds(site, assets), *assets.outputs(), *search)


def build(root: Path, options: BuildOptions) -> BuildReport:
    """Turn content/ into the output folder, or raise BuildFailed and leave it as it was."""
    project, problems = load_project(root, options)
    if any(p.is_error for p in problems):
        raise BuildFailed(tuple(problems))
    outputs = render_site(project, options.jobs)
    config = project.site.config
    out_dir = options.out or config.public_dir
    files = write_site(outputs, out_dir)
    new_urls = _update_lock(project, write=options.write_lock and not options.locked)
    pages = sum(1 for o in outputs if o.path.endswith(".html"))
    warnings = tuple(p for p in problems if not p.is_error)
    return BuildReport(pages, files, warnings, new_urls, out_dir)


def check(root: Path, options: BuildOptions) -> list[Problem]:
    """Load a project and render it in memory without writing; return every problem."""
    project, problems = load_project(root, options, CHECK_RULES)
    if not any(p.is_error for p in problems):
        render_site(project)
    return problems


def _unlisted_severity(options: BuildOptions) -> Severity | None:
    """Say how URLs missing from urls.lock count: errors with --locked, else notes or nothing."""
    if options.locked:
        return Severity.ERROR
    return None if options.write_lock else Severity.WARNING


def _update_lock(project: Project, *, write: bool) -> tuple[str, ...]:
    """Add this build's new URLs to ``urls.lock`` (never removing any) when allowed."""
    path = project.site.config.lock_path
    locked = read_url_lock(path)
    fresh = new_urls(locked, project.routes)
    if fresh and write:
        write_text_atomic(path, render_lock({url for _, url in locked} | set(fresh)))
    return fresh
