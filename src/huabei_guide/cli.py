"""The command line: each command parses, calls one core function and prints."""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from huabei_guide.build import BuildOptions
    from huabei_guide.errors import Problem

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
project_dir = click.option(
    "-C",
    "root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="项目目录（含 site.yaml）。",
)


def today() -> dt.date:
    """Return today's date in Asia/Shanghai, or SOURCE_DATE_EPOCH's date when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), SHANGHAI).date()
    return dt.datetime.now(SHANGHAI).date()


def print_problems(problems: Iterable[Problem], fmt: str = "text") -> None:
    """Print findings to stderr, one per line, sorted by file and position."""
    from huabei_guide.errors import format_github, format_text, sorted_problems

    render = format_github if fmt == "github" else format_text
    for problem in sorted_problems(tuple(problems)):
        click.echo(render(problem), err=True)


@contextmanager
def progress(label: str, *, quiet: bool) -> Iterator[None]:
    """Show ``label`` on a terminal when the work takes longer than about a second."""
    shown = threading.Event()

    def show() -> None:
        shown.set()
        click.echo(f"{label}…", err=True, nl=False)

    timer = threading.Timer(1.0, show)
    if not quiet and sys.stderr.isatty():
        timer.start()
    try:
        yield
    finally:
        timer.cancel()
        if shown.is_set():
            click.echo("\r\033[K", err=True, nl=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="huabei-guide")
def main() -> None:
    """花呗逾期指南的静态网站生成器：Markdown → 拼音网址的静态 HTML。"""


def _options(**values: object) -> BuildOptions:
    from huabei_guide.build import BuildOptions

    return BuildOptions(today=today(), **values)  # type: ignore[arg-type]


@main.command()
@project_dir
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), help="输出目录（默认 public/）。"
)
@click.option("--drafts", is_flag=True, help="同时发布草稿（draft: true）。")
@click.option("--future", is_flag=True, help="同时发布日期在未来的文章。")
@click.option("--locked", is_flag=True, help="urls.lock 必须已是最新（用于 CI）。")
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=lambda: min(os.cpu_count() or 1, 8),
    show_default="CPU 核数，最多 8",
    help="并行进程数（小站点不会启动子进程）。",
)
@click.option("--quiet", "-q", is_flag=True, help="只输出错误。")
def build(
    root: Path, out: Path | None, drafts: bool, future: bool, locked: bool, jobs: int, quiet: bool
) -> None:
    """构建网站到 public/（失败时保留上一次的输出）。"""
    from huabei_guide.build import build as run_build
    from huabei_guide.errors import GuideError

    started = time.perf_counter()
    options = _options(out=out, drafts=drafts, future=future, locked=locked, jobs=jobs)
    try:
        with progress("正在构建", quiet=quiet):
            report = run_build(root, options)
    except GuideError as exc:
        errors = [p for p in exc.problems if p.is_error]
        if not quiet:  # errors last, so a long list of warnings cannot hide them
            print_problems(p for p in exc.problems if not p.is_error)
        print_problems(errors)
        raise SystemExit(exc.exit_code) from None
    if not quiet:
        print_problems(report.warnings)
        seconds = time.perf_counter() - started
        added = f"，urls.lock 新增 {len(report.new_urls)} 个网址" if report.new_urls else ""
        click.echo(
            f"已构建 {report.pages} 个页面（共 {report.files} 个文件），"
            f"用时 {seconds:.2f} 秒 → {_shown(report.out_dir)}{added}"
        )


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve())) + "/"
    except ValueError:
        return str(path) + "/"


@main.command()
@project_dir
@click.option("--strict", is_flag=True, help="警告也算失败。")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="输出格式；github 输出为 GitHub Actions 注释。",
)
@click.option("--drafts", is_flag=True, help="同时检查草稿。")
@click.option("--future", is_flag=True, help="同时检查日期在未来的文章。")
def check(root: Path, strict: bool, fmt: str, drafts: bool, future: bool) -> None:
    """检查全部内容、链接、模板和 urls.lock，不写任何文件。"""
    from huabei_guide.build import check as run_check
    from huabei_guide.errors import GuideError

    try:
        problems = run_check(root, _options(drafts=drafts, future=future, write_lock=False))
    except GuideError as exc:
        problems = list(exc.problems)
    print_problems(problems, fmt)
    failing = [p for p in problems if strict or p.is_error]
    if failing:
        raise SystemExit(1)
    if fmt == "text":
        click.echo(f"检查通过（{len(problems)} 条警告）" if problems else "检查通过")


@main.command()
@click.argument("titles", nargs=-1, required=True)
def slug(titles: tuple[str, ...]) -> None:
    """打印每个标题的拼音网址片段，一行一个。"""
    from huabei_guide.slugs import slugify

    for title in titles:
        click.echo(slugify(title))


@main.command()
@project_dir
@click.argument("section")
@click.argument("title")
@click.option("--slug", "slug_", help="自定义网址片段（默认取标题拼音）。")
def new(root: Path, section: str, title: str, slug_: str | None) -> None:
    """新建文章 content/SECTION/<slug>.md，填好 front matter。"""
    from huabei_guide.errors import GuideError
    from huabei_guide.scaffold import create_article

    try:
        path = create_article(root, section, title, slug=slug_, today=today())
    except GuideError as exc:
        print_problems(exc.problems)
        raise SystemExit(exc.exit_code) from None
    click.echo(f"已创建 {path.relative_to(root).as_posix()}")


@main.command()
@project_dir
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
def serve(root: Path, port: int, host: str) -> None:
    """本地预览：文件变化时自动重建并刷新浏览器，错误显示在页面上。"""
    from huabei_guide.serve import serve_forever

    serve_forever(
        root, host=host, port=port, options=_options(drafts=True, future=True, write_lock=False)
    )
